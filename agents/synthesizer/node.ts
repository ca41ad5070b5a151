// The synthesizer agent: the final answer from the accepted subtask outputs, and the task's completion.
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { Preferences } from "../../src/config.js";
import { promptText } from "../executor/prompt.js";
import { callModel, fallbackExperts, routeEvent, routeRole } from "../model-call.js";
import { scopeOf, withCostCap, type AgentDeps } from "../runtime.js";
import { eventKey, spentOf, type Ledger, type PlannedSubtask, type SubtaskMap, type TaskFailure } from "../task.js";
import { synthesizerMessages } from "./prompt.js";
import { SYNTHESIS_DOMAIN, type TaskCompleted } from "./schema.js";

export interface SynthesizerView {
  input: string;
  generation: number;
  preferences: Preferences | null;
  plan: PlannedSubtask[] | null;
  subtasks: SubtaskMap;
  ledger: Ledger;
  capUsd: number;
}

export interface SynthesizerUpdate {
  result?: string;
  costUsd: number;
  ledger?: Ledger;
  error?: TaskFailure;
}

/**
 * A one-step plan passes its accepted output through as the result, without a model call: rewriting one
 * answer costs money and adds nothing. Otherwise the synthesizer is routed as writing within what the budget
 * has left; when the budget leaves no expert, the task fails `budget_exceeded` rather than overspend.
 */
export function synthesizerNode(deps: AgentDeps) {
  return async (state: SynthesizerView, config: LangGraphRunnableConfig): Promise<SynthesizerUpdate> => {
    const { sink, signal } = scopeOf(config);
    const order = state.plan ?? [];
    const spent = spentOf(state.ledger);
    const parts = order.map((p) => ({ id: p.id, instruction: p.instruction, output: state.subtasks[p.id]?.output ?? "" }));
    let result: string;
    let ledger: Ledger = {};
    if (parts.length === 1) {
      result = parts[0]!.output;
    } else {
      const messages = synthesizerMessages(state.input, parts);
      const query = { role: "synthesizer" as const, domain: SYNTHESIS_DOMAIN, prompt: promptText(messages) };
      const remaining = state.capUsd - spent;
      const decision = routeRole(deps, { ...query, prefs: withCostCap(state.preferences, remaining) });
      await sink.emit("route", routeEvent("synthesizer", decision), eventKey("route", "synthesizer", `g${state.generation}`));
      if (!decision.expert) {
        const withoutCap = routeRole(deps, { ...query, prefs: state.preferences ?? {} });
        const code = withoutCap.expert ? "budget_exceeded" : "no_eligible_expert";
        const message = withoutCap.expert
          ? `the synthesis would cost about $${withoutCap.predicted!.costUsd.toFixed(6)} but only $${remaining.toFixed(6)} of the $${state.capUsd} budget is left`
          : `no expert can write the synthesis: ${decision.explanation}`;
        return { costUsd: spent, error: { code, message } };
      }
      const call = await callModel(deps, fallbackExperts(deps, decision.ranked), messages, {}, signal);
      result = call.text;
      ledger = { [eventKey("synthesizer", `g${state.generation}`)]: call.costUsd };
    }
    const costUsd = spent + spentOf(ledger);
    await sink.patch({ result, costUsd, status: "completed" });
    await sink.emit("status", { status: "completed" }, eventKey("status", "completed"));
    const done: TaskCompleted = { result, costUsd };
    await sink.emit("task.completed", done, "task.completed");
    return { result, costUsd, ledger };
  };
}
