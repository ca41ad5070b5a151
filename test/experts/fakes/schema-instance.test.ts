// instanceFromSchema and splitRequest: valid instances for the schemas clients send, plausible from the prompt.

import { describe, expect, it } from "vitest";
import { z } from "zod";
import { instanceFromSchema, splitRequest, type JSONSchema } from "../../../src/experts/fakes/index.js";
import { DOMAINS } from "../../../src/vocabulary.js";

/** Round trip through zod: its JSON Schema in, an instance out, parsed back by the same zod schema. */
function roundTrip<T extends z.ZodType>(schema: T, prompt: string): z.infer<T> {
  const json = z.toJSONSchema(schema) as JSONSchema;
  return schema.parse(instanceFromSchema(json, prompt));
}

const Plan = z.object({
  subtasks: z.array(
    z.object({ id: z.string(), instruction: z.string(), domain: z.enum(DOMAINS), dependsOn: z.array(z.string()) }),
  ),
});

describe("splitRequest", () => {
  it("splits numbered lines, inline numbering, bullets, sentences and 'and then'", () => {
    expect(splitRequest("Steps:\n1. Add 2 and 3\n2. Square it\n3. Explain")).toEqual(["Add 2 and 3", "Square it", "Explain"]);
    expect(splitRequest("Do this: 1. Compute 17*23. 2. Write a haiku. 3. Translate it")).toEqual([
      "Compute 17*23.",
      "Write a haiku.",
      "Translate it",
    ]);
    expect(splitRequest("- apples\n- pears")).toEqual(["Apples", "Pears"]);
    expect(splitRequest("Find the bug. Then fix it; finally add a test")).toEqual(["Find the bug.", "Fix it", "Add a test"]);
    expect(splitRequest("Read the file and then count the words, then report")).toEqual(["Read the file", "Count the words", "Report"]);
  });

  it("keeps decimals and a single request whole", () => {
    expect(splitRequest("What is 3.5 times 2?")).toEqual(["What is 3.5 times 2?"]);
    expect(splitRequest("")).toEqual(["Answer the request"]);
  });
});

describe("instanceFromSchema", () => {
  it("gives a planner schema one subtask per numbered part, with ids, empty deps and keyword domains", () => {
    const plan = roundTrip(Plan, "Please: 1. Compute 17*23. 2. Write a Python function that reverses a list. 3. Translate 'good morning' into French.");
    expect(plan.subtasks.map((s) => s.id)).toEqual(["s1", "s2", "s3"]);
    expect(plan.subtasks.map((s) => s.domain)).toEqual(["arithmetic", "code", "translation"]);
    expect(plan.subtasks[1]!.instruction).toBe("Write a Python function that reverses a list.");
    expect(plan.subtasks.every((s) => s.dependsOn.length === 0)).toBe(true);
  });

  it("falls back to 'general' for a domain enum when no keyword matches", () => {
    const plan = roundTrip(Plan, "Tell me something nice");
    expect(plan.subtasks).toHaveLength(1);
    expect(plan.subtasks[0]!.domain).toBe("general");
  });

  it("respects minItems and maxItems over the number of parts", () => {
    const Few = z.object({ steps: z.array(z.object({ task: z.string() })).min(2).max(2) });
    expect(roundTrip(Few, "1. a\n2. b\n3. c\n4. d").steps).toHaveLength(2);
    expect(roundTrip(Few, "Just one thing").steps).toHaveLength(2);
  });

  it("puts scores in range and near the top of it", () => {
    const Verdict = z.object({
      score: z.number().min(0).max(1),
      confidence: z.number().min(0).max(1),
      quality: z.number().int().min(1).max(10),
      approved: z.boolean(),
      needsRevision: z.boolean(),
      issues: z.array(z.string()),
      reasoning: z.string(),
    });
    const v = roundTrip(Verdict, "Judge this answer: 2+2=4");
    expect(v.score).toBe(0.8);
    expect(v.confidence).toBe(0.8);
    expect(v.quality).toBe(8);
    expect(v.approved).toBe(true);
    expect(v.needsRevision).toBe(false);
    expect(v.issues).toEqual([]);
    expect(v.reasoning).toContain("2+2=4");
  });

  it("handles nullable, optional, unions, literals, records, tuples and string constraints", () => {
    const S = z.object({
      maybe: z.string().nullable(),
      opt: z.number().optional(),
      either: z.union([z.number().min(5), z.string()]),
      mode: z.union([z.literal("fast"), z.literal("slow")]),
      tags: z.array(z.string()).min(3),
      shortName: z.string().max(5),
      longName: z.string().min(400),
      email: z.email(),
      when: z.iso.datetime(),
      id: z.uuid(),
      map: z.record(z.string(), z.number()),
      pair: z.tuple([z.string(), z.number()]),
      fixed: z.literal(42),
    });
    const v = roundTrip(S, "Profile the user in slow mode");
    expect(typeof v.maybe).toBe("string");
    expect(v.either).toBe(5);
    expect(v.mode).toBe("slow"); // the literal the prompt mentions, not merely the first
    expect(v.tags).toHaveLength(3);
    expect(v.shortName.length).toBeLessThanOrEqual(5);
    expect(v.longName.length).toBeGreaterThanOrEqual(400);
  });

  it("follows $ref into $defs and definitions, and stops on recursive schemas", () => {
    const schema: JSONSchema = {
      type: "object",
      properties: { root: { $ref: "#/$defs/node" }, legacy: { $ref: "#/definitions/leaf" } },
      required: ["root", "legacy"],
      $defs: {
        node: {
          type: "object",
          properties: { name: { type: "string" }, children: { type: "array", items: { $ref: "#/$defs/node" } } },
          required: ["name", "children"],
        },
      },
      definitions: { leaf: { type: ["integer", "null"], minimum: 3 } },
    };
    const v = instanceFromSchema(schema, "Build a tree") as { root: { name: string; children: unknown[] }; legacy: number };
    expect(v.legacy).toBe(3);
    expect(v.root.name).toBe("Build a tree");
    let depth = 0;
    for (let n = v.root; n.children.length > 0; n = n.children[0] as typeof v.root) depth++;
    expect(depth).toBeGreaterThan(0);
    expect(depth).toBeLessThan(20);
  });

  it("is deterministic", () => {
    const json = z.toJSONSchema(Plan) as JSONSchema;
    const prompt = "Summarize the contract; then list the risks and then draft an email";
    expect(JSON.stringify(instanceFromSchema(json, prompt))).toBe(JSON.stringify(instanceFromSchema(json, prompt)));
    expect((instanceFromSchema(json, prompt) as z.infer<typeof Plan>).subtasks).toHaveLength(3);
  });
});
