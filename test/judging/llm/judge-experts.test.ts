// Who judges: never the producer of the answer, never a builtin; the next judging expert on a 500 or a 429.
import { describe, expect, it } from "vitest";
import { ExpertConfigSchema } from "../../../src/config.js";
import { resolveExpert } from "../../../src/experts/catalog.js";
import { EoError } from "../../../src/errors.js";
import { multiRubricJudge, pairwiseJudge, rubricJudge } from "../../../src/judging/llm/index.js";
import { PROVIDERS, useJudgeFakes } from "./judge-fakes.js";

const fakes = useJudgeFakes();

const INPUT = { prompt: "Is 7 prime?", response: "Yes." };
const VERDICT = '{"reasons":["right"],"score":1,"pass":true}';
const calculator = resolveExpert(ExpertConfigSchema.parse({ id: "calculator", provider: "builtin", model: "math" }), 0);

describe("the producer never judges its own output", () => {
  it("with two judging experts, the producer (per answer) is skipped", async () => {
    fakes.replies("judge-1", [VERDICT]);
    fakes.replies("judge-2", [VERDICT]);
    const judge = rubricJudge("correctness", [fakes.expert("openai", "judge-1"), fakes.expert("ollama", "judge-2")]);
    expect(judge.appliesTo({ ...INPUT, producer: "judge-1" })).toBe(true);
    const v = await judge.judge({ ...INPUT, producer: "judge-1" });
    expect(v.judgedBy).toBe("judge-2");
    expect(fakes.requestsTo("judge-1")).toHaveLength(0);
    // Another producer's answer goes to the first judging expert again.
    expect((await judge.judge({ ...INPUT, producer: "writer" })).judgedBy).toBe("judge-1");
  });

  it("with two judging experts, the producer named at build time is left out for good", async () => {
    fakes.replies("judge-2", ['{"correctness":{"reasons":["right"],"score":1},"pass":true}']);
    const judge = multiRubricJudge(["correctness"], [fakes.expert("openai", "judge-1"), fakes.expert("openai", "judge-2")], { producer: "judge-1" });
    expect((await judge.judge(INPUT)).judgedBy).toBe("judge-2");
    expect(fakes.requestsTo("judge-1")).toHaveLength(0);
  });

  it("with only the producer: a clear error, and the judge says it does not apply", async () => {
    const judge = rubricJudge("safety", [fakes.expert("openai", "judge-1")]);
    expect(judge.appliesTo({ ...INPUT, producer: "judge-1" })).toBe(false);
    const err = await judge.judge({ ...INPUT, producer: "judge-1" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EoError);
    expect(err).toMatchObject({ code: "no_eligible_expert", message: expect.stringMatching(/never judges its own output \(produced by judge-1\)/) });
    expect(fakes.upstream.requests).toHaveLength(0);
  });

  it("refuses at build time when the producer is the only judging expert", () => {
    expect(() => rubricJudge("bias", [fakes.expert("openai", "judge-1")], { producer: "judge-1" })).toThrow(/llm-bias: no expert can judge/);
  });

  it("a pairwise judge is neither of the two producers", async () => {
    fakes.replies("judge-3", ['{"reasons":["tie"],"winner":"tie"}']);
    const experts = ["judge-1", "judge-2", "judge-3"].map((id) => fakes.expert("ollama", id));
    const r = await pairwiseJudge(experts).compare({ prompt: "Hi", answerA: "Hello", answerB: "Hey", producers: ["judge-1", "judge-2"] });
    expect(r.verdicts.map((v) => v.judgedBy)).toEqual(["judge-3", "judge-3"]);
    await expect(pairwiseJudge(experts.slice(0, 2)).compare({ prompt: "Hi", answerA: "a", answerB: "b", producers: ["judge-1", "judge-2"] }))
      .rejects.toMatchObject({ code: "no_eligible_expert" });
  });

  it("a builtin expert cannot judge", () => {
    expect(() => rubricJudge("correctness", [calculator])).toThrow(/no expert can judge \(judging experts: calculator\)/);
  });
});

for (const provider of PROVIDERS) {
  describe(`fallback on ${provider}`, () => {
    it("a 500 (twice: the retry fails too) moves to the next judging expert", async () => {
      fakes.replies("judge-1", [VERDICT]);
      fakes.replies("judge-2", ['{"reasons":["from the second"],"score":0.7,"pass":true}']);
      fakes.upstream.fault("judge-1", { kind: "server_error" }, { kind: "server_error", status: 503 });
      const v = await rubricJudge("correctness", [fakes.expert(provider, "judge-1"), fakes.expert(provider, "judge-2")]).judge(INPUT);
      expect(v).toMatchObject({ judgedBy: "judge-2", scores: { correctness: 0.7 }, reasons: ["from the second"] });
      expect(fakes.requestsTo("judge-1")).toHaveLength(2);
    });

    it("a 429 asking for a longer wait than allowed moves to the next judging expert at once", async () => {
      fakes.replies("judge-1", [VERDICT]);
      fakes.replies("judge-2", [VERDICT]);
      fakes.upstream.fault("judge-1", { kind: "rate_limit", retryAfterSeconds: 60 });
      const t0 = Date.now();
      const judge = rubricJudge("expertise", [fakes.expert(provider, "judge-1"), fakes.expert(provider, "judge-2")], { maxRetryAfterMs: 1_000 });
      const v = await judge.judge(INPUT).catch((e: unknown) => e);
      // Ollama's client drops Retry-After, so it is retried once after a short back-off; then the retry answers.
      if (provider === "openai") {
        expect(v).toMatchObject({ judgedBy: "judge-2" });
        expect(fakes.requestsTo("judge-1")).toHaveLength(1);
      } else {
        expect(v).toMatchObject({ judgedBy: "judge-1" });
        expect(fakes.requestsTo("judge-1")).toHaveLength(2);
      }
      expect(Date.now() - t0).toBeLessThan(2_000);
    });

    it("every judging expert down: the upstream error, not a verdict", async () => {
      fakes.upstream.script("judge-1", {});
      fakes.upstream.fault("judge-1", { kind: "server_error" }, { kind: "server_error" });
      const err = await rubricJudge("correctness", [fakes.expert(provider, "judge-1")]).judge(INPUT).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: "upstream_failed" });
    });
  });
}
