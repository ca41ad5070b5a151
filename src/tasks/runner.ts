// Runs tasks in the background on the orchestrator graph: a bounded queue, resume after restart, approve, cancel.
import { Command } from "@langchain/langgraph";
import type { OrchestratorInput, TaskContext } from "../../graphs/orchestrator/context.js";
import { EoError, toEoError } from "../errors.js";
import type { Store } from "../store/store.js";
import { FINAL_STATUSES, type TaskRecord } from "../store/tasks.js";
import type { TaskBus } from "./bus.js";
import type { TaskControl } from "./control.js";

type RunConfig = { configurable: { thread_id: string; ctx: TaskContext }; signal?: AbortSignal; durability?: "sync" | "async" | "exit" };

/** The part of a compiled LangGraph graph the runner uses (structural, so tests may pass any compiled graph). */
export interface OrchestratorGraph {
  invoke(input: unknown, config: RunConfig): Promise<unknown>;
  getState(config: RunConfig): Promise<{ createdAt?: string; next: readonly string[]; tasks: readonly { interrupts?: readonly unknown[] }[] }>;
}

type Job = { taskId: string; kind: "start" | "resume" | "approve"; approved?: boolean };

export class TaskRunner implements TaskControl {
  private readonly waiting: Job[] = [];
  private active = 0;
  private readonly controllers = new Map<string, AbortController>();
  /** Tasks cancelled in this process: their late writes are dropped. */
  private readonly cancelled = new Set<string>();
  /** Tasks with an approval queued, so a second approve is a conflict, not a second resume. */
  private readonly approving = new Set<string>();
  /** Tasks with a job running now (at most one job per task). */
  private readonly busy = new Set<string>();
  private stopping = false;
  private idle?: () => void;
  /** Callers of `drive` waiting for a task to have no job running or queued. */
  private readonly resting = new Map<string, (() => void)[]>();

  constructor(
    private readonly store: Store,
    private readonly graph: OrchestratorGraph,
    private readonly bus: TaskBus,
    private readonly concurrency: number,
  ) {}

  /** Tasks running now, and waiting for a slot. */
  get load(): { running: number; queued: number } {
    return { running: this.active, queued: this.waiting.length };
  }

  /** Starts a stored `queued` task when a slot is free. */
  submit(taskId: string): void {
    this.enqueue({ taskId, kind: "start" });
  }

  /** At start-up: every unfinished task continues from its last checkpoint (or starts, if it had none). */
  async resumeUnfinished(): Promise<string[]> {
    const tasks = await this.store.unfinishedTasks();
    const resumed: string[] = [];
    for (const t of tasks) {
      if (t.status === "awaiting_approval") continue; // still waits for POST /approve
      const snapshot = await this.graph.getState(this.config(t.id));
      this.enqueue({ taskId: t.id, kind: snapshot.createdAt ? "resume" : "start" });
      resumed.push(t.id);
    }
    return resumed;
  }

  /**
   * Runs one task here until it ends or pauses, and resolves then (a Durable Object's alarm drives its task this
   * way): applies an approval when `approved` is given, else resumes the task from its checkpoint, or starts it.
   * A task that has ended, or waits for approval with none given, is left as it is.
   */
  async drive(taskId: string, approved?: boolean): Promise<void> {
    const t = await this.require(taskId);
    if (FINAL_STATUSES.includes(t.status)) return;
    if (approved === undefined && t.status === "awaiting_approval") return;
    const rest = new Promise<void>((ok) => this.resting.set(taskId, [...(this.resting.get(taskId) ?? []), ok]));
    if (approved !== undefined) this.enqueue({ taskId, kind: "approve", approved });
    else this.enqueue({ taskId, kind: (await this.graph.getState(this.config(taskId))).createdAt ? "resume" : "start" });
    this.wakeResting(taskId);
    await rest;
  }

  /** Resumes a task paused for budget approval; `approved: false` ends it as cancelled by the user. */
  async approve(taskId: string, approved = true): Promise<TaskRecord> {
    const t = await this.require(taskId);
    if (t.status !== "awaiting_approval" || this.approving.has(taskId)) {
      throw new EoError("conflict", `task ${taskId} is ${this.approving.has(taskId) ? "already approved" : t.status}, not awaiting_approval`);
    }
    this.approving.add(taskId);
    this.enqueue({ taskId, kind: "approve", approved });
    return t;
  }

