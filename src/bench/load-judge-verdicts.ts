// Node only: reads judge-verdict data (CONTRACT JSONL files, or JudgeBench folders and files) into one list of records.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { EoError } from "../errors.js";
import { parseJudgeVerdictsJsonl, type JudgeVerdictRecord } from "./judge-verdicts.js";
import { importJudgeBench, type JudgeBenchImport } from "./judgebench.js";

export type VerdictFormat = "jsonl" | "judgebench";

export interface LoadedVerdicts {
  records: JudgeVerdictRecord[];
  /** The import's counts when JudgeBench files were read (records left out). */
  judgebench?: Omit<JudgeBenchImport, "records">;
}

function read(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    throw new EoError("bad_request", `cannot read ${path}: ${(e as Error).message}`);
  }
}

/** A folder stands for its .jsonl files (JudgeBench's layout); a file for itself. */
function expand(path: string): { files: string[]; folder: boolean } {
  let folder = false;
  try {
    folder = statSync(path).isDirectory();
  } catch (e) {
    throw new EoError("bad_request", `cannot read ${path}: ${(e as Error).message}`);
  }
  if (!folder) return { files: [path], folder };
  const files = readdirSync(path).filter((f) => f.endsWith(".jsonl")).sort().map((f) => join(path, f));
  if (files.length === 0) throw new EoError("bad_request", `no .jsonl files in ${path}`);
  return { files, folder };
}

/** The format of a file: the one given, else JudgeBench when read from a folder or named `dataset=…`, else JSONL. */
export function verdictFormatOf(path: string, given?: string, inFolder = false): VerdictFormat {
  if (given === "jsonl" || given === "judgebench") return given;
  if (given !== undefined) throw new EoError("bad_request", `unknown format "${given}" (jsonl or judgebench)`);
  return inFolder || basename(path).startsWith("dataset=") ? "judgebench" : "jsonl";
}

/**
 * Reads and merges files and folders; ids must be unique across them. `responseModel` keeps only the
 * JudgeBench pairs answered by that model (one response-model set, with its own judges).
 */
export function loadJudgeVerdicts(paths: readonly string[], options: { format?: string; responseModel?: string } = {}): LoadedVerdicts {
  if (paths.length === 0) throw new EoError("bad_request", "no judge-verdict file given");
  const jsonl: string[] = [];
  const judgebench: string[] = [];
  for (const p of paths) {
    const { files, folder } = expand(p);
    for (const f of files) (verdictFormatOf(f, options.format, folder) === "judgebench" ? judgebench : jsonl).push(f);
  }
  const parts: { records: JudgeVerdictRecord[]; source: string }[] = jsonl.map((f) => ({ records: parseJudgeVerdictsJsonl(read(f), f), source: f }));
  let imported: JudgeBenchImport | undefined;
  if (judgebench.length) {
    imported = importJudgeBench(judgebench.map((f) => ({ name: f, text: read(f) })));
    parts.push({ records: imported.records, source: "the JudgeBench files" });
  }
  const seen = new Map<string, string>();
  let records: JudgeVerdictRecord[] = [];
  for (const { records: rs, source } of parts) {
    for (const r of rs) {
      const before = seen.get(r.id);
      if (before !== undefined) throw new EoError("bad_request", `duplicate id "${r.id}" in ${before} and ${source}`);
      seen.set(r.id, source);
      records.push(r);
    }
  }
  if (options.responseModel !== undefined) {
    const models = [...new Set(records.map((r) => r.responseModel).filter((m) => m !== undefined))];
    records = records.filter((r) => r.responseModel === options.responseModel);
    if (records.length === 0) throw new EoError("bad_request", `no pair answered by "${options.responseModel}" (there are: ${models.join(", ") || "none"})`);
  }
  if (!imported) return { records };
  const { records: _, ...counts } = imported;
  return { records, judgebench: counts };
}
