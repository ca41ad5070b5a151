// Outcome JSONL: valid records, missing outcomes (absent or null, never zeros), and bad lines reported by number.
import { describe, expect, it } from "vitest";
import { formatOutcomesJsonl, outcomeOf, parseOutcomesJsonl } from "../../src/bench/outcomes.js";
import { EoError } from "../../src/errors.js";

const line = (o: object) => JSON.stringify(o);
const ok = { id: "arc-1", prompt: "Q?", domain: "science", outcomes: { big: { score: 1, costUsd: 0.005, response: "B" }, small: { score: 0, costUsd: 0.0004 } } };

describe("outcome JSONL", () => {
  it("parses records, skipping blank lines, and round-trips", () => {
    const text = `${line(ok)}\n\n${line({ id: "x", prompt: "P", outcomes: { big: null } })}\n`;
    const records = parseOutcomesJsonl(text);
    expect(records).toHaveLength(2);
    expect(records[1]!.domain).toBe("general"); // the default
    expect(parseOutcomesJsonl(formatOutcomesJsonl(records))).toEqual(records);
  });

  it("keeps a missing outcome missing, whether absent or null", () => {
    const [r] = parseOutcomesJsonl(line({ ...ok, outcomes: { big: { score: 1, costUsd: 0.01 }, small: null } }));
    expect(outcomeOf(r!, "small")).toBeUndefined();
    expect(outcomeOf(r!, "absent")).toBeUndefined();
    expect(outcomeOf(r!, "big")).toEqual({ score: 1, costUsd: 0.01 });
  });

  it("reports every bad line with its number and the bad field", () => {
    const text = [line(ok), "{not json", line({ ...ok, id: "b", outcomes: { big: { score: 2, costUsd: 0 } } }), line({ ...ok, id: "c", prompt: 3 })].join("\n");
    let err: unknown;
    try {
      parseOutcomesJsonl(text, "test.jsonl");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EoError);
    const msg = (err as EoError).message;
    expect(msg).toMatch(/^3 bad line\(s\) in test\.jsonl/);
    expect(msg).toMatch(/test\.jsonl:2: invalid JSON/);
    expect(msg).toMatch(/test\.jsonl:3: outcomes\.big\.score: Too big/);
    expect(msg).toMatch(/test\.jsonl:4: prompt: /);
  });

  it("rejects duplicate ids", () => {
    expect(() => parseOutcomesJsonl(`${line(ok)}\n${line(ok)}`, "d.jsonl")).toThrow(/duplicate id "arc-1"/);
  });
});
