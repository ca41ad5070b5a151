// The supervisor-judge agent: judges every newly finished attempt and decides what happens to its subtask.
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { Preferences } from "../../src/config.js";
import type { VerdictRecord } from "../../src/store/tasks.js";
import { scopeOf, type AgentDeps } from "../runtime.js";
import {
  eventKey, mergeSubtasks, spentOf, subtaskRecords,
  type Ledger, type PlannedSubtask, type SubtaskMap, type SubtaskMapUpdate, type SubtaskState, type TaskFailure,
} from "../task.js";
import { attemptEvidence, recordEvidence } from "./evidence.js";
import { judgeAttempt } from "./judge.js";
import { decide } from "./policy.js";

export interface SupervisorView {
  taskId: string;
  generation: number;
  replans: number;
  preferences: Preferences | null;
  plan: PlannedSubtask[] | null;
  subtasks: SubtaskMap;
  ledger: Ledger;
  capUsd: number;
}

export interface SupervisorUpdate {
  subtasks: SubtaskMapUpdate;
  ledger: Ledger;
  costUsd: number;
  error?: TaskFailure;
  /** A re-plan: the next generation starts from the router with the feedback. */
  generation?: number;
  replans?: number;
  plan?: null;
  replanFeedback?: string;
  planTries?: number;
  planError?: null;
  planReply?: null;
}

export interface SupervisorLimits {
  maxAttemptsPerSubtask: number;
  maxReplans: number;
}

/**
 * Judges the attempts that finished in the last superstep in parallel (each judge gets an equal share of the
 * remaining budget), then applies the policy to each in plan order. Every verdict is a `verdict` event and is
 * appended to its subtask; a retry or an escalation is also a `route` event for the next attempt. Every measured
 * verdict is recorded as profile evidence for the expert that produced the attempt (keyed by attempt).
 */
export function supervisorNode(deps: AgentDeps, limits: SupervisorLimits) {
  return async (state: SupervisorView, config: LangGraphRunnableConfig): Promise<SupervisorUpdate> => {
    const scope = scopeOf(config);
    const { sink } = scope;
    const g = `g${state.generation}`;
    const order = state.plan ?? [];
    const reviewing = order.map((p) => state.subtasks[p.id]).filter((s): s is SubtaskState => s?.review === "pending" && s.lastAttempt !== null);
    const spent = spentOf(state.ledger);
    const share = (state.capUsd - spent) / Math.max(1, reviewing.length);
    const judgements = await Promise.all(
      reviewing.map((s) => judgeAttempt(deps, scope, { generation: state.generation, subtask: s, attempt: s.lastAttempt!, prefs: state.preferences, maxCostUsd: share })),
    );

    await recordEvidence(deps, reviewing.flatMap((s, i) => attemptEvidence({
      taskId: state.taskId, subtaskId: s.id, domain: s.domain, generation: state.generation, attempt: s.lastAttempt!, judgement: judgements[i]!,
    })));

    const ledger: Ledger = {};
    const updates: SubtaskMapUpdate = {};
    let replan: string | null = null;
    let failure: string | null = null;
    const left = () => state.capUsd - spent - spentOf(ledger);
    for (const [i, s] of reviewing.entries()) {
      const j = judgements[i]!;
      const last = s.lastAttempt!;
      ledger[eventKey("judge", g, s.id, `a${last.attempt}`)] = j.costUsd;
      const history = [...s.history, { ...last, score: j.score, usable: j.kind !== "fault" }];
      const choice = decide({
        judgement: j, history, ranked: s.ranked, attempts: s.attempts, maxAttempts: limits.maxAttemptsPerSubtask,
        replansLeft: limits.maxReplans - state.replans, affordable: (c) => c.costUsd <= left(),
      });
      const verdict: VerdictRecord = {
        judge: j.judge, score: j.score, pass: j.pass, attempt: last.attempt,
        action: choice.action === "fail" ? "give_up" : choice.action,
        reasons: choice.action === "accept" ? j.reasons : [...j.reasons, choice.reason],
      };
      await sink.emit("verdict", { subtaskId: s.id, generation: state.generation, expert: last.expert, ...verdict }, eventKey("verdict", g, s.id, `a${last.attempt}`));
      const base: Partial<SubtaskState> = { history, verdicts: [...s.verdicts, verdict], lastAttempt: null, review: "none" };
      switch (choice.action) {
        case "accept":
          updates[s.id] = { ...base, status: "completed", review: "accepted" };
          break;
        case "retry":
        case "escalate": {
          updates[s.id] = { ...base, status: "pending", assigned: choice.expert, assignedReason: choice.reason };
          const route = { role: "executor", subtaskId: s.id, expert: choice.expert, reason: choice.reason, candidates: s.ranked.slice(0, 5) };
          await sink.emit("route", route, eventKey("route", "executor", g, s.id, `a${s.attempts + 1}`));
          break;
        }
        case "give_up":
          updates[s.id] = { ...base, status: "completed", review: "accepted", output: choice.best.output, expert: choice.best.expert };
          break;
        case "replan":
          updates[s.id] = { ...base, status: "failed" };
          replan ??= `subtask ${s.id} ("${s.instruction}") could not be done: ${choice.reason}`;
          break;
        case "fail":
          updates[s.id] = { ...base, status: "failed" };
          failure ??= `subtask ${s.id} failed: ${choice.reason}`;
      }
    }
    const costUsd = spent + spentOf(ledger);
    await sink.patch({ subtasks: subtaskRecords(order, mergeSubtasks(state.subtasks, updates)), costUsd });
    const out = { subtasks: updates, ledger, costUsd };
    if (failure) return { ...out, error: { code: "upstream_failed", message: failure } };
    if (replan) {
      return { ...out, generation: state.generation + 1, replans: state.replans + 1, plan: null, replanFeedback: replan, planTries: 0, planError: null, planReply: null };
    }
    return out;
  };
}
