// The gateway: one chat request → a routed (or named) expert, called with fallback, priced and audited.
import type { AIMessageChunk } from "@langchain/core/messages";
import type { Defaults } from "../config.js";
import { EoError, toEoError } from "../errors.js";
import type { Catalog } from "../experts/catalog.js";
import type { Expert } from "../experts/expert.js";
import { settledAttempt, withFallback, type Attempt, type LiveAttempt } from "../experts/fallback.js";
import { openStream, type OpenedStream } from "../experts/open-stream.js";
import { PROVIDERS } from "../experts/providers/registry.js";
import type { SecretEnv } from "../experts/providers/provider.js";
import type { Router } from "../routing/router.js";
import type { Store } from "../store/store.js";
import { clip, conversationText, decisionRecord, type Plan } from "./audit.js";
import { askStages, cascadeAudit, cascadeKnobs, cascadeReport, promptText, type JsonFormat, type LiveStages, type StageAnswer } from "./cascade.js";
import type { LiveAnswer } from "./live-judging.js";
import { plainMessages, toCallParams, toLangChainMessages, type ChatRequest } from "./request.js";
import { addUsage, ChunkWriter, completionBody, contentText, costUsd, finishReasonOf, usageOf, type FinishReason, type Usage } from "./response.js";

export const AUTO_MODEL = "eo/auto";


export interface GatewayDeps {
  catalog: Catalog;
  router: Router;
  store: Store;
  env: SecretEnv;
  defaults: Defaults;
  /** Keep the conversation and the answer as text in the audit record (`server.recordChatText`). */
  recordChatText?: boolean;
  /** Judges each delivered answer in the background (src/gateway/live-judging.ts); it must not delay the response. */
  judging?: { judge(a: LiveAnswer): unknown };
}

/** What a non-stream answer carries besides OpenAI's fields. */
export interface EoExtras {
  requestId: string;
  expert: string;
  reason: string;
  costUsd: number;
  candidates: unknown[];
  attempts: Attempt[];
  /** With `eo.cascade`: the stages asked and what the judge said. */
  cascade?: ReturnType<typeof cascadeReport>;
}

/** One SSE message of a streamed answer: an OpenAI chunk, or the error that ended the stream. */
export type StreamMessage = { data: unknown; event?: "error" };

/** The request's response_format when it asks for JSON (what the JSON judge checks). */
function jsonFormatOf(req: ChatRequest): JsonFormat | undefined {
  const f = req.response_format;
  return f?.type === "json_object" ? f : f?.type === "json_schema" ? { type: f.type, schema: f.json_schema.schema } : undefined;
}

/** The fallback candidates a cascade has not asked yet (a stage that already answered is not asked again). */
function unasked(candidates: Expert[], pre: LiveStages | null): Expert[] {
  return pre ? candidates.filter((c) => !pre.answers.has(c.id)) : candidates;
}

export class Gateway {
  constructor(private readonly deps: GatewayDeps) {}

  /** Who may answer, in order, and why: the router's ranking for `eo/auto`, else the named expert alone. */
  plan(req: ChatRequest, requestId: string): { plan: Plan; candidates: Expert[] } {
    const base = {
      requestId,
      createdAt: new Date().toISOString(),
      requestedModel: req.model,
      stream: req.stream === true,
      preferences: req.eo,
    };
    if (req.model !== AUTO_MODEL) {
      if (req.eo) throw new EoError("validation_failed", `eo preferences apply to model "${AUTO_MODEL}" only`, { param: "eo" });
      const expert = this.deps.catalog.require(req.model);
      return { plan: { ...base, reason: `requested directly as model "${expert.id}"` }, candidates: [expert] };
    }
    const decision = this.deps.router.route(
      { messages: plainMessages(req.messages), maxOutputTokens: req.max_completion_tokens ?? req.max_tokens ?? undefined, domain: req.eo?.domain },
      req.eo,
      // A cascade may ask any eligible expert cheaper than the chosen one.
      cascadeKnobs(req) ? { ranked: Infinity } : {},
    );
    if (!decision.expert) {
      throw new EoError("no_eligible_expert", `no expert fits this request: ${decision.explanation}`, {
        details: { candidates: decision.candidates },
      });
    }
    const candidates = decision.ranked.slice(0, this.deps.defaults.fallbacks).map((c) => this.deps.catalog.require(c.expert));
    return { plan: { ...base, decision, reason: decision.explanation }, candidates };
  }

  private fallbackOptions(signal?: AbortSignal) {
    return { attemptsPerExpert: this.deps.defaults.attemptsPerExpert, maxRetryAfterMs: this.deps.defaults.maxRetryAfterMs, signal };
  }

  /** What both answer shapes start from: the plan, the messages and parameters in LangChain's terms, a clock. */
  private begin(req: ChatRequest, requestId: string) {
    const t0 = performance.now();
    const { plan, candidates } = this.plan(req, requestId);
    return { t0, plan, candidates, messages: toLangChainMessages(req.messages), params: toCallParams(req), attempts: [] as Attempt[] };
  }

