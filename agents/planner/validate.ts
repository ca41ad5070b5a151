// The checks a plan must pass beyond its schema: size, unique ids, dependencies that exist, no cycle.
import type { PlannedSubtask } from "../task.js";

export type PlanCheck = { ok: true; subtasks: PlannedSubtask[] } | { ok: false; error: string };

/** Validates a parsed plan; the error is one sentence per problem, written for the planner to fix. */
export function validatePlan(subtasks: PlannedSubtask[], maxSubtasks: number): PlanCheck {
  const problems: string[] = [];
  if (subtasks.length < 1 || subtasks.length > maxSubtasks) {
    problems.push(`the plan has ${subtasks.length} subtasks; it must have between 1 and ${maxSubtasks}.`);
  }
  const sized = problems.length;
  const ids = new Set<string>();
  for (const s of subtasks) {
    if (ids.has(s.id)) problems.push(`duplicate subtask id "${s.id}": every id must be unique.`);
    ids.add(s.id);
  }
  for (const s of subtasks) {
    for (const d of s.dependsOn) {
      if (d === s.id) problems.push(`subtask "${s.id}" depends on itself.`);
      else if (!ids.has(d)) problems.push(`subtask "${s.id}" depends on "${d}", which is not in the plan.`);
    }
  }
  // A cycle is only well defined once ids are unique and every dependency exists.
  const cycle = problems.length === sized ? findCycle(subtasks) : null;
  if (cycle) problems.push(`the dependencies form a cycle: ${cycle.join(" → ")}; a plan must be acyclic.`);
  if (problems.length > 0) return { ok: false, error: problems.join(" ") };
  // Unique dependency lists: a repeated id would make a subtask wait on nothing more, only read worse.
  return { ok: true, subtasks: subtasks.map((s) => ({ ...s, dependsOn: [...new Set(s.dependsOn)] })) };
}

/** A dependency cycle as a path of ids (first id repeated at the end), or null. */
function findCycle(subtasks: PlannedSubtask[]): string[] | null {
  const deps = new Map(subtasks.map((s) => [s.id, s.dependsOn]));
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (id: string): string[] | null => {
    if (state.get(id) === "done") return null;
    if (state.get(id) === "open") return [...path.slice(path.indexOf(id)), id];
    state.set(id, "open");
    path.push(id);
    for (const d of deps.get(id) ?? []) {
      const c = visit(d);
      if (c) return c;
    }
    path.pop();
    state.set(id, "done");
    return null;
  };
  for (const s of subtasks) {
    const c = visit(s.id);
    if (c) return c;
  }
  return null;
}
