// Benchmark of the latency the gateway adds over a direct call to the same local upstream (target: < 1 ms at p50).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { FakeUpstream, startFakeUpstreams } from "../src/experts/fakes/index.js";
import { startServer } from "../src/server.js";
import type { DecisionRecord } from "../src/store/store.js";
import { ms, percentile, sorted, type BenchResult } from "./table.js";

/** One upstream latency to measure at: interleaved rounds (each round calls every path once per mode). */
interface Scenario {
  upstreamMs: number;
  warmup: number;
  rounds: number;
  /** Concurrent clients for the throughput phase (0: none), and requests per path in it. */
  concurrency: number;
  concurrentRequests: number;
}

const SCENARIOS: Scenario[] = [
  { upstreamMs: 0, warmup: 30, rounds: 300, concurrency: 8, concurrentRequests: 320 },
  { upstreamMs: 20, warmup: 10, rounds: 80, concurrency: 0, concurrentRequests: 0 },
];

const MODEL = "bench-model";
const EXPERT = "upstream";
const REPLY = "The quick brown fox jumps over the lazy dog, and the dog does not mind at all.";
const MESSAGES: OpenAI.Chat.ChatCompletionMessageParam[] = [
  { role: "system", content: "You are a concise assistant." },
  { role: "user", content: "Tell me something short about a fox and a dog." },
];

/**
 * direct: the SDK straight to the fake upstream (the baseline); proxy: through a bare pass-through proxy
 * (node:http + fetch, no logic), the floor any extra HTTP hop costs in Node on this machine; named and
 * eo/auto: through the real service.
 */
type Path = "direct" | "proxy" | "named" | "eo/auto";
type GatewayPath = "named" | "eo/auto";
const PATHS: Path[] = ["direct", "proxy", "named", "eo/auto"];
/** Every rotation of the paths, forwards and backwards: round k uses order k mod 8, so no path always runs first or after the same one. */
const ORDERS: Path[][] = [PATHS, [...PATHS].reverse()].flatMap((o) => o.map((_, i) => [...o.slice(i), ...o.slice(0, i)]));

type Metric = "non-stream" | "stream: first chunk" | "stream: last chunk";
const METRICS: Metric[] = ["non-stream", "stream: first chunk", "stream: last chunk"];

interface Samples {
  /** Client-side durations in ms, per metric and path; index k of every list is round k. */
  times: Record<Metric, Record<Path, number[]>>;
  /** Request ids sent to the gateway, per mode and path, to read the gateway's own timing from its audit trail. */
  ids: Record<"non-stream" | "stream", Record<GatewayPath, string[]>>;
}

const perPath = <T>(f: () => T) => ({ direct: f(), proxy: f(), named: f(), "eo/auto": f() }) as Record<Path, T>;
const isGateway = (p: Path): p is GatewayPath => p === "named" || p === "eo/auto";

function emptySamples(): Samples {
  return {
    times: { "non-stream": perPath(() => []), "stream: first chunk": perPath(() => []), "stream: last chunk": perPath(() => []) },
    ids: { "non-stream": { named: [], "eo/auto": [] }, stream: { named: [], "eo/auto": [] } },
  };
}

