// DurableObjectCheckpointer's API in real workerd, on the cases of LangGraph's checkpoint-validation suite and this saver's own.
import { ERROR, INTERRUPT, TASKS, type Checkpoint, type CheckpointMetadata, type CheckpointTuple } from "@langchain/langgraph-checkpoint";
import { beforeAll, describe, expect, it } from "vitest";
import { useCheckpointerWorker } from "./client.js";

const w = useCheckpointerWorker();

type Config = { configurable: Record<string, unknown> };

/** Checkpoint ids sort as they are numbered (real ones are uuid6, time-ordered). */
const id = (n: number) => `1f000000-0000-6000-8000-${String(n).padStart(12, "0")}`;
function checkpoint(n: number, values: Record<string, unknown> = {}, v = 4): Checkpoint {
  return {
    v,
    id: id(n),
    ts: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
    channel_values: values,
    channel_versions: Object.fromEntries(Object.keys(values).map((k) => [k, 1])),
    versions_seen: {},
  };
}
const meta = (source: CheckpointMetadata["source"], step: number, extra: Record<string, unknown> = {}): CheckpointMetadata => ({ source, step, parents: {}, ...extra });
const cfg = (thread_id: string, checkpoint_ns = "", checkpoint_id?: string): Config => ({ configurable: { thread_id, checkpoint_ns, ...(checkpoint_id ? { checkpoint_id } : {}) } });

describe.each([
  ["root", ""],
  ["child", "child"],
])("put and getTuple, namespace %s", (label, ns) => {
  const obj = `roundtrip-${label}`;
  let c1: Config, c2: Config;
  const cp1 = checkpoint(1);
  const cp2 = checkpoint(2, { animals: ["dog"], nested: { a: [1, { b: null }] } });

  beforeAll(async () => {
    // An extra configurable key must not be stored or returned.
    c1 = await w.ok(obj, "put", { config: { configurable: { thread_id: "t", checkpoint_ns: ns, canary: "tweet" } }, checkpoint: cp1, metadata: meta("input", -1) });
    await w.ok(obj, "putWrites", { config: c1, writes: [[TASKS, ["add_fish"]]], taskId: "pending_sends_task" });
    c2 = await w.ok(obj, "put", { config: c1, checkpoint: cp2, metadata: meta("loop", 0, { writes: { plan: "x" } }) });
    await w.ok(obj, "putWrites", { config: c2, writes: [["animals", ["dog", "fish"]]], taskId: "add_fish" });
  });

  it("returns the stored config: thread, namespace and id only", () => {
    expect(c1).toEqual(cfg("t", ns, id(1)));
    expect(c2).toEqual(cfg("t", ns, id(2)));
  });

  it("gives back a checkpoint by id, unchanged, with its metadata, parent and writes", async () => {
    const first: CheckpointTuple = await w.ok(obj, "getTuple", { config: c1 });
    expect(first).toEqual({ config: c1, checkpoint: cp1, metadata: meta("input", -1), pendingWrites: [["pending_sends_task", TASKS, ["add_fish"]]] });
    expect(first.parentConfig).toBeUndefined();
    const second: CheckpointTuple = await w.ok(obj, "getTuple", { config: c2 });
    expect(second).toEqual({ config: c2, checkpoint: cp2, metadata: meta("loop", 0, { writes: { plan: "x" } }), parentConfig: c1, pendingWrites: [["add_fish", "animals", ["dog", "fish"]]] });
  });

  it("gives the latest checkpoint of the namespace without an id", async () => {
    const latest: CheckpointTuple = await w.ok(obj, "getTuple", { config: cfg("t", ns) });
    expect(latest.config).toEqual(c2);
    expect(latest.checkpoint).toEqual(cp2);
    expect(latest.parentConfig).toEqual(c1);
  });

  it("gives nothing for an unknown id, an unknown thread, or no thread", async () => {
    expect(await w.ok(obj, "getTuple", { config: cfg("t", ns, id(99)) })).toBeNull();
    expect(await w.ok(obj, "getTuple", { config: cfg("other", ns) })).toBeNull();
    expect(await w.ok(obj, "getTuple", { config: { configurable: { checkpoint_ns: ns } } })).toBeNull();
  });
});

