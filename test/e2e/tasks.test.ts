// Long-running tasks over REST and SSE on the real server: submit, follow, resume, approve, cancel, bad input.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIXED_CATALOG, json, startHarness, type Harness } from "./harness.js";
import { dataOf, follow } from "./sse-client.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness(MIXED_CATALOG, { server: { heartbeatMs: 300 } });
});
afterAll(async () => h?.close());

const THREE_PARTS = "1. Write a Python function that parses a CSV line. 2. Write a haiku about autumn. 3. Explain what a hash table is.";

type TaskView = {
  id: string; status: string; result: string | null; costUsd: number; error: { code: string } | null;
  subtasks: { id: string; status: string; expert: string | null; output: string | null; verdicts: unknown[] }[];
  estimate: { total: { p50: number; p90: number } } | null;
};

async function submit(body: Record<string, unknown>): Promise<{ id: string; events: string }> {
  const r = await h.http("/v1/tasks", json(body));
  expect(r.status).toBe(202);
  const b = (await r.json()) as { id: string; status: string; links: { events: string } };
  expect(b.status).toBe("queued");
  expect(r.headers.get("location")).toBe(`/v1/tasks/${b.id}`);
  return { id: b.id, events: `${h.url}${b.links.events}` };
}

const getTask = async (id: string) => (await (await h.http(`/v1/tasks/${id}`)).json()) as TaskView;

