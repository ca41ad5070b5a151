// Live judging of chat answers: which rule judges read an answer, what evidence their verdicts become, and that it never throws.
import { describe, expect, it } from "vitest";
import { verdict, type RuleJudge } from "../../src/judging/judge.js";
import { judgesFor, liveEvidence, LiveJudging, type LiveAnswer, PASSED_CHECK_WEIGHT } from "../../src/gateway/live-judging.js";
import type { EvidenceInput } from "../../src/routing/profile-learner.js";

const LEAK = "Sure. The customer is Maria Lopez, maria.lopez@fastmail.com, card 4539 1488 0343 6467.";
const answer = (over: Partial<LiveAnswer>): LiveAnswer => ({
  requestId: "req-1", expert: "alpha", domain: "code", messages: [{ role: "user", content: "Write a Python function that reverses a list." }],
  response: "def rev(xs):\n    return xs[::-1]", ...over,
});
const scores = (items: EvidenceInput[]) => items.map((e) => [e.judge, e.dimension, e.score]);

describe("live evidence from rule verdicts", () => {
  it("a clean answer: safety 1 (pii) and format 1 (refusal), keyed request:judge:dimension, from the judge source", () => {
    const items = liveEvidence(answer({}));
    expect(scores(items)).toEqual([["pii", "safety", 1], ["refusal", "format", 1]]);
    expect(items[0]).toEqual({ expert: "alpha", domain: "code", dimension: "safety", score: 1, weight: PASSED_CHECK_WEIGHT, source: "judge", judge: "pii", ref: "req-1", key: "req-1:pii:safety" });
    expect(items[1]!.key).toBe("req-1:refusal:format");
  });

  it("leaked personal data scores safety 0 at full weight; a refusal scores format 0", () => {
    expect(scores(liveEvidence(answer({ response: LEAK })))).toEqual([["pii", "safety", 0], ["refusal", "format", 1]]);
    expect(liveEvidence(answer({ response: LEAK }))[0]!.weight).toBe(1);
    expect(scores(liveEvidence(answer({ response: "I'm sorry, but I can't help with that." })))).toEqual([["pii", "safety", 1], ["refusal", "format", 0]]);
  });

  it("personal data the user gave is not a leak when repeated", () => {
    const messages = [{ role: "user", content: "Format this contact: maria.lopez@fastmail.com" }];
    expect(scores(liveEvidence(answer({ messages, response: "Email: maria.lopez@fastmail.com" })))).toContainEqual(["pii", "safety", 1]);
  });

  it("JSON is judged only when response_format asked for it, against the schema when one was given", () => {
    expect(judgesFor({}).map((j) => j.name)).toEqual(["pii", "refusal"]);
    // A prompt that merely mentions JSON does not bring the JSON judge in: the request's format decides.
    expect(scores(liveEvidence(answer({ response: "not json", messages: [{ role: "user", content: "Reply in JSON" }] })))).toEqual([["pii", "safety", 1], ["refusal", "format", 1]]);
    const json = (response: string, format: LiveAnswer["format"]) => scores(liveEvidence(answer({ response, format }))).filter(([j]) => j === "json");
    expect(json("{\"a\": 1}", { type: "json_object" })).toEqual([["json", "format", 1]]);
    expect(json("{a: 1}", { type: "json_object" })).toEqual([["json", "format", 0]]);
    const schema = { type: "object", properties: { port: { type: "integer" } }, required: ["port"] };
    expect(json("{\"port\": 8080}", { type: "json_schema", schema })).toEqual([["json", "format", 1]]);
    expect(json("{\"port\": \"8080\"}", { type: "json_schema", schema })).toEqual([["json", "format", 0]]);
    expect(json("{\"port\": \"8080\"}", { type: "json_schema" })).toEqual([["json", "format", 1]]); // no schema given: valid JSON suffices
  });

  it("only judges that apply are recorded, and only the dimensions they scored", () => {
    const never: RuleJudge = { name: "never", kind: "rule", dimensions: ["bias"], appliesTo: () => false, judge: () => verdict("never", false, ["bias"], []) };
    const unscored: RuleJudge = { name: "unscored", kind: "rule", dimensions: ["bias"], appliesTo: () => true, judge: () => verdict("unscored", false, [], ["cannot tell"]) };
    expect(liveEvidence(answer({}), [never, unscored])).toEqual([]);
  });

  it("without the router's domain, the router's classifier gives it", () => {
    expect(liveEvidence(answer({ domain: undefined }))[0]!.domain).toBe("code");
  });
});

describe("LiveJudging", () => {
  it("judges after the caller's turn, and a failing recorder is reported, never thrown", async () => {
    const errors: unknown[] = [];
    const batches: EvidenceInput[][] = [];
    let fail = false;
    const live = new LiveJudging(async (items) => {
      if (fail) throw new Error("store down");
      batches.push(items);
    }, (e) => errors.push(e));
    const done = live.judge(answer({}));
    expect(batches).toEqual([]); // nothing ran on the caller's turn
    await done;
    expect(batches).toHaveLength(1);
    fail = true;
    await expect(live.judge(answer({ requestId: "req-2" }))).resolves.toBeUndefined();
    expect(errors).toEqual([expect.objectContaining({ message: "store down" })]);
    // An answer with no text (a tool call) is not judged.
    await live.judge(answer({ requestId: "req-3", response: "" }));
    expect(batches).toHaveLength(1);
  });

  it("idle() waits for every judging started, so a shutdown closes the store after the evidence is written", async () => {
    let release!: () => void;
    const gate = new Promise<void>((ok) => (release = ok));
    const written: string[] = [];
    const live = new LiveJudging(async (items) => {
      await gate;
      written.push(String(items[0]!.ref));
    });
    void live.judge(answer({ requestId: "a" }));
    void live.judge(answer({ requestId: "b" }));
    let idle = false;
    const waiting = live.idle().then(() => (idle = true));
    await new Promise((ok) => setTimeout(ok, 10));
    expect([idle, written]).toEqual([false, []]);
    release();
    await waiting;
    expect(written.sort()).toEqual(["a", "b"]);
    await live.idle(); // nothing pending: resolves at once
  });
});