  /** Cancels a task that has not ended: aborts its running upstream requests, or takes it off the queue. */
  async cancel(taskId: string): Promise<TaskRecord> {
    const t = await this.require(taskId);
    if (FINAL_STATUSES.includes(t.status)) throw new EoError("conflict", `task ${taskId} is already ${t.status}`);
    // From here on the run's writes are dropped; then look again, in case it ended in the meantime.
    this.cancelled.add(taskId);
    const now = await this.require(taskId);
    if (FINAL_STATUSES.includes(now.status)) {
      this.cancelled.delete(taskId);
      throw new EoError("conflict", `task ${taskId} is already ${now.status}`);
    }
    for (let i = this.waiting.length - 1; i >= 0; i--) if (this.waiting[i]!.taskId === taskId) this.waiting.splice(i, 1);
    this.approving.delete(taskId);
    this.controllers.get(taskId)?.abort(new DOMException("task cancelled", "AbortError"));
    const cancelled = await this.markCancelled(taskId);
    // With no run in flight nothing late can arrive; a running one clears the mark when it ends.
    if (!this.busy.has(taskId)) this.cancelled.delete(taskId);
    return cancelled;
  }

  /** Resolves with the task once it reaches a final status (completed, failed, cancelled). */
  waitForEnd(taskId: string, signal?: AbortSignal): Promise<TaskRecord> {
    return new Promise((resolve, reject) => {
      let done = false;
      const check = async () => {
        const t = await this.store.getTask(taskId);
        if (!done && t && FINAL_STATUSES.includes(t.status)) finish(() => resolve(t));
      };
      const finish = (then: () => void) => {
        done = true;
        unsubscribe();
        signal?.removeEventListener("abort", onAbort);
        then();
      };
      const onAbort = () => finish(() => reject(new EoError("bad_request", "the client went away")));
      const unsubscribe = this.bus.subscribe(taskId, () => void check().catch(() => {}));
      if (signal?.aborted) return onAbort();
      signal?.addEventListener("abort", onAbort, { once: true });
      void check().catch((e: unknown) => finish(() => reject(e)));
    });
  }

  private async require(taskId: string): Promise<TaskRecord> {
    const t = await this.store.getTask(taskId);
    if (!t) throw new EoError("not_found", `no task with id "${taskId}"`);
    return t;
  }

  private config(taskId: string, signal?: AbortSignal): RunConfig {
    // "sync": each step's checkpoint is saved before the next step starts, so after a crash no completed
    // step runs again (LangGraph's default "async" may lose the last checkpoint).
    return { configurable: { thread_id: taskId, ctx: this.context(taskId) }, durability: "sync", ...(signal ? { signal } : {}) };
  }

  /** The sink the graph's nodes write through: the store first, then a wake-up for the task's streams. */
  private context(taskId: string): TaskContext {
    return {
      taskId,
      emit: async (type, data, key) => {
        if (this.cancelled.has(taskId)) return;
        const ev = await this.store.appendEvent(taskId, type, data, key);
        if (ev) this.bus.notify(taskId);
      },
      patch: async (p) => {
        if (this.cancelled.has(taskId)) return;
        await this.store.updateTask(taskId, p);
      },
      recordOutputTokens: (domain, n, key) => this.store.recordOutputTokens(domain, n, `${taskId}:${key}`),
    };
  }

  private enqueue(job: Job): void {
    // A task never runs twice at once, and a second start/resume of the same task is a duplicate.
    const runs = (j: Job) => j.taskId === job.taskId && j.kind !== "approve";
    if (job.kind !== "approve" && (this.waiting.some(runs) || this.busy.has(job.taskId))) return;
    this.waiting.push(job);
    this.pump();
  }

  /**
   * Stops taking work and interrupts running tasks without ending them: their checkpoints stay, so the
   * next start resumes them. Resolves when no task is running.
   */
  async shutdown(): Promise<void> {
    this.stopping = true;
    this.waiting.length = 0;
    for (const ctl of this.controllers.values()) ctl.abort(new DOMException("server shutting down", "AbortError"));
    if (this.active > 0) await new Promise<void>((resolve) => (this.idle = resolve));
  }

