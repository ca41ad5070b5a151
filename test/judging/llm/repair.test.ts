// A judge's invalid verdict is sent back once with its error; invalid twice is a judging failure, never a "fail" verdict.
import { describe, expect, it } from "vitest";
import { EoError } from "../../../src/errors.js";
import { pairwiseJudge, rubricJudge } from "../../../src/judging/llm/index.js";
import { PRICING, PROVIDERS, said, useJudgeFakes } from "./judge-fakes.js";

const fakes = useJudgeFakes();

const INPUT = { prompt: "Name the capital of France.", response: "Paris." };
const VALID = '{"reasons":["names Paris"],"score":1,"pass":true}';
const usage = { promptTokens: 500, completionTokens: 50 };
const perCall = (usage.promptTokens * PRICING.inputPerMTok + usage.completionTokens * PRICING.outputPerMTok) / 1e6;

for (const provider of PROVIDERS) {
  describe(`repair on ${provider}`, () => {
    it("invalid JSON, then valid: repaired with one extra call, both paid for", async () => {
      fakes.replies("judge-1", ["Score: 1, it is right.", VALID], { usage });
      const v = await rubricJudge("correctness", [fakes.expert(provider, "judge-1")]).judge(INPUT);
      expect(v).toMatchObject({ pass: true, scores: { correctness: 1 }, reasons: ["names Paris"], judgedBy: "judge-1" });
      expect(v.costUsd).toBeCloseTo(2 * perCall, 12);

      const [first, repair, ...more] = fakes.requestsTo("judge-1");
      expect(more).toHaveLength(0);
      // The repair shows the model its own answer and what was wrong with it, and asks for the same schema again.
      expect(said(repair!, "assistant")).toBe("Score: 1, it is right.");
      expect(repair!.messages.at(-1)).toMatchObject({ role: "user", content: expect.stringMatching(/could not be used: the answer is not valid JSON/) });
      expect(repair!.schema).toEqual(first!.schema);
    });

    it("a score out of range is rejected by the schema and repaired", async () => {
      fakes.replies("judge-1", ['{"reasons":["excellent"],"score":8,"pass":true}', '{"reasons":["excellent"],"score":0.8,"pass":true}']);
      const v = await rubricJudge("creativity", [fakes.expert(provider, "judge-1")]).judge(INPUT);
      expect(v.scores.creativity).toBe(0.8);
      const repair = fakes.requestsTo("judge-1")[1]!;
      expect(repair.messages.at(-1)!.content).toMatch(/Too big: expected number to be <=1[\s\S]*score/);
    });

    it("invalid twice: the judging error, with what was spent, not a verdict", async () => {
      fakes.replies("judge-1", ["not JSON", '{"reasons":[],"score":-1}'], { usage });
      const err = await rubricJudge("safety", [fakes.expert(provider, "judge-1")]).judge(INPUT).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EoError);
      expect(err).toMatchObject({ code: "judge_failed", status: 502, message: expect.stringMatching(/^llm-safety: no valid verdict after 2 answers/) });
      const details = (err as EoError).details as { errors: { expert: string; error: string }[]; partial: { costUsd: number } };
      expect(details.errors.map((e) => e.expert)).toEqual(["judge-1", "judge-1"]);
      expect(details.errors[1]!.error).toMatch(/pass/);
      expect(details.partial.costUsd).toBeCloseTo(2 * perCall, 12);
      expect(fakes.requestsTo("judge-1")).toHaveLength(2);
    });
  });
}

describe("repair", () => {
  it("a verdict cut off at the output cap is repaired, and the repair asks for fewer words", async () => {
    const long = JSON.stringify({ reasons: Array.from({ length: 20 }, (_, i) => `reason number ${i} about the answer`), score: 1, pass: true });
    fakes.replies("judge-1", [long, VALID]);
    const v = await rubricJudge("correctness", [fakes.expert("openai", "judge-1")], { maxOutputTokens: 40 }).judge(INPUT);
    expect(v.reasons).toEqual(["names Paris"]);
    const [first, repair] = fakes.requestsTo("judge-1");
    expect(first!.maxTokens).toBe(40);
    expect(repair!.messages.at(-1)!.content).toMatch(/cut off at the output limit/);
  });

  it("a repair call that finds no expert still says what the first call cost", async () => {
    // The first call is answered (invalid JSON); the server then fails the repair and its retry.
    fakes.upstream.script("judge-1", {
      usage,
      reply: () => {
        fakes.upstream.fault("judge-1", { kind: "server_error" }, { kind: "server_error" });
        return "not JSON";
      },
    });
    const err = await rubricJudge("correctness", [fakes.expert("ollama", "judge-1")]).judge(INPUT).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "upstream_failed", details: { partial: { costUsd: expect.closeTo(perCall, 12) } } });
  });

  it("a fenced JSON answer is read as JSON without a repair", async () => {
    fakes.replies("judge-1", ["```json\n" + VALID + "\n```"]);
    const v = await rubricJudge("correctness", [fakes.expert("ollama", "judge-1")]).judge(INPUT);
    expect(v.pass).toBe(true);
    expect(fakes.requestsTo("judge-1")).toHaveLength(1);
  });

  it("a pairwise verdict with an unknown label is repaired too", async () => {
    let calls = 0;
    // The first answer uses a label outside A, B, tie; later ones prefer whichever shown answer says 4.
    fakes.upstream.script("judge-1", {
      reply: (req) => (calls++ === 0 ? '{"reasons":["the first"],"winner":"first"}'
        : JSON.stringify({ reasons: ["4 is right"], winner: /Answer A:\n```text\n4\n/.test(said(req, "user")) ? "A" : "B" })),
    });
    const r = await pairwiseJudge([fakes.expert("openai", "judge-1")]).compare({ prompt: "2+2?", answerA: "4", answerB: "5" });
    expect(fakes.requestsTo("judge-1")).toHaveLength(3);
    expect(fakes.requestsTo("judge-1")[2]!.messages.at(-1)!.content).toMatch(/could not be used/);
    expect(r).toMatchObject({ winner: "A", consistent: true });
  });
});