  /**
   * With `eo.cascade` on `eo/auto`: asks the cheaper stages (whole answers) before the routed expert, and
   * notes what the judge decided in the plan's reason. Null without a cascade or with nothing cheaper.
   */
  private async stages(req: ChatRequest, b: ReturnType<Gateway["begin"]>, signal?: AbortSignal): Promise<LiveStages | null> {
    const knobs = cascadeKnobs(req);
    if (!knobs || !b.plan.decision) return null;
    const s = await askStages(
      b.plan.decision,
      knobs,
      { plain: plainMessages(req.messages), messages: b.messages, params: b.params, limits: req.eo, format: jsonFormatOf(req) },
      { catalog: this.deps.catalog, env: this.deps.env, fallback: { ...this.fallbackOptions(signal), onAttempt: (a) => b.attempts.push(a) } },
    );
    if (s) b.plan.reason = `${b.plan.reason} Cascade: ${s.result.reason}.`;
    return s;
  }

  /** Records a request that no expert answered (what a cascade's stages cost is still counted), and returns the error to throw. */
  private async recordFailure(plan: Plan, t0: number, attempts: Attempt[], err: unknown, pre?: LiveStages | null): Promise<EoError> {
    const e = toEoError(err);
    const spent = { usage: pre?.usage ?? { inputTokens: 0, outputTokens: 0 }, costUsd: pre?.result.costUsd ?? 0 };
    await this.record(plan, t0, { attempts, answeredBy: null, ...spent, error: { code: e.code, message: e.message }, ...(pre ? { cascade: cascadeAudit(pre, null, "", false) } : {}) });
    return e;
  }

  private async record(plan: Plan, t0: number, end: Omit<Parameters<typeof decisionRecord>[1], "latencyMs">): Promise<void> {
    await this.deps.store.recordDecision(decisionRecord(plan, { ...end, latencyMs: performance.now() - t0 }));
  }

  /** What the audit record keeps of a delivered answer besides its cost: the text (if kept) and the cascade. */
  private texts(req: ChatRequest, pre: LiveStages | null, expert: string, response: string) {
    const withText = this.deps.recordChatText === true;
    const plain = plainMessages(req.messages);
    return {
      ...(withText ? { text: { prompt: conversationText(plain), response: clip(response) } } : {}),
      ...(pre ? { cascade: cascadeAudit(pre, { expert, text: response }, promptText(plain), withText) } : {}),
    };
  }

  /** Hands a delivered answer to the live judges, which run after the response (never awaited here). */
  private judgeLater(req: ChatRequest, plan: Plan, expert: string, response: string): void {
    void this.deps.judging?.judge({ requestId: plan.requestId, expert, domain: plan.decision?.domain, messages: plainMessages(req.messages), response, format: jsonFormatOf(req) });
  }

  /** A whole answer, as OpenAI's chat completion plus `eo` extras. Records the decision either way. */
  async complete(req: ChatRequest, requestId: string, signal?: AbortSignal) {
    const b = this.begin(req, requestId);
    const { t0, plan, candidates, messages, params, attempts } = b;
    let pre: LiveStages | null = null;
    try {
      pre = await this.stages(req, b, signal);
      let answer: { expert: Expert; value: AIMessageChunk };
      if (pre?.result.accepted) answer = { expert: pre.answers.get(pre.result.accepted)!.expert, value: pre.answers.get(pre.result.accepted)!.message };
      else {
        try {
          const r = await withFallback(
            unasked(candidates, pre),
            async (expert, live) => {
              const model = PROVIDERS[expert.provider].chatModel(expert, params, this.deps.env, live.signal);
              return (await model.invoke(messages, { signal: live.signal })) as AIMessageChunk;
            },
            { ...this.fallbackOptions(signal), onAttempt: (a) => attempts.push(a) },
          );
          r.live.done();
          answer = r;
        } catch (err) {
          if (!pre?.fallback || signal?.aborted) throw err;
          answer = this.fallBackToStage(plan, pre.fallback);
        }
      }
      const own = usageOf(answer.value) ?? { inputTokens: 0, outputTokens: 0 };
      const delivered = pre?.answers.get(answer.expert.id)?.message === answer.value;
      // Usage and cost cover every call made: the stages' and the answer's (counted once when a stage answered).
      const usage = delivered ? pre!.usage : addUsage(own, pre?.usage);
      const cost = (delivered ? 0 : costUsd(answer.expert, own)) + (pre?.result.costUsd ?? 0);
      const text = contentText(answer.value);
      await this.record(plan, t0, { attempts, answeredBy: answer.expert.id, usage, costUsd: cost, ...this.texts(req, pre, answer.expert.id, text) });
      this.judgeLater(req, plan, answer.expert.id, text);
      const eo: EoExtras = { requestId, expert: answer.expert.id, reason: plan.reason, costUsd: cost, candidates: plan.decision?.candidates ?? [], attempts, ...(pre ? { cascade: cascadeReport(pre) } : {}) };
      return { expert: answer.expert, body: { ...completionBody(`chatcmpl-${requestId}`, answer.expert, answer.value, usage, Math.floor(Date.now() / 1000)), eo } };
    } catch (err) {
      throw await this.recordFailure(plan, t0, attempts, err, pre);
    }
  }

