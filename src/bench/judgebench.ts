// JudgeBench importer (Tan et al. 2024): its pair files and judge output files, joined on pair id into judge-verdict records.
import { z } from "zod";
import { EoError } from "../errors.js";
import type { PairVerdict } from "../judging/panel.js";
import type { JudgeVerdictRecord } from "./judge-verdicts.js";
import { parseJsonl } from "./jsonl.js";

/** JudgeBench's four categories, from a pair's `source` (the data set it was built from). */
export function judgeBenchDomain(source: string): string | undefined {
  if (source.startsWith("mmlu-pro")) return "knowledge";
  if (source === "livebench-reasoning") return "reasoning";
  if (source === "livebench-math") return "math";
  if (source === "livecodebench") return "coding";
  return undefined;
}

const LABELS: Record<string, PairVerdict> = { "A>B": "A", "B>A": "B", "A=B": "tie" };

/** One line of a pair file, or of a judge's output file (the same pair with `judgments`, one per answer order). */
const LineSchema = z
  .object({
    pair_id: z.string().min(1),
    source: z.string().refine((s) => judgeBenchDomain(s) !== undefined, { message: "not a JudgeBench source (mmlu-pro-*, livebench-reasoning, livebench-math, livecodebench)" }),
    label: z.enum(["A>B", "B>A", "A=B"]),
    response_model: z.string().optional(),
    judgments: z.array(z.object({ decision: z.string().nullable().optional() }).nullable()).min(1).max(2).optional(),
  })
  .transform((x) => ({ ...x, id: x.pair_id }));
type Line = z.output<typeof LineSchema>;

/** A decision as a vote for the pair's first answer (+1), its second (−1), or neither (a tie, a failed call: 0). */
const vote = (decision: string | null | undefined) => (decision === "A>B" || decision === "A>>B" ? 1 : decision === "B>A" || decision === "B>>A" ? -1 : 0);

/**
 * A judge's verdict on a pair from its judgments, JudgeBench's way (utils/metrics.py): the first judgment
 * saw the answers in order (A, B), the second swapped (B, A), so its vote is flipped; the votes are summed,
 * and a sum of 0 (the orders disagree, or both are ties or failed) is a tie, which is never right on
 * JudgeBench's labels. Also says whether the two orders disagreed.
 */
export function judgeBenchVerdict(judgments: NonNullable<Line["judgments"]>): { verdict: PairVerdict; inconsistent: boolean; failed: number } {
  const [first, second] = judgments;
  const votes = [vote(first?.decision), ...(judgments.length > 1 ? [-vote(second?.decision)] : [])];
  const sum = votes.reduce((a, b) => a + b, 0);
  const failed = judgments.filter((j) => j === null || j.decision == null).length;
  const inconsistent = votes.length > 1 && votes[0] !== votes[1];
  return { verdict: sum > 0 ? "A" : sum < 0 ? "B" : "tie", inconsistent, failed };
}

/** What a JudgeBench file's name says: `dataset=judgebench,response_model=M[,judge_name=J,judge_model=K].jsonl`. */
export function judgeBenchFileName(name: string): { responseModel?: string; judgeName?: string; judgeModel?: string } | undefined {
  const base = name.replace(/^.*[\\/]/, "").replace(/\.jsonl$/, "");
  const fields = Object.fromEntries(base.split(",").map((kv) => kv.split("=", 2) as [string, string | undefined]));
  if (fields.dataset === undefined) return undefined;
  return { responseModel: fields.response_model, judgeName: fields.judge_name, judgeModel: fields.judge_model };
}

export interface JudgeBenchJudgeCounts {
  responseModels: string[];
  pairs: number;
  /** Pairs on which the two answer orders disagreed (JudgeBench's inconsistency). */
  inconsistent: number;
  /** Judgments recorded as failed (null), counted as no vote. */
  failed: number;
}

