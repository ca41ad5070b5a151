// The scripting model of the fake upstreams: which models exist, how they answer, and which faults they inject.

/** A failure a fake model injects into one request (each request takes the next queued fault). */
export type Fault =
  /** 429 with a `Retry-After` header and the protocol's error body. */
  | { kind: "rate_limit"; retryAfterSeconds: number }
  /** 500 by default (or `status`), with the protocol's error body. */
  | { kind: "server_error"; status?: number }
  /** Accepts the request and never answers, until the client aborts or the server closes. */
  | { kind: "hang" }
  /** Stream: `afterChunks` content chunks, then the connection is destroyed (no `[DONE]` / `done` line).
   *  Non-stream: part of the JSON body, then the connection is destroyed. */
  | { kind: "cut_stream"; afterChunks: number }
  /** 200 whose body (non-stream) or one data/NDJSON line (stream) is not valid JSON. */
  | { kind: "malformed_json" };

/** A chat request as the fakes understood it, whatever the protocol. */
export interface FakeRequest {
  protocol: "openai" | "ollama";
  /** The endpoint asked, e.g. "/v1/chat/completions" or "/v1/responses" (both OpenAI APIs share `protocol`). */
  path?: string;
  model: string;
  stream: boolean;
  /** Content flattened to text (text parts joined; images and other parts dropped). */
  messages: { role: string; content: string }[];
  /** Requested JSON Schema (OpenAI `response_format` json_schema or Responses `text.format`, or an Ollama `format` object). */
  schema?: Record<string, unknown>;
  /** JSON mode without a schema (OpenAI `json_object`, Ollama `format: "json"`). */
  json?: boolean;
  tools?: { name: string; description?: string; parameters?: Record<string, unknown> }[];
  /** Forced function name, or "auto" / "required" / "none". */
  toolChoice?: string;
  /** True when `toolChoice` names a function (OpenAI then ends with finish_reason "stop", not "tool_calls"). */
  toolChoiceNamed?: boolean;
  maxTokens?: number;
  /** Stop sequences (OpenAI `stop`, Ollama `options.stop`): the reply ends before the first one. */
  stop?: string[];
  /** OpenAI `stream_options.include_usage`. */
  includeUsage?: boolean;
  /** The raw body as received. */
  body: unknown;
}

/** How one fake model behaves. */
export interface ModelScript {
  /** Fixed answer text. When a tool call is made, this string is used as the call's arguments (JSON text),
   *  so tests can send invalid arguments on purpose. Default: a deterministic simulated answer. */
  reply?: string | ((req: FakeRequest) => string);
  /** Delay before the first byte. */
  latencyMs?: number;
  /** Delay between streamed chunks. */
  chunkDelayMs?: number;
  /** Reported token counts; default: counted with gpt-tokenizer. */
  usage?: { promptTokens?: number; completionTokens?: number };
  /** Queue of faults: each request to this model takes the next one; when empty, it answers normally. */
  faults?: Fault[];
}

/** What a handler gets back for one request: the model's script (if known) and the fault to inject, if any. */
export interface Admission {
  script?: ModelScript;
  fault?: Fault;
}

/** Name that answers for any model not scripted by name (handy for a sandbox fleet of arbitrary models). */
export const ANY_MODEL = "*";

/**
 * The shared state behind the fake OpenAI and Ollama servers: scripted models, fault queues and a log
 * of every request received, so that tests can both steer the upstream and assert on what it saw.
 */
export class FakeUpstream {
  readonly requests: FakeRequest[] = [];
  readonly #models = new Map<string, ModelScript>();
  readonly #faults = new Map<string, Fault[]>();
  /** When the upstream came up; reported as the models' creation / modification time. */
  readonly createdAt = new Date();

  constructor(models: Record<string, ModelScript> = {}) {
    for (const [name, s] of Object.entries(models)) this.script(name, s);
  }

  /** Adds or replaces a model; its `faults` replace the model's fault queue. */
  script(model: string, s: ModelScript): void {
    const { faults = [], ...rest } = s;
    this.#models.set(model, rest);
    this.#faults.set(model, [...faults]);
  }

  /** Enqueues faults for the next requests to `model`. */
  fault(model: string, ...faults: Fault[]): void {
    const key = this.#faultKey(model);
    this.#faults.set(key, [...(this.#faults.get(key) ?? []), ...faults]);
  }

  /** Clears the request log and every fault queue (scripts stay). */
  reset(): void {
    this.requests.length = 0;
    for (const queue of this.#faults.values()) queue.length = 0;
  }

  /** Names of the scripted models (the wildcard excluded). */
  models(): string[] {
    return [...this.#models.keys()].filter((m) => m !== ANY_MODEL);
  }

  /**
   * The scripted name a requested model maps to. Ollama treats `llama3` and `llama3:latest` as one
   * model, so either spelling finds the other; the wildcard answers last.
   */
  resolve(model: string): string | undefined {
    const candidates = [model];
    if (model.endsWith(":latest")) candidates.push(model.slice(0, -":latest".length));
    else if (!model.includes(":")) candidates.push(`${model}:latest`);
    candidates.push(ANY_MODEL);
    return candidates.find((c) => this.#models.has(c));
  }

  /** Logs a request and hands out its model's script and next fault (for the protocol handlers). */
  admit(req: FakeRequest): Admission {
    this.requests.push(req);
    const name = this.resolve(req.model);
    if (name === undefined) return {};
    return { script: this.#models.get(name), fault: this.#faults.get(this.#faultKey(req.model))?.shift() };
  }

  /** Faults belong to the scripted model, except under the wildcard, where they stay with the name asked for. */
  #faultKey(model: string): string {
    const name = this.resolve(model);
    return name === undefined || name === ANY_MODEL ? model : name;
  }
}