/** The clients and how each path is called; every call checks that the right expert gave the scripted answer. */
function caller(baseURLs: Record<"direct" | "proxy" | "gateway", string>) {
  // Global fetch (undici) keeps connections alive by default: no per-request TCP handshake on any hop.
  const client = (baseURL: string) => new OpenAI({ baseURL, apiKey: "bench", maxRetries: 0 });
  const direct = client(baseURLs.direct);
  const proxy = client(baseURLs.proxy);
  const gateway = client(baseURLs.gateway);
  const target = (p: Path) =>
    p === "direct" ? { client: direct, model: MODEL } : p === "proxy" ? { client: proxy, model: MODEL } : { client: gateway, model: p === "named" ? EXPERT : "eo/auto" };
  let seq = 0;

  function check(p: Path, model: string, text: string | null | undefined) {
    const want = isGateway(p) ? EXPERT : MODEL;
    if (text !== REPLY || model !== want) throw new Error(`${p}: expected ${want} to answer the scripted reply, got ${model}: ${JSON.stringify(text)}`);
  }

  return {
    async complete(p: Path): Promise<{ ms: number; id: string }> {
      const { client, model } = target(p);
      const id = `bench-${++seq}`;
      const t0 = performance.now();
      const r = await client.chat.completions.create({ model, messages: MESSAGES }, isGateway(p) ? { headers: { "x-request-id": id } } : {});
      const t = performance.now() - t0;
      check(p, r.model, r.choices[0]?.message.content);
      return { ms: t, id };
    },
    async stream(p: Path): Promise<{ first: number; last: number; id: string }> {
      const { client, model } = target(p);
      const id = `bench-${++seq}`;
      const t0 = performance.now();
      const s = await client.chat.completions.create(
        { model, messages: MESSAGES, stream: true, stream_options: { include_usage: true } },
        isGateway(p) ? { headers: { "x-request-id": id } } : {},
      );
      let first = -1;
      let text = "";
      let answeredBy = "";
      for await (const chunk of s) {
        if (first < 0) first = performance.now() - t0;
        text += chunk.choices[0]?.delta?.content ?? "";
        answeredBy = chunk.model;
      }
      const last = performance.now() - t0;
      check(p, answeredBy, text);
      return { first, last, id };
    },
  };
}

type Caller = ReturnType<typeof caller>;

/** Sequential, interleaved: each round calls every path once per mode (non-stream, then stream), in a rotating order. */
async function sequential(call: Caller, sc: Scenario): Promise<Samples> {
  const s = emptySamples();
  for (let k = 0; k < sc.warmup + sc.rounds; k++) {
    const keep = k >= sc.warmup;
    const order = ORDERS[k % ORDERS.length]!;
    for (const p of order) {
      const r = await call.complete(p);
      if (!keep) continue;
      s.times["non-stream"][p].push(r.ms);
      if (isGateway(p)) s.ids["non-stream"][p].push(r.id);
    }
    for (const p of order) {
      const r = await call.stream(p);
      if (!keep) continue;
      s.times["stream: first chunk"][p].push(r.first);
      s.times["stream: last chunk"][p].push(r.last);
      if (isGateway(p)) s.ids.stream[p].push(r.id);
    }
  }
  return s;
}

/** `concurrency` clients at once on one path, alternating paths in blocks; returns latencies and throughput per path. */
async function concurrent(call: Caller, sc: Scenario): Promise<Record<Path, { times: number[]; seconds: number }>> {
  const out = perPath(() => ({ times: [] as number[], seconds: 0 }));
  const blocks = ORDERS.length;
  const perBlock = Math.ceil(sc.concurrentRequests / blocks);
  for (let b = 0; b < blocks; b++) {
    for (const p of ORDERS[b % ORDERS.length]!) {
      let left = perBlock;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: sc.concurrency }, async () => {
          while (left-- > 0) out[p].times.push((await call.complete(p)).ms);
        }),
      );
      out[p].seconds += (performance.now() - t0) / 1000;
    }
  }
  return out;
}

interface GatewayTiming {
  /** The gateway's own latencyMs (plan → answer, before its SQLite write). */
  internal: number[];
  /** The upstream attempt as the gateway timed it (LangChain client built + call; for streams, to the first chunk). */
  attempt: number[];
}

/**
 * Reads the gateway's audit trail (GET /v1/requests, paginated) for the given request ids; null when the
 * trail cannot be read (the breakdown rows are then left out, the latency figures stand on their own).
 */
async function auditTimings(baseURL: string, ids: Samples["ids"]): Promise<Record<"non-stream" | "stream", Record<GatewayPath, GatewayTiming>> | null> {
  const byId = new Map<string, Pick<DecisionRecord, "latencyMs" | "attempts">>();
  try {
    for (let next: string | null = "/v1/requests?limit=500"; next; ) {
      const res = await fetch(new URL(next, baseURL));
      if (!res.ok) return null;
      const page = (await res.json()) as { data: DecisionRecord[]; next: string | null };
      for (const d of page.data) byId.set(d.requestId, d);
      next = page.next;
    }
  } catch {
    return null;
  }
  const timing = (list: string[]): GatewayTiming => {
    const recs = list.map((id) => byId.get(id)).filter((d) => d !== undefined);
    return { internal: recs.map((d) => d.latencyMs), attempt: recs.map((d) => d.attempts.at(-1)?.latencyMs ?? Number.NaN) };
  };
  return {
    "non-stream": { named: timing(ids["non-stream"].named), "eo/auto": timing(ids["non-stream"]["eo/auto"]) },
    stream: { named: timing(ids.stream.named), "eo/auto": timing(ids.stream["eo/auto"]) },
  };
}

