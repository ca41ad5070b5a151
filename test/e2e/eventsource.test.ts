// A spec-conformant EventSource (the `eventsource` package, as browsers implement it) follows a task across origins.
import { EventSource } from "eventsource";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIXED_CATALOG, json, startHarness, type Harness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness(MIXED_CATALOG, { server: { corsOrigins: ["http://app.example.test"] } });
});
afterAll(async () => h?.close());

const TYPES = ["status", "plan", "estimate", "route", "subtask.started", "subtask.delta", "subtask.completed", "verdict", "task.completed", "task.failed"];

describe("EventSource", () => {
  it("follows a task by named events, and stops (204) instead of reconnecting once the task is over", async () => {
    const { id } = (await (await h.http("/v1/tasks", json({ input: "1. Write a haiku about rain. 2. Explain what DNS does." }))).json()) as { id: string };
    const seen: { type: string; id: string }[] = [];
    let opens = 0;
    await new Promise<void>((resolve, reject) => {
      const es = new EventSource(`${h.url}/v1/tasks/${id}/events`);
      const timer = setTimeout(() => reject(new Error(`timed out after ${JSON.stringify(seen.slice(-3))}`)), 20_000);
      es.onopen = () => opens++;
      for (const t of TYPES) es.addEventListener(t, (e) => seen.push({ type: t, id: (e as MessageEvent).lastEventId }));
      // After the final event the server closes; EventSource reconnects with Last-Event-ID, gets 204, and closes for good.
      es.onerror = () => {
        if (es.readyState === EventSource.CLOSED) {
          clearTimeout(timer);
          resolve();
        }
      };
    });
    expect(seen[0]!.type).toBe("status");
    expect(seen.at(-1)!.type).toBe("task.completed");
    expect(seen.map((e) => Number(e.id))).toEqual(seen.map((_, i) => i + 1));
    // One connection, one reconnect answered 204: no event arrived twice.
    expect(opens).toBe(1);
  });

  it("CORS: an allowed origin may read the stream; another gets no allow header", async () => {
    const { id } = (await (await h.http("/v1/tasks", json({ input: "Say hello." }))).json()) as { id: string };
    const ok = await h.http(`/v1/tasks/${id}/events`, { headers: { origin: "http://app.example.test" } });
    expect(ok.headers.get("access-control-allow-origin")).toBe("http://app.example.test");
    await ok.body?.cancel();
    const other = await h.http(`/v1/tasks/${id}/events`, { headers: { origin: "http://evil.example.test" } });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    await other.body?.cancel();
  });
});
