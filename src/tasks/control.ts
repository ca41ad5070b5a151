// What the HTTP API needs from whatever runs tasks: the in-process runner on Node, Durable Objects on Workers.
import type { TaskRecord } from "../store/tasks.js";

export interface TaskControl {
  /** Starts a stored `queued` task (resolves once it is accepted, not when it ends). */
  submit(taskId: string): void | Promise<void>;
  /** Resumes a task paused for budget approval; `approved: false` ends it cancelled. Throws `conflict` if it is not waiting. */
  approve(taskId: string, approved?: boolean): Promise<TaskRecord>;
  /** Cancels a task that has not ended. Throws `conflict` if it has. */
  cancel(taskId: string): Promise<TaskRecord>;
  /** Wakes whatever runs the task, so one whose run was cut carries on (Durable Objects); a no-op in process. */
  touch?(taskId: string): Promise<void>;
  /**
   * Serves a task's SSE stream from where the task runs (a Durable Object, whose runner wakes the stream at each
   * event), given the client's request (Last-Event-ID and all). Absent: the API serves it from the store itself.
   */
  events?(taskId: string, request: Request): Promise<Response>;
  /** Resolves with the task once it reaches a final status. */
  waitForEnd(taskId: string, signal?: AbortSignal): Promise<TaskRecord>;
}
