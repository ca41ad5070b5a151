// Aborting a judge cancels its upstream request, on both protocols; a failed order of a pairwise judge cancels the other.
import { describe, expect, it } from "vitest";
import { pairwiseJudge, rubricJudge } from "../../../src/judging/llm/index.js";
import { PROVIDERS, useJudgeFakes, until } from "./judge-fakes.js";

const fakes = useJudgeFakes();

for (const provider of PROVIDERS) {
  describe(`abort on ${provider}`, () => {
    it("aborting the judge's signal cancels the upstream request", async () => {
      fakes.upstream.script("judge-1", { faults: [{ kind: "hang" }] });
      const ctl = new AbortController();
      const judging = rubricJudge("correctness", [fakes.expert(provider, "judge-1")]).judge({ prompt: "Q", response: "A" }, ctl.signal);
      const caught = judging.catch((e: unknown) => e);
      await until(() => fakes.serverSignals.length === 1);
      ctl.abort();
      expect(await caught).toMatchObject({ code: "bad_request", message: "the client went away" });
      await until(() => fakes.serverSignals[0]!.signal.aborted);
      expect(fakes.upstream.requests).toHaveLength(1);
    });

    it("a signal aborted before the call sends nothing", async () => {
      fakes.upstream.script("judge-1", {});
      await expect(rubricJudge("bias", [fakes.expert(provider, "judge-1")]).judge({ prompt: "Q", response: "A" }, AbortSignal.abort()))
        .rejects.toMatchObject({ code: "bad_request" });
      expect(fakes.upstream.requests).toHaveLength(0);
    });
  });
}

describe("pairwise abort", () => {
  it("when one order fails, the other order's request is cancelled", async () => {
    // The first request (one order) hangs; the other order gets invalid JSON twice, so it fails after its repair.
    fakes.upstream.script("judge-1", { reply: () => "no JSON here", faults: [{ kind: "hang" }] });
    const judging = pairwiseJudge([fakes.expert("openai", "judge-1")], { attemptsPerExpert: 1 }).compare({ prompt: "Q", answerA: "a", answerB: "b" });
    await expect(judging).rejects.toMatchObject({ code: "judge_failed" });
    expect(fakes.serverSignals).toHaveLength(3);
    await until(() => fakes.serverSignals[0]!.signal.aborted);
  });
});
