// The JudgeBench importer: JudgeBench's two-order rule, the domains, the join on pair id, and the real recorded files.
import { describe, expect, it } from "vitest";
import { importJudgeBench, judgeBenchDomain, judgeBenchFileName, judgeBenchVerdict } from "../../src/bench/judgebench.js";
import { loadJudgeVerdicts } from "../../src/bench/load-judge-verdicts.js";
import { GPT4O, HAVE_JUDGEBENCH, JUDGEBENCH, NO_JUDGEBENCH } from "./judgebench-data.js";

const j = (decision: string | null) => ({ decision });

describe("judgeBenchVerdict (JudgeBench's utils/metrics.py rule)", () => {
  it("flips the second judgment (answers swapped) and sums the two votes", () => {
    expect(judgeBenchVerdict([j("A>B"), j("B>A")])).toEqual({ verdict: "A", inconsistent: false, failed: 0 });
    expect(judgeBenchVerdict([j("B>A"), j("A>B")])).toEqual({ verdict: "B", inconsistent: false, failed: 0 });
  });

  it("orders that disagree cancel out into a tie", () => {
    expect(judgeBenchVerdict([j("A>B"), j("A>B")])).toEqual({ verdict: "tie", inconsistent: true, failed: 0 });
  });

  it("a tie or a failed call in one order is no vote: the other order decides", () => {
    expect(judgeBenchVerdict([j("A=B"), j("B>A")])).toEqual({ verdict: "A", inconsistent: true, failed: 0 });
    expect(judgeBenchVerdict([null, j("A>B")])).toEqual({ verdict: "B", inconsistent: true, failed: 1 });
    expect(judgeBenchVerdict([j(null), j("A=B")])).toEqual({ verdict: "tie", inconsistent: false, failed: 1 });
    expect(judgeBenchVerdict([j("A>>B"), j("B>>A")]).verdict).toBe("A");
  });

  it("reads a single judgment (a single game) as it is", () => {
    expect(judgeBenchVerdict([j("B>A")])).toEqual({ verdict: "B", inconsistent: false, failed: 0 });
  });
});

describe("JudgeBench names", () => {
  it("maps a pair's source to its category", () => {
    expect(judgeBenchDomain("mmlu-pro-law")).toBe("knowledge");
    expect(judgeBenchDomain("livebench-reasoning")).toBe("reasoning");
    expect(judgeBenchDomain("livebench-math")).toBe("math");
    expect(judgeBenchDomain("livecodebench")).toBe("coding");
    expect(judgeBenchDomain("arena")).toBeUndefined();
  });

  it("reads the response model and judge from a file name", () => {
    expect(judgeBenchFileName("/x/dataset=judgebench,response_model=m1,judge_name=reward_model,judge_model=Org_RM-2B.jsonl")).toEqual({ responseModel: "m1", judgeName: "reward_model", judgeModel: "Org_RM-2B" });
    expect(judgeBenchFileName("dataset=judgebench,response_model=m1.jsonl")).toEqual({ responseModel: "m1", judgeName: undefined, judgeModel: undefined });
    expect(judgeBenchFileName("verdicts.jsonl")).toBeUndefined();
  });
});

const line = (o: object) => JSON.stringify(o);
const pair = (id: string, source: string, label: string) => ({ pair_id: id, source, label, response_model: "m1", question: "…", response_A: "…", response_B: "…" });
const judged = (p: object, d1: string | null, d2: string | null) => ({ ...p, judgments: [{ judgment: {}, decision: d1 }, { judgment: {}, decision: d2 }] });
const file = (m: string, judge?: string) => `dataset=judgebench,response_model=${m}${judge ? `,judge_name=reward_model,judge_model=${judge}` : ""}.jsonl`;

