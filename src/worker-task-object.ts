// The task Durable Object: one per task, it runs the orchestrator graph with its checkpoints in its own SQLite
// storage, driven by alarms so the task carries on after an eviction or a restart; events and the task row go to D1.
import { AsyncLocalStorage } from "node:async_hooks";
import { AsyncLocalStorageProviderSingleton } from "@langchain/core/singletons";
import { createApp } from "./app.js";
import { EoError, toEoError } from "./errors.js";
import { openD1Store } from "./store/d1.js";
import { DurableObjectCheckpointer } from "./store/do-checkpointer.js";
import type { DoStorage } from "./store/do-storage.js";
import type { TaskObjectReply } from "./tasks/durable-control.js";
import type { TaskRunner } from "./tasks/runner.js";
import { FINAL_STATUSES } from "./store/tasks.js";
import type { Store } from "./store/store.js";
import { noDatabase, readConfig, secretsOf, type WorkerEnv } from "./worker-env.js";
import { servedBy } from "./worker-objects.js";

// Wrangler bundles LangGraph's web build, which does not install the async context LangGraph's `interrupt()` (the
// budget gate's approval pause) reads: without this, it throws "Called interrupt() outside the context of a graph".
AsyncLocalStorageProviderSingleton.initializeGlobalInstance(new AsyncLocalStorage());

/** The part of DurableObjectState used here (structural, so Node type-checks without workers-types). */
interface TaskObjectState {
  storage: DoStorage & {
    get<T>(key: string): Promise<T | undefined>;
    put(key: string, value: unknown): Promise<void>;
    delete(key: string): Promise<boolean>;
    getAlarm(): Promise<number | null>;
    setAlarm(at: number): Promise<void>;
  };
  blockConcurrencyWhile<T>(fn: () => Promise<T>): Promise<T>;
}

/** A run cut short (the object evicted mid-alarm) is retried by the platform; this spaces our own re-arms. */
const RETRY_MS = 1_000;

export class TaskObject {
  private service?: Promise<{ runner: TaskRunner; store: Store; app: { fetch(r: Request): Response | Promise<Response> } }>;

  constructor(
    private readonly state: TaskObjectState,
    private readonly env: WorkerEnv,
  ) {
    // After a restart the first access (an alarm, a request) finds an unfinished task and arms its alarm.
    void state.blockConcurrencyWhile(() => this.rearm());
  }

  async fetch(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname;
    // A task's event stream, served by this object's own app: its runner wakes the stream at each event.
    if (request.method === "GET" && /^\/v1\/tasks\/[^/]+\/events$/.test(path)) {
      return servedBy("task-object", await (await this.open()).app.fetch(request));
    }
    const action = path.slice(1);
    const reply = (r: TaskObjectReply, status = 200) => Response.json(r, { status });
    try {
      const body = (await request.json().catch(() => ({}))) as { taskId?: string; approved?: boolean };
      if (!body.taskId) throw new EoError("bad_request", "taskId is required");
      const { runner, store } = await this.open();
      const taskId = body.taskId;
      switch (action) {
        case "start":
          await this.state.storage.put("taskId", taskId);
          await this.state.storage.setAlarm(Date.now());
          return reply({});
        case "approve": {
          const t = await store.getTask(taskId);
          if (!t) throw new EoError("not_found", `no task with id "${taskId}"`);
          const pending = await this.state.storage.get<boolean>("approval");
          if (t.status !== "awaiting_approval" || pending !== undefined) {
            throw new EoError("conflict", `task ${taskId} is ${pending !== undefined ? "already approved" : t.status}, not awaiting_approval`);
          }
          await this.state.storage.put("taskId", taskId);
          await this.state.storage.put("approval", body.approved !== false);
          await this.state.storage.setAlarm(Date.now());
          return reply({ task: t });
        }
        case "cancel":
          return reply({ task: await runner.cancel(taskId) });
        case "touch":
          await this.rearm();
          return reply({});
        default:
          throw new EoError("not_found", `no task object action "${action}"`);
      }
    } catch (e) {
      const err = toEoError(e);
      return reply({ error: { code: err.code, message: err.message } }, err.status);
    }
  }

  /**
   * Runs the task until it ends or pauses: a pending approval is applied, else the run resumes from its last
   * checkpoint (or starts). If the object is evicted meanwhile, the platform retries the alarm, and the run
   * resumes again from the checkpoint saved after the last completed step.
   */
  async alarm(): Promise<void> {
    const taskId = await this.state.storage.get<string>("taskId");
    if (!taskId) return;
    const { runner, store } = await this.open();
    const approval = await this.state.storage.get<boolean>("approval");
    // Taken before it is applied: if this run is cut and retried after the task paused again (a re-plan over
    // budget), the old approval must not approve the new pause; a run cut before the resume was saved leaves the
    // task awaiting approval, and the user approves again.
    if (approval !== undefined) await this.state.storage.delete("approval");
    await runner.drive(taskId, approval);
    const t = await store.getTask(taskId);
    // A run interrupted without ending (e.g. an upstream abort that was not a cancel) is tried again.
    if (t && !FINAL_STATUSES.includes(t.status) && t.status !== "awaiting_approval") await this.state.storage.setAlarm(Date.now() + RETRY_MS);
  }

  private async rearm(): Promise<void> {
    const taskId = await this.state.storage.get<string>("taskId");
    if (!taskId || (await this.state.storage.getAlarm()) !== null) return;
    const { store } = await this.open();
    const t = await store.getTask(taskId);
    const approval = await this.state.storage.get<boolean>("approval");
    if (t && !FINAL_STATUSES.includes(t.status) && (t.status !== "awaiting_approval" || approval !== undefined)) await this.state.storage.setAlarm(Date.now());
  }

  private open(): Promise<{ runner: TaskRunner; store: Store; app: { fetch(r: Request): Response | Promise<Response> } }> {
    this.service ??= (async () => {
      if (!this.env.DB) throw noDatabase();
      const store = await openD1Store(this.env.DB);
      const built = createApp({
        config: readConfig(this.env), store, env: secretsOf(this.env),
        checkpointer: new DurableObjectCheckpointer(this.state.storage), onServerError: (e) => console.error(e),
      });
      await built.learner.sync();
      // Experts registered through POST /v1/experts can run this task's subtasks too (their calibrations are not
      // resumed here: the object runs tasks, not calibrations).
      await built.calibrator.restore({ resume: false });
      // The task's subtasks are routed with the router artifact in use when its object started.
      await built.predictors.sync();
      return { runner: built.runner!, store, app: built.app };
    })().catch((e: unknown) => {
      this.service = undefined;
      throw e;
    });
    return this.service;
  }
}
