// Judge-verdict JSONL (CONTRACT "Judge verdicts"): valid records, and every bad line reported by number with its bad field.
import { describe, expect, it } from "vitest";
import { formatJudgeVerdictsJsonl, judgesOf, parseJudgeVerdictsJsonl } from "../../src/bench/judge-verdicts.js";
import { EoError } from "../../src/errors.js";

const line = (o: object) => JSON.stringify(o);
const ok = { id: "jb-17", domain: "math", label: "A", verdicts: { "o1-mini": "A", "claude-3-haiku": "B", "skywork-27b": "A" } };

function errorOf(f: () => unknown): EoError {
  try {
    f();
  } catch (e) {
    if (e instanceof EoError) return e;
    throw e;
  }
  throw new Error("expected an EoError");
}

describe("judge-verdict JSONL", () => {
  it("parses the CONTRACT's example, skips blank lines, defaults the domain and round-trips", () => {
    const text = `${line(ok)}\n\n${line({ id: "x", label: "tie", verdicts: { a: "tie" } })}\n`;
    const records = parseJudgeVerdictsJsonl(text);
    expect(records).toHaveLength(2);
    expect(records[0]).toEqual(ok);
    expect(records[1]!.domain).toBe("general");
    expect(judgesOf(records)).toEqual(["o1-mini", "claude-3-haiku", "skywork-27b", "a"]);
    expect(parseJudgeVerdictsJsonl(formatJudgeVerdictsJsonl(records))).toEqual(records);
  });

  it("reports every bad line in one error, with its line number and the bad field", () => {
    const text = [
      line(ok),
      "{oops",
      line({ ...ok, id: "b", label: "A>B" }),
      line({ ...ok, id: "c", verdicts: { "o1-mini": "C" } }),
      "",
      line({ ...ok, id: "" }),
    ].join("\n");
    const err = errorOf(() => parseJudgeVerdictsJsonl(text, "v.jsonl"));
    expect(err.code).toBe("bad_request");
    expect(err.message).toMatch(/^4 bad line\(s\) in v\.jsonl:/);
    expect(err.message).toMatch(/v\.jsonl:2: invalid JSON/);
    expect(err.message).toMatch(/v\.jsonl:3: label: /);
    expect(err.message).toMatch(/v\.jsonl:4: verdicts\.o1-mini: /);
    expect(err.message).toMatch(/v\.jsonl:6: id: /);
    expect(err.message).not.toMatch(/v\.jsonl:1:/);
  });

  it("lists at most 20 bad lines and counts the rest", () => {
    const text = Array.from({ length: 25 }, () => "nope").join("\n");
    const err = errorOf(() => parseJudgeVerdictsJsonl(text, "w.jsonl"));
    expect(err.message).toMatch(/^25 bad line\(s\)/);
    expect(err.message).toMatch(/w\.jsonl:20: /);
    expect(err.message).not.toMatch(/w\.jsonl:21: /);
    expect(err.message).toMatch(/… and 5 more bad lines$/);
  });

  it("rejects duplicate ids", () => {
    expect(() => parseJudgeVerdictsJsonl(`${line(ok)}\n${line(ok)}`, "d.jsonl")).toThrow(/duplicate id "jb-17"/);
  });
});
