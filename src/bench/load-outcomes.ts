// Node only: reads outcome files (JSONL, or RouterBench CSV) into one list of records.
import { readFileSync } from "node:fs";
import { EoError } from "../errors.js";
import { parseOutcomesJsonl, type OutcomeRecord } from "./outcomes.js";
import { importRouterBench } from "./routerbench.js";

export type OutcomeFormat = "jsonl" | "routerbench";

/** The format of a file: the one given, else by extension (`.csv` is RouterBench, anything else JSONL). */
export function formatOf(path: string, given?: string): OutcomeFormat {
  if (given === "jsonl" || given === "routerbench") return given;
  if (given !== undefined) throw new EoError("bad_request", `unknown format "${given}" (jsonl or routerbench)`);
  return path.toLowerCase().endsWith(".csv") ? "routerbench" : "jsonl";
}

/** Splits repeated or comma-separated path options ("a.csv,b.csv") into paths. */
export function splitPaths(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(",")).map((s) => s.trim()).filter(Boolean);
}

/** Reads and merges the records of several files; ids must be unique across them. */
export function loadOutcomes(paths: readonly string[], format?: string): OutcomeRecord[] {
  if (paths.length === 0) throw new EoError("bad_request", "no outcome file given");
  const all: OutcomeRecord[] = [];
  const seen = new Map<string, string>();
  for (const path of paths) {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (e) {
      throw new EoError("bad_request", `cannot read ${path}: ${(e as Error).message}`);
    }
    const records = formatOf(path, format) === "routerbench" ? importRouterBench(text, path).records : parseOutcomesJsonl(text, path);
    for (const r of records) {
      const before = seen.get(r.id);
      if (before !== undefined) throw new EoError("bad_request", `duplicate id "${r.id}" in ${before} and ${path}`);
      seen.set(r.id, path);
      all.push(r);
    }
  }
  return all;
}
