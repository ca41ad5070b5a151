// One calibration item: ask the expert under test (directly, never routed), then judge its answer.
import { setMaxListeners } from "node:events";
import { HumanMessage } from "@langchain/core/messages";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { costOf } from "../../../src/experts/expert.js";
import { PROVIDERS } from "../../../src/experts/providers/registry.js";
import { usageOf } from "../../../src/gateway/response.js";
import type { CalibrationDeps } from "../context.js";
import type { ItemResult, ProbeInput } from "../state.js";
import { judgeAnswer } from "./judge-answer.js";

const textOf = (content: unknown): string =>
  typeof content === "string" ? content : Array.isArray(content) ? content.map((p) => (typeof p === "string" ? p : (p as { text?: string }).text ?? "")).join("") : "";

export function probeStep(deps: CalibrationDeps) {
  return async (p: ProbeInput, config?: LangGraphRunnableConfig): Promise<{ results: Record<string, ItemResult> }> => {
    const expert = deps.catalog.require(p.expertId, "expert");
    // One listener per item on the run's signal; the item's calls (the answer, the judges and their
    // retries) listen to this item's own signal, so parallel items do not pile listeners onto one.
    const item = new AbortController();
    setMaxListeners(32, item.signal);
    const onAbort = () => item.abort(config?.signal?.reason);
    config?.signal?.addEventListener("abort", onAbort, { once: true });
    const signal = item.signal;
    let result: ItemResult;
    try {
      const model = PROVIDERS[expert.provider].chatModel(expert, { temperature: 0, maxTokens: deps.maxOutputTokens ?? 800 }, deps.env, signal);
      const answer = await model.invoke([new HumanMessage(p.item.prompt)], { signal });
      const usage = usageOf(answer);
      const judged = await judgeAnswer(deps, expert, p.item, textOf(answer.content), signal);
      const costUsd = (usage ? costOf(expert, usage.inputTokens, usage.outputTokens) : 0) + judged.costUsd;
      result = { itemId: p.item.id, domain: p.item.domain, samples: judged.samples, costUsd };
    } catch (e) {
      if (signal.aborted) throw e;
      result = { itemId: p.item.id, domain: p.item.domain, samples: [], costUsd: 0, error: (e as Error)?.message ?? String(e) };
    } finally {
      config?.signal?.removeEventListener("abort", onAbort);
    }
    deps.emit({
      type: "calibration.item", runId: p.runId, expert: p.expertId, item: p.item.id, domain: p.item.domain,
      scores: Object.fromEntries(result.samples.map((s) => [`${s.judge}:${s.dimension}`, s.score])),
      ...(result.error ? { error: result.error } : {}),
    });
    return { results: { [p.item.id]: result } };
  };
}
