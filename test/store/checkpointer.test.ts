// Both checkpointers let a graph resume after a restart: a new saver on the same database continues, never redoes, a step.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Annotation, END, START, StateGraph } from "@langchain/langgraph";
import { afterAll, describe, expect, it } from "vitest";
import { openCheckpointer, type Checkpointer, type CheckpointerOptions } from "../../src/store/checkpointer.js";
import { PG_URL, pgReachable, Schemas } from "./pg.js";

const State = Annotation.Root({
  steps: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
});

/** Two nodes: `first` has a side effect (counted); `second` crashes while `crashing` holds, as a killed process would. */
function twoNodeGraph(saver: Checkpointer, world: { firstRuns: number; crashing: boolean }) {
  return new StateGraph(State)
    .addNode("first", async () => {
      world.firstRuns++;
      return { steps: ["first"] };
    })
    .addNode("second", async () => {
      if (world.crashing) throw new Error("process killed");
      return { steps: ["second"] };
    })
    .addEdge(START, "first")
    .addEdge("first", "second")
    .addEdge("second", END)
    .compile({ checkpointer: saver });
}

function resumeContract(name: string, options: () => CheckpointerOptions) {
  it(`${name}: a new saver on the same database resumes after the last checkpoint`, async () => {
    const opts = options();
    const world = { firstRuns: 0, crashing: true };
    const config = { configurable: { thread_id: `task-${crypto.randomUUID()}` } };

    const before = await openCheckpointer(opts);
    await expect(twoNodeGraph(before, world).invoke({ steps: [] }, config)).rejects.toThrow("process killed");
    expect(world.firstRuns).toBe(1);
    await before.close();

    // "Restart": a new saver instance, a newly compiled graph, the same thread; null input resumes.
    world.crashing = false;
    const after = await openCheckpointer(opts);
    const graph = twoNodeGraph(after, world);
    expect((await graph.getState(config)).next).toEqual(["second"]);
    const out = await graph.invoke(null, config);
    expect(out.steps).toEqual(["first", "second"]);
    expect(world.firstRuns).toBe(1);
    expect((await graph.getState(config)).next).toEqual([]);
    await after.close();
  });
}

describe("checkpointer", () => {
  const dir = mkdtempSync(join(tmpdir(), "eo-ckpt-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  resumeContract("sqlite", () => ({ sqlitePath: join(dir, "checkpoints.sqlite") }));
});

const reachable = await pgReachable();
describe("checkpointer (postgres)", () => {
  if (!reachable) {
    it.skip(`skipped: Postgres is unreachable at ${PG_URL} (start it, or set EO_TEST_DATABASE_URL)`, () => {});
    return;
  }
  const schemas = new Schemas();
  afterAll(() => schemas.dropAll());
  resumeContract("postgres", () => ({ postgresUrl: PG_URL, schema: schemas.fresh("eo_ckpt") }));
});