/** Starts a fake upstream answering after `upstreamMs`, and the real service over a catalog of it plus the calculator. */
async function startStack(upstreamMs: number) {
  const upstream = new FakeUpstream();
  // Fixed usage: the fake does not run its tokenizer, so the upstream costs the same on every path.
  upstream.script(MODEL, { latencyMs: upstreamMs, chunkDelayMs: 0, reply: REPLY, usage: { promptTokens: 24, completionTokens: 18 } });
  const fakes = await startFakeUpstreams(upstream);
  const dir = mkdtempSync(join(tmpdir(), "eo-bench-"));
  const config = {
    experts: [
      {
        id: EXPERT, provider: "openai", model: MODEL, baseURL: fakes.openai.baseURL,
        pricing: { inputPerMTok: 0.15, outputPerMTok: 0.6 }, domains: ["general"], skills: { general: 0.8 }, latencyMs: upstreamMs,
      },
      { id: "calculator", provider: "builtin", model: "math", domains: ["arithmetic"] },
    ],
  };
  writeFileSync(join(dir, "eo.config.json"), JSON.stringify(config));
  const proxy = await startBareProxy(fakes.openai.url);
  try {
    const server = await startServer({ port: 0, quiet: true, env: { EO_CONFIG: join(dir, "eo.config.json"), EO_DATA_DIR: join(dir, "data"), OPENAI_API_KEY: "bench" } });
    return {
      baseURLs: { direct: fakes.openai.baseURL, proxy: `${proxy.url}/v1`, gateway: `${server.url}/v1` },
      serverURL: server.url,
      close: async () => {
        await server.close();
        await proxy.close();
        await fakes.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await proxy.close();
    await fakes.close();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/**
 * The floor of any extra hop: a pass-through proxy with no logic at all (node:http in, fetch out, body
 * piped back). Whatever the gateway adds beyond this is its own work; this much any Node proxy adds.
 */
async function startBareProxy(upstreamOrigin: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const up = await fetch(upstreamOrigin + (req.url ?? "/"), {
        method: req.method,
        headers: { "content-type": req.headers["content-type"] ?? "application/json", authorization: req.headers.authorization ?? "" },
        body: chunks.length ? Buffer.concat(chunks) : undefined,
      });
      res.writeHead(up.status, { "content-type": up.headers.get("content-type") ?? "application/json" });
      const reader = up.body?.getReader();
      for (let r = await reader?.read(); r && !r.done; r = await reader!.read()) res.write(r.value);
      res.end();
    })().catch(() => res.destroy());
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}

const q = (xs: number[]) => {
  const s = sorted(xs);
  return { p50: percentile(s, 0.5), p90: percentile(s, 0.9), p99: percentile(s, 0.99) };
};

/** Median of the per-round differences xs[k] − base[k]: robust to drift, since both ran in the same round. */
const pairedMedian = (xs: number[], base: number[]) => percentile(sorted(xs.map((x, k) => x - base[k]!)), 0.5);

/**
 * The latency the gateway adds: for each upstream latency, direct SDK calls to the fake upstream, calls
 * through a bare pass-through proxy (the floor of any extra hop) and through the real service (expert
 * named; `eo/auto`), interleaved round by round in one run, non-stream and stream (first and last
 * chunk); then a concurrent phase; plus the gateway's own clock, read from its audit trail.
 */
export async function benchGateway(): Promise<BenchResult & { name: "gateway" }> {
  const rows: Record<string, string | number>[] = [];
  const headline: string[] = [];
  const notes = new Set<string>();
  let worstP50 = 0;

  for (const sc of SCENARIOS) {
    const stack = await startStack(sc.upstreamMs);
    try {
      const call = caller(stack.baseURLs);
      const s = await sequential(call, sc);
      const scenario = `upstream ${sc.upstreamMs} ms`;

      for (const metric of METRICS) {
        const base = q(s.times[metric].direct);
        for (const p of PATHS) {
          const v = q(s.times[metric][p]);
          const isBase = p === "direct";
          rows.push({
            scenario, clients: 1, metric, path: p, n: s.times[metric][p].length,
            "p50 ms": ms(v.p50), "p90 ms": ms(v.p90), "p99 ms": ms(v.p99),
            "added p50 ms": isBase ? "-" : ms(v.p50 - base.p50),
            "added p99 ms": isBase ? "-" : ms(v.p99 - base.p99),
            "paired Δ p50 ms": isBase ? "-" : ms(pairedMedian(s.times[metric][p], s.times[metric].direct)),
          });
          if (isGateway(p) && metric !== "stream: first chunk") worstP50 = Math.max(worstP50, v.p50 - base.p50);
        }
        if (sc.upstreamMs === 0 && metric !== "stream: first chunk") {
          const add = (p: Path) => ms(q(s.times[metric][p]).p50 - base.p50);
          headline.push(`${metric} +${add("named")} ms named, +${add("eo/auto")} ms eo/auto (bare proxy +${add("proxy")} ms)`);
        }
      }

      // The gateway's own clock for the same requests (its audit record of each), against the direct call.
      const audit = await auditTimings(stack.serverURL, s.ids);
      if (!audit) notes.add("the audit trail (GET /v1/requests) could not be read, so the gateway-clock rows are missing");
      const clock: [string, "non-stream" | "stream", keyof GatewayTiming, Metric][] = [
        ["non-stream: gateway clock, plan→answer", "non-stream", "internal", "non-stream"],
        ["non-stream: its upstream attempt (LangChain)", "non-stream", "attempt", "non-stream"],
        ["stream: gateway clock, plan→last chunk", "stream", "internal", "stream: last chunk"],
        ["stream: its upstream attempt, to first chunk", "stream", "attempt", "stream: first chunk"],
      ];
      for (const [metric, mode, field, against] of audit ? clock : []) {
        const base = q(s.times[against].direct);
        for (const p of ["named", "eo/auto"] as const) {
          const xs = audit![mode][p][field];
          const v = q(xs);
          rows.push({
            scenario, clients: 1, metric, path: p, n: xs.length,
            "p50 ms": ms(v.p50), "p90 ms": ms(v.p90), "p99 ms": ms(v.p99),
            "added p50 ms": ms(v.p50 - base.p50), "added p99 ms": ms(v.p99 - base.p99),
          });
        }
      }

      if (sc.concurrency > 0) {
        const c = await concurrent(call, sc);
        const base = q(c.direct.times);
        for (const p of PATHS) {
          const v = q(c[p].times);
          rows.push({
            scenario, clients: sc.concurrency, metric: "non-stream", path: p, n: c[p].times.length,
            "p50 ms": ms(v.p50), "p90 ms": ms(v.p90), "p99 ms": ms(v.p99),
            "added p50 ms": p === "direct" ? "-" : ms(v.p50 - base.p50), "added p99 ms": p === "direct" ? "-" : ms(v.p99 - base.p99),
            "req/s": Math.round(c[p].times.length / c[p].seconds),
          });
        }
      }
    } finally {
      await stack.close();
    }
  }

  const verdict = worstP50 < 1 ? "meets" : "misses";
  const summary =
    `Added over a direct SDK call to the same local upstream (0 ms upstream, one client, p50): ${headline.join("; ")}. ` +
    `Worst gateway added p50 in any scenario: ${ms(worstP50)} ms (${verdict} the < 1 ms target). ` +
    `"bare proxy" is a no-logic pass-through (node:http + fetch): the floor any extra hop costs here. ` +
    `"gateway clock" rows are the gateway's own latencyMs (plan to answer, before its SQLite write); ` +
    `"upstream attempt" rows time the LangChain call inside it; both compared with the direct call.` +
    [...notes].map((n) => ` Note: ${n}.`).join("");
  return { name: "gateway", rows, summary };
}
