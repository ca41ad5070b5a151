// The learning loop of a deployment, end to end: chat traffic scored with POST /v1/feedback → `eo export outcomes` →
// `eo train router --publish` → the running server's router predicts from what its own traffic taught it.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startHarness, type Harness } from "./harness.js";

const run = promisify(execFile);

type Route = { expert: string; explanation: string; candidates: { expert: string; quality: number }[] };

describe("learning from a deployment's own traffic", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness([
      { id: "dear", provider: "openai", model: "dear-model", local: false, domains: ["general"], skills: { general: 0.9 }, pricing: { inputPerMTok: 10, outputPerMTok: 30 } },
      { id: "cheap", provider: "openai", model: "cheap-model", local: false, domains: ["general"], skills: { general: 0.5 }, pricing: { inputPerMTok: 0.1, outputPerMTok: 0.2 } },
    ]);
  });
  afterAll(async () => h?.close());

  const quality = async (prompt: string) => {
    const d = (await (await h.http("/v1/route", json({ prompt, eo: { strategy: "quality" } }))).json()) as Route;
    return { cheap: d.candidates.find((c) => c.expert === "cheap")!.quality, explanation: d.explanation };
  };
  const eo = async (...args: string[]) => {
    const env: NodeJS.ProcessEnv = { ...process.env, EO_DATA_DIR: h.dataDir, EO_CONFIG: join(dirname(h.dataDir), "eo.config.json") };
    delete env.EO_DATABASE_URL;
    return (await run(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], { encoding: "utf8", env })).stdout;
  };

  it("retrains on scored chat answers and publishes: the router tells apart what cheap gets right from what it does not", async () => {
    // In this deployment, "cheap" knows capitals and not populations; "dear" knows both. A person scores every answer.
    for (let i = 0; i < 12; i++) {
      for (const [topic, cheapRight] of [["capital", 1], ["population", 0]] as const) {
        for (const model of ["dear", "cheap"]) {
          const r = await h.client.chat.completions.create({ model, messages: [{ role: "user", content: `What is the ${topic} of country number ${i}?` }] }).withResponse();
          const score = model === "dear" ? 1 : cheapRight;
          expect((await h.http("/v1/feedback", json({ requestId: r.response.headers.get("x-request-id"), dimension: "correctness", score }))).status).toBe(201);
        }
      }
    }
    // The profiles have one cell for both kinds of question: about half right.
    const profiled = await quality("What is the capital of Ruritania?");
    expect(profiled.cheap).toBeLessThan(0.7);

    const file = join(h.dataDir, "traffic.jsonl");
    expect(await eo("export", "outcomes", "--out", file)).toContain("wrote 48 prompts with 48 outcomes");
    const records = readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { outcomes: Record<string, { score: number }> });
    expect(records.filter((r) => r.outcomes.cheap?.score === 1)).toHaveLength(12);
    const out = await eo("train", "router", "--data", file, "--out", join(h.dataDir, "router.json"), "--folds", "3", "--publish", h.url, "--note", "from traffic");
    expect(out).toMatch(/published as #\d+ .*: predicts for dear, cheap/);

    // The artifact reads the prompt: cheap is trusted with capitals, not with populations.
    const capital = await quality("What is the capital of Ruritania?");
    const population = await quality("What is the population of Ruritania?");
    expect(capital.explanation).toMatch(/learned predictor \(published #\d+; artifact v1, 48 prompts\) predicted this prompt's correctness/);
    expect(capital.cheap).toBeGreaterThan(profiled.cheap + 0.15);
    expect(population.cheap).toBeLessThan(profiled.cheap - 0.15);

    // `eo route` routes as the service does: the same store, so the same profiles and the published artifact.
    const offline = JSON.parse(await eo("route", "What is the capital of Ruritania?", "--strategy", "quality", "--json")) as Route;
    expect(offline.explanation).toBe(capital.explanation);
    expect(offline.candidates.find((c) => c.expert === "cheap")!.quality).toBe(capital.cheap);
  }, 90_000);
});
