// `npm run bench`: runs every benchmark in turn, prints each as a table with its summary, writes bench/results/<name>.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchGateway } from "./gateway.js";
import { benchJudges } from "./judges.js";
import { benchRouter } from "./router.js";
import { benchRouting } from "./routing.js";
import { benchTasks } from "./tasks.js";
import { formatTable, type BenchResult } from "./table.js";

/** The benchmarks, in running order: adding one is one line. `npm run bench -- gateway` runs only those named. */
const BENCHMARKS: { name: string; run: () => Promise<BenchResult> }[] = [
  { name: "router", run: benchRouter },
  { name: "gateway", run: benchGateway },
  { name: "tasks", run: benchTasks },
  { name: "routing", run: benchRouting },
  { name: "judges", run: benchJudges },
];

const RESULTS = join(dirname(fileURLToPath(import.meta.url)), "results");

function machine() {
  const c = cpus();
  return { cpus: c.length, cpuModel: c[0]?.model ?? "unknown", memGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: `${process.platform}-${process.arch}` };
}

/** The 1-minute load average: latency figures taken on a busy machine are not comparable with quiet ones. */
function load(): number {
  return Math.round(loadavg()[0]! * 100) / 100;
}

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  const unknown = only.filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (unknown.length) {
    console.error(`unknown benchmark(s): ${unknown.join(", ")}; known: ${BENCHMARKS.map((b) => b.name).join(", ")}`);
    return 2;
  }
  const chosen = only.length ? BENCHMARKS.filter((b) => only.includes(b.name)) : BENCHMARKS;
  const m = machine();
  console.log(`benchmarks on ${m.cpus} × ${m.cpuModel}, ${m.memGiB} GiB, node ${m.node}, ${m.platform}; load average ${load()}\n`);
  mkdirSync(RESULTS, { recursive: true });

  const started = performance.now();
  let failed = 0;
  for (const b of chosen) {
    const t0 = performance.now();
    const loadBefore = load();
    console.log(`== ${b.name}`);
    try {
      const r = await b.run();
      const seconds = Math.round((performance.now() - t0) / 100) / 10;
      console.log(formatTable(r.rows));
      console.log(`\n${r.summary}\n(${seconds} s)\n`);
      const file = join(RESULTS, `${r.name}.json`);
      writeFileSync(file, `${JSON.stringify({ name: r.name, date: new Date().toISOString(), seconds, machine: m, loadAverage: { before: loadBefore, after: load() }, summary: r.summary, rows: r.rows }, null, 2)}\n`);
    } catch (e) {
      failed++;
      console.error(`benchmark ${b.name} failed:`, e);
      console.log();
    }
  }
  const total = Math.round((performance.now() - started) / 100) / 10;
  console.log(`${chosen.length - failed}/${chosen.length} benchmarks done in ${total} s; results in ${RESULTS}/`);
  return failed ? 1 : 0;
}

// Exit explicitly: a benchmark that leaves a keep-alive socket or timer open must not hang the run.
main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
