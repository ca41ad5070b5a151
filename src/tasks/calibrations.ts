// Runs calibrations: registers experts at run time, runs the calibration graph on them, keeps their progress events.
import { z } from "zod";
import type { CalibrationEvent } from "../../graphs/calibration/context.js";
import type { CalibrationGraph } from "../../graphs/calibration/graph.js";
import type { ItemResult } from "../../graphs/calibration/state.js";
import type { Suite } from "../../graphs/calibration/suite.js";
import { ExpertConfigSchema, formatPath, type ExpertConfig } from "../config.js";
import { EoError } from "../errors.js";
import { resolveExpert, type Catalog } from "../experts/catalog.js";
import type { Expert } from "../experts/expert.js";
import type { ProfileLearner } from "../routing/profile-learner.js";
import type { ProfileBook } from "../routing/profiles.js";
import type { Router } from "../routing/router.js";
import type { RegisteredExpert } from "../store/profile-records.js";
import type { Store } from "../store/store.js";

export interface CalibrationSummary {
  runId: string;
  expert: string;
  status: "completed" | "failed";
  items: number;
  failedItems: number;
  recorded: number;
  costUsd: number;
  /** Mean score per domain and dimension over the run's samples. */
  domains: Record<string, Record<string, number>>;
  message?: string;
}

/** A run's event as kept and streamed: numbered from 1 in the order it was said. */
export type NumberedEvent = CalibrationEvent & { seq: number };

/**
 * Where calibrations run when not in this process (on Workers, one Durable Object per expert: a request's isolate
 * cannot own a run). Absent: they run here.
 */
export interface CalibrationControl {
  /**
   * Starts run `runId` of the expert, or leaves the one already running (one at a time per expert, and starting a
   * run id again is a no-op); resolves with the id of the run that goes on, once accepted (not when it ends).
   */
  start(expertId: string, runId: string): Promise<string>;
  /** Serves the expert's latest run's events as SSE from where it runs, given the client's request (Last-Event-ID and all). */
  events(expertId: string, request: Request): Promise<Response>;
}

/** A run's events, for replay and live streaming. */
interface RunLog {
  expert: string;
  events: NumberedEvent[];
  listeners: Set<() => void>;
  done: boolean;
}

const UNCALIBRATED = "registered at run time: calibration not finished, so it serves no routed traffic yet";
/** Finished runs whose events are kept in memory (runs still going are always kept). */
const KEEP_RUNS = 100;

export class Calibrator {
  private readonly runs = new Map<string, RunLog>();
  private readonly latest = new Map<string, string>();
  private readonly active = new Map<string, Promise<CalibrationSummary>>();
  /** Ids whose registration is being stored (not in the catalog yet). */
  private readonly registering = new Set<string>();
  /** Experts that joined the catalog through a registration (on this replica or read from the store). */
  private readonly registered = new Set<string>();
  /** Stored registrations that no longer resolve (reported once). */
  private readonly unresolvable = new Set<string>();
  /** Calibrating registrations whose run this replica has handed to `control` (once each). */
  private readonly handedOver = new Set<string>();
  private readonly observers = new Set<(e: NumberedEvent) => void>();

  constructor(
    private readonly deps: {
      store: Store; catalog: Catalog; router: Router; book: ProfileBook; learner: ProfileLearner;
      /** The suite, read at the first calibration (a suite naming an unknown judge fails that run, not start-up). */
      suite: () => Suite;
      /** Built over this calibrator's `emit`. */
      graph: () => CalibrationGraph;
      maxConcurrency?: number;
      control?: CalibrationControl;
    },
  ) {}

  /** Where the graph's steps send progress: numbered and kept per run. */
  emit = (e: CalibrationEvent): void => {
    const log = this.runs.get(e.runId);
    if (!log || log.done) return;
    // A run cut and run again under its id (its Durable Object restarted) says again what it had said: said once.
    const item = e.type === "calibration.item" ? e.item : undefined;
    if (log.events.some((x) => x.type === e.type && (x.type !== "calibration.item" || x.item === item))) return;
    const done = log.events.filter((x) => x.type === "calibration.item").length + (e.type === "calibration.item" ? 1 : 0);
    const event = e.type === "calibration.item" ? { ...e, done, total: this.deps.suite().items.length } : e;
    const numbered = { ...event, seq: log.events.length + 1 };
    log.events.push(numbered);
    if (e.type === "calibration.completed" || e.type === "calibration.failed") log.done = true;
    for (const o of this.observers) o(numbered);
    for (const l of log.listeners) l();
  };

