// `eo train router --publish`: trains on outcome JSONL and PUTs the artifact to a running service, which routes with it.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../e2e/harness.js";

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "eo-train-publish-"));

/** The CLI in a child process: its exit code and output. */
async function eo(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], { encoding: "utf8" });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, out: x.stdout + x.stderr };
  }
}

describe("eo train router --publish", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness([
      { id: "big", provider: "openai", model: "big-model", local: false, domains: ["general"], pricing: { inputPerMTok: 10, outputPerMTok: 30 } },
      { id: "small", provider: "openai", model: "small-model", local: false, domains: ["general"], pricing: { inputPerMTok: 0.1, outputPerMTok: 0.2 } },
    ]);
    // The outcome format of CONTRACT; "elsewhere" is an expert this service does not have.
    const lines = Array.from({ length: 12 }, (_, i) => JSON.stringify({
      id: `p${i}`, prompt: `Question number ${i}?`, domain: "general",
      outcomes: { big: { score: 1, costUsd: 0.01 }, small: { score: i % 3 ? 1 : 0, costUsd: 0.0001 }, elsewhere: { score: 1, costUsd: 0.1 } },
    }));
    writeFileSync(join(dir, "traffic.jsonl"), `${lines.join("\n")}\n`);
  });
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes the artifact, publishes it with the note, and the service routes with it", async () => {
    const out = join(dir, "router.json");
    const r = await eo("train", "router", "--data", join(dir, "traffic.jsonl"), "--out", out, "--folds", "0", "--publish", `${h.url}/`, "--note", "nightly retrain");
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/published as #(\d+) at http:\/\/127\.0\.0\.1:\d+\/v1\/router\/predictor\?note=nightly\+retrain: predicts for big, small/);
    expect(r.out).toContain("not in the service's catalog: elsewhere");
    const state = (await (await h.http("/v1/router/predictor")).json()) as { inUse: { source: string; name: string }; published: { note: string; bytes: number }[] };
    expect(state.inUse).toMatchObject({ source: "published" });
    expect(state.published[0]).toMatchObject({ note: "nightly retrain", bytes: readFileSync(out).length });
    const d = (await (await h.http("/v1/route", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ prompt: "Question?" }) })).json()) as { explanation: string };
    expect(d.explanation).toContain(state.inUse.name);
  }, 60_000);

  it("a refusal is an error naming why, and a bad URL a usage error", async () => {
    writeFileSync(join(dir, "strangers.jsonl"), `${JSON.stringify({ id: "s", prompt: "Hi?", domain: "general", outcomes: { nobody: { score: 1, costUsd: 0 } } })}\n`);
    const refused = await eo("train", "router", "--data", join(dir, "strangers.jsonl"), "--out", join(dir, "s.json"), "--folds", "0", "--publish", h.url);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/refused the artifact \(400\): experts: the artifact knows none of the catalog's experts \(it knows nobody\)/);
    const bad = await eo("train", "router", "--data", join(dir, "strangers.jsonl"), "--out", join(dir, "s.json"), "--folds", "0", "--publish", "not a url");
    expect(bad.code).not.toBe(0);
    expect(bad.out).toContain("--publish must be the service's URL");
  }, 60_000);
});
