// Counters of the gateway's traffic, fed by each audit record, rendered as Prometheus text for GET /metrics.
import { predictorMethods } from "../store/predictor-records.js";
import { profileMethods, type CascadeAudit, type DecisionRecord, type Store } from "../store/store.js";

/** Latency buckets in seconds (Prometheus histogram `le` bounds). */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

type Key = string;
const key = (labels: Record<string, string>): Key =>
  Object.entries(labels)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`)
    .join(",");

export class GatewayMetrics {
  private readonly requests = new Map<Key, number>();
  private readonly attempts = new Map<Key, number>();
  private readonly cost = new Map<Key, number>();
  private readonly tokens = new Map<Key, number>();
  private readonly cascades = new Map<Key, number>();
  private readonly stages = new Map<Key, number>();
  private readonly cascadeSpend = new Map<Key, number>();
  private readonly buckets = new Array<number>(BUCKETS.length).fill(0);
  private latencyCount = 0;
  private latencySum = 0;

  private static add(m: Map<Key, number>, k: Key, v: number) {
    m.set(k, (m.get(k) ?? 0) + v);
  }

  /** Counts one finished request. */
  observe(d: DecisionRecord): void {
    const expert = d.answeredBy ?? "none";
    GatewayMetrics.add(this.requests, key({ kind: d.kind, model: d.requestedModel === "eo/auto" ? "eo/auto" : "direct", expert, outcome: d.outcome }), 1);
    for (const a of d.attempts) GatewayMetrics.add(this.attempts, key({ expert: a.expert, outcome: a.outcome }), 1);
    // A request nobody answered may still have cost something (a cascade's stages): it counts under expert "none".
    if (d.answeredBy || d.costUsd > 0) {
      GatewayMetrics.add(this.cost, key({ expert }), d.costUsd);
      GatewayMetrics.add(this.tokens, key({ expert, direction: "input" }), d.inputTokens);
      GatewayMetrics.add(this.tokens, key({ expert, direction: "output" }), d.outputTokens);
    }
    if (d.cascade) this.observeCascade(d.cascade, d.answeredBy);
    if (d.kind === "chat") {
      const s = d.latencyMs / 1000;
      this.latencyCount++;
      this.latencySum += s;
      BUCKETS.forEach((b, i) => {
        if (s <= b) this.buckets[i]!++;
      });
    }
  }

  /** How a cascade ended (a cheaper stage's answer was enough, or the target answered, or nobody), and its stages' verdicts. */
  private observeCascade(c: CascadeAudit, answeredBy: string | null): void {
    const ended = c.accepted ? "stage" : answeredBy === c.target ? "target" : "other";
    GatewayMetrics.add(this.cascades, key({ ended }), 1);
    for (const s of c.steps) {
      GatewayMetrics.add(this.stages, key({ expert: s.expert, pass: String(s.pass) }), 1);
      GatewayMetrics.add(this.cascadeSpend, key({ expert: s.expert }), s.costUsd);
    }
  }

  /** The same store, counting every decision it records (chat answers and /v1/route dry runs alike). */
  counting(store: Store): Store {
    // Explicit delegation: a method added to Store later fails to compile here until it is passed on.
    return {
      init: () => store.init(),
      recordDecision: async (d) => {
        await store.recordDecision(d);
        this.observe(d);
      },
      getDecision: (id) => store.getDecision(id),
      listDecisions: (opts) => store.listDecisions(opts),
      createTask: (t) => store.createTask(t),
      getTask: (id) => store.getTask(id),
      listTasks: (opts) => store.listTasks(opts),
      updateTask: (id, patch) => store.updateTask(id, patch),
      appendEvent: (taskId, type, data, key) => store.appendEvent(taskId, type, data, key),
      listEvents: (taskId, afterSeq, limit) => store.listEvents(taskId, afterSeq, limit),
      unfinishedTasks: () => store.unfinishedTasks(),
      outputTokenHistory: (domain, limit) => store.outputTokenHistory(domain, limit),
      recordOutputTokens: (domain, n, key) => store.recordOutputTokens(domain, n, key),
      close: () => store.close(),
      ...profileMethods(store),
      ...predictorMethods(store),
    };
  }

  /** The Prometheus text exposition format (version 0.0.4). */
  render(): string {
    const out: string[] = [];
    const family = (name: string, type: string, help: string, m: Map<Key, number>) => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [k, v] of m) out.push(`${name}{${k}} ${v}`);
    };
    family("eo_requests_total", "counter", "Requests by kind, requested model (eo/auto or direct), answering expert and outcome.", this.requests);
    family("eo_attempts_total", "counter", "Calls to experts by outcome (ok, rate_limited, server_error, timeout, declined, ...).", this.attempts);
    family("eo_cost_usd_total", "counter", "Spend in USD by answering expert.", this.cost);
    family("eo_tokens_total", "counter", "Tokens by answering expert and direction.", this.tokens);
    family("eo_cascade_requests_total", "counter", "Requests with eo.cascade by how they ended: a cheaper stage's answer (stage), the routed target's (target), or another's (other: a fallback, or none).", this.cascades);
    family("eo_cascade_stage_answers_total", "counter", "Answers of cascade stages (cheaper experts asked before the target) by expert and whether the judge passed them.", this.stages);
    family("eo_cascade_stage_cost_usd_total", "counter", "Spend in USD on cascade stages, by expert (part of eo_cost_usd_total, which counts a request's whole cost under the expert that answered).", this.cascadeSpend);
    out.push("# HELP eo_request_duration_seconds Time from request to the last byte of the answer.", "# TYPE eo_request_duration_seconds histogram");
    BUCKETS.forEach((b, i) => out.push(`eo_request_duration_seconds_bucket{le="${b}"} ${this.buckets[i]}`));
    out.push(`eo_request_duration_seconds_bucket{le="+Inf"} ${this.latencyCount}`);
    out.push(`eo_request_duration_seconds_sum ${this.latencySum}`, `eo_request_duration_seconds_count ${this.latencyCount}`);
    return `${out.join("\n")}\n`;
  }
}
