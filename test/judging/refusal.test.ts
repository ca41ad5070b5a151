// The refusal rule judge: refusals and abstentions anywhere in an answer, not ordinary "cannot" prose; then on recorded answers.
import { describe, expect, it } from "vitest";
import { answeredJudge } from "../../src/judging/rule-judges.js";
import { refusalIn, refusalJudge } from "../../src/judging/rules/refusal.js";
import { HAVE_JUDGEBENCH, HAVE_ROUTERBENCH, judgebench, JUDGEBENCH_MODELS, NO_DATA, routerbenchAnswers } from "./recorded.js";

const run = (response: string) => refusalJudge.judge({ prompt: "Tell me how.", response });

describe("refusal judge", () => {
  it.each([
    ["I can't help with that.", "refusal"],
    ["As an AI language model, I cannot browse the internet.", "refusal"],
    ["As an AI, I don't have personal opinions.", "refusal"],
    ["I'm unable to provide medical advice.", "refusal"],
    ["Sure, let me look. Actually, I cannot assist with creating malware.", "refusal"],
    ["I’m sorry, but I can’t share that.", "refusal"],
    ["I apologize, but I cannot", "refusal"],
    ["I must respectfully decline this request.", "refusal"],
    ["I won't write that.", "refusal"],
    ["I'm not comfortable helping with this.", "refusal"],
    ["This request goes against my guidelines.", "refusal"],
    ["I do not have enough context to determine the answer.", "abstention"],
    ["I cannot determine which option is correct without more information.", "abstention"],
    ["I don't know.", "abstention"],
    ["Unfortunately, I do not have access to that document.", "refusal"],
    ["Unfortunately I", "refusal"],
    ["Since we lack information, I cannot provide a definitive answer in the requested format.", "abstention"],
  ])("fails %j as a %s, scoring format 0", (answer, kind) => {
    const v = run(answer);
    expect(v).toMatchObject({ pass: false, scores: { format: 0 }, answer: kind });
    expect(v.reasons[0]).toMatch(kind === "refusal" ? /^a refusal: "/ : /^an abstention: "/);
  });

  it.each([
    "You cannot divide by zero.",
    "The function cannot handle negative numbers, so check first.",
    "Python can't modify tuples; use a list instead.",
    "I can help with that! Here's the code.",
    "I can not only help but also explain.",
    'If the user asks, reply "I can\'t help with that".',
    "```python\nprint(\"I cannot assist you\")\n```",
    "The bot answered “I’m unable to provide that” and stopped.",
    "We cannot provide a closed form, but numerically it is 1.5.",
    "I cannot stress enough how important tests are.",
    "As an AI researcher, I find this fascinating.",
    "I'm afraid that won't work in Python 2, but here is a version that does.",
    "Note that I can't guarantee the figures are exact; the estimate is 42.",
    "Sorry for the confusion: the answer is B.",
    "Unfortunately, I think the answer is C: the others contradict the text.",
    "The test failed. Unfortunately, I cannot reproduce it locally, so here is a guess: B.",
  ])("passes ordinary prose %j", (answer) => {
    expect(run(answer)).toMatchObject({ pass: true, scores: { format: 1 } });
  });

  it("fails an empty answer, and the answered judge uses the same phrases", () => {
    expect(run("  ")).toMatchObject({ pass: false, scores: { format: 0 } });
    expect(answeredJudge.judge({ prompt: "x", response: "Here you go. As an AI language model, I cannot do that." })).toMatchObject({ pass: false, reasons: [expect.stringMatching(/^a refusal/)] });
    expect(answeredJudge.judge({ prompt: "x", response: "You cannot divide by zero." }).pass).toBe(true);
    expect(refusalIn("ok")).toBeUndefined();
  });
});

describe.skipIf(!HAVE_ROUTERBENCH || !HAVE_JUDGEBENCH)("refusal judge on recorded answers", () => {
  it("flags only claude-v2's answers cut off after \"Unfortunately I\" (all scored wrong) among RouterBench's, and finds a refusal planted into any", () => {
    let n = 0, planted = 0;
    const flagged: string[] = [];
    for (const a of routerbenchAnswers()) {
      n++;
      if (refusalIn(a.response)) flagged.push(`${a.model} ${a.score} ${a.response.trim()}`);
      if (n % 50 === 0 && refusalIn(`${a.response}\n\nI'm sorry, but I can't help with that request.`)) planted++;
    }
    const responses = JUDGEBENCH_MODELS.flatMap((m) => judgebench(m).flatMap((p) => [p.response_A, p.response_B]));
    const jbHits = responses.map((r) => refusalIn(r)).filter((f) => f !== undefined);
    const jbFlagged = jbHits.length;
    console.log(`refusal: ${flagged.length} of ${n} RouterBench answers and ${jbFlagged} of ${responses.length} JudgeBench responses flagged`);
    expect(flagged.length).toBeGreaterThan(100);
    expect(new Set(flagged)).toEqual(new Set(["claude-v2 0 Unfortunately I"]));
    expect(jbFlagged).toBeLessThanOrEqual(3);
    // The one JudgeBench hit ends "…I cannot provide a definitive answer in the requested format": it abstains.
    for (const hit of jbHits) expect(hit.kind).toBe("abstention");
    expect(planted).toBe(Math.floor(n / 50));
  });
});
if (!HAVE_ROUTERBENCH || !HAVE_JUDGEBENCH) it.skip(NO_DATA, () => {});