describe("put and putWrites refuse incomplete configs", () => {
  it("put needs configurable and thread_id; the namespace defaults to ''", async () => {
    expect((await w.call("refuse", "put", { config: {}, checkpoint: checkpoint(1), metadata: meta("input", -1) })).status).toBe(500);
    expect((await w.call("refuse", "put", { config: { configurable: { checkpoint_ns: "" } }, checkpoint: checkpoint(1), metadata: meta("input", -1) })).status).toBe(500);
    const c = await w.ok("refuse", "put", { config: { configurable: { thread_id: "t" } }, checkpoint: checkpoint(1), metadata: meta("input", -1) });
    expect(c).toEqual(cfg("t", "", id(1)));
  });

  it("putWrites needs thread_id and checkpoint_id", async () => {
    const r1 = await w.call("refuse", "putWrites", { config: { configurable: { checkpoint_ns: "", checkpoint_id: id(1) } }, writes: [["a", 1]], taskId: "x" });
    const r2 = await w.call("refuse", "putWrites", { config: cfg("t"), writes: [["a", 1]], taskId: "x" });
    expect([r1.status, r2.status]).toEqual([500, 500]);
    expect(r2.body.error).toMatch(/checkpoint_id/);
  });
});

describe("putWrites", () => {
  const obj = "writes";
  let c: Config;
  beforeAll(async () => {
    c = await w.ok(obj, "put", { config: cfg("t"), checkpoint: checkpoint(1), metadata: meta("loop", 0) });
  });
  const pending = async () => ((await w.ok(obj, "getTuple", { config: c })) as CheckpointTuple).pendingWrites;

  it("keeps the first writes of a task that is stored again (a retried task cannot duplicate them); special channels are replaced", async () => {
    await w.ok(obj, "putWrites", { config: c, writes: [["a", 1], ["b", 2]], taskId: "t1" });
    await w.ok(obj, "putWrites", { config: c, writes: [["a", 9]], taskId: "t1" });
    await w.ok(obj, "putWrites", { config: c, writes: [[ERROR, "first failure"]], taskId: "t2" });
    await w.ok(obj, "putWrites", { config: c, writes: [[ERROR, "second failure"]], taskId: "t2" });
    await w.ok(obj, "putWrites", { config: c, writes: [[INTERRUPT, [{ value: "approve?" }]]], taskId: "t3" });
    expect(await pending()).toEqual([
      ["t1", "a", 1],
      ["t1", "b", 2],
      ["t2", ERROR, "second failure"],
      ["t3", INTERRUPT, [{ value: "approve?" }]],
    ]);
  });

  it("returns writes in writesSortKey order (task path, task id, index), not in the order they were stored", async () => {
    const c2 = await w.ok(obj, "put", { config: c, checkpoint: checkpoint(2), metadata: meta("loop", 1) });
    await w.ok(obj, "putWrites", { config: c2, writes: [["m", "b0"], ["m", "b1"]], taskId: "task-b", taskPath: "~__pregel_push, 0" });
    await w.ok(obj, "putWrites", { config: c2, writes: [["m", "z"]], taskId: "task-z", taskPath: "~__pull__, a" });
    await w.ok(obj, "putWrites", { config: c2, writes: [["m", "a"]], taskId: "task-a", taskPath: "~__pregel_push, 0" });
    await w.ok(obj, "putWrites", { config: c2, writes: [["m", "input"]], taskId: "task-y" }); // no path: first
    const tuple: CheckpointTuple = await w.ok(obj, "getTuple", { config: c2 });
    expect(tuple.pendingWrites!.map(([task, , v]) => `${task}=${v}`)).toEqual(["task-y=input", "task-a=a", "task-b=b0", "task-b=b1", "task-z=z"]);
  });

  it("round-trips bytes (the serde's 'bytes' type) in writes and in channel values", async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const c3 = await w.ok(obj, "put", { config: c, checkpoint: checkpoint(3, { raw: bytes }), metadata: meta("loop", 2) });
    await w.ok(obj, "putWrites", { config: c3, writes: [["raw", bytes]], taskId: "t" });
    const tuple: CheckpointTuple = await w.ok(obj, "getTuple", { config: c3 });
    expect(tuple.checkpoint.channel_values.raw).toEqual(bytes);
    expect(tuple.pendingWrites).toEqual([["t", "raw", bytes]]);
  });
});

