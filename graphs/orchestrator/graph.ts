// The orchestrator graph: router → planner → cost-estimator → budget gate → executors → supervisor-judge → synthesizer.
/**
 * Wiring only: the thinking lives in agents/ and steps/, the routing between steps in edges.ts.
 *
 * ## The runner's protocol
 *
 * ```ts
 * const graph = compileOrchestrator(deps, checkpointer);              // once per process
 * const config = { configurable: { thread_id: task.id, ctx }, signal }; // ctx: TaskContext of this task
 *
 * let out = await graph.invoke(input, config);                        // start (input: OrchestratorInput)
 * let out = await graph.invoke(null, config);                         // resume after a crash (the thread has a checkpoint)
 * let out = await graph.invoke(new Command({ resume: { approved: true } }), config);  // approve a paused task
 * let out = await graph.invoke(new Command({ resume: { approved: false } }), config); // decline it
 * ```
 *
 * After each `invoke` returns, the runner decides with `const snap = await graph.getState(config)`:
 * 1. **Paused**: `snap.tasks.some((t) => t.interrupts.length > 0)` (also: `"__interrupt__" in out`). The graph
 *    has already patched status `awaiting_approval` and emitted its `status` event; the interrupt's value is an
 *    `ApprovalRequest` (`{ type: "approval", taskId, estimate, budgetUsd }`). The runner leaves the task
 *    waiting and resumes it with the `Command` above on `POST /v1/tasks/:id/approve` (only while paused: the
 *    same check). A paused task re-run with `invoke(null)` after a restart pauses again.
 * 2. **Ended with an error**: `out.error` is a `TaskFailure` `{ code, message, details? }`. `code` is
 *    `"cancelled"` when the user declined the estimate → status `cancelled`; any other code (`budget_exceeded`,
 *    `no_eligible_expert`, `upstream_failed`) → status `failed`. The runner patches `{ status, error: { code,
 *    message }, costUsd: out.costUsd }` and emits `task.failed` `{ error, costUsd }` (the graph never does).
 * 3. **Completed**: `out.result` is a string. The graph has already patched `result`, `costUsd` and status
 *    `completed`, and emitted `status` and `task.completed` `{ result, costUsd }`: nothing is left to write.
 * 4. **`invoke` threw**: when `signal` was aborted (cancel), status `cancelled`; otherwise status `failed` with
 *    `toEoError(err)` (an upstream that no candidate could answer throws `EoError` `upstream_failed` /
 *    `upstream_timeout`). `snap.values.costUsd` is the spend at the last finished step.
 *
 * `out.costUsd` is always what the task has spent so far (every model call, priced at the expert's rates).
 * Statuses the graph writes: `planning`, `running`, `awaiting_approval`, `completed`; the runner owns `queued`,
 * `failed` and `cancelled`. Every write goes through `ctx` (idempotent keyed events, absolute patches), so a
 * step re-run after a crash repeats nothing. A node passes `config.signal` to every model call: aborting it
 * aborts the upstream requests in flight. The compiled graph carries a recursion limit fitted to the limits.
 */
import { END, START, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import { executorNode } from "../../agents/executor/node.js";
import { plannerNode } from "../../agents/planner/node.js";
import { supervisorNode } from "../../agents/supervisor-judge/node.js";
import { synthesizerNode } from "../../agents/synthesizer/node.js";
import { DEFAULT_LIMITS, type OrchestratorDeps, type OrchestratorLimits } from "./context.js";
import { afterGate, afterPlanner, afterRouter, afterSupervisor, fanOut, NODE } from "./edges.js";
import { OrchestratorState } from "./state.js";
import { budgetGateStep } from "./steps/budget-gate.js";
import { costEstimatorStep } from "./steps/cost-estimator.js";
import { dispatchStep } from "./steps/dispatch.js";
import { routerStep } from "./steps/router.js";

export function limitsOf(deps: OrchestratorDeps): OrchestratorLimits {
  return { ...DEFAULT_LIMITS, ...deps.limits };
}

/** The uncompiled graph. */
export function buildOrchestrator(deps: OrchestratorDeps) {
  const limits = limitsOf(deps);
  return new StateGraph(OrchestratorState)
    .addNode(NODE.router, routerStep(deps))
    .addNode(NODE.planner, plannerNode(deps, limits))
    .addNode(NODE.estimator, costEstimatorStep(deps))
    .addNode(NODE.gate, budgetGateStep(deps))
    .addNode(NODE.dispatch, dispatchStep(deps))
    .addNode(NODE.executor, executorNode(deps)) // reached only by Send: its input is an ExecutorTask, not the state
    .addNode(NODE.supervisor, supervisorNode(deps, limits))
    .addNode(NODE.synthesizer, synthesizerNode(deps))
    .addEdge(START, NODE.router)
    .addConditionalEdges(NODE.router, afterRouter, [NODE.planner, NODE.estimator, END])
    .addConditionalEdges(NODE.planner, afterPlanner, [NODE.router, NODE.planner, END])
    .addEdge(NODE.estimator, NODE.gate)
    .addConditionalEdges(NODE.gate, afterGate, [NODE.dispatch, END])
    .addConditionalEdges(NODE.dispatch, fanOut, [NODE.executor, NODE.synthesizer, END])
    .addEdge(NODE.executor, NODE.supervisor)
    .addConditionalEdges(NODE.supervisor, afterSupervisor, [NODE.dispatch, NODE.router, NODE.synthesizer, END])
    .addEdge(NODE.synthesizer, END);
}

/**
 * Supersteps a task may take at most: planning with its repairs, then per plan generation the pricing and, per
 * attempt of every subtask, dispatch + executor + judge (a chain of subtasks is the worst case), and synthesis.
 */
export function recursionLimitFor(l: OrchestratorLimits): number {
  const planning = 2 + (l.maxPlanRepairs + 1);
  const perGeneration = planning + 2 + 3 * l.maxSubtasks * l.maxAttemptsPerSubtask;
  return perGeneration * (l.maxReplans + 1) + 2;
}

/** The compiled graph, checkpointed by `checkpointer`, threads keyed by task id. */
export function compileOrchestrator(deps: OrchestratorDeps, checkpointer: BaseCheckpointSaver) {
  return buildOrchestrator(deps).compile({ checkpointer }).withConfig({ recursionLimit: recursionLimitFor(limitsOf(deps)) });
}
