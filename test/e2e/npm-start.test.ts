// `npm start` with no provider configured serves the sandbox fleet: a real child process, over HTTP.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let child: ChildProcess;
let url = "";
let output = "";
const dir = mkdtempSync(join(tmpdir(), "eo-start-"));

beforeAll(async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: "0", EO_DATA_DIR: join(dir, "data"), OPENAI_API_KEY: "", OLLAMA_HOST: "http://127.0.0.1:9" };
  delete env.EO_CONFIG;
  // Run from an empty folder so no eo.config.json is found: the package's start command (node --import tsx),
  // with tsx's loader named by path since the empty folder has no node_modules to resolve it from.
  child = spawn(process.execPath, ["--import", pathToFileURL(join(process.cwd(), "node_modules/tsx/dist/loader.mjs")).href, join(process.cwd(), "src/server.ts")], { cwd: dir, env });
  url = await new Promise<string>((ok, fail) => {
    const t = setTimeout(() => fail(new Error(`no start-up line in 20 s:\n${output}`)), 20_000);
    const onData = (b: Buffer) => {
      output += b.toString();
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m && /store:/.test(output)) {
        clearTimeout(t);
        ok(m[1]!);
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (b: Buffer) => (output += b.toString()));
    child.once("exit", (code) => fail(new Error(`exited with ${code}:\n${output}`)));
  });
}, 30_000);

afterAll(() => {
  child?.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
});

describe("npm start with no provider configured", () => {
  it("says it serves the sandbox at start-up", () => {
    expect(output).toMatch(/SANDBOX/);
    expect(output).toMatch(/sim-coder/);
  });

  it("marks the simulated experts sandbox: true in /v1/models", async () => {
    const r = (await (await fetch(`${url}/v1/models`)).json()) as { data: { id: string; sandbox?: boolean }[] };
    const sims = r.data.filter((m) => m.id.startsWith("sim-"));
    expect(sims.length).toBeGreaterThanOrEqual(4);
    expect(sims.every((m) => m.sandbox === true)).toBe(true);
    expect(r.data.find((m) => m.id === "calculator")?.sandbox).toBe(false);
  });

  it("answers arithmetic, code and general questions with three different experts, offline", async () => {
    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: "none", maxRetries: 0 });
    const ask = async (content: string) => (await client.chat.completions.create({ model: "eo/auto", messages: [{ role: "user", content }] })).model;
    const answered = [await ask("What is 7 * 6?"), await ask("Fix this bug in my JavaScript function: it returns undefined"), await ask("What are good habits for sleeping well?")];
    expect(answered[0]).toBe("calculator");
    expect(new Set(answered).size).toBe(3);
  });

  it("runs a decomposed task offline: planned, executed, judged and synthesized by simulated experts", async () => {
    const r = await fetch(`${url}/v1/tasks`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ input: "1. Write a Python function that sums a list. 2. Write a haiku about the sea." }) });
    expect(r.status).toBe(202);
    const { id } = (await r.json()) as { id: string };
    let t: { status: string; subtasks: { expert: string | null }[]; result: string | null } = { status: "queued", subtasks: [], result: null };
    const t0 = Date.now();
    while (Date.now() - t0 < 20_000 && !["completed", "failed"].includes(t.status)) {
      await new Promise((res) => setTimeout(res, 100));
      t = (await (await fetch(`${url}/v1/tasks/${id}`)).json()) as typeof t;
    }
    expect(t.status).toBe("completed");
    expect(t.result).toBeTruthy();
    expect(t.subtasks.map((s) => s.expert)).toContain("sim-coder");
  });
});
