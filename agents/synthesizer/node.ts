// The synthesizer agent: the final answer from the accepted subtask outputs, and the task's completion.
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { Preferences } from "../../src/config.js";
import { promptText } from "../executor/prompt.js";
import { budgetFailureOf, callModel, fallbackExperts, routeEvent, routeWithinBudget } from "../model-call.js";
import { callCap, scopeOf, type AgentDeps } from "../runtime.js";
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
 * has left, and that is its call's hard cap; when the budget leaves no expert, the task fails `budget_exceeded`
 * rather than overspend.
 */
export function synthesizerNode(deps: AgentDeps) {
  return async (state: SynthesizerView, config: LangGraphRunnableConfig): Promise<SynthesizerUpdate> => {
    const { sink, signal } = scopeOf(config);
    const order = state.plan ?? [];
    const spent = spentOf(state.ledger);
    const parts = order.map((p) => ({ id: p.id, instruction: p.instruction, output: state.subtasks[p.id]?.output ?? "" }));
    let result: string;
    let answeredBy: string | null = null;
    let ledger: Ledger = {};
    if (parts.length === 1) {
      result = parts[0]!.output;
    } else {
      const messages = synthesizerMessages(state.input, parts);
      const query = { role: "synthesizer" as const, domain: SYNTHESIS_DOMAIN, prompt: promptText(messages) };
      const remaining = state.capUsd - spent;
      const { decision, failure } = routeWithinBudget(deps, query, state.preferences, { remainingUsd: remaining, capUsd: state.capUsd, what: "the synthesis" });
      await sink.emit("route", routeEvent("synthesizer", decision), eventKey("route", "synthesizer", `g${state.generation}`));
      if (failure) return { costUsd: spent, error: failure };
      let call;
      try {
        call = await callModel(deps, fallbackExperts(deps, decision.ranked), messages, {}, { capUsd: callCap(state.preferences, remaining), signal });
      } catch (err) {
        // No candidate can write anything within what is left: fail rather than overspend.
        const overBudget = budgetFailureOf(err);
        if (overBudget) return { costUsd: spent, error: overBudget };
        throw err;
      }
      result = call.text;
      answeredBy = call.expert.id;
      ledger = { [eventKey("synthesizer", `g${state.generation}`)]: call.costUsd };
    }
    const costUsd = spent + spentOf(ledger);
    await sink.patch({ result, costUsd, status: "completed" });
    await sink.emit("status", { status: "completed" }, eventKey("status", "completed"));
    const done: TaskCompleted = { result, costUsd, answeredBy };
    await sink.emit("task.completed", done, "task.completed");
    return { result, costUsd, ledger };
  };
}
