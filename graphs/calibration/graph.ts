// The calibration graph: plan the suite's items → probe each (ask the expert, judge the answer) in parallel → record evidence.
import { END, Send, START, StateGraph, type BaseCheckpointSaver } from "@langchain/langgraph";
import type { CalibrationDeps } from "./context.js";
import { CalibrationState, type CalibrationStateT } from "./state.js";
import { probeStep } from "./steps/probe.js";
import { recordStep } from "./steps/record.js";

const NODE = { probe: "probe", record: "record" } as const;

/** Every item not judged yet (after a crash, the finished ones are in the checkpoint), each to its own probe. */
function fanOut(s: CalibrationStateT) {
  const todo = s.items.filter((item) => !s.results[item.id]);
  if (todo.length === 0) return NODE.record;
  return todo.map((item) => new Send(NODE.probe, { runId: s.runId, expertId: s.expertId, item }));
}

export function buildCalibration(deps: CalibrationDeps) {
  return new StateGraph(CalibrationState)
    .addNode(NODE.probe, probeStep(deps)) // reached only by Send: its input is a ProbeInput
    .addNode(NODE.record, recordStep(deps))
    .addConditionalEdges(START, fanOut, [NODE.probe, NODE.record])
    .addEdge(NODE.probe, NODE.record)
    .addEdge(NODE.record, END);
}

export function compileCalibration(deps: CalibrationDeps, checkpointer?: BaseCheckpointSaver) {
  return buildCalibration(deps).compile({ checkpointer, name: "calibration" });
}
export type CalibrationGraph = ReturnType<typeof compileCalibration>;