describe("list", () => {
  const obj = "list";
  // Two threads × two namespaces × (input checkpoint, loop checkpoint): ids 1..8 in put order.
  const all: { config: Config; n: number; thread: string; ns: string; source: "input" | "loop" }[] = [];
  beforeAll(async () => {
    let n = 0;
    for (const thread of ["t1", "t2"]) {
      for (const ns of ["", "child"]) {
        let parent = cfg(thread, ns);
        for (const [source, step] of [["input", -1], ["loop", 0]] as const) {
          n += 1;
          parent = await w.ok(obj, "put", { config: parent, checkpoint: checkpoint(n, { n }), metadata: meta(source, step, { score: { n: n % 2 } }) });
          await w.ok(obj, "putWrites", { config: parent, writes: [["n", n]], taskId: `task-${n}` });
          all.push({ config: parent, n, thread, ns, source });
        }
      }
    }
  });
  const ids = async (config: Config, options?: Record<string, unknown>) =>
    ((await w.ok(obj, "list", { config, options })) as CheckpointTuple[]).map((t) => Number(t.checkpoint.id.slice(-12)));

  it("lists newest first, across threads and namespaces unless narrowed", async () => {
    expect(await ids({ configurable: {} })).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    expect(await ids({ configurable: { thread_id: "t1" } })).toEqual([4, 3, 2, 1]);
    expect(await ids({ configurable: { checkpoint_ns: "child" } })).toEqual([8, 7, 4, 3]);
    expect(await ids(cfg("t2", ""))).toEqual([6, 5]);
    expect(await ids(cfg("nobody"))).toEqual([]);
  });

  it("applies limit, before and metadata filters together", async () => {
    expect(await ids({ configurable: { thread_id: "t1" } }, { limit: 1 })).toEqual([4]);
    expect(await ids({ configurable: {} }, { limit: 2 })).toEqual([8, 7]);
    expect(await ids({ configurable: {} }, { before: all[2]!.config })).toEqual([2, 1]);
    expect(await ids({ configurable: { thread_id: "t2" } }, { before: all[6]!.config, limit: 1 })).toEqual([6]);
    expect(await ids({ configurable: {} }, { filter: { source: "input" } })).toEqual([7, 5, 3, 1]);
    expect(await ids({ configurable: {} }, { filter: { step: 0 } })).toEqual([8, 6, 4, 2]);
    expect(await ids({ configurable: {} }, { filter: { score: { n: 1 } } })).toEqual([7, 5, 3, 1]);
    expect(await ids({ configurable: {} }, { filter: {} })).toHaveLength(8);
    expect(await ids({ configurable: {} }, { filter: { source: "loop", step: -1 } })).toEqual([]);
    expect(await ids({ configurable: { thread_id: "t1" } }, { filter: { source: "loop" }, limit: 1 })).toEqual([4]);
  });

  it("lists the same tuples getTuple gives, writes and parents included", async () => {
    const listed = (await w.ok(obj, "list", { config: cfg("t1", "child") })) as CheckpointTuple[];
    const got = await Promise.all(listed.map((t) => w.ok(obj, "getTuple", { config: t.config })));
    expect(listed).toEqual(got);
    expect(listed[0]!.parentConfig).toEqual(all[2]!.config);
    expect(listed[0]!.pendingWrites).toEqual([["task-4", "n", 4]]);
  });
});