async function waitStatus(id: string, statuses: string[], timeoutMs = 20_000): Promise<TaskView> {
  const t0 = Date.now();
  for (;;) {
    const t = await getTask(id);
    if (statuses.includes(t.status)) return t;
    if (Date.now() - t0 > timeoutMs) throw new Error(`task ${id} stayed ${t.status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("tasks", () => {
  it("a standard SSE client follows a task from status to task.completed, and the stream closes", async () => {
    const { id, events } = await submit({ input: THREE_PARTS });
    const f = await follow(events);
    expect(f.closedByServer).toBe(true);
    const types = f.events.map((e) => e.event);
    expect(types[0]).toBe("status");
    expect(dataOf(f.events[0]!).status).toBe("queued");
    expect(types).toEqual(expect.arrayContaining(["plan", "estimate", "route", "subtask.started", "subtask.completed", "verdict"]));
    expect(types.at(-1)).toBe("task.completed");
    // Monotonic ids 1..N with no gap.
    expect(f.events.map((e) => Number(e.id))).toEqual(f.events.map((_, i) => i + 1));
    const t = await getTask(id);
    expect(t.status).toBe("completed");
    expect(t.result).toBeTruthy();
    expect(t.subtasks.length).toBe(3);
    expect(t.subtasks.every((s) => s.status === "completed" && s.output && s.expert && s.verdicts.length > 0)).toBe(true);
    expect(t.estimate?.total.p50).toBeGreaterThanOrEqual(0);
    // A finished task's stream replays the same log, then closes.
    const again = await follow(events);
    expect(again.events.map((e) => e.id)).toEqual(f.events.map((e) => e.id));
  });

  it("Last-Event-ID resumes mid-stream with nothing lost and nothing repeated", async () => {
    const { id, events } = await submit({ input: THREE_PARTS });
    const first = await follow(events, { stopAfter: 4 });
    const rest = await follow(events, { lastEventId: first.events.at(-1)!.id });
    const ids = [...first.events, ...rest.events].map((e) => Number(e.id));
    expect(ids).toEqual(ids.map((_, i) => i + 1));
    expect(rest.events.at(-1)!.event).toBe("task.completed");
    expect((await getTask(id)).status).toBe("completed");
  });

  it("heartbeats keep an idle stream alive (comment lines, ignored by clients)", async () => {
    const { id } = await submit({ input: "Explain recursion", budgetUsd: 0, requireApproval: true });
    await waitStatus(id, ["awaiting_approval"]);
    const ctl = new AbortController();
    const r = await fetch(`${h.url}/v1/tasks/${id}/events`, { signal: ctl.signal });
    const reader = r.body!.pipeThrough(new TextDecoderStream()).getReader();
    let seen = "";
    const t0 = Date.now();
    while (!seen.includes(": heartbeat") && Date.now() - t0 < 3000) seen += (await reader.read()).value ?? "";
    ctl.abort();
    expect(seen).toContain(": heartbeat");
    await h.http(`/v1/tasks/${id}/cancel`, { method: "POST" });
  });

  it("over budget with requireApproval: pauses as awaiting_approval until approved, then completes", async () => {
    h.upstream.reset();
    const { id, events } = await submit({ input: THREE_PARTS, budgetUsd: 0, requireApproval: true });
    const paused = await waitStatus(id, ["awaiting_approval"]);
    expect(paused.subtasks.every((s) => s.status === "pending")).toBe(true);
    // Only the planner (structured output) ran before the pause: no executor call (free text) was made.
    expect(h.upstream.requests.length).toBeGreaterThan(0);
    expect(h.upstream.requests.filter((r) => !r.schema)).toHaveLength(0);
    const a = await h.http(`/v1/tasks/${id}/approve`, { method: "POST" });
    expect(a.status).toBe(202);
    const done = await waitStatus(id, ["completed", "failed"]);
    expect(done.status).toBe("completed");
    const f = await follow(events);
    expect(f.events.map((e) => dataOf(e).status).filter(Boolean)).toEqual(expect.arrayContaining(["queued", "awaiting_approval", "completed"]));
  });

  it("cancel aborts a running task's upstream requests; the task ends cancelled", async () => {
    h.upstream.script("qwen2.5-coder:7b", { latencyMs: 5000 });
    try {
      const { id, events } = await submit({ input: "Write a Rust function that reverses a string." });
      await waitStatus(id, ["running"]);
      await new Promise((r) => setTimeout(r, 300));
      const r = await h.http(`/v1/tasks/${id}/cancel`, { method: "POST" });
      expect(r.status).toBe(200);
      expect(((await r.json()) as { status: string }).status).toBe("cancelled");
      const f = await follow(events, { timeoutMs: 5000 });
      expect(f.closedByServer).toBe(true);
      expect(dataOf(f.events.at(-1)!).status).toBe("cancelled");
      expect((await getTask(id)).status).toBe("cancelled");
      // A second cancel is a conflict, not a silent success.
      expect((await h.http(`/v1/tasks/${id}/cancel`, { method: "POST" })).status).toBe(409);
    } finally {
      h.upstream.script("qwen2.5-coder:7b", {});
    }
  });

  it("lists tasks newest first", async () => {
    const r = (await (await h.http("/v1/tasks?limit=2")).json()) as { data: { id: string; createdAt: string }[]; next: string | null };
    expect(r.data.length).toBe(2);
    expect(r.data[0]!.createdAt >= r.data[1]!.createdAt).toBe(true);
    expect(r.next).toMatch(/before=/);
  });
});

describe("tasks: bad input", () => {
  it("an unknown task id → 404 on read, events, approve and cancel", async () => {
    for (const [path, method] of [["/v1/tasks/task_nope", "GET"], ["/v1/tasks/task_nope/events", "GET"], ["/v1/tasks/task_nope/approve", "POST"], ["/v1/tasks/task_nope/cancel", "POST"]] as const) {
      const r = await h.http(path, { method });
      expect(r.status, path).toBe(404);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe("not_found");
    }
  });

  it("approve on a task not awaiting approval → 409", async () => {
    const { id } = await submit({ input: "Say hello." });
    await waitStatus(id, ["completed", "failed"]);
    const r = await h.http(`/v1/tasks/${id}/approve`, { method: "POST" });
    expect(r.status).toBe(409);
  });

  it("a negative budget, an empty input, an unknown field, a bad Last-Event-ID → 400, and no task is written", async () => {
    const before = ((await (await h.http("/v1/tasks?limit=200")).json()) as { data: unknown[] }).data.length;
    const cases: [Record<string, unknown>, string][] = [
      [{ input: "x", budgetUsd: -1 }, "budgetUsd"],
      [{ input: "   " }, "input"],
      [{ input: "x", colour: "red" }, "colour"],
      [{ input: 42 }, "input"],
    ];
    for (const [body, field] of cases) {
      const r = await h.http("/v1/tasks", json(body));
      expect(r.status).toBe(400);
      expect(((await r.json()) as { error: { message: string } }).error.message).toContain(field);
    }
    expect((await h.http("/v1/tasks", { method: "POST", body: "{nope" })).status).toBe(400);
    const after = ((await (await h.http("/v1/tasks?limit=200")).json()) as { data: unknown[] }).data.length;
    expect(after).toBe(before);
    const { id } = await submit({ input: "Say hi." });
    expect((await h.http(`/v1/tasks/${id}/events`, { headers: { "last-event-id": "abc" } })).status).toBe(400);
  });
});

describe("eo/orchestrate on chat completions", () => {
  it("non-stream: answers with the synthesis, naming the task and its experts", async () => {
    const { data, response } = await h.client.chat.completions.create({ model: "eo/orchestrate", messages: [{ role: "user", content: THREE_PARTS }] }).withResponse();
    expect(data.model).toBe("eo/orchestrate");
    expect(data.choices[0]!.message.content).toBeTruthy();
    const taskId = response.headers.get("x-eo-task")!;
    expect((await getTask(taskId)).status).toBe("completed");
    expect(response.headers.get("x-eo-expert")).toBeTruthy();
  });

  it("stream: the synthesis arrives as chunks, then [DONE]", async () => {
    const stream = await h.client.chat.completions.create({ model: "eo/orchestrate", stream: true, messages: [{ role: "user", content: "Explain what a hash table is." }] });
    let text = "";
    for await (const c of stream) text += c.choices[0]?.delta.content ?? "";
    expect(text.length).toBeGreaterThan(0);
  });

  it("a client that goes away cancels its implicit task", async () => {
    h.upstream.script("qwen2.5-coder:7b", { latencyMs: 5000 });
    try {
      const ctl = new AbortController();
      const call = h.http("/v1/chat/completions", { ...json({ model: "eo/orchestrate", messages: [{ role: "user", content: "Write a Go function that reverses a slice." }] }), signal: ctl.signal }).catch(() => null);
      await new Promise((r) => setTimeout(r, 500));
      const newest = ((await (await h.http("/v1/tasks?limit=1")).json()) as { data: { id: string }[] }).data[0]!;
      ctl.abort();
      await call;
      const t = await waitStatus(newest.id, ["cancelled", "completed", "failed"], 5000);
      expect(t.status).toBe("cancelled");
    } finally {
      h.upstream.script("qwen2.5-coder:7b", {});
    }
  });

  it("is listed in /v1/models", async () => {
    const ids: string[] = [];
    for await (const m of h.client.models.list()) ids.push(m.id);
    expect(ids).toContain("eo/orchestrate");
  });
});

describe("the estimator learns output lengths from finished subtasks", () => {
  it("a completed task's subtasks join the per-domain output-token history", async () => {
    const r = await h.http("/v1/tasks", json({ input: "Write a limerick about a cat." }));
    const { id } = (await r.json()) as { id: string };
    await waitStatus(id, ["completed"]);
    const again = await h.http("/v1/tasks", json({ input: "Write a limerick about a dog." }));
    const second = (await again.json()) as { id: string };
    const t = await waitStatus(second.id, ["completed"]);
    // The second estimate for the same domain rests on observed lengths, not on the prior alone.
    const est = (await (await h.http(`/v1/tasks/${second.id}`)).json()) as { estimate: { perSubtask: { outputTokens: { p50: number } }[] } };
    expect(t.status).toBe("completed");
    expect(est.estimate.perSubtask[0]!.outputTokens.p50).toBeLessThan(600);
  });
});

describe("tasks: races and the end of the stream", () => {
  // Over HTTP on SQLite the pausing run returns too fast for the race to show; test/tasks/runner.test.ts proves
  // the race itself (an approval arriving while that run is still returning) against a graph that takes its time.
  it("approving as soon as the pause is announced over SSE resumes the task to completion", async () => {
    const { id, events } = await submit({ input: THREE_PARTS, budgetUsd: 0, requireApproval: true });
    // Read the live stream until the pause event, and approve at once (before the run that paused has returned).
    const ctl = new AbortController();
    const res = await fetch(events, { signal: ctl.signal });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = "";
    while (!text.includes('"status":"awaiting_approval"')) text += (await reader.read()).value ?? "";
    const a = await h.http(`/v1/tasks/${id}/approve`, { method: "POST" });
    ctl.abort();
    expect(a.status).toBe(202);
    expect((await waitStatus(id, ["completed", "failed", "cancelled"])).status).toBe("completed");
  });

  it("a live client of a failed task receives task.failed, then the stream closes", async () => {
    // No approval asked, and no expert is cheap enough for a zero budget: the task fails budget_exceeded.
    const { id, events } = await submit({ input: THREE_PARTS, budgetUsd: 0 });
    const f = await follow(events);
    expect(f.closedByServer).toBe(true);
    expect(f.events.at(-1)!.event).toBe("task.failed");
    expect(dataOf<{ error: { code: string } }>(f.events.at(-1)!).error.code).toBe("budget_exceeded");
    expect((await getTask(id)).status).toBe("failed");
  });

  it("204 only once the client holds the final event; an out-of-range Last-Event-ID is a 400", async () => {
    const { id, events } = await submit({ input: "Say hello." });
    const f = await follow(events);
    const last = Number(f.events.at(-1)!.id);
    expect((await fetch(events, { headers: { "last-event-id": String(last) } })).status).toBe(204);
    const behind = await follow(events, { lastEventId: String(last - 1) });
    expect(behind.events.map((e) => Number(e.id))).toEqual([last]);
    expect((await h.http(`/v1/tasks/${id}/events`, { headers: { "last-event-id": "3000000000" } })).status).toBe(400);
  });
});
