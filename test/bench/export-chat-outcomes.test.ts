// Learning from chat traffic: scored chat answers in a real SQLite store come out as outcome records.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { chatOutcome, exportChatOutcomes } from "../../src/bench/export-chat-outcomes.js";
import { exportOutcomes } from "../../src/bench/export-outcomes.js";
import { openSqliteStore } from "../../src/store/sqlite.js";
import type { CascadeAudit, DecisionRecord } from "../../src/store/store.js";

const dir = mkdtempSync(join(tmpdir(), "eo-chat-export-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const Q = "Which gas do plants absorb?\nA) oxygen\nB) carbon dioxide\nC) helium";

function decision(id: string, over: Partial<DecisionRecord> = {}): DecisionRecord {
  return {
    requestId: id, kind: "chat", createdAt: new Date().toISOString(), requestedModel: "eo/auto", stream: false, domain: "science",
    strategy: "quality", preferences: null, candidates: [], chosen: "dear", reason: "r", attempts: [], answeredBy: "dear",
    inputTokens: 10, outputTokens: 1, costUsd: 0.05, latencyMs: 5, outcome: "ok", error: null,
    text: { prompt: Q, response: "B" }, ...over,
  };
}

/** A cascade where dear answered B after: cheap-a said A, cheap-b said B, cheap-c refused, cheap-d wrote prose. */
const cascade: CascadeAudit = {
  target: "dear", accepted: null, reason: "no cheaper answer was enough, so dear", judge: "choice-answer", answer: "B",
  steps: [
    { expert: "cheap-a", costUsd: 0.001, pass: true, answer: "A", response: "A" },
    { expert: "cheap-b", costUsd: 0.002, pass: true, answer: "B", response: "B) carbon dioxide" },
    { expert: "cheap-c", costUsd: 0.003, pass: false, response: "I cannot help with that." },
    { expert: "cheap-d", costUsd: 0.004, pass: true, response: "Plants are green." },
  ],
};

describe("chatOutcome", () => {
  it("a cascaded answer scored 1: the same answer scores 1, another option 0, a failed answer 0, a free-form one is left out", () => {
    const r = chatOutcome(decision("c1", { cascade, costUsd: 0.06 }), 1)!;
    expect(r).toMatchObject({ id: "c1", prompt: Q, domain: "science", task: "chat" });
    expect(r.outcomes).toEqual({
      dear: { score: 1, costUsd: expect.closeTo(0.05, 12), response: "B" }, // its own cost: the total less the stages'
      "cheap-b": { score: 1, costUsd: 0.002, response: "B) carbon dioxide" },
      "cheap-a": { score: 0, costUsd: 0.001, response: "A" },
      "cheap-c": { score: 0, costUsd: 0.003, response: "I cannot help with that." },
    });
  });

  it("scored 0: only the same answer (and failed ones) carry over; another option might have been right", () => {
    const r = chatOutcome(decision("c2", { cascade, costUsd: 0.06 }), 0)!;
    expect(Object.fromEntries(Object.entries(r.outcomes).map(([k, o]) => [k, o!.score]))).toEqual({ dear: 0, "cheap-b": 0, "cheap-c": 0 });
  });

  it("an accepted stage is the answering expert, with its own cost", () => {
    const accepted: CascadeAudit = { ...cascade, accepted: "cheap-b", steps: cascade.steps.slice(0, 2) };
    const r = chatOutcome(decision("c3", { answeredBy: "cheap-b", costUsd: 0.003, cascade: accepted, text: { prompt: Q, response: "B) carbon dioxide" } }), 0.5)!;
    expect(r.outcomes["cheap-b"]).toEqual({ score: 0.5, costUsd: 0.002, response: "B) carbon dioxide" });
    expect(Object.keys(r.outcomes)).toEqual(["cheap-b"]); // A is left out: B scored only 0.5, so A might have been right
  });

  it("nothing to learn from: no text kept, a failed request, a dry run", () => {
    expect(chatOutcome(decision("n1", { text: undefined }), 1)).toBeNull();
    expect(chatOutcome(decision("n2", { outcome: "error", answeredBy: null }), 1)).toBeNull();
    expect(chatOutcome(decision("n3", { kind: "route" }), 1)).toBeNull();
  });
});

describe("exportChatOutcomes", () => {
  it("reads correctness feedback from the evidence log (the mean per request), and skips other dimensions, tasks and unknown ids", async () => {
    const store = await openSqliteStore(join(dir, "a.sqlite"));
    await store.recordDecision(decision("r1"));
    await store.recordDecision(decision("r2", { answeredBy: "small", chosen: "small" }));
    await store.recordDecision(decision("r3"));
    const fb = (ref: string, dimension: string, score: number, expert = "dear") => ({ expert, domain: "science", dimension, score, weight: 1, source: "feedback" as const, judge: "human", ref, key: `${ref}:${dimension}:${score}` });
    await store.recordEvidence([
      fb("r1", "correctness", 1), fb("r1", "correctness", 0.5), fb("r2", "correctness", 0, "small"), fb("r3", "safety", 1),
      fb("task-9", "correctness", 1), fb("gone", "correctness", 1),
      { expert: "dear", domain: "science", dimension: "correctness", score: 1, weight: 1, source: "judge", judge: "answered", ref: "r3", key: "j" },
    ]);
    const records = await exportChatOutcomes(store);
    expect(records.map((r) => [r.id, Object.entries(r.outcomes).map(([k, o]) => [k, o!.score])])).toEqual([
      ["r1", [["dear", 0.75]]],
      ["r2", [["small", 0]]],
    ]);
    // exportOutcomes adds them after the tasks' subtasks (none here).
    expect(await exportOutcomes(store)).toEqual(records);
    await store.close();
  });
});
