// A small real StateGraph for the checkpointer tests in workerd: plan, a Send fan-out to workers, an interrupt gate, finish.
import { Annotation, END, START, Send, StateGraph, interrupt, type BaseCheckpointSaver } from "@langchain/langgraph";

const State = Annotation.Root({
  items: Annotation<string[]>({ reducer: (_old, next) => next, default: () => [] }),
  /** Written by the parallel workers: concatenated, in whatever order the superstep applies them. */
  results: Annotation<string[]>({ reducer: (old, next) => [...old, ...next], default: () => [] }),
  approved: Annotation<boolean | null>({ reducer: (_old, next) => next, default: () => null }),
  summary: Annotation<string>({ reducer: (_old, next) => next, default: () => "" }),
});

export interface GraphHooks {
  /** Records that a node started or finished (in DO storage, so the counts outlive the object). */
  record(node: string, item: string, phase: "start" | "done"): void;
  /** Called as a worker starts; may never return (it resets the object). */
  beforeWork(item: string): Promise<void>;
}

/** plan → work × items (Send) → gate (interrupt: approve?) → finish. */
export function buildGraph(checkpointer: BaseCheckpointSaver, hooks: GraphHooks) {
  return new StateGraph(State)
    .addNode("plan", (s) => {
      hooks.record("plan", "", "start");
      const items = [...new Set(s.items)].sort();
      hooks.record("plan", "", "done");
      return { items };
    })
    .addNode("work", async (task: { item: string }) => {
      hooks.record("work", task.item, "start");
      await hooks.beforeWork(task.item);
      hooks.record("work", task.item, "done");
      return { results: [`done:${task.item}`] };
    })
    .addNode("gate", (s) => {
      hooks.record("gate", "", "start");
      const answer = interrupt({ question: "approve?", results: [...s.results].sort() }) as { approved?: boolean };
      hooks.record("gate", "", "done");
      return { approved: answer?.approved === true };
    })
    .addNode("finish", (s) => {
      hooks.record("finish", "", "start");
      const summary = `${s.approved ? "approved" : "rejected"}: ${[...s.results].sort().join(",")}`;
      hooks.record("finish", "", "done");
      return { summary };
    })
    .addEdge(START, "plan")
    .addConditionalEdges("plan", (s) => s.items.map((item) => new Send("work", { item })), ["work"])
    .addEdge("work", "gate")
    .addEdge("gate", "finish")
    .addEdge("finish", END)
    .compile({ checkpointer });
}
