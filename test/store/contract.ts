// The shared Store contract: every store backend runs these same tests (decisions here, tasks and events in contract-tasks.ts).
import { describe, expect, it } from "vitest";
import type { DecisionRecord, Store } from "../../src/store/store.js";
import { predictorContract } from "./contract-predictors.js";
import { profileContract } from "./contract-profiles.js";
import { taskContract } from "./contract-tasks.js";

export function decision(over: Partial<DecisionRecord> = {}): DecisionRecord {
  return {
    requestId: over.requestId ?? crypto.randomUUID(),
    kind: "chat", createdAt: new Date().toISOString(), requestedModel: "eo/auto", stream: false,
    domain: "code", strategy: "cost-aware", preferences: { localOnly: true },
    candidates: [{ expert: "coder", score: 0.8, quality: 0.8, costUsd: 0 }], chosen: "coder", reason: "because",
    attempts: [{ expert: "coder", attempt: 1, startedAt: new Date().toISOString(), latencyMs: 12.5, outcome: "ok" }],
    answeredBy: "coder", inputTokens: 10, outputTokens: 20, costUsd: 0, latencyMs: 15, outcome: "ok", error: null,
    ...over,
  };
}

export function storeContract(name: string, open: () => Promise<Store>) {
  describe(`store contract: ${name}`, () => {
    it("records a decision and reads it back whole", async () => {
      const s = await open();
      const d = decision({ error: null, preferences: { weights: { safety: 2 } } });
      await s.recordDecision(d);
      expect(await s.getDecision(d.requestId)).toEqual(d);
      expect(await s.getDecision("missing")).toBeNull();
      await s.close();
    });

    it("init is idempotent and a re-record replaces, never duplicates", async () => {
      const s = await open();
      await s.init();
      const d = decision();
      await s.recordDecision(d);
      await s.recordDecision({ ...d, outcome: "error", error: { code: "upstream_failed", message: "x" } });
      const got = await s.getDecision(d.requestId);
      expect(got?.outcome).toBe("error");
      expect((await s.listDecisions({ limit: 500 })).filter((x) => x.requestId === d.requestId)).toHaveLength(1);
      await s.close();
    });

    it("lists newest first and pages with before", async () => {
      const s = await open();
      const base = Date.parse("2030-01-01T00:00:00Z");
      const ds = [0, 1, 2, 3].map((i) => decision({ requestId: `page-${i}-${crypto.randomUUID()}`, createdAt: new Date(base + i * 1000).toISOString() }));
      for (const d of ds) await s.recordDecision(d);
      const first = await s.listDecisions({ limit: 2 });
      expect(first.map((d) => d.requestId)).toEqual([ds[3]!.requestId, ds[2]!.requestId]);
      const next = await s.listDecisions({ limit: 2, before: first[1]!.createdAt });
      expect(next.map((d) => d.requestId)).toEqual([ds[1]!.requestId, ds[0]!.requestId]);
      await s.close();
    });

    taskContract(open, decision);
    profileContract(open);
    predictorContract(open);
  });
}
