// Learning from traffic: judged subtasks recorded in a real SQLite store come out as outcome records, and retrain the router.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { exportOutcomes } from "../../src/bench/export-outcomes.js";
import { formatOutcomesJsonl, parseOutcomesJsonl } from "../../src/bench/outcomes.js";
import { trainPredictor } from "../../src/routing/predictor/train.js";
import { openSqliteStore } from "../../src/store/sqlite.js";
import type { Store } from "../../src/store/store.js";

const dir = mkdtempSync(join(tmpdir(), "eo-export-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const plan = [
  { id: "s1", instruction: "Write a python function that sorts a list", domain: "code", dependsOn: [] },
  { id: "s2", instruction: "What is 2 + 2?", domain: "arithmetic", dependsOn: [] },
];

/** One task as the orchestrator records it: plan, attempts (subtask.completed) and the supervisor-judge's verdicts. */
async function recordTask(store: Store, id: string, status: "completed" | "running") {
  await store.createTask({ id, input: "sort and add", budgetUsd: 1, requireApproval: false, preferences: null });
  await store.appendEvent(id, "plan", { generation: 0, expert: "planner", tries: 1, subtasks: plan }, "plan:g0");
  const attempt = async (subtaskId: string, n: number, expert: string | null, output: string | null, costUsd: number, score?: number) => {
    await store.appendEvent(id, "subtask.completed", { subtaskId, generation: 0, attempt: n, expert, output, costUsd }, `done:${subtaskId}:${n}`);
    if (score !== undefined) {
      await store.appendEvent(id, "verdict", { subtaskId, generation: 0, expert, judge: "panel", score, pass: score > 0.5, attempt: n, action: "accept", reasons: [] }, `verdict:${subtaskId}:${n}`);
    }
  };
  await attempt("s1", 1, "mini", "def sort(x): return x", 0.0004, 0.2); // rejected, escalated
  await attempt("s1", 2, "large", "def sort(x):\n    return sorted(x)", 0.006, 0.9);
  await attempt("s2", 1, null, null, 0, 0); // no expert answered: nothing to learn
  await attempt("s2", 2, "calculator", "4", 0, 1);
  await attempt("s2", 3, "mini", "4", 0.0001); // never judged
  await store.updateTask(id, { status, plan: { subtasks: plan } });
}

describe("exportOutcomes", () => {
  it("writes each judged subtask of completed tasks once, with one outcome per expert that attempted it", async () => {
    const store = await openSqliteStore(join(dir, "a.sqlite"));
    await recordTask(store, "t-done", "completed");
    await recordTask(store, "t-running", "running");
    const records = await exportOutcomes(store);
    await store.close();
    expect(records).toEqual([
      {
        id: "t-done:g0:s1", prompt: plan[0]!.instruction, domain: "code", task: "traffic",
        outcomes: { mini: { score: 0.2, costUsd: 0.0004, response: "def sort(x): return x" }, large: { score: 0.9, costUsd: 0.006, response: "def sort(x):\n    return sorted(x)" } },
      },
      { id: "t-done:g0:s2", prompt: "What is 2 + 2?", domain: "arithmetic", task: "traffic", outcomes: { calculator: { score: 1, costUsd: 0, response: "4" } } },
    ]);
    // The same format as any outcome file: it parses back, and the router retrains on it.
    expect(parseOutcomesJsonl(formatOutcomesJsonl(records))).toEqual(records);
    const artifact = trainPredictor(records, { folds: 0, l2Grid: [] });
    expect(artifact.experts.map((e) => e.name).sort()).toEqual(["calculator", "large", "mini"]);
  });

  it("eo export outcomes writes the JSONL of EO_DATA_DIR's store", async () => {
    const dataDir = join(dir, "data");
    mkdirSync(dataDir);
    const store = await openSqliteStore(join(dataDir, "eo.sqlite"));
    await recordTask(store, "t-cli", "completed");
    await store.close();
    const out = join(dir, "out.jsonl");
    const stdout = execFileSync(process.execPath, ["--import", "tsx", "src/cli.ts", "export", "outcomes", "--out", out], {
      env: { ...process.env, EO_DATA_DIR: dataDir, EO_DATABASE_URL: "" }, encoding: "utf8",
    });
    expect(stdout).toMatch(/wrote 2 prompts with 3 outcomes/);
    expect(parseOutcomesJsonl(readFileSync(out, "utf8")).map((r) => r.id)).toEqual(["t-cli:g0:s1", "t-cli:g0:s2"]);
  });
});
