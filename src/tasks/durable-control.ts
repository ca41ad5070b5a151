// Tasks run in Durable Objects (one per task): the HTTP API's TaskControl forwards to them; the store is shared (D1).
import { ERROR_CODES, EoError, type ErrorCode } from "../errors.js";
import type { Store } from "../store/store.js";
import { FINAL_STATUSES, type TaskRecord } from "../store/tasks.js";
import type { TaskControl } from "./control.js";

/** The part of a Durable Object namespace binding used here (structural: Node type-checks without workers-types). */
export interface DurableNamespaceLike {
  idFromName(name: string): unknown;
  get(id: never): { fetch(input: string, init?: RequestInit): Promise<Response> };
}

/** What a task object answers: the task, or the error to raise (EoError's code and message cross as data). */
export type TaskObjectReply = { task?: TaskRecord; error?: { code: string; message: string } };

/** How often `waitForEnd` re-reads a task: nothing in this isolate is told when another object writes it. */
const POLL_MS = 500;

export class DurableTaskControl implements TaskControl {
  constructor(
    private readonly ns: DurableNamespaceLike,
    private readonly store: Store,
  ) {}

  async submit(taskId: string): Promise<void> {
    await this.call(taskId, "start");
  }

  async approve(taskId: string, approved = true): Promise<TaskRecord> {
    return (await this.call(taskId, "approve", { approved })).task!;
  }

  async cancel(taskId: string): Promise<TaskRecord> {
    return (await this.call(taskId, "cancel")).task!;
  }

  /** Wakes a task's object so an unfinished task whose run was cut (an eviction, a restart) carries on. */
  async touch(taskId: string): Promise<void> {
    await this.call(taskId, "touch").catch(() => {});
  }

  /** The stream comes from the task's object, whose runner wakes it at each event (no polling delay). */
  async events(taskId: string, request: Request): Promise<Response> {
    const url = new URL(request.url);
    return this.stub(taskId).fetch(`https://task-object/v1/tasks/${encodeURIComponent(taskId)}/events${url.search}`, {
      headers: request.headers,
    });
  }

  async waitForEnd(taskId: string, signal?: AbortSignal): Promise<TaskRecord> {
    await this.touch(taskId);
    for (;;) {
      if (signal?.aborted) throw new EoError("bad_request", "the client went away");
      const t = await this.store.getTask(taskId);
      if (!t) throw new EoError("not_found", `no task with id "${taskId}"`);
      if (FINAL_STATUSES.includes(t.status)) return t;
      await new Promise((ok) => setTimeout(ok, POLL_MS));
    }
  }

  private stub(taskId: string) {
    return this.ns.get(this.ns.idFromName(taskId) as never);
  }

  private async call(taskId: string, action: string, body: Record<string, unknown> = {}): Promise<TaskObjectReply> {
    const res = await this.stub(taskId).fetch(`https://task-object/${action}`, {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ taskId, ...body }),
    });
    const reply = (await res.json().catch(() => ({ error: { code: "internal", message: `task object answered ${res.status}` } }))) as TaskObjectReply;
    if (reply.error) {
      const code: ErrorCode = reply.error.code in ERROR_CODES ? (reply.error.code as ErrorCode) : "internal";
      throw new EoError(code, reply.error.message);
    }
    return reply;
  }
}
