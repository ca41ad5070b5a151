// The budget gate: run the plan as estimated, downgrade it to fit, pause for the user's approval, or refuse it.
import { interrupt, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { scopeOf } from "../../../agents/runtime.js";
import { eventKey, spentOf, subtaskRecords, type SubtaskMapUpdate } from "../../../agents/task.js";
import type { EstimateRecord } from "../../../src/store/tasks.js";
import type { OrchestratorDeps } from "../context.js";
import type { OrchestratorStateType, OrchestratorUpdate } from "../state.js";
import { downgrade } from "./downgrade.js";
import { assignmentOf } from "./pricing.js";

/** What the runner resumes a paused task with. */
export interface ApprovalAnswer {
  approved: boolean;
}

/** What the interrupt shows while the task waits: enough for a client to decide. */
export interface ApprovalRequest {
  type: "approval";
  taskId: string;
  estimate: EstimateRecord;
  budgetUsd: number;
}

const usd = (x: number) => `$${x.toFixed(6)}`;

/**
 * The comparison is the p90 total against the cap (the budget): a plan that runs should fit its budget nine
 * times in ten, and the per-call guard (dispatch.ts) stops the tenth before it overspends.
 * - within: run.
 * - over, `requireApproval`: status `awaiting_approval` and a LangGraph interrupt; resumed with
 *   `{ approved: true }` the cap becomes the approved p90 total (the user accepted that figure), with
 *   `{ approved: false }` the task ends `cancelled`. On resume the node runs again from the top: its patch is
 *   absolute and its events are keyed, so the repeat is harmless.
 * - over, no approval: downgrade (downgrade.ts) to the quality floor (preferences.minQuality, else
 *   defaults.minQuality); when even that is over, the task fails `budget_exceeded` with the numbers.
 */
export function budgetGateStep(deps: OrchestratorDeps) {
  return async (state: OrchestratorStateType, config: LangGraphRunnableConfig): Promise<OrchestratorUpdate> => {
    const { sink } = scopeOf(config);
    const est = state.estimate!;
    const g = `g${state.generation}`;
    const cap = state.capUsd;
    if (est.decision === "run") return {};

    if (est.decision === "await_approval") {
      await sink.patch({ status: "awaiting_approval" });
      await sink.emit("status", { status: "awaiting_approval", generation: state.generation, estimate: est.total, budgetUsd: cap }, eventKey("status", "awaiting_approval", g));
      const request: ApprovalRequest = { type: "approval", taskId: state.taskId, estimate: est, budgetUsd: cap };
      const answer = interrupt<ApprovalRequest, ApprovalAnswer | undefined>(request);
      if (answer?.approved === true) return { capUsd: Math.max(cap, est.total.p90) };
      return { error: { code: "cancelled", message: `the user declined the estimate (p90 ${usd(est.total.p90)} over the budget ${usd(cap)})` } };
    }

    const plan = state.plan ?? [];
    const floor = state.preferences?.minQuality ?? deps.defaults.minQuality;
    const r = downgrade({
      catalog: deps.catalog, plan, subtasks: state.subtasks, assigned: assignmentOf(plan, state.subtasks),
      synthesis: state.synthesis, spentUsd: spentOf(state.ledger), budgetUsd: cap,
    }, floor, cap);
    if (!r.ok) {
      const estimate: EstimateRecord = { ...r.priced, decision: "over_budget" };
      await sink.emit("estimate", { generation: state.generation, ...estimate }, eventKey("estimate", g, "downgraded"));
      await sink.patch({ estimate });
      const message =
        `the task is estimated at ${usd(est.total.p50)} (p50) / ${usd(est.total.p90)} (p90), over the budget ${usd(cap)}; ` +
        `the cheapest plan with experts of quality ≥ ${floor} is still ${usd(r.priced.total.p90)} (p90), ` +
        `of which ${usd(spentOf(state.ledger))} is already spent on planning`;
      return { estimate, error: { code: "budget_exceeded", message, details: { estimate: est.total, cheapest: r.priced.total, budgetUsd: cap, minQuality: floor } } };
    }
    const estimate: EstimateRecord = { ...r.priced, decision: "downgrade", downgrades: r.downgrades };
    const updates: SubtaskMapUpdate = {};
    for (const d of r.downgrades) {
      const reason = `downgraded from ${d.from} to ${d.to} to fit the budget ${usd(cap)} (quality floor ${floor})`;
      updates[d.id] = { assigned: d.to, assignedReason: reason };
      const candidates = state.subtasks[d.id]?.ranked.slice(0, 5) ?? [];
      await sink.emit("route", { role: "executor", subtaskId: d.id, expert: d.to, reason, candidates }, eventKey("route", "executor", g, d.id, "downgraded"));
    }
    await sink.emit("estimate", { generation: state.generation, ...estimate }, eventKey("estimate", g, "downgraded"));
    const subtasks = Object.fromEntries(Object.entries(state.subtasks).map(([id, s]) => [id, { ...s, ...updates[id] }]));
    await sink.patch({ estimate, subtasks: subtaskRecords(plan, subtasks) });
    return { estimate, subtasks: updates };
  };
}
