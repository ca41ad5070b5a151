// The cost estimator: prices the plan before any executor runs, from token forecasts and the routed experts' prices.
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { countTokens } from "gpt-tokenizer";
import { executorMessages, promptText } from "../../../agents/executor/prompt.js";
import { rankedOf, routeRole } from "../../../agents/model-call.js";
import { scopeOf } from "../../../agents/runtime.js";
import { SYNTHESIS_DOMAIN } from "../../../agents/synthesizer/schema.js";
import { eventKey, spentOf, type SubtaskMapUpdate } from "../../../agents/task.js";
import type { EstimateRecord } from "../../../src/store/tasks.js";
import type { Domain } from "../../../src/vocabulary.js";
import type { OrchestratorDeps } from "../context.js";
import type { OrchestratorStateType, OrchestratorUpdate } from "../state.js";
import { forecastOutput, HISTORY_LIMIT } from "./forecast.js";
import { assignmentOf, priceEstimate, type SynthesisForecast } from "./pricing.js";

/**
 * Per subtask: input tokens (gpt-tokenizer over its prompt, plus its dependencies' forecast outputs) and output
 * tokens (the domain's recorded history blended with the prior), priced at the routed executor's rates; plus the
 * overhead: what planning already spent, one judge per subtask, and the synthesis. The decision it records is
 * the gate's comparison: the p90 total against the cap (see budget-gate.ts). Emits and patches `estimate`.
 */
export function costEstimatorStep(deps: OrchestratorDeps) {
  return async (state: OrchestratorStateType, config: LangGraphRunnableConfig): Promise<OrchestratorUpdate> => {
    const { sink } = scopeOf(config);
    const plan = state.plan ?? [];
    const histories = new Map<Domain, number[]>();
    const history = async (d: Domain) => {
      if (!histories.has(d)) histories.set(d, await deps.store.outputTokenHistory(d, HISTORY_LIMIT));
      return histories.get(d)!;
    };

    const forecasts: SubtaskMapUpdate = {};
    const subtasks = { ...state.subtasks };
    for (const p of plan) {
      const base = countTokens(promptText(executorMessages({ instruction: p.instruction, expectedOutput: p.expectedOutput, dependencies: [] })));
      const forecast = { baseInputTokens: base, outputTokens: forecastOutput(await history(p.domain), p.domain, base) };
      forecasts[p.id] = { forecast };
      subtasks[p.id] = { ...subtasks[p.id]!, forecast };
    }
    let synthesis: SynthesisForecast | null = null;
    if (plan.length > 1) {
      const inputTokens = countTokens(state.input);
      const d = routeRole(deps, { role: "synthesizer", domain: SYNTHESIS_DOMAIN, prompt: state.input, prefs: state.preferences ?? {} });
      synthesis = { ranked: rankedOf(d), inputTokens, outputTokens: forecastOutput(await history(SYNTHESIS_DOMAIN), SYNTHESIS_DOMAIN, inputTokens) };
    }

    const priced = priceEstimate({
      catalog: deps.catalog, plan, subtasks, assigned: assignmentOf(plan, subtasks), synthesis,
      spentUsd: spentOf(state.ledger), budgetUsd: state.capUsd,
    });
    const within = priced.total.p90 <= state.capUsd;
    const estimate: EstimateRecord = { ...priced, decision: within ? "run" : state.requireApproval ? "await_approval" : "downgrade" };
    await sink.emit("estimate", { generation: state.generation, ...estimate }, eventKey("estimate", `g${state.generation}`));
    await sink.patch({ estimate });
    return { estimate, synthesis, subtasks: forecasts, costUsd: spentOf(state.ledger) };
  };
}