  /**
   * Registers an expert (its config entry as in eo.config.json): it joins the catalog and the profiles at once,
   * blocked from routed traffic until its calibration has filled its profile. Throws `conflict` for a taken id.
   */
  async register(cfg: ExpertConfig): Promise<{ registered: RegisteredExpert; runId: string }> {
    // The id is claimed before the first await: two registrations racing each other cannot both pass this check.
    if (this.deps.catalog.get(cfg.id) || this.registering.has(cfg.id)) throw new EoError("conflict", `id: an expert "${cfg.id}" already exists`, { param: "id" });
    const expert = resolveExpert(cfg, 0);
    const now = new Date().toISOString();
    const runId = `cal-${crypto.randomUUID()}`;
    const registered: RegisteredExpert = { id: cfg.id, config: cfg, status: "calibrating", calibrationId: runId, calibratedAt: null, error: null, createdAt: now, updatedAt: now };
    this.registering.add(cfg.id);
    try {
      await this.deps.store.saveRegisteredExpert(registered);
      this.join(expert);
    } finally {
      this.registering.delete(cfg.id);
    }
    if (!this.deps.control) {
      this.start(cfg.id, runId);
      return { registered, runId };
    }
    try {
      return { registered, runId: await this.handOver(cfg.id, runId) };
    } catch (e) {
      // Registered but never started: say so, rather than leave it "calibrating" for ever (calibrate starts one again).
      const message = `the calibration could not be started: ${(e as Error)?.message ?? String(e)}`;
      await this.saveStatus(cfg.id, runId, { runId, expert: cfg.id, status: "failed", items: 0, failedItems: 0, recorded: 0, costUsd: 0, domains: {}, message }).catch(() => {});
      throw e;
    }
  }

  /** Starts a calibration wherever calibrations run (`control`, else here), for the HTTP API; resolves with its run id. */
  async startRun(expertId: string): Promise<string> {
    if (!this.deps.control) return this.calibrate(expertId).runId;
    this.deps.catalog.require(expertId, "expert");
    return this.handOver(expertId, `cal-${crypto.randomUUID()}`);
  }

  /** The expert's latest run's events, served where it runs; null when runs are in this process (see `events`). */
  remoteEvents(expertId: string, request: Request): Promise<Response> | null {
    return this.deps.control ? this.deps.control.events(expertId, request) : null;
  }

  /**
   * Runs `runId` in this process, whatever `control` says (a Durable Object running the run it was handed), or joins
   * the expert's run going on here. A log already held for that id (`hold`) is continued, not restarted.
   */
  runHere(expertId: string, runId: string): Promise<CalibrationSummary> {
    return this.active.get(expertId) ?? this.start(expertId, runId);
  }

  /** Takes up the events a run had said before this process (a restarted Durable Object): it is the expert's latest. */
  hold(expertId: string, runId: string, events: NumberedEvent[]): void {
    const done = events.some((e) => e.type === "calibration.completed" || e.type === "calibration.failed");
    this.runs.set(runId, { expert: expertId, events: [...events], listeners: new Set(), done });
    this.latest.set(expertId, runId);
  }

  /** Calls `fn` with every event any run says here, numbered (a Durable Object keeps them); returns how to stop. */
  observe(fn: (e: NumberedEvent) => void): () => void {
    this.observers.add(fn);
    return () => this.observers.delete(fn);
  }

  /** Starts a calibration of any expert (configured or registered); one at a time per expert. */
  calibrate(expertId: string): { runId: string; done: Promise<CalibrationSummary> } {
    this.deps.catalog.require(expertId, "expert");
    if (this.deps.control) throw new EoError("internal", "calibrations run elsewhere here (control): use startRun");
    const running = this.active.get(expertId);
    if (running) return { runId: this.latest.get(expertId)!, done: running };
    const runId = `cal-${crypto.randomUUID()}`;
    return { runId, done: this.start(expertId, runId) };
  }