  /** The routed expert and its fallbacks all failed after a cascade: deliver the best passing stage answer. */
  private fallBackToStage(plan: Plan, stage: StageAnswer): { expert: Expert; value: AIMessageChunk } {
    plan.reason = `${plan.reason} Every routed candidate failed, so ${stage.expert.id}'s passing answer.`;
    return { expert: stage.expert, value: stage.message };
  }

  /**
   * Opens a stream: falls back until an expert has produced its first chunk, so a fault before any byte
   * reaches the client is invisible to it. Returns the expert (for headers) and the messages to send.
   */
  async openStream(req: ChatRequest, requestId: string, signal?: AbortSignal) {
    const b = this.begin(req, requestId);
    const { t0, plan, candidates, messages, params, attempts } = b;
    let opened: { expert: Expert; live: LiveAttempt; value: OpenedStream };
    let pre: LiveStages | null = null;
    // A stage's whole answer is streamed as it is (a cascade judges whole answers before delivering one).
    let fromStage = false;
    const whole = (a: { expert: Expert; value: AIMessageChunk }) => {
      fromStage = true;
      return { expert: a.expert, live: settledAttempt(), value: { iter: [][Symbol.iterator]() as unknown as AsyncIterator<AIMessageChunk>, held: [a.value], ended: true } };
    };
    try {
      pre = await this.stages(req, b, signal);
      const accepted = pre?.result.accepted ? pre.answers.get(pre.result.accepted)! : undefined;
      if (accepted) opened = whole({ expert: accepted.expert, value: accepted.message });
      else {
        try {
          opened = await withFallback(
            unasked(candidates, pre),
            async (expert, live) => {
              // Commit to this expert only once it produced something the client would see.
              return openStream(PROVIDERS[expert.provider].chatModel(expert, params, this.deps.env, live.signal), messages, live.signal);
            },
            { ...this.fallbackOptions(signal), onAttempt: (a) => attempts.push(a) },
          );
        } catch (err) {
          if (!pre?.fallback || signal?.aborted) throw err;
          opened = whole(this.fallBackToStage(plan, pre.fallback));
        }
      }
    } catch (err) {
      throw await this.recordFailure(plan, t0, attempts, err, pre);
    }
    const { expert, live, value } = opened;
    const writer = new ChunkWriter(`chatcmpl-${requestId}`, expert.id, Math.floor(Date.now() / 1000));
    const includeUsage = req.stream_options?.include_usage === true;
    const self = this;

    async function* messagesOut(): AsyncGenerator<StreamMessage> {
      const usage: Usage = { inputTokens: 0, outputTokens: 0 };
      let finish: FinishReason | undefined;
      let error: EoError | undefined;
      let text = "";
      // Every call made: the stages' and the streamed answer's (counted once when a stage's answer is streamed).
      const total = () => (fromStage ? pre!.usage : addUsage(usage, pre?.usage));
      const take = (m: AIMessageChunk) => {
        text += contentText(m);
        const u = usageOf(m);
        if (u) {
          usage.inputTokens += u.inputTokens;
          usage.outputTokens += u.outputTokens;
        }
        finish = finishReasonOf(m) ?? finish;
        return writer.from(m);
      };
      try {
        yield { data: writer.role() };
        for (const m of value.held) for (const c of take(m)) yield { data: c };
        if (!value.ended) {
          for (let step = await value.iter.next(); !step.done; step = await value.iter.next()) {
            live.touch();
            for (const c of take(step.value as AIMessageChunk)) yield { data: c };
          }
        }
        yield { data: writer.finish(finish) };
        if (includeUsage) yield { data: writer.usage(total()) };
      } catch (err) {
        // Bytes were already sent: the stream ends with an error event, never a silent truncated 200.
        error = live.timedOut()
          ? new EoError("upstream_timeout", `${expert.id} stopped answering mid-stream`)
          : new EoError("upstream_failed", `${expert.id} failed mid-stream: ${(err as Error)?.message ?? String(err)}`);
        yield { event: "error", data: { error: { message: error.message, type: "server_error", code: error.code, param: null } } };
      } finally {
        live.done();
        if (!error && signal?.aborted) error = new EoError("bad_request", "the client went away mid-stream");
        if (error) live.abort();
        const cost = (fromStage ? 0 : costUsd(expert, usage)) + (pre?.result.costUsd ?? 0);
        const end = error ? { error: { code: error.code, message: error.message } } : self.texts(req, pre, expert.id, text);
        await self.record(plan, t0, { attempts, answeredBy: expert.id, usage: total(), costUsd: cost, ...end });
        if (!error) self.judgeLater(req, plan, expert.id, text);
      }
    }
    return { expert, plan, messages: messagesOut() };
  }
}
