// The supervisor's verdicts feed the producers' capability profiles: once per attempt, never on a judge outage, never failing a task.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProfilesConfigSchema } from "../../src/config.js";
import { NODE } from "../../graphs/orchestrator/edges.js";
import type { FakeRequest } from "../../src/experts/fakes/index.js";
import { ProfileLearner, type EvidenceInput } from "../../src/routing/profile-learner.js";
import { openSqliteStore } from "../../src/store/sqlite.js";
import type { SqlStore } from "../../src/store/sql.js";
import { defaultReply, isJudgeRequest, isPlannerRequest, newRun, startGraphHarness, type Harness, type TestExpert } from "./harness.js";

/** A real learner over a throwaway SQLite store, wired as app.ts wires it; `items` keeps every batch handed to it. */
async function learnerFor(h: Harness) {
  const store = await openSqliteStore(":memory:");
  const learner = new ProfileLearner(h.deps.profiles, store, h.deps.router, ProfilesConfigSchema.parse({}));
  const items: EvidenceInput[] = [];
  h.deps.evidence = async (batch) => {
    items.push(...batch);
    return learner.record(batch);
  };
  return { store, learner, items };
}

const rows = async (store: SqlStore) => store.listEvidence(0, 1000);

describe("judged attempts become evidence for their producers", () => {
  let h: Harness;
  let store: SqlStore;
  let items: EvidenceInput[];
  let judged = 0;
  beforeAll(async () => {
    // Cost-aware routing executes on "cheap" first and escalates to "strong"; "referee" is a free local judge whose
    // first verdict fails the output (later ones are the fake's default: a pass, score 0.8).
    const verdict = (req: FakeRequest) =>
      isJudgeRequest(req) && judged++ === 0 ? JSON.stringify({ score: 0.1, pass: false, reasons: ["it does not answer"] }) : defaultReply(req);
    const paid = (id: string, inputPerMTok: number, skill: number): TestExpert => ({
      id, provider: "openai", model: `${id}-1`, local: false, pricing: { inputPerMTok, outputPerMTok: 2 * inputPerMTok }, domains: ["general"], skills: { general: skill },
    });
    h = await startGraphHarness([
      paid("cheap", 0.1, 0.7),
      paid("strong", 30, 0.95),
      { id: "referee", provider: "ollama", model: "referee-3b", domains: ["general"], skills: { general: 0.6 }, script: { reply: verdict } },
    ]);
    ({ store, items } = await learnerFor(h));
  });
  afterAll(async () => {
    await store.close();
    await h.close();
  });

  it("the rejected attempt lowers its expert's correctness in the subtask's domain, the accepted one raises it", async () => {
    const before = { cheap: h.deps.profiles.get("cheap", "general", "correctness"), strong: h.deps.profiles.get("strong", "general", "correctness") };
    const run = newRun(h);
    const out = await run.graph.invoke(run.input({ input: "Describe the history of tea." }), run.config);
    expect(out.error).toBeNull();
    expect(out.plan!.map((p) => p.domain)).toEqual(["general"]);
    expect(run.of("verdict").map((e) => [e.data.expert, e.data.action])).toEqual([["cheap", "escalate"], ["strong", "accept"]]);

    const ref = `${run.taskId}/s1`;
    expect(items).toEqual([
      { expert: "cheap", domain: "general", dimension: "correctness", score: 0.1, source: "judge", judge: "referee", ref, key: `${ref}/g0/a1:correctness` },
      { expert: "strong", domain: "general", dimension: "correctness", score: 0.8, source: "judge", judge: "referee", ref, key: `${ref}/g0/a2:correctness` },
    ]);
    const cheap = h.deps.profiles.get("cheap", "general", "correctness");
    const strong = h.deps.profiles.get("strong", "general", "correctness");
    expect(cheap).toMatchObject({ n: 1, source: "judged" });
    expect(strong).toMatchObject({ n: 1, source: "judged" });
    expect(cheap.mean).toBeLessThan(before.cheap.mean);
    expect(strong.mean).toBeGreaterThan(0.8);
    expect(strong.mean).toBeLessThan(before.strong.mean); // 0.8 judged against a declared 0.95: pulled toward the sample
    // Only the producers learned anything.
    expect(h.deps.profiles.get("referee", "general", "correctness").n).toBe(0);
  });

  it("a supervisor re-run from its checkpoint (as after a crash) records nothing twice", async () => {
    const run = newRun(h);
    judged = 0;
    await run.graph.invoke(run.input({ input: "Describe the history of tea." }), run.config);
    const recorded = (await rows(store)).length;
    const n = h.deps.profiles.get("cheap", "general", "correctness").n;

    // The checkpoint just before the first judging: re-running from it judges attempt 1 again (now a pass).
    let before: Awaited<ReturnType<typeof run.graph.getState>> | undefined;
    for await (const snap of run.graph.getStateHistory(run.config)) if (snap.next.includes(NODE.supervisor)) before = snap;
    expect(before).toBeDefined();
    const replayed = await run.graph.invoke(null, { configurable: { ...before!.config.configurable, ctx: run.ctx } });
    expect(replayed.error).toBeNull();
    expect(items.filter((e) => e.ref === `${run.taskId}/s1` && e.key!.includes("/a1:"))).toHaveLength(2); // handed over twice …
    expect((await rows(store)).length).toBe(recorded); // … recorded once
    expect(h.deps.profiles.get("cheap", "general", "correctness").n).toBe(n);
  });
});