  /**
   * At start-up, and then every few seconds to follow other replicas sharing the store: registered experts (re)join
   * the catalog; ready ones serve (a calibration finished on another replica lifts its block here); unfinished
   * calibrations run again when `resume` is true (start-up only). Experts whose calibration runs or registers on this
   * replica are left to it. A stored entry that no longer validates or resolves (a vocabulary or the price library
   * changed since) stays out of the catalog and is reported to `onError`, once: one bad registration must not stop
   * start-up.
   */
  async restore(opts: { resume?: boolean; onError?: (err: unknown) => void } = {}): Promise<void> {
    const onError = opts.onError ?? ((e: unknown) => console.error(e));
    for (const r of await this.deps.store.listRegisteredExperts()) {
      if (this.active.has(r.id) || this.registering.has(r.id) || this.unresolvable.has(r.id)) continue;
      if (!this.deps.catalog.get(r.id)) {
        let expert: Expert;
        try {
          expert = resolveExpert(ExpertConfigSchema.parse(r.config), 0);
        } catch (e) {
          this.unresolvable.add(r.id);
          const why = e instanceof z.ZodError ? e.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join("; ") : ((e as Error)?.message ?? String(e));
          onError(new EoError("config_invalid", `registered expert "${r.id}" left out of the catalog: its stored config no longer resolves (${why})`, { cause: e }));
          continue;
        }
        this.join(expert);
      } else if (!this.registered.has(r.id)) continue; // an expert of the config file by that id: not ours to change
      if (r.status === "ready") this.deps.router.unblock(r.id, null);
      else if (r.status === "calibrating" && this.deps.control) {
        // Where runs live elsewhere, handing the run over again is a no-op if it goes on, and starts it if its start
        // was lost: once per replica, whatever `resume` says (nothing runs in this process).
        if (!this.handedOver.has(r.id)) {
          void this.handOver(r.id, r.calibrationId ?? `cal-${crypto.randomUUID()}`).catch((e: unknown) => {
            this.handedOver.delete(r.id);
            onError(e);
          });
        }
      } else if (r.status === "calibrating" && opts.resume !== false) this.start(r.id, r.calibrationId ?? `cal-${crypto.randomUUID()}`);
    }
  }

  /**
   * The run's events after `afterSeq`, whether it has ended, and a way to wait for more: `wait` resolves at the next
   * event, or when `signal` aborts, and either way leaves no listener on the run (a client that went away, a stream
   * that returned without waiting, must abort it).
   */
  events(runId: string, afterSeq = 0): { events: RunLog["events"]; done: boolean; wait: (signal?: AbortSignal) => Promise<void> } | null {
    const log = this.runs.get(runId);
    if (!log) return null;
    return {
      events: log.events.filter((e) => e.seq > afterSeq), done: log.done,
      wait: (signal) => new Promise<void>((ok) => {
        const l = () => {
          log.listeners.delete(l);
          signal?.removeEventListener("abort", l);
          ok();
        };
        if (signal?.aborted) return ok();
        log.listeners.add(l);
        signal?.addEventListener("abort", l, { once: true });
      }),
    };
  }

  /** How many waits are pending on a run's events (streams following it live). */
  watchers(runId: string): number {
    return this.runs.get(runId)?.listeners.size ?? 0;
  }

  latestRun(expertId: string): string | undefined {
    return this.latest.get(expertId);
  }

