// `inferDomain`: the evaluation routes with the domain the router's classifier reads in each prompt, as the service does.
import { describe, expect, it } from "vitest";
import { evaluateRouting, withInferredDomains } from "../../src/bench/evaluate.js";
import type { OutcomeRecord } from "../../src/bench/outcomes.js";

/** Prompts that read as code, labelled "science" by their data; "coder" is right on them, "sage" wrong. */
const records = (n: number, prefix: string): OutcomeRecord[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${i}`,
    prompt: `Write a Python function that returns the ${i}th Fibonacci number.`,
    domain: "science",
    outcomes: { coder: { score: 1, costUsd: 0.001 }, sage: { score: 0, costUsd: 0.002 } },
  }));

describe("evaluateRouting with inferDomain", () => {
  it("relabels train and test with the classifier's domain, and says so", () => {
    expect(withInferredDomains(records(2, "a")).map((r) => r.domain)).toEqual(["code", "code"]);
    const given = evaluateRouting(records(30, "tr"), records(10, "te"), { strong: "coder" });
    const inferred = evaluateRouting(records(30, "tr"), records(10, "te"), { strong: "coder", inferDomain: true });
    expect([given.domains, inferred.domains]).toEqual(["data", "classifier"]);
    // Either way the predictor learned who is right in the prompts' domain, and routes to it.
    for (const r of [given, inferred]) expect(r.strategies.find((s) => s.name === "quality")!.points[0]!.quality).toBe(1);
  });
});
