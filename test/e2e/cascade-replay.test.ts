// One code path: the live gateway's cascade (eo.cascade on eo/auto, the learned predictor loaded from its artifact,
// upstreams replaying RouterBench's recorded answers) asks the same experts and delivers the same answer as the
// routing evaluation's cascade on those recorded answers, prompt by prompt.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadOutcomes } from "../../src/bench/load-outcomes.js";
import type { OutcomeRecord } from "../../src/bench/outcomes.js";
import { poolExperts } from "../../src/bench/pool.js";
import { DefaultsSchema } from "../../src/config.js";
import { FakeUpstream, startFakeUpstreams, type FakeUpstreams } from "../../src/experts/fakes/index.js";
import { lastUserText } from "../../src/experts/fakes/prompt-parts.js";
import { ruleJudgeFor } from "../../src/judging/rule-judges.js";
import { DEFAULT_CASCADE, planCascade, runCascade } from "../../src/routing/cascade.js";
import type { RouterArtifact } from "../../src/routing/predictor/artifact.js";
import { LearnedPredictor } from "../../src/routing/predictor/predictor.js";
import { trainPredictor } from "../../src/routing/predictor/train.js";
import { ProfileBook } from "../../src/routing/profiles.js";
import { Router } from "../../src/routing/router.js";
import { startServer, type StartedServer } from "../../src/server.js";
import { HAVE_ROUTERBENCH, NO_DATA, split } from "../bench/data.js";

/** Prompts replayed per task: enough to cover agreements, disagreements and escalations. */
const PROMPTS = 40;
const LAMBDAS = [1, 31.6];

describe.skipIf(!HAVE_ROUTERBENCH)("the live cascade replays the evaluation's decisions on recorded answers", () => {
  const dir = mkdtempSync(join(tmpdir(), "eo-replay-"));
  let upstreams: FakeUpstreams;
  let server: StartedServer;
  let client: OpenAI;
  let artifact: RouterArtifact;
  let test: OutcomeRecord[];

  beforeAll(async () => {
    artifact = trainPredictor(loadOutcomes([split("winograde", "train"), split("arc_challenge", "train")]));
    test = [...loadOutcomes([split("winograde", "test")]).slice(0, PROMPTS), ...loadOutcomes([split("arc_challenge", "test")]).slice(0, PROMPTS)];
    const byPrompt = new Map(test.map((r) => [r.prompt, r]));
    const upstream = new FakeUpstream();
    upstreams = await startFakeUpstreams(upstream);
    for (const e of artifact.experts) {
      upstream.script(e.name, { reply: (req) => byPrompt.get(lastUserText(req.messages))?.outcomes[e.name]?.response ?? "" });
    }
    writeFileSync(join(dir, "router.json"), JSON.stringify(artifact));
    const experts = poolExperts(artifact).map((e) => ({ id: e.id, provider: "openai", model: e.model, baseURL: upstreams.openai.baseURL, local: false, pricing: e.pricing, contextWindow: 10_000_000 }));
    writeFileSync(join(dir, "eo.config.json"), JSON.stringify({ experts, router: { predictor: "router.json" } }));
    server = await startServer({ port: 0, quiet: true, env: { EO_CONFIG: join(dir, "eo.config.json"), EO_DATA_DIR: join(dir, "data") } });
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "test", maxRetries: 0 });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await upstreams?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("same experts asked, same answer delivered, for every prompt and λ", async () => {
    const pool = poolExperts(artifact);
    const offline = new Router(pool, ProfileBook.fromCatalog(pool), DefaultsSchema.parse({}), { predictor: new LearnedPredictor(artifact) });
    const mismatches: string[] = [];
    let escalated = 0, stopped = 0;
    for (const costWeight of LAMBDAS) {
      for (const r of test) {
        const available = Object.keys(r.outcomes).filter((k) => r.outcomes[k]);
        const prefs = { strategy: "cost-aware" as const, costWeight, weights: { correctness: 1 }, approvedExperts: available };
        const messages = [{ role: "user", content: r.prompt }];
        const plan = planCascade(offline.route({ messages, domain: r.domain as never }, prefs, { limit: 0, ranked: Infinity }), DEFAULT_CASCADE)!;
        const ask = (e: string) => (r.outcomes[e] ? { response: r.outcomes[e]!.response ?? "", costUsd: r.outcomes[e]!.costUsd } : undefined);
        const want = runCascade(plan, r.prompt, ruleJudgeFor(r.prompt, r.domain), ask, DEFAULT_CASCADE);
        const live = (await client.chat.completions.create({
          model: "eo/auto", messages: [{ role: "user", content: r.prompt }], eo: { ...prefs, domain: r.domain, cascade: true },
        } as never)) as unknown as { model: string; choices: { message: { content: string } }[]; eo: { cascade?: { accepted: string | null; steps: { expert: string }[] } } };
        const asked = live.eo.cascade ? [...live.eo.cascade.steps.map((s) => s.expert), ...(live.eo.cascade.accepted ? [] : [live.model])] : [live.model];
        const wanted = want.steps.map((s) => s.expert);
        if (live.model !== want.expert || asked.join() !== wanted.join() || live.choices[0]!.message.content !== (r.outcomes[want.expert!]?.response ?? "")) {
          mismatches.push(`${r.id} λ=${costWeight}: live ${live.model} after ${asked.join(",")}; evaluation ${want.expert} after ${wanted.join(",")}`);
        }
        if (want.expert === plan.target.expert && plan.stages.length) escalated++;
        else if (want.expert !== plan.target.expert) stopped++;
      }
    }
    expect(mismatches).toEqual([]);
    // The replay covered both outcomes of a cascade.
    expect(stopped).toBeGreaterThan(10);
    expect(escalated).toBeGreaterThan(5);
  }, 180_000);
});
if (!HAVE_ROUTERBENCH) it.skip(NO_DATA, () => {});
