// The calculator computes exactly or declines: rationals stay rationals, irrationals and unsafe input are refused.
import { HumanMessage, type AIMessageChunk } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { EoError } from "../../src/errors.js";
import { CalculatorChatModel } from "../../src/experts/providers/builtin/calculator.js";
import { computeExactly } from "../../src/experts/providers/builtin/expression.js";

describe("computeExactly", () => {
  const exact: [string, string][] = [
    ["0.1 + 0.2", "0.3"],
    ["12.5 * (3 + 4)", "87.5"],
    ["2^100", "1267650600228229401496703205376"],
    ["1/3", "1/3 (≈ 0.333333333333)"],
    ["-7/8", "-0.875"],
    ["10!", "3628800"],
    ["sqrt(144) + 3", "15"],
    ["log(8, 2)", "3"],
    ["17 mod 5", "2"],
  ];
  for (const [expr, value] of exact) {
    it(`${expr} = ${value}`, () => expect(computeExactly(expr)).toEqual({ ok: true, exact: true, value }));
  }

  const declined: [string, RegExp][] = [
    ["sqrt(2)", /irrational/],
    ["1/0", /not a finite number/],
    ["9^9^9", /exponent too large/],
    ["5000!", /factorial too large/],
    ['import({}, {override: true})', /not supported|unknown/],
    ['createUnit("foo")', /not supported|unknown/],
    ["x + 1", /unknown symbol/],
    ["[1, 2] * 3", /not arithmetic/],
    ["2 +", /not an expression/],
  ];
  for (const [expr, reason] of declined) {
    it(`declines ${expr}`, () => {
      const r = computeExactly(expr);
      expect(r.ok).toBe(false);
      expect(r.ok ? "" : r.reason).toMatch(reason);
    });
  }
});

describe("CalculatorChatModel", () => {
  const m = new CalculatorChatModel();
  it("answers the last user message, with its token usage", async () => {
    const r = (await m.invoke([new HumanMessage("What is 1,250 × 4 − 100?")])) as AIMessageChunk;
    expect(String(r.content)).toMatch(/= 4900$/);
    expect(r.usage_metadata?.output_tokens).toBeGreaterThan(0);
  });

  it("streams the same answer", async () => {
    let text = "";
    for await (const c of await m.stream([new HumanMessage("compute 2^10")])) text += String(c.content);
    expect(text).toMatch(/= 1024$/);
  });

  it("declines what is not arithmetic, or not exact, with the reason", async () => {
    for (const [q, why] of [["Write me a sonnet", /arithmetic only/], ["what is sqrt(2)?", /cannot compute/]] as const) {
      const err = await m.invoke([new HumanMessage(q)]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EoError);
      expect((err as EoError).code).toBe("expert_declined");
      expect((err as EoError).message).toMatch(why);
    }
  });
});