describe("older checkpoints and delta channels", () => {
  it("moves a v<4 checkpoint's pending sends from its parent's writes into the TASKS channel", async () => {
    const obj = "migrate";
    const c0 = await w.ok(obj, "put", { config: cfg("thread-1"), checkpoint: checkpoint(1, {}, 1), metadata: meta("loop", 0) });
    await w.ok(obj, "putWrites", { config: c0, writes: [[TASKS, "send-1"], [TASKS, "send-2"]], taskId: "task-1" });
    await w.ok(obj, "putWrites", { config: c0, writes: [[TASKS, "send-3"]], taskId: "task-2" });
    const t0: CheckpointTuple = await w.ok(obj, "getTuple", { config: c0 });
    expect(t0.checkpoint.channel_values).toEqual({});
    const c1 = await w.ok(obj, "put", { config: c0, checkpoint: checkpoint(2, {}, 1), metadata: meta("loop", 1) });
    for (const t of [await w.ok(obj, "getTuple", { config: c1 }), ((await w.ok(obj, "list", { config: cfg("thread-1") })) as CheckpointTuple[])[0]]) {
      expect(t.checkpoint.channel_values).toEqual({ [TASKS]: ["send-1", "send-2", "send-3"] });
      expect(t.checkpoint.channel_versions[TASKS]).toBeDefined();
    }
  });

  it("replays a channel's writes up the parent chain, same-superstep writes in task order", async () => {
    const obj = "delta";
    const c0 = await w.ok(obj, "put", { config: cfg("t"), checkpoint: checkpoint(1, { messages: [0] }), metadata: meta("loop", 0) });
    await w.ok(obj, "putWrites", { config: c0, writes: [["messages", ["b"]]], taskId: "task-b" });
    await w.ok(obj, "putWrites", { config: c0, writes: [["messages", ["a"]]], taskId: "task-a" });
    const c1 = await w.ok(obj, "put", { config: c0, checkpoint: checkpoint(2), metadata: meta("loop", 1) });
    const history = await w.ok(obj, "deltaHistory", { config: c1, channels: ["messages"] });
    expect(history).toEqual({ messages: { seed: [0], writes: [["task-a", "messages", ["a"]], ["task-b", "messages", ["b"]]] } });
  });
});

describe("storage", () => {
  it("spills values over the row limit to chunks and reads them back; deleteThread removes one thread whole", async () => {
    const obj = "large";
    const text = "x".repeat(3 * 1024 * 1024);
    const bytes = new Uint8Array(3 * 1024 * 1024 + 7).map((_, i) => i % 251);
    const c = await w.ok(obj, "put", { config: cfg("big"), checkpoint: checkpoint(1, { text }), metadata: meta("loop", 0) });
    await w.ok(obj, "putWrites", { config: c, writes: [["blob", bytes]], taskId: "t" });
    await w.ok(obj, "put", { config: cfg("small"), checkpoint: checkpoint(2, { a: 1 }), metadata: meta("loop", 0) });
    expect(await w.ok(obj, "stats")).toEqual({ checkpoints: 2, writes: 1, chunks: 4 + 4 }); // 1 MiB pieces: each value is a little over 3 MiB
    const tuple: CheckpointTuple = await w.ok(obj, "getTuple", { config: cfg("big") });
    expect(tuple.checkpoint.channel_values.text).toBe(text);
    // Buffer.equals, not toEqual: a deep compare of 3 M elements takes seconds.
    const got = tuple.pendingWrites![0]![2] as Uint8Array;
    expect(got).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(got).equals(Buffer.from(bytes))).toBe(true);
    // Stored again, smaller: the old chunks go.
    await w.ok(obj, "put", { config: cfg("big"), checkpoint: checkpoint(1, { text: "short" }), metadata: meta("loop", 0) });
    expect((await w.ok(obj, "stats")).chunks).toBe(4);
    await w.ok(obj, "deleteThread", { threadId: "big" });
    expect(await w.ok(obj, "stats")).toEqual({ checkpoints: 1, writes: 0, chunks: 0 });
    expect(await w.ok(obj, "getTuple", { config: cfg("big") })).toBeNull();
    expect(((await w.ok(obj, "getTuple", { config: cfg("small") })) as CheckpointTuple).checkpoint.channel_values).toEqual({ a: 1 });
  });

  it("keeps checkpoints and writes across a reset of the object (a new instance reads them)", async () => {
    const obj = "reset";
    const c = await w.ok(obj, "put", { config: cfg("t"), checkpoint: checkpoint(1, { kept: true }), metadata: meta("loop", 0) });
    await w.ok(obj, "putWrites", { config: c, writes: [["kept", "yes"]], taskId: "t" });
    const before = (await w.ok(obj, "instance")).instanceId;
    expect((await w.call(obj, "abort")).status).not.toBe(200);
    expect((await w.ok(obj, "instance")).instanceId).not.toBe(before);
    const tuple: CheckpointTuple = await w.ok(obj, "getTuple", { config: cfg("t") });
    expect(tuple.checkpoint.channel_values).toEqual({ kept: true });
    expect(tuple.pendingWrites).toEqual([["t", "kept", "yes"]]);
  });
});
