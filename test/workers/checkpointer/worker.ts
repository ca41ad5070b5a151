// Test worker: a SQLite-backed Durable Object that drives DurableObjectCheckpointer and a small graph over HTTP, in workerd.
import { AsyncLocalStorage } from "node:async_hooks";
import { Buffer } from "node:buffer";
import { AsyncLocalStorageProviderSingleton } from "@langchain/core/singletons";
import { Command } from "@langchain/langgraph";
import type { DurableObjectNamespace, DurableObjectState } from "@cloudflare/workers-types/index.ts";
import { DurableObjectCheckpointer } from "../../../src/store/do-checkpointer.js";
import { buildGraph } from "./graph.js";

// Wrangler bundles LangGraph's "browser" entry (web.js), which, unlike the Node entry, does not set up the
// AsyncLocalStorage that interrupt() and getConfig() read the running graph's config from.
AsyncLocalStorageProviderSingleton.initializeGlobalInstance(new AsyncLocalStorage());

interface Env {
  CP: DurableObjectNamespace;
}

/** JSON with bytes: a Uint8Array travels as {"$bytes": base64}, both ways. */
const revive = (_k: string, v: unknown) =>
  v && typeof v === "object" && typeof (v as { $bytes?: unknown }).$bytes === "string" ? new Uint8Array(Buffer.from((v as { $bytes: string }).$bytes, "base64")) : v;
const replace = (_k: string, v: unknown) => (v instanceof Uint8Array ? { $bytes: Buffer.from(v).toString("base64") } : v);
const reply = (body: unknown, status = 200) => new Response(JSON.stringify(body ?? null, replace), { status, headers: { "content-type": "application/json" } });

/** Stops a worker until its siblings' writes are stored, then resets the object, as an eviction mid-superstep would. */
type Crash = { item: string; afterSiblings: number };

export class CheckpointerTestObject {
  private readonly instanceId = crypto.randomUUID();
  private readonly saver: DurableObjectCheckpointer;
  private crash: Crash | undefined;

  constructor(private readonly ctx: DurableObjectState) {
    this.saver = new DurableObjectCheckpointer(ctx.storage);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS node_runs (seq INTEGER PRIMARY KEY AUTOINCREMENT, node TEXT, item TEXT, phase TEXT)");
  }

  async fetch(request: Request): Promise<Response> {
    const op = new URL(request.url).pathname.split("/").pop() ?? "";
    const body = request.method === "POST" ? (JSON.parse(await request.text(), revive) as Record<string, any>) : {};
    try {
      return reply(await this.handle(op, body));
    } catch (e) {
      return reply({ error: e instanceof Error ? e.message : String(e) }, 500);
    }
  }

  private async handle(op: string, b: Record<string, any>): Promise<unknown> {
    const saver = this.saver;
    switch (op) {
      case "put":
        return saver.put(b.config, b.checkpoint, b.metadata, b.newVersions ?? {});
      case "putWrites":
        await saver.putWrites(b.config, b.writes, b.taskId, b.taskPath);
        return {};
      case "getTuple":
        return saver.getTuple(b.config);
      case "list": {
        const out = [];
        for await (const t of saver.list(b.config, b.options)) out.push(t);
        return out;
      }
      case "deleteThread":
        await saver.deleteThread(b.threadId);
        return {};
      case "deltaHistory":
        return saver.getDeltaChannelHistory({ config: b.config, channels: b.channels });
      case "stats": {
        const count = (table: string) => Number(this.ctx.storage.sql.exec(`SELECT COUNT(*) AS n FROM ${table}`).one().n);
        saver.setup();
        return { checkpoints: count("lg_checkpoints"), writes: count("lg_writes"), chunks: count("lg_chunks") };
      }
      case "instance":
        return { instanceId: this.instanceId };
      case "abort":
        this.ctx.abort("reset by the test");
        return { aborted: false };
      case "run": {
        this.crash = b.crash;
        const input = b.resume !== undefined ? new Command({ resume: b.resume }) : (b.input ?? null);
        const out = (await this.graph().invoke(input, { configurable: { thread_id: b.threadId }, durability: "sync" })) as Record<string, unknown>;
        return { values: out, interrupts: out.__interrupt__ ?? [] };
      }
      case "state": {
        const s = await this.graph().getState({ configurable: { thread_id: b.threadId } });
        return { values: s.values, next: s.next };
      }
      case "runs": {
        const rows = this.ctx.storage.sql.exec("SELECT node, item, phase, COUNT(*) AS n FROM node_runs GROUP BY node, item, phase").toArray();
        return Object.fromEntries(rows.map((r) => [`${r.node}${r.item ? `:${r.item}` : ""}:${r.phase}`, Number(r.n)]));
      }
      default:
        throw new Error(`unknown op ${op}`);
    }
  }

  private graph() {
    const sql = this.ctx.storage.sql;
    return buildGraph(this.saver, {
      record: (node, item, phase) => void sql.exec("INSERT INTO node_runs (node, item, phase) VALUES (?, ?, ?)", node, item, phase),
      beforeWork: async (item) => {
        const crash = this.crash;
        if (!crash || crash.item !== item) return;
        const deadline = Date.now() + 10_000;
        for (;;) {
          const done = Number(sql.exec("SELECT COUNT(DISTINCT task_id) AS n FROM lg_writes WHERE channel = 'results'").one().n);
          if (done >= crash.afterSiblings) break;
          if (Date.now() > deadline) throw new Error(`siblings never stored their writes (${done}/${crash.afterSiblings})`);
          await new Promise((ok) => setTimeout(ok, 10));
        }
        this.ctx.abort("evicted mid-run");
        await new Promise(() => {}); // never reached in workerd: abort() ends this object's work
      },
    });
  }
}

export default {
  /** /<object name>/<op>: one Durable Object per name, so each test gets fresh storage. */
  fetch(request: Request, env: Env): Promise<Response> {
    const [, name] = new URL(request.url).pathname.split("/");
    if (!name) return Promise.resolve(new Response("no object name", { status: 400 }));
    return env.CP.get(env.CP.idFromName(name)).fetch(request as never) as unknown as Promise<Response>;
  },
};
