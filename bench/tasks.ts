// Many tasks at once: 200 concurrent 5-subtask tasks on a 100 ms upstream — wall time against the critical path, memory, first SSE event.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { EventSourceParserStream } from "eventsource-parser/stream";
import { FakeUpstream, instanceFromSchema, simulatedReply, startFakeUpstreams, type FakeRequest } from "../src/experts/fakes/index.js";
import { startServer } from "../src/server.js";
import { ms, percentile, sorted, type BenchResult } from "./table.js";

const TASKS = 200;
const LATENCY_MS = 100;
/** Five independent subtasks: one level of executors. */
const PLAN = {
  subtasks: ["alpha", "beta", "gamma", "delta", "epsilon"].map((w, i) => ({
    id: `s${i + 1}`, instruction: `Write one sentence about the word ${w}.`, domain: "writing", dependsOn: [], expectedOutput: "one sentence",
  })),
};
/**
 * Model calls on the critical path of that plan when every call takes LATENCY_MS and independent calls run
 * in parallel: planner → executors (parallel) → judges (parallel) → synthesizer.
 */
const CRITICAL_CALLS = 4;

function reply(req: FakeRequest): string {
  const last = req.messages.at(-1)?.content ?? "";
  if (req.schema && JSON.stringify(req.schema).includes("dependsOn")) return JSON.stringify(PLAN);
  if (req.schema) return JSON.stringify(instanceFromSchema(req.schema, last));
  return simulatedReply(req.model, last);
}

/** Opens a task's event stream; resolves with the time to its first event and, later, to its final one. */
async function watch(url: string, t0: number): Promise<{ firstEventMs: number; doneMs: number; events: number }> {
  const start = performance.now();
  const res = await fetch(url);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
  let firstEventMs = Number.NaN;
  let events = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return { firstEventMs, doneMs: performance.now() - t0, events };
    if (events++ === 0) firstEventMs = performance.now() - start;
    if (value.event === "task.failed") throw new Error(`task failed: ${value.data}`);
  }
}

export async function benchTasks(): Promise<BenchResult> {
  const upstream = new FakeUpstream();
  const up = await startFakeUpstreams(upstream);
  for (const m of ["m-plan", "m-work", "m-judge"]) upstream.script(m, { reply, latencyMs: LATENCY_MS });
  const dir = mkdtempSync(join(tmpdir(), "eo-bench-tasks-"));
  const price = { inputPerMTok: 0.1, outputPerMTok: 0.2 };
  writeFileSync(
    join(dir, "eo.config.json"),
    JSON.stringify({
      experts: [
        { id: "planner", provider: "openai", model: "m-plan", baseURL: up.openai.baseURL, local: false, pricing: price, domains: ["reasoning", "general"], skills: { reasoning: 0.9 } },
        { id: "worker", provider: "openai", model: "m-work", baseURL: up.openai.baseURL, local: false, pricing: price, domains: ["writing"], skills: { writing: 0.9 } },
        { id: "judge", provider: "openai", model: "m-judge", baseURL: up.openai.baseURL, local: false, pricing: price, domains: ["writing", "general"], skills: { writing: 0.8 } },
      ],
      defaults: { budgetUsd: 10 },
      server: { maxConcurrentTasks: TASKS },
    }),
  );
  const server = await startServer({ port: 0, quiet: true, env: { EO_CONFIG: join(dir, "eo.config.json"), EO_DATA_DIR: join(dir, "data") } });
  try {
    // One task alone: the service's own critical path at this latency, with nothing competing.
    const solo0 = performance.now();
    const solo = (await (await fetch(`${server.url}/v1/tasks`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"input":"five sentences"}' })).json()) as { id: string };
    const soloRun = await watch(`${server.url}/v1/tasks/${solo.id}/events`, solo0);
    const soloMs = performance.now() - solo0;
    const callsPerTask = upstream.requests.length;
    upstream.reset();
    const lowerBound = CRITICAL_CALLS * LATENCY_MS;
    const rows: Record<string, string | number>[] = [
      { measure: "1 task: wall time", value: ms(soloMs), unit: "ms", note: `lower bound ${lowerBound} ms (${CRITICAL_CALLS} sequential calls × ${LATENCY_MS} ms); ${callsPerTask} model calls, ${soloRun.events} events per task` },
      { measure: "1 task: first SSE event", value: ms(soloRun.firstEventMs), unit: "ms", note: "from opening the stream, idle service" },
    ];
    let summary200 = "";
    for (const n of [20, TASKS]) {
      global.gc?.();
      const heapBefore = process.memoryUsage().heapUsed;
      let heapPeak = heapBefore;
      const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 20);
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const runs = await Promise.all(
        Array.from({ length: n }, async () => {
          const r = await fetch(`${server.url}/v1/tasks`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"input":"five sentences"}' });
          const { id } = (await r.json()) as { id: string };
          return watch(`${server.url}/v1/tasks/${id}/events`, t0);
        }),
      );
      const wallMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      clearInterval(sampler);
      const first = sorted(runs.map((r) => r.firstEventMs));
      const done = sorted(runs.map((r) => r.doneMs));
      const cpuPerTask = (cpu.user + cpu.system) / 1000 / n;
      rows.push(
        { measure: `${n} concurrent: wall time`, value: ms(wallMs), unit: "ms", note: `${(wallMs / lowerBound).toFixed(2)}× the lower bound` },
        { measure: `${n} concurrent: completion p50 / p99`, value: `${ms(percentile(done, 0.5))} / ${ms(percentile(done, 0.99))}`, unit: "ms", note: "from the first submission" },
        { measure: `${n} concurrent: first SSE event p50 / p99`, value: `${ms(percentile(first, 0.5))} / ${ms(percentile(first, 0.99))}`, unit: "ms", note: "from opening the stream, under load" },
        { measure: `${n} concurrent: CPU per task`, value: ms(cpuPerTask), unit: "ms", note: "user+system of the one process (service, fake upstream and clients together)" },
        { measure: `${n} concurrent: heap per task (peak)`, value: Math.round((heapPeak - heapBefore) / n / 1024), unit: "KiB", note: `peak heap growth ${((heapPeak - heapBefore) / 1048576).toFixed(0)} MiB` },
      );
      if (n === TASKS) {
        summary200 = `${n} concurrent tasks of 5 subtasks on a ${LATENCY_MS} ms upstream finished in ${ms(wallMs)} ms, ${(wallMs / lowerBound).toFixed(2)}× the ${lowerBound} ms critical-path lower bound (aim: within 1.5×), CPU-bound at ${ms(cpuPerTask)} ms of CPU per task on ${cpus().length} cores; first SSE event p50 ${ms(percentile(first, 0.5))} ms under that load`;
      }
      upstream.reset();
    }
    const summary = `${summary200}, ${ms(soloRun.firstEventMs)} ms on an idle service (aim: under 50 ms); one task alone took ${ms(soloMs)} ms against its ${lowerBound} ms bound.`;
    return { name: "tasks", rows, summary };
  } finally {
    await server.close();
    await up.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