describe("importJudgeBench", () => {
  const p1 = pair("p1", "mmlu-pro-law", "A>B");
  const p2 = pair("p2", "livebench-math", "B>A");
  const p3 = pair("p3", "livecodebench", "A>B");

  it("joins each judge's verdicts to the pairs on pair id and counts what did not join", () => {
    const r = importJudgeBench([
      { name: file("m1"), text: [p1, p2, p3].map(line).join("\n") },
      { name: file("m1", "J1"), text: [judged(p1, "A>B", "B>A"), judged(p2, "A>B", "A>B"), judged(pair("p9", "livebench-math", "A>B"), "A>B", "B>A")].map(line).join("\n") },
      { name: file("m1", "J2"), text: [judged(p1, "B>A", "A>B"), judged({ ...p3, label: "B>A" }, "A>B", "B>A")].map(line).join("\n") },
    ]);
    expect(r.records).toEqual([
      { id: "p1", domain: "knowledge", label: "A", verdicts: { J1: "A", J2: "B" }, source: "mmlu-pro-law", responseModel: "m1" },
      { id: "p2", domain: "math", label: "B", verdicts: { J1: "tie" }, source: "livebench-math", responseModel: "m1" },
    ]);
    // p9 is not a known pair; p3's label disagrees with the pair file: neither joins. p3 has no verdict left.
    expect(r.unmatched).toBe(2);
    expect(r.unjudged).toBe(1);
    expect(r.judges.J1).toEqual({ responseModels: ["m1"], pairs: 2, inconsistent: 1, failed: 0 });
    expect(r.byResponseModel).toEqual({ m1: { pairs: 2, judges: ["J1", "J2"] } });
  });

  it("without pair files, takes the pairs from the judges' files", () => {
    const r = importJudgeBench([{ name: file("m2", "J3"), text: line(judged({ ...p1, response_model: "m2" }, "B>A", "A>B")) }]);
    expect(r.records).toEqual([{ id: "p1", domain: "knowledge", label: "A", verdicts: { J3: "B" }, source: "mmlu-pro-law", responseModel: "m2" }]);
  });

  it("reports bad lines with their numbers and fields, and refuses a file that is not JudgeBench's", () => {
    const text = [line(p1), line(pair("p2", "arena-hard", "A>B")), line({ ...p3, label: "A>>B" })].join("\n");
    expect(() => importJudgeBench([{ name: file("m1"), text }])).toThrow(/2 bad line\(s\)[\s\S]*response_model=m1\.jsonl:2: source: not a JudgeBench source[\s\S]*:3: label: /);
    expect(() => importJudgeBench([{ name: "pairs.jsonl", text: line(p1) }])).toThrow(/not a JudgeBench file name/);
  });
});

describe.skipIf(!HAVE_JUDGEBENCH)("JudgeBench's recorded files, read in place", () => {
  // Loaded on first use: a skipped suite's body still runs, and must not read a missing folder.
  let cached: ReturnType<typeof loadJudgeVerdicts> | undefined;
  const all = () => (cached ??= loadJudgeVerdicts([JUDGEBENCH]));
  const accuracy = (judge: string, domain?: string) => {
    const rs = all().records.filter((r) => judge in r.verdicts && (!domain || r.domain === domain));
    return rs.filter((r) => r.verdicts[judge] === r.label).length / rs.length;
  };

  it("joins 7 judges over two response-model sets that share no pair", () => {
    const loaded = all();
    expect(loaded.records).toHaveLength(620);
    expect(loaded.judgebench!.unmatched).toBe(0);
    expect(loaded.judgebench!.byResponseModel[GPT4O]!.pairs).toBe(350);
    expect(loaded.judgebench!.byResponseModel[GPT4O]!.judges).toHaveLength(6);
    expect(loaded.judgebench!.byResponseModel["claude-3-5-sonnet-20240620"]).toEqual({ pairs: 270, judges: ["claude-3-haiku-20240307"] });
    const domains = (m: string) => Object.fromEntries(["knowledge", "reasoning", "math", "coding"].map((d) => [d, loaded.records.filter((r) => r.responseModel === m && r.domain === d).length]));
    expect(domains(GPT4O)).toEqual({ knowledge: 154, reasoning: 98, math: 56, coding: 42 });
    expect(loaded.judgebench!.judges["o1-mini-2024-09-12"]).toEqual({ responseModels: [GPT4O], pairs: 350, inconsistent: 110, failed: 0 });
  });

  it("reproduces JudgeBench's published accuracies (paper, table of GPT-4o pairs)", () => {
    // o1-mini with the Arena-Hard prompt: 58.44 / 62.24 / 82.14 / 78.57, overall 65.71.
    expect(accuracy("o1-mini-2024-09-12")).toBeCloseTo(0.6571, 4);
    expect(accuracy("o1-mini-2024-09-12", "knowledge")).toBeCloseTo(0.5844, 4);
    expect(accuracy("o1-mini-2024-09-12", "reasoning")).toBeCloseTo(0.6224, 4);
    expect(accuracy("o1-mini-2024-09-12", "math")).toBeCloseTo(0.8214, 4);
    expect(accuracy("o1-mini-2024-09-12", "coding")).toBeCloseTo(0.7857, 4);
    // Skywork-Reward-Gemma-2-27B: 64.29 overall.
    expect(accuracy("Skywork_Skywork-Reward-Gemma-2-27B")).toBeCloseTo(0.6429, 4);
  });

  it("keeps one response-model set on request", () => {
    const only = loadJudgeVerdicts([JUDGEBENCH], { responseModel: GPT4O });
    expect(only.records).toHaveLength(350);
    expect(() => loadJudgeVerdicts([JUDGEBENCH], { responseModel: "gpt-5" })).toThrow(/no pair answered by "gpt-5" \(there are: claude-3-5-sonnet-20240620, gpt-4o-2024-05-13\)/);
  });
});
if (!HAVE_JUDGEBENCH) it.skip(NO_JUDGEBENCH, () => {});
