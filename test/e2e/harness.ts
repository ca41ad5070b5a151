// Boots the real service over a scripted catalog on the local protocol servers, for end-to-end tests.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import type { ExpertConfig } from "../../src/config.js";
import { FakeUpstream, startFakeUpstreams, type FakeUpstreams, type ModelScript } from "../../src/experts/fakes/index.js";
import { startServer, type StartedServer } from "../../src/server.js";

export interface Harness {
  url: string;
  /** EO_DATA_DIR of the server (its SQLite store). */
  dataDir: string;
  upstreams: FakeUpstreams;
  upstream: FakeUpstream;
  client: OpenAI;
  /** fetch against the service. */
  http(path: string, init?: RequestInit): Promise<Response>;
  /** Stops the server and starts a new one on the same config and data directory (the store survives). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export type TestExpert = Omit<ExpertConfig, "baseURL" | "timeoutMs" | "sandbox" | "domains"> &
  Partial<Pick<ExpertConfig, "timeoutMs" | "domains">> & { script?: ModelScript };

/** Starts fake upstreams, writes an eo.config.json for `experts` pointing at them, and starts the server. */
export async function startHarness(
  experts: TestExpert[],
  extra: { defaults?: Record<string, unknown>; server?: Record<string, unknown>; router?: Record<string, unknown>; files?: Record<string, string> } = {},
): Promise<Harness> {
  const upstream = new FakeUpstream();
  const upstreams = await startFakeUpstreams(upstream);
  for (const e of experts) if (e.provider !== "builtin") upstream.script(e.model, e.script ?? {});
  const dir = mkdtempSync(join(tmpdir(), "eo-e2e-"));
  const { files = {}, ...rest } = extra;
  const config = {
    experts: experts.map(({ script: _s, ...e }) => ({
      ...e,
      ...(e.provider === "openai" ? { baseURL: upstreams.openai.baseURL } : e.provider === "ollama" ? { baseURL: upstreams.ollama.url } : {}),
    })),
    ...rest,
  };
  // Files beside the config (e.g. a router artifact named by `router.predictor`).
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, "eo.config.json"), JSON.stringify(config));
  const start = () => startServer({ port: 0, quiet: true, env: { EO_CONFIG: join(dir, "eo.config.json"), EO_DATA_DIR: join(dir, "data") } });
  let server: StartedServer;
  try {
    server = await start();
  } catch (e) {
    await upstreams.close();
    throw e;
  }
  const h: Harness = {
    url: server.url,
    dataDir: join(dir, "data"),
    upstreams,
    upstream,
    client: new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "test", maxRetries: 0 }),
    http: (path, init) => fetch(`${server.url}${path}`, init),
    restart: async () => {
      await server.close();
      server = await start();
      h.url = server.url;
      h.client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "test", maxRetries: 0 });
    },
    close: async () => {
      await server.close();
      await upstreams.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}

/** A catalog like the sandbox's (the cloud experts say `local: false`: on loopback they would count as local and free): a strong dear generalist, a cheap generalist, a free local coder, the calculator. */
export const MIXED_CATALOG: TestExpert[] = [
  { id: "big", provider: "openai", model: "gpt-4o", local: false, domains: ["general", "code", "math", "writing"], skills: { general: 0.9, code: 0.92, math: 0.88, writing: 0.88 } },
  { id: "small", provider: "openai", model: "gpt-4o-mini", local: false, domains: ["general", "writing"], skills: { general: 0.82, code: 0.6, writing: 0.72 } },
  { id: "coder", provider: "ollama", model: "qwen2.5-coder:7b", local: true, domains: ["code"], skills: { code: 0.88, general: 0.45 } },
  { id: "calculator", provider: "builtin", model: "math", domains: ["arithmetic"], skills: { arithmetic: 1 } },
];

export const json = (body: unknown): RequestInit => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
