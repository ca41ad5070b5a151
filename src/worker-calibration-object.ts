// The calibration Durable Object: one per expert, it runs that expert's calibrations (one at a time) driven by alarms,
// so a run outlives the request that started it and survives an eviction or a restart; it keeps the latest run's
// events and its graph's checkpoints in its own storage and serves the events as SSE. Evidence and the registration's
// status go to D1.
import { createApp } from "./app.js";
import { EoError, toEoError } from "./errors.js";
import { openD1Store } from "./store/d1.js";
import { DurableObjectCheckpointer, type DoStorage } from "./store/do-checkpointer.js";
import type { Calibrator, NumberedEvent } from "./tasks/calibrations.js";
import type { CalibrationObjectReply } from "./tasks/durable-calibrations.js";
import { noDatabase, readConfig, secretsOf, type WorkerEnv } from "./worker-env.js";
import { servedBy } from "./worker-objects.js";

/** The part of DurableObjectState used here (structural, so Node type-checks without workers-types). */
interface CalibrationObjectState {
  storage: DoStorage & {
    get<T>(key: string): Promise<T | undefined>;
    put(key: string, value: unknown): Promise<void>;
    list<T>(options: { prefix: string }): Promise<Map<string, T>>;
    delete(keys: string[]): Promise<number>;
    getAlarm(): Promise<number | null>;
    setAlarm(at: number): Promise<void>;
  };
  blockConcurrencyWhile<T>(fn: () => Promise<T>): Promise<T>;
}

/** The run this object holds (its expert's latest); `ended` once the run returned, its final status saved. */
interface HeldRun {
  expertId: string;
  runId: string;
  ended: boolean;
}

type Service = { calibrator: Calibrator; app: { fetch(r: Request): Response | Promise<Response> } };

const RUN = "run";
/** The held run's events, one key each, in seq order (zero-padded: storage lists keys in lexical order). */
const EVENT = "event:";
const eventKey = (seq: number) => `${EVENT}${String(seq).padStart(8, "0")}`;
const EVENTS_PATH = /^\/v1\/experts\/[^/]+\/calibration\/events$/;

export class CalibrationObject {
  private service?: Promise<Service>;
  /** The storage writes of the events said so far, in order: awaited before a run counts as ended. */
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly state: CalibrationObjectState,
    private readonly env: WorkerEnv,
  ) {
    // After a restart the first access (a stream, a start handed over again) finds a run cut short and arms its alarm.
    void state.blockConcurrencyWhile(() => this.rearm());
  }

  async fetch(request: Request): Promise<Response> {
    const { pathname: path } = new URL(request.url);
    // The run's events, served by this object's own app from its calibrator's log (woken at each event).
    if (request.method === "GET" && EVENTS_PATH.test(path)) return servedBy("calibration-object", await (await this.open()).app.fetch(request));
    let reply: CalibrationObjectReply;
    let status = 200;
    try {
      if (request.method !== "POST" || path !== "/start") throw new EoError("not_found", `no calibration object action "${path}"`);
      const body = (await request.json().catch(() => ({}))) as { expertId?: string; runId?: string };
      if (!body.expertId || !body.runId) throw new EoError("bad_request", "expertId and runId are required");
      reply = { runId: await this.start(body.expertId, body.runId) };
    } catch (e) {
      const err = toEoError(e);
      [reply, status] = [{ error: { code: err.code, message: err.message } }, err.status];
    }
    return Response.json(reply, { status });
  }

  /**
   * Runs the held run to its end. Cut short (the object evicted or workerd stopped mid-run), the platform retries the
   * alarm, or the next access re-arms it: the run goes again under its id, its kept events continued, not repeated
   * (evidence is recorded by key, so items judged twice count once).
   */
  async alarm(): Promise<void> {
    const held = await this.state.storage.get<HeldRun>(RUN);
    if (!held || held.ended) return;
    const { calibrator } = await this.open();
    // The expert may have registered after this object's service was built (registrations are read at the build).
    await calibrator.restore({ resume: false });
    await calibrator.runHere(held.expertId, held.runId);
    await this.writes;
    await this.state.storage.put(RUN, { ...held, ended: true });
  }

  /** One run at a time: a run going on is left to go on (its id answered); the same id again is a no-op. */
  private async start(expertId: string, runId: string): Promise<string> {
    const held = await this.state.storage.get<HeldRun>(RUN);
    if (held && (held.runId === runId || !held.ended)) {
      await this.rearm();
      return held.runId;
    }
    const old = await this.state.storage.list({ prefix: EVENT });
    if (old.size > 0) await this.state.storage.delete([...old.keys()]);
    await this.state.storage.put(RUN, { expertId, runId, ended: false } satisfies HeldRun);
    // A stream opened before the alarm fires must follow the new run, not replay the last one.
    if (this.service) (await this.service).calibrator.hold(expertId, runId, []);
    await this.state.storage.setAlarm(Date.now());
    return runId;
  }

  private async rearm(): Promise<void> {
    const held = await this.state.storage.get<HeldRun>(RUN);
    if (held && !held.ended && (await this.state.storage.getAlarm()) === null) await this.state.storage.setAlarm(Date.now());
  }

  private open(): Promise<Service> {
    this.service ??= (async () => {
      if (!this.env.DB) throw noDatabase();
      const store = await openD1Store(this.env.DB);
      // No calibration control: this object is where the runs happen. Their graphs checkpoint in its storage, so a
      // run cut short goes on where it was: the items judged before are not asked (nor paid for) again.
      const built = createApp({
        config: readConfig(this.env), store, env: secretsOf(this.env), onServerError: (e) => console.error(e),
        calibrationCheckpointer: new DurableObjectCheckpointer(this.state.storage),
      });
      await built.learner.sync();
      // Registered experts rejoin the catalog (the one under test among them); no calibration is resumed by this.
      await built.calibrator.restore({ resume: false });
      await built.predictors.sync();
      const held = await this.state.storage.get<HeldRun>(RUN);
      if (held) built.calibrator.hold(held.expertId, held.runId, [...(await this.state.storage.list<NumberedEvent>({ prefix: EVENT })).values()]);
      built.calibrator.observe((e) => {
        // A write that failed loses that event from a replay after a restart, not the run.
        this.writes = this.writes.then(() => this.state.storage.put(eventKey(e.seq), e)).catch((err: unknown) => console.error("calibration event not kept:", err));
      });
      return { calibrator: built.calibrator, app: built.app };
    })().catch((e: unknown) => {
      this.service = undefined;
      throw e;
    });
    return this.service;
  }
}
