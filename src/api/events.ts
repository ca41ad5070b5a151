// GET /v1/tasks/:id/events: the task's event log as SSE — replayed from Last-Event-ID, then live, with heartbeats.
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { z } from "zod";
import { EoError } from "../errors.js";
import type { Store } from "../store/store.js";
import { FINAL_STATUSES, type TaskEvent, type TaskStatus } from "../store/tasks.js";
import type { TaskBus } from "../tasks/bus.js";
import type { TaskControl } from "../tasks/control.js";
import type { AppEnv } from "./context.js";

/** Event ids are the store's 32-bit seq. */
const LastEventId = z.coerce.number().int().nonnegative().max(2 ** 31 - 1);

/**
 * The event after which a task's log never grows: `task.completed`, `task.failed`, or the `status` event
 * of a cancellation (which has no event of its own). `status: completed/failed` come just before their
 * task.* event, so they do not end the stream.
 */
export function isFinalEvent(e: TaskEvent): boolean {
  if (e.type === "task.completed" || e.type === "task.failed") return true;
  return e.type === "status" && (e.data as { status?: TaskStatus })?.status === "cancelled";
}

/**
 * `control.touch` is called when a stream opens on an unfinished task (it wakes a Durable Object whose run was cut);
 * `control.events`, when given, serves the stream from where the task runs.
 */
export function eventRoutes(store: Store, bus: TaskBus, heartbeatMs: number, control?: Pick<TaskControl, "touch" | "events">) {
  const app = new Hono<AppEnv>();
  const pollMs = Math.min(heartbeatMs, 1000);

  app.get("/v1/tasks/:id/events", async (c) => {
    const id = c.req.param("id");
    // EventSource sends Last-Event-ID itself on reconnect; a first connection may resume with ?lastEventId=.
    const raw = c.req.header("last-event-id") ?? c.req.query("lastEventId") ?? "0";
    const parsed = LastEventId.safeParse(raw.trim() === "" ? "0" : raw);
    if (!parsed.success) throw new EoError("validation_failed", `Last-Event-ID must be a non-negative integer, got "${raw}"`, { param: "Last-Event-ID" });
    const task = await store.getTask(id);
    if (!task) throw new EoError("not_found", `no task with id "${id}"`);
    if (control?.events) return control.events(id, c.req.raw);
    if (control?.touch && !FINAL_STATUSES.includes(task.status)) await control.touch(id).catch(() => {});
    // The client already holds the final event: 204 tells an EventSource to stop reconnecting (the HTML
    // spec's rule), where an empty 200 stream would make it reconnect forever. The final *event* decides,
    // not the status column, which is written just before it.
    if (parsed.data > 0) {
      const [held, ...after] = await store.listEvents(id, parsed.data - 1, 2);
      // An id the task's log does not hold (ids are 1, 2, 3, …) would leave a stream waiting for ever for events it skips.
      if (held?.seq !== parsed.data) throw new EoError("validation_failed", `Last-Event-ID: task "${id}" has no event ${parsed.data}`, { param: "Last-Event-ID" });
      if (FINAL_STATUSES.includes(task.status) && isFinalEvent(held) && after.length === 0) return c.body(null, 204);
    }

    return streamSSE(c, async (stream) => {
      let sent = parsed.data;
      let wake: (() => void) | undefined;
      let dirty = true;
      let lastWrite = performance.now();
      // Subscribe before the first read, so an event appended in between is not missed.
      const unsubscribe = bus.subscribe(id, () => {
        dirty = true;
        wake?.();
      });
      stream.onAbort(() => wake?.());
      try {
        for (;;) {
          if (dirty) {
            dirty = false;
            // The store is the truth: read everything after the last seq sent, in order, so nothing is lost or repeated.
            for (const e of await store.listEvents(id, sent)) {
              await stream.writeSSE({ id: String(e.seq), event: e.type, data: JSON.stringify({ seq: e.seq, at: e.createdAt, ...(e.data as object) }) });
              lastWrite = performance.now();
              sent = e.seq;
              if (isFinalEvent(e)) return;
            }
          }
          if (stream.aborted) return;
          await new Promise<void>((resolve) => {
            const t = setTimeout(resolve, pollMs);
            wake = () => {
              clearTimeout(t);
              resolve();
            };
            if (dirty || stream.aborted) wake();
          });
          wake = undefined;
          if (stream.aborted) return;
          // Another process sharing the store (replicas on one Postgres) appends without waking this bus,
          // so the store is re-read at least every pollMs whatever the bus says.
          dirty = true;
          if (performance.now() - lastWrite >= heartbeatMs) {
            // A comment line keeps proxies from closing an idle stream; SSE clients ignore it.
            await stream.write(": heartbeat\n\n");
            lastWrite = performance.now();
          }
        }
      } finally {
        unsubscribe();
      }
    });
  });

  return app;
}