export interface JudgeBenchImport {
  records: JudgeVerdictRecord[];
  pairs: number;
  /** Pairs per response-model set, and which judges judged that set. */
  byResponseModel: Record<string, { pairs: number; judges: string[] }>;
  judges: Record<string, JudgeBenchJudgeCounts>;
  /** Judged pairs with no pair in the pair files (dropped), and pairs that no judge judged (dropped). */
  unmatched: number;
  unjudged: number;
}

/**
 * Imports JudgeBench files given as `{ name, text }` (the name carries the judge). Pair files
 * (`…,response_model=M.jsonl`) fix the pairs and labels when present; each judge's output file adds its
 * verdict to the pairs with the same `pair_id`. A judged pair absent from the pair files, or whose label
 * differs, is not joined (counted as `unmatched`); judges that judged different response-model sets share
 * no pairs, so each pair carries only its own set's judges.
 */
export function importJudgeBench(files: readonly { name: string; text: string }[]): JudgeBenchImport {
  const parsed = files.map((f) => {
    const meta = judgeBenchFileName(f.name);
    if (!meta) throw new EoError("bad_request", `${f.name}: not a JudgeBench file name (dataset=judgebench,response_model=…[,judge_name=…,judge_model=…].jsonl)`);
    return { ...f, meta, lines: parseJsonl(f.text, LineSchema, f.name) };
  });
  const pairFiles = parsed.filter((f) => f.meta.judgeModel === undefined);
  const judgeFiles = parsed.filter((f) => f.meta.judgeModel !== undefined);
  const pairs = new Map<string, JudgeVerdictRecord>();
  const toRecord = (l: Line, responseModel?: string): JudgeVerdictRecord => ({
    id: l.pair_id, domain: judgeBenchDomain(l.source)!, label: LABELS[l.label]!, verdicts: {}, source: l.source,
    ...((l.response_model ?? responseModel) ? { responseModel: l.response_model ?? responseModel } : {}),
  });
  for (const f of pairFiles) for (const l of f.lines) if (!pairs.has(l.id)) pairs.set(l.id, toRecord(l, f.meta.responseModel));
  const judges: Record<string, JudgeBenchJudgeCounts> = {};
  let unmatched = 0;
  for (const f of judgeFiles) {
    const judge = f.meta.judgeModel!;
    const counts = (judges[judge] ??= { responseModels: [], pairs: 0, inconsistent: 0, failed: 0 });
    if (f.meta.responseModel && !counts.responseModels.includes(f.meta.responseModel)) counts.responseModels.push(f.meta.responseModel);
    for (const l of f.lines) {
      if (!l.judgments) throw new EoError("bad_request", `${f.name}: pair ${l.pair_id} has no judgments`);
      if (!pairs.has(l.id) && pairFiles.length === 0) pairs.set(l.id, toRecord(l, f.meta.responseModel));
      const record = pairs.get(l.id);
      if (!record || record.label !== LABELS[l.label]) {
        unmatched++;
        continue;
      }
      if (Object.hasOwn(record.verdicts, judge)) throw new EoError("bad_request", `${f.name}: judge ${judge} judged pair ${l.pair_id} twice`);
      const v = judgeBenchVerdict(l.judgments);
      record.verdicts[judge] = v.verdict;
      counts.pairs++;
      if (v.inconsistent) counts.inconsistent++;
      counts.failed += v.failed;
    }
  }
  const records = [...pairs.values()].filter((r) => Object.keys(r.verdicts).length > 0);
  const byResponseModel: JudgeBenchImport["byResponseModel"] = {};
  for (const r of records) {
    const set = (byResponseModel[r.responseModel ?? "(unknown)"] ??= { pairs: 0, judges: [] });
    set.pairs++;
    for (const j of Object.keys(r.verdicts)) if (!set.judges.includes(j)) set.judges.push(j);
  }
  return { records, pairs: records.length, byResponseModel, judges, unmatched, unjudged: pairs.size - records.length };
}