  private pump(): void {
    if (this.stopping) {
      if (this.active === 0) this.idle?.();
      return;
    }
    while (this.active < this.concurrency) {
      // The first waiting job whose task is not running: an approval waits for the run that paused the task.
      const i = this.waiting.findIndex((j) => !this.busy.has(j.taskId));
      if (i < 0) return;
      const [job] = this.waiting.splice(i, 1);
      this.active++;
      this.busy.add(job!.taskId);
      void this.run(job!).finally(() => {
        this.active--;
        this.busy.delete(job!.taskId);
        this.pump();
        this.wakeResting(job!.taskId);
      });
    }
  }

  private async run(job: Job): Promise<void> {
    const { taskId } = job;
    const ctl = new AbortController();
    this.controllers.set(taskId, ctl);
    const config = this.config(taskId, ctl.signal);
    try {
      const task = await this.require(taskId);
      if (job.kind === "approve") {
        const pending = await this.graph.getState(config);
        if (!pending.tasks.some((t) => (t.interrupts?.length ?? 0) > 0)) return; // nothing to resume (ended or cancelled meanwhile)
      }
      const input: OrchestratorInput | Command | null =
        job.kind === "start"
          ? { taskId, input: task.input, budgetUsd: task.budgetUsd, requireApproval: task.requireApproval, preferences: task.preferences }
          : job.kind === "approve"
            ? new Command({ resume: { approved: job.approved !== false } })
            : null;
      const out = (await this.graph.invoke(input, config)) as { error?: { code: string; message: string } | null; costUsd?: number } | undefined;
      if (this.cancelled.has(taskId)) return;
      const snapshot = await this.graph.getState(config);
      if (snapshot.tasks.some((t) => (t.interrupts?.length ?? 0) > 0)) return; // paused: awaiting approval
      if (out?.error) {
        // "cancelled" is the user declining the estimate: the task ends cancelled, not failed.
        if (out.error.code === "cancelled") await this.markCancelled(taskId, out.costUsd);
        else await this.fail(taskId, { code: out.error.code, message: out.error.message }, out.costUsd);
      }
    } catch (err) {
      if (this.stopping) return; // left as it is: resumed from its checkpoint at the next start
      if (this.cancelled.has(taskId) || ctl.signal.aborted) {
        await this.markCancelled(taskId);
      } else {
        const e = toEoError(err);
        await this.fail(taskId, { code: e.code, message: e.code === "internal" ? String((err as Error)?.message ?? err) : e.message });
      }
    } finally {
      if (this.controllers.get(taskId) === ctl) this.controllers.delete(taskId);
      if (job.kind === "approve") this.approving.delete(taskId);
      this.cancelled.delete(taskId);
    }
  }

  /** Resolves `drive` callers once the task has no job running or waiting. */
  private wakeResting(taskId: string): void {
    if (this.busy.has(taskId) || this.waiting.some((j) => j.taskId === taskId)) return;
    const waiters = this.resting.get(taskId);
    this.resting.delete(taskId);
    for (const ok of waiters ?? []) ok();
  }

  private async fail(taskId: string, error: { code: string; message: string }, costUsd?: number): Promise<void> {
    await this.store.updateTask(taskId, { status: "failed", error, ...(costUsd === undefined ? {} : { costUsd }) });
    await this.store.appendEvent(taskId, "status", { status: "failed" }, "status:failed");
    await this.store.appendEvent(taskId, "task.failed", { error, ...(costUsd === undefined ? {} : { costUsd }) }, "task.failed");
    this.bus.notify(taskId);
  }

  private async markCancelled(taskId: string, costUsd?: number): Promise<TaskRecord> {
    const t = (await this.store.updateTask(taskId, { status: "cancelled", ...(costUsd === undefined ? {} : { costUsd }) }))!;
    await this.store.appendEvent(taskId, "status", { status: "cancelled" }, "status:cancelled");
    this.bus.notify(taskId);
    return t;
  }
}
