// Imports RouterBench's CSV (one column per model's score, `<model>|model_response`, `<model>|total_cost`) as outcome records.
import { EoError } from "../errors.js";
import { parseCsv } from "./csv.js";
import type { Outcome, OutcomeRecord } from "./outcomes.js";
import { parsePyList } from "./pylist.js";

/** RouterBench eval names → the service's domains (src/vocabulary.ts), so the router sees a domain it knows. */
const DOMAIN_OF_EVAL: ReadonlyArray<[RegExp, string]> = [
  [/^arc/i, "science"],
  [/^mbpp|humaneval|code/i, "code"],
  [/^winogrande|hellaswag/i, "reasoning"],
  [/gsm8k|grade-school-math|math/i, "math"],
  [/^mmlu/i, "general"],
];

/** Columns that are not a model's score. */
const NOT_MODELS = new Set(["", "sample_id", "prompt", "eval_name", "oracle_model_to_route_to"]);

export interface ImportStats {
  rows: number;
  /** Outcomes left out because a cell was empty (not recorded), per model. */
  missing: Record<string, number>;
}

/** The service domain of a RouterBench eval name ("general" when unknown). */
export function domainOfEval(evalName: string): string {
  return DOMAIN_OF_EVAL.find(([re]) => re.test(evalName))?.[1] ?? "general";
}

/**
 * Parses a RouterBench CSV. `prompt` and `model_response` cells are Python list literals (joined with a
 * blank line when they hold several turns). A model whose score or cost cell is empty has no outcome for
 * that prompt (counted in `stats.missing`), never a zero. Errors name the source and the CSV line.
 */
export function importRouterBench(text: string, source = "routerbench.csv"): { records: OutcomeRecord[]; stats: ImportStats } {
  let rows: string[][];
  try {
    rows = parseCsv(text);
  } catch (e) {
    throw new EoError("bad_request", `${source}: ${(e as Error).message}`);
  }
  const header = rows[0];
  if (!header) throw new EoError("bad_request", `${source}: empty file`);
  const col = new Map(header.map((h, i) => [h, i]));
  for (const need of ["sample_id", "prompt"]) {
    if (!col.has(need)) throw new EoError("bad_request", `${source}: no "${need}" column; is this a RouterBench CSV?`);
  }
  const models = header.filter((h) => !NOT_MODELS.has(h) && !h.includes("|"));
  const missing: Record<string, number> = Object.fromEntries(models.map((m) => [m, 0]));
  const records: OutcomeRecord[] = [];
  const ids = new Set<string>();
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    const at = (name: string) => row[col.get(name) ?? -1] ?? "";
    const where = `${source}: row ${r} (sample ${at("sample_id") || "?"})`;
    const outcomes: Record<string, Outcome> = {};
    for (const m of models) {
      const score = at(m).trim();
      const cost = at(`${m}|total_cost`).trim();
      if (score === "" || cost === "") {
        missing[m]!++;
        continue;
      }
      const s = Number(score);
      const c = Number(cost);
      if (!Number.isFinite(s) || s < 0 || s > 1) throw new EoError("bad_request", `${where}: score of ${m} is "${score}", not a number in [0, 1]`);
      if (!Number.isFinite(c) || c < 0) throw new EoError("bad_request", `${where}: cost of ${m} is "${cost}", not a non-negative number`);
      const outcome: Outcome = { score: s, costUsd: c };
      const response = at(`${m}|model_response`);
      if (response.trim()) outcome.response = pyText(response, `${where}: response of ${m}`);
      outcomes[m] = outcome;
    }
    const evalName = at("eval_name");
    // A few sample ids repeat with different prompts: the row's index (first column) tells them apart.
    let id = at("sample_id") || `row-${r}`;
    if (ids.has(id)) id = `${id}#${row[0] || r}`;
    ids.add(id);
    records.push({
      id,
      prompt: pyText(at("prompt"), `${where}: prompt`),
      domain: domainOfEval(evalName),
      ...(evalName ? { task: evalName } : {}),
      outcomes,
    });
  }
  return { records, stats: { rows: records.length, missing } };
}

/** A Python-list cell as text; a cell that is not a list literal is taken as it is. */
function pyText(cell: string, where: string): string {
  if (!cell.trimStart().startsWith("[")) return cell;
  try {
    return parsePyList(cell).join("\n\n");
  } catch (e) {
    throw new EoError("bad_request", `${where}: ${(e as Error).message}`);
  }
}