describe("what is not evidence, and what never fails a task", () => {
  let h: Harness;
  let plan = "";
  let executorReply = "";
  beforeAll(async () => {
    const reply = (req: FakeRequest) => (isPlannerRequest(req) && plan ? plan : !req.schema && executorReply ? executorReply : defaultReply(req));
    h = await startGraphHarness(
      [{ id: "maker", provider: "openai", model: "maker-1", domains: ["general", "code", "reasoning", "writing"], skills: { general: 0.8, code: 0.8 }, script: { reply } }],
      { limits: { maxAttemptsPerSubtask: 1, maxReplans: 0 } },
    );
  });
  afterAll(() => h.close());

  it("rules that fail an output for its format record correctness 0 and format 0, judged by the rules", async () => {
    const { store, items } = await learnerFor(h);
    plan = JSON.stringify({ subtasks: [{ id: "cfg", instruction: "Write the config.", domain: "code", dependsOn: [], expectedOutput: "a JSON object with keys name and port" }] });
    executorReply = "name is web, port is 8080";
    const run = newRun(h);
    await run.graph.invoke(run.input({ input: "Write a config for a web server." }), run.config);
    expect(run.of("verdict")[0]!.data).toMatchObject({ judge: "rules", pass: false });
    const key = `${run.taskId}/cfg/g0/a1`;
    expect(items.map((e) => [e.expert, e.domain, e.dimension, e.score, e.judge, e.key])).toEqual([
      ["maker", "code", "correctness", 0, "rules", `${key}:correctness`],
      ["maker", "code", "format", 0, "rules", `${key}:format`],
    ]);
    expect(h.deps.profiles.get("maker", "code", "format")).toMatchObject({ n: 1, source: "judged" });
    await store.close();
  });

  it("no LLM judge to ask (the only model produced the output): the rules' pass is no evidence", async () => {
    const { store, items } = await learnerFor(h);
    [plan, executorReply] = ["", ""];
    const run = newRun(h);
    const out = await run.graph.invoke(run.input({ input: "Describe the history of tea." }), run.config);
    expect(out.error).toBeNull();
    expect(run.of("verdict")[0]!.data).toMatchObject({ judge: "rules", pass: true });
    expect(items).toEqual([]);
    await store.close();
  });

  it("a failing evidence sink is logged, and the task completes", async () => {
    [plan, executorReply] = [JSON.stringify({ subtasks: [{ id: "a", instruction: "Write it.", domain: "general", dependsOn: [], expectedOutput: "a number" }] }), "no digits here"];
    let calls = 0;
    h.deps.evidence = async () => {
      calls++;
      throw new Error("store is down");
    };
    const errors: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      const run = newRun(h);
      const out = await run.graph.invoke(run.input({ input: "How many kinds of tea are there?" }), run.config);
      expect(calls).toBe(1);
      expect(out.error).toBeNull(); // one attempt, no re-plan: its only output stands as the answer
      expect(out.result).toEqual(expect.any(String));
      expect(String(errors[0]?.[0])).toMatch(/judged evidence not recorded .*store is down/);
    } finally {
      console.error = original;
    }
  });
});