  /** Resolves when every running calibration has ended (tests, shutdown). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.active.values()]);
  }

  private join(expert: Expert): void {
    this.registered.add(expert.id);
    this.deps.catalog.add(expert);
    this.deps.book.add(expert);
    this.deps.router.addExpert(expert);
    this.deps.router.block(expert.id, null, UNCALIBRATED);
    this.deps.learner.attach(expert.id);
  }

  private async handOver(expertId: string, runId: string): Promise<string> {
    this.handedOver.add(expertId);
    const going = await this.deps.control!.start(expertId, runId);
    this.latest.set(expertId, going);
    return going;
  }

  private start(expertId: string, runId: string): Promise<CalibrationSummary> {
    if (!this.runs.has(runId)) this.runs.set(runId, { expert: expertId, events: [], listeners: new Set(), done: false });
    this.latest.set(expertId, runId);
    // The oldest finished runs go first; a run still going keeps its log (its stream and `calibrate` point at it).
    const finished = [...this.runs].filter(([, log]) => log.done).map(([id]) => id);
    for (const old of finished.slice(0, Math.max(0, this.runs.size - KEEP_RUNS))) this.runs.delete(old);
    const run = this.run(expertId, runId).finally(() => this.active.delete(expertId));
    this.active.set(expertId, run);
    return run;
  }

  private async run(expertId: string, runId: string): Promise<CalibrationSummary> {
    let suite: Suite;
    try {
      suite = this.deps.suite();
    } catch (e) {
      const message = (e as Error)?.message ?? String(e);
      this.emit({ type: "calibration.failed", runId, expert: expertId, message });
      const failed: CalibrationSummary = { runId, expert: expertId, status: "failed", items: 0, failedItems: 0, recorded: 0, costUsd: 0, domains: {}, message };
      await this.saveStatus(expertId, runId, failed).catch(() => {});
      return failed;
    }
    this.emit({ type: "calibration.started", runId, expert: expertId, suite: `${suite.name}@${suite.version}`, items: suite.items.length });
    let summary: CalibrationSummary;
    try {
      const graph = this.deps.graph();
      const config = { configurable: { thread_id: runId }, maxConcurrency: this.deps.maxConcurrency ?? 4, durability: "sync" as const };
      // A run cut short (a crash, an eviction) goes on from its checkpoint: the probes that finished saved their
      // results as pending writes, which a fresh input would discard (every item asked again, and paid for again).
      const resume = await cutShort(graph, config);
      const out = await graph.invoke(resume ? null : { runId, expertId, suiteVersion: suite.version, items: suite.items }, config);
      summary = summarise(runId, expertId, Object.values(out.results), out.recorded);
    } catch (e) {
      summary = { runId, expert: expertId, status: "failed", items: suite.items.length, failedItems: suite.items.length, recorded: 0, costUsd: 0, domains: {}, message: (e as Error)?.message ?? String(e) };
    }
    if (summary.status === "completed") {
      this.deps.router.unblock(expertId, null);
      this.emit({ type: "calibration.completed", runId, expert: expertId, recorded: summary.recorded, domains: summary.domains, costUsd: summary.costUsd });
    } else {
      this.emit({ type: "calibration.failed", runId, expert: expertId, message: summary.message ?? "calibration failed" });
    }
    await this.saveStatus(expertId, runId, summary).catch(() => {});
    return summary;
  }

  private async saveStatus(expertId: string, runId: string, s: CalibrationSummary): Promise<void> {
    const r = await this.deps.store.getRegisteredExpert(expertId);
    if (!r) return; // a configured expert: nothing registered to update
    const now = new Date().toISOString();
    const ok = s.status === "completed";
    await this.deps.store.saveRegisteredExpert({
      ...r, status: ok ? "ready" : r.status === "ready" ? "ready" : "failed", calibrationId: runId,
      calibratedAt: ok ? now : r.calibratedAt, error: ok ? null : (s.message ?? "calibration failed"), updatedAt: now,
    });
  }
}

/** A run succeeded when at least one item's answer was judged; the means per domain and dimension say how well. */
function summarise(runId: string, expert: string, results: ItemResult[], recorded: number): CalibrationSummary {
  const sums: Record<string, Record<string, [number, number]>> = {};
  for (const r of results) for (const s of r.samples) {
    const cell = ((sums[r.domain] ??= {})[s.dimension] ??= [0, 0]);
    cell[0] += s.score;
    cell[1] += 1;
  }
  const domains = Object.fromEntries(Object.entries(sums).map(([d, dims]) => [d, Object.fromEntries(Object.entries(dims).map(([k, [t, n]]) => [k, Math.round((t / n) * 1e4) / 1e4]))]));
  const failed = results.filter((r) => r.error);
  const costUsd = results.reduce((c, r) => c + r.costUsd, 0);
  const ok = failed.length < results.length;
  return {
    runId, expert, status: ok ? "completed" : "failed", items: results.length, failedItems: failed.length, recorded, costUsd, domains,
    ...(ok ? {} : { message: `every item failed; first error: ${failed[0]?.error ?? "unknown"}` }),
  };
}

/** Whether this run's thread has a checkpoint with steps still to run (it was interrupted), with a checkpointer at all. */
async function cutShort(graph: CalibrationGraph, config: { configurable: { thread_id: string } }): Promise<boolean> {
  if (!graph.checkpointer) return false;
  const state = await graph.getState(config);
  return state.next.length > 0;
}
