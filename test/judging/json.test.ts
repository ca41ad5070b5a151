// The json rule judge: extraction, syntax errors located, JSON Schema errors by path; then on answers built from JudgeBench responses.
import { describe, expect, it } from "vitest";
import { jsonSyntaxError } from "../../src/judging/rules/json-syntax.js";
import { asksForJson, jsonJudge, jsonOf } from "../../src/judging/rules/json.js";
import { HAVE_JUDGEBENCH, judgebench, NO_JUDGEBENCH } from "./recorded.js";
import { referenceJudge } from "../../src/judging/rules/reference.js";

const run = (response: string, jsonSchema?: Record<string, unknown>) => jsonJudge.judge({ prompt: "Respond in JSON.", response, ...(jsonSchema ? { expect: { jsonSchema } } : {}) });
const PERSON = { type: "object", required: ["name", "age"], properties: { name: { type: "string" }, age: { type: "integer", minimum: 0 }, email: { type: "string", format: "email" } }, additionalProperties: false };

describe("json judge", () => {
  it("takes the first ```json block, else an untagged block that starts like JSON, else the whole answer", () => {
    expect(jsonOf('Here:\n```json\n{"a":1}\n```\n```json\n[2]\n```')).toMatchObject({ text: '{"a":1}\n', from: "fence", line: 3 });
    expect(jsonOf("```\n[1, 2]\n```")).toMatchObject({ text: "[1, 2]\n", from: "fence" });
    expect(jsonOf('{"a": 1}')).toMatchObject({ from: "answer", line: 1 });
  });

  it.each([['{"a": 1}'], ["[1, 2.5e3, null, true]"], ['Sure!\n```json\n{"a": [1, {"b": "c"}]}\n```\nDone.'], ['"just a string"']])("passes valid JSON %j", (answer) => {
    expect(run(answer)).toMatchObject({ pass: true, scores: { format: 1 } });
  });

  it.each([
    ['{"a": 1,}', /line 1, column 9, expected a property name/],
    ['{"a": 1}\n{"b": 2}', /line 2, column 1, expected the end of the JSON/],
    ["{'a': 1}", /column 2, expected a property name in double quotes/],
    ['Here it is: {"a": 1}', /JSON inside prose counts only in a ```json block/],
    ['```json\n{"a": \n```', /answer line 3, column 1, expected more input \(the JSON ends too early\)/],
    ["", /empty/],
  ])("fails %j and says where", (answer, why) => {
    const v = run(answer);
    expect(v).toMatchObject({ pass: false, scores: { format: 0 } });
    expect(v.reasons[0]).toMatch(why);
  });

  it("locates syntax errors exactly where JSON.parse rejects, and accepts what it accepts", () => {
    const samples = ['{"a":1}', "[1,2,]", '{"a" 1}', "[1 2]", "01", "-", "1e5", '"\\u12"', "tru", '{"a":"\u0001"}', " [ ] ", '{"a":{"b":[]}}'];
    for (const s of samples) {
      let parses = true;
      try {
        JSON.parse(s);
      } catch {
        parses = false;
      }
      expect(jsonSyntaxError(s) === null, s).toBe(parses);
    }
    expect(jsonSyntaxError("[".repeat(10_000))?.why).toMatch(/nesting deeper/);
  });

  it("names each failing value path with the schema path that rejected it, and only the leaves", () => {
    const v = run('```json\n{"name": 7, "age": -1, "email": "nope", "extra": true}\n```', PERSON);
    expect(v.pass).toBe(false);
    expect(v.reasons[0]).toMatch(/JSON block at answer line 2 does not satisfy the schema/);
    expect(v.reasons).toContainEqual(expect.stringMatching(/^at \/name \(schema \/properties\/name\/type\)/));
    expect(v.reasons).toContainEqual(expect.stringMatching(/^at \/age \(schema \/properties\/age\/minimum\)/));
    expect(v.reasons).toContainEqual(expect.stringMatching(/^at \/email \(schema \/properties\/email\/format\)/));
    expect(v.reasons).toContainEqual(expect.stringMatching(/schema \/additionalProperties\).*"extra"/));
    expect(v.reasons.some((r) => /schema \/properties\)/.test(r))).toBe(false);
    expect(run('{"name": "Ada"}', PERSON).reasons[1]).toMatch(/schema \/required\).*"age"/);
    expect(run('{"name": "Ada", "age": 36, "email": "ada@example.com"}', PERSON)).toMatchObject({ pass: true });
  });

  it("reads the schema's draft, caches nothing into the caller's schema, and reports an unusable schema without scoring", () => {
    const draft4 = { $schema: "http://json-schema.org/draft-04/schema#", type: "object", properties: { n: { type: "number", maximum: 5, exclusiveMaximum: true } } };
    expect(run('{"n": 5}', draft4).pass).toBe(false);
    expect(run('{"n": 4}', draft4).pass).toBe(true);
    const schema = { type: "array", items: { type: "integer" } };
    const before = JSON.stringify(schema);
    run("[1, 2]", schema);
    expect(JSON.stringify(schema)).toBe(before);
    const v = run("{}", { $ref: "#/definitions/missing" });
    expect(v).toMatchObject({ pass: false, scores: {} });
    expect(v.reasons[0]).toMatch(/schema cannot be used/i);
  });

  it("applies when a schema is given or the prompt asks for JSON", () => {
    expect(asksForJson("Return the result as a JSON object.")).toBe(true);
    expect(asksForJson("Respond only in valid JSON")).toBe(true);
    expect(asksForJson("What is JSON?")).toBe(false);
    expect(jsonJudge.appliesTo({ prompt: "What is JSON?", response: "{}" })).toBe(false);
    expect(jsonJudge.appliesTo({ prompt: "Hi", response: "{}", expect: { jsonSchema: {} } })).toBe(true);
  });
});

describe.skipIf(!HAVE_JUDGEBENCH)("json judge on JudgeBench responses", () => {
  const SCHEMA = { type: "object", required: ["answer", "explanation"], properties: { answer: { enum: ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"] }, explanation: { type: "string", minLength: 1 } } };
  const responses = () => judgebench("gpt-4o-2024-05-13").filter((p) => p.source.startsWith("mmlu-pro")).flatMap((p) => [p.response_A, p.response_B].map((r) => ({ q: p.question, r })));

  it("fails the recorded prose responses as JSON (none of them is JSON)", () => {
    const all = judgebench("gpt-4o-2024-05-13").flatMap((p) => [p.response_A, p.response_B]);
    expect(all.filter((r) => run(r).pass)).toHaveLength(0);
  });

  it("passes each response re-emitted as schema-valid JSON in a fence, and names the path when it is broken", () => {
    let built = 0;
    for (const { q, r } of responses()) {
      const letter = referenceJudge.judge({ prompt: q, response: r, reference: "A" }).answer;
      if (!letter) continue;
      built++;
      const good = `Here is my answer as JSON:\n\n\`\`\`json\n${JSON.stringify({ answer: letter, explanation: r }, null, 2)}\n\`\`\``;
      expect(run(good, SCHEMA).pass).toBe(true);
      const wrongType = run(JSON.stringify({ answer: letter, explanation: r.length }), SCHEMA);
      expect(wrongType.reasons[1]).toMatch(/^at \/explanation \(schema \/properties\/explanation\/type\)/);
      const truncated = run(good.slice(0, good.length - 6), SCHEMA);
      expect(truncated.pass).toBe(false);
      expect(truncated.reasons[0]).toMatch(/not valid JSON: at answer line \d+, column \d+/);
    }
    expect(built).toBeGreaterThan(250);
  });
});
if (!HAVE_JUDGEBENCH) it.skip(NO_JUDGEBENCH, () => {});
