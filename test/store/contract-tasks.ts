// The task and event half of the shared Store contract: what the runner, the graph and the SSE stream rely on.
import { expect, it } from "vitest";
import { EoError } from "../../src/errors.js";
import type { DecisionRecord, Store } from "../../src/store/store.js";
import type { NewTask, TaskStatus } from "../../src/store/tasks.js";

export function newTask(over: Partial<NewTask> = {}): NewTask {
  return { id: over.id ?? `t-${crypto.randomUUID()}`, input: "Write a haiku, then check 2+2", budgetUsd: 0.5, requireApproval: false, preferences: null, ...over };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Registers the task/event tests inside the caller's describe; `decision` builds a valid DecisionRecord. */
export function taskContract(open: () => Promise<Store>, decision: (over?: Partial<DecisionRecord>) => DecisionRecord) {
  it("creates a task together with its first event, and reads it back whole", async () => {
    const s = await open();
    const t = newTask({ requireApproval: true, preferences: { weights: { correctness: 3 }, localOnly: true } as NewTask["preferences"] });
    const created = await s.createTask(t);
    expect(created).toMatchObject({ ...t, status: "queued", plan: null, estimate: null, subtasks: [], result: null, costUsd: 0, error: null });
    expect(created.createdAt).toBe(created.updatedAt);
    expect(await s.getTask(t.id)).toEqual(created);
    expect(await s.getTask("missing")).toBeNull();
    const events = await s.listEvents(t.id);
    expect(events).toEqual([{ taskId: t.id, seq: 1, type: "status", data: { status: "queued" }, createdAt: created.createdAt }]);
    await s.close();
  });

  it("rejects a duplicate id with conflict and writes nothing", async () => {
    const s = await open();
    const t = newTask();
    const created = await s.createTask(t);
    await s.appendEvent(t.id, "plan", { subtasks: [] }, "plan");
    const err = await s.createTask({ ...t, input: "another input" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EoError);
    expect((err as EoError).code).toBe("conflict");
    expect(await s.getTask(t.id)).toEqual(created);
    expect((await s.listEvents(t.id)).map((e) => [e.seq, e.type])).toEqual([[1, "status"], [2, "plan"]]);
    // Concurrent creations of one id: exactly one wins, and the log still has exactly one seq-1 event.
    const id = `t-race-${crypto.randomUUID()}`;
    const results = await Promise.allSettled(range(1, 5).map((i) => s.createTask(newTask({ id, input: `racer ${i}` }))));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await s.listEvents(id)).toHaveLength(1);
    await s.close();
  });

  it("updates only the patched fields, bumps updatedAt and returns the updated task", async () => {
    const s = await open();
    const t = await s.createTask(newTask());
    const plan = { subtasks: [{ id: "s1", instruction: "add", domain: "math", dependsOn: [] }] };
    const subtasks = [{ ...plan.subtasks[0]!, expert: "calculator", status: "completed" as const, output: "4", verdicts: [], costUsd: 0, attempts: 1 }];
    const u1 = await s.updateTask(t.id, { status: "running", plan, subtasks, costUsd: 0.0123 });
    expect(u1).toMatchObject({ id: t.id, status: "running", plan, subtasks, costUsd: 0.0123, input: t.input, result: null, error: null, createdAt: t.createdAt });
    expect(u1!.updatedAt > t.updatedAt).toBe(true);
    expect(await s.getTask(t.id)).toEqual(u1);
    const u2 = await s.updateTask(t.id, { status: "failed", error: { code: "upstream_failed", message: "boom" }, result: "partial" });
    expect(u2).toMatchObject({ status: "failed", plan, subtasks, costUsd: 0.0123, result: "partial", error: { code: "upstream_failed", message: "boom" } });
    expect(u2!.updatedAt > u1!.updatedAt).toBe(true);
    // null clears; an empty patch still bumps updatedAt.
    const u3 = await s.updateTask(t.id, { error: null, plan: null });
    expect(u3).toMatchObject({ error: null, plan: null, result: "partial" });
    const u4 = await s.updateTask(t.id, {});
    expect(u4!.updatedAt > u3!.updatedAt).toBe(true);
    expect(await s.updateTask("missing", { status: "running" })).toBeNull();
    await s.close();
  });

  it("concurrent patches of different fields do not overwrite each other", async () => {
    const s = await open();
    const t = await s.createTask(newTask());
    await Promise.all([
      s.updateTask(t.id, { status: "running" }),
      s.updateTask(t.id, { costUsd: 0.25 }),
      s.updateTask(t.id, { result: "done" }),
      s.updateTask(t.id, { estimate: { perSubtask: [], overheadUsd: { p50: 0, p90: 0 }, total: { p50: 0.1, p90: 0.2 }, budgetUsd: 1, decision: "run" } }),
    ]);
    expect(await s.getTask(t.id)).toMatchObject({ status: "running", costUsd: 0.25, result: "done", estimate: { decision: "run" } });
    await s.close();
  });

  it("lists tasks newest first and pages with a createdAt cursor", async () => {
    const s = await open();
    const ts = [];
    for (let i = 0; i < 5; i++) ts.push(await s.createTask(newTask({ id: `list-${i}-${crypto.randomUUID()}` })));
    const first = await s.listTasks({ limit: 2 });
    expect(first.map((t) => t.id)).toEqual([ts[4]!.id, ts[3]!.id]);
    const next = await s.listTasks({ limit: 2, before: first[1]!.createdAt });
    expect(next.map((t) => t.id)).toEqual([ts[2]!.id, ts[1]!.id]);
    const rest = await s.listTasks({ limit: 50, before: next[1]!.createdAt });
    expect(rest[0]!.id).toBe(ts[0]!.id);
    expect(rest[0]).toEqual(ts[0]);
    await s.close();
  });

  it("returns unfinished tasks (not completed, failed or cancelled)", async () => {
    const s = await open();
    const statuses: TaskStatus[] = ["queued", "planning", "awaiting_approval", "running", "completed", "failed", "cancelled"];
    const ids: Record<string, string> = {};
    for (const st of statuses) {
      const t = await s.createTask(newTask({ id: `${st}-${crypto.randomUUID()}` }));
      ids[st] = t.id;
      if (st !== "queued") await s.updateTask(t.id, { status: st });
    }
    const unfinished = new Map((await s.unfinishedTasks()).map((t) => [t.id, t.status]));
    for (const st of ["queued", "planning", "awaiting_approval", "running"]) expect(unfinished.get(ids[st]!)).toBe(st);
    for (const st of ["completed", "failed", "cancelled"]) expect(unfinished.has(ids[st]!)).toBe(false);
    await s.close();
  });

  it("appends events with contiguous seqs under 50 concurrent appends to one task", async () => {
    const s = await open();
    const t = await s.createTask(newTask());
    const appended = await Promise.all(range(1, 50).map((i) => s.appendEvent(t.id, "subtask.delta", { i, text: `chunk ${i}` })));
    expect(appended.map((e) => e!.seq).sort((a, b) => a - b)).toEqual(range(2, 51));
    const events = await s.listEvents(t.id);
    expect(events.map((e) => e.seq)).toEqual(range(1, 51));
    // Each append's returned event is exactly what the log holds at that seq.
    const bySeq = new Map(events.map((e) => [e.seq, e]));
    for (const e of appended) expect(bySeq.get(e!.seq)).toEqual(e);
    expect(new Set(events.slice(1).map((e) => (e.data as { i: number }).i)).size).toBe(50);
    await s.close();
  });

  it("is idempotent by key, also under 20 concurrent appends with one key; a missing key never dedupes", async () => {
    const s = await open();
    const t = await s.createTask(newTask());
    const other = await s.createTask(newTask());
    const e1 = await s.appendEvent(t.id, "route", { role: "planner", expert: "big" }, "route:planner");
    expect(e1).toMatchObject({ taskId: t.id, seq: 2, type: "route", data: { role: "planner", expert: "big" } });
    expect(await s.appendEvent(t.id, "route", { role: "planner", expert: "other" }, "route:planner")).toBeNull();
    // The same key on another task is another event.
    expect(await s.appendEvent(other.id, "route", {}, "route:planner")).toMatchObject({ seq: 2 });

    const racers = await Promise.all(range(1, 20).map((i) => s.appendEvent(t.id, "subtask.completed", { racer: i }, "subtask.completed:s1:1")));
    expect(racers.filter((e) => e !== null)).toHaveLength(1);
    expect(racers.find((e) => e !== null)!.seq).toBe(3);

    // Keyed and unkeyed appends interleaved: every unkeyed one lands, each key once, seqs stay contiguous.
    const mixed = await Promise.all([
      ...range(1, 10).map((i) => s.appendEvent(t.id, "subtask.delta", { i })),
      ...range(1, 10).map((i) => s.appendEvent(t.id, "verdict", { i }, `verdict:${i % 3}`)),
    ]);
    expect(mixed.filter((e) => e !== null)).toHaveLength(13);
    const events = await s.listEvents(t.id);
    expect(events.map((e) => e.seq)).toEqual(range(1, 16));
    expect(events.filter((e) => e.type === "verdict")).toHaveLength(3);
    await s.close();
  });

  it("refuses events for an unknown task", async () => {
    const s = await open();
    const err = await s.appendEvent("missing", "status", { status: "running" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EoError);
    expect((err as EoError).code).toBe("not_found");
    expect(await s.listEvents("missing")).toEqual([]);
    await s.close();
  });

  it("lists events after a seq, in order, with a limit; data of any JSON shape round-trips", async () => {
    const s = await open();
    const t = await s.createTask(newTask());
    const datas: unknown[] = ["text", 42, null, [1, "two", { three: 3 }], { nested: { deep: [true, false] }, unicode: "é ✓ 🚀", quote: "a\"b" }];
    for (const d of datas) await s.appendEvent(t.id, "subtask.delta", d);
    const after2 = await s.listEvents(t.id, 2);
    expect(after2.map((e) => e.seq)).toEqual([3, 4, 5, 6]);
    expect(after2.map((e) => e.data)).toEqual(datas.slice(1));
    expect((await s.listEvents(t.id, 0, 2)).map((e) => e.seq)).toEqual([1, 2]);
    expect((await s.listEvents(t.id, 3, 2)).map((e) => e.seq)).toEqual([4, 5]);
    expect(await s.listEvents(t.id, 6)).toEqual([]);
    for (const e of after2) expect(Number.isNaN(Date.parse(e.createdAt))).toBe(false);
    await s.close();
  });

  it("keeps the output-token history of successful answers per domain, newest first", async () => {
    const s = await open();
    const domain = `math-${crypto.randomUUID()}`;
    const at = (sec: number) => new Date(Date.parse("2020-01-01T00:00:00Z") + sec * 1000).toISOString();
    await s.recordDecision(decision({ domain, outputTokens: 100, createdAt: at(1) }));
    await s.recordDecision(decision({ domain, outputTokens: 300, createdAt: at(3) }));
    await s.recordDecision(decision({ domain, outputTokens: 200, createdAt: at(2) }));
    // Not evidence: a failed answer, a dry run, another domain.
    await s.recordDecision(decision({ domain, outputTokens: 999, createdAt: at(4), outcome: "error", error: { code: "upstream_failed", message: "x" } }));
    await s.recordDecision(decision({ domain, outputTokens: 998, createdAt: at(5), kind: "route" }));
    await s.recordDecision(decision({ domain: `${domain}-other`, outputTokens: 997, createdAt: at(6) }));
    expect(await s.outputTokenHistory(domain)).toEqual([300, 200, 100]);

    // Completed subtasks, recorded now (so newer than the 2020 decisions); a key makes a re-run count once.
    await s.recordOutputTokens(domain, 40, "task-1:s1:1");
    await s.recordOutputTokens(domain, 41, "task-1:s1:1");
    await s.recordOutputTokens(domain, 50);
    await s.recordOutputTokens(domain, 50);
    expect(await s.outputTokenHistory(domain)).toEqual([50, 50, 40, 300, 200, 100]);
    expect(await s.outputTokenHistory(domain, 4)).toEqual([50, 50, 40, 300]);
    expect(await s.outputTokenHistory(`${domain}-none`)).toEqual([]);
    await expect(s.recordOutputTokens(domain, -1)).rejects.toBeInstanceOf(EoError);
    await s.close();
  });
}
