// A non-stream chat completion with response_format json_schema: the gateway passes the upstream's text through
// (invalid JSON or cut at max_tokens included) with its usage; it neither fails nor retries because it does not parse.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { FakeRequest } from "../../src/experts/fakes/index.js";
import { startHarness, type Harness } from "./harness.js";

const BROKEN = '{"port": 80';
const LONG = '{"port": 8080, "host": "example.org", "note": "a long explanation of why this port and host were chosen"}';
const reply = (text: string) => (req: FakeRequest) => (req.schema ? text : "plain text");
const schema = { type: "object", properties: { port: { type: "integer" } }, required: ["port"], additionalProperties: false };
const response_format = { type: "json_schema" as const, json_schema: { name: "port", strict: true, schema } };
const messages = [{ role: "user" as const, content: "Which port does HTTP use? Answer as JSON." }];

type Eo = { expert: string; costUsd: number; attempts: { expert: string; outcome: string }[] };

let h: Harness;
beforeAll(async () => {
  h = await startHarness([
    { id: "broken", provider: "openai", model: "broken-1", local: false, pricing: { inputPerMTok: 1, outputPerMTok: 2 }, domains: ["general"], skills: { general: 0.9 }, script: { reply: reply(BROKEN), usage: { promptTokens: 50, completionTokens: 7 } } },
    { id: "long", provider: "openai", model: "long-1", local: false, pricing: { inputPerMTok: 1, outputPerMTok: 2 }, domains: ["general"], skills: { general: 0.5 }, script: { reply: reply(LONG) } },
  ]);
});
afterAll(async () => {
  // The live judges read each answer on a later turn of the event loop: let them finish before the store closes.
  await new Promise((r) => setTimeout(r, 50));
  await h?.close();
});
beforeEach(() => h.upstream.reset());

describe("non-stream /v1/chat/completions with response_format json_schema", () => {
  it("passes an answer that is not valid JSON through to the client, with its usage, after one upstream call", async () => {
    const r = await h.client.chat.completions.create({ model: "broken", messages, response_format });
    expect(r.model).toBe("broken");
    expect(r.choices[0]!.message.content).toBe(BROKEN);
    expect(r.choices[0]!.finish_reason).toBe("stop");
    expect(r.usage).toMatchObject({ prompt_tokens: 50, completion_tokens: 7 });
    const eo = (r as unknown as { eo: Eo }).eo;
    expect(eo.costUsd).toBeCloseTo((50 * 1 + 7 * 2) / 1e6, 12);
    expect(eo.attempts.map((a) => `${a.expert}:${a.outcome}`)).toEqual(["broken:ok"]);
    // The upstream still got the structured-output request, once.
    expect(h.upstream.requests).toHaveLength(1);
    expect(h.upstream.requests[0]).toMatchObject({ model: "broken-1", stream: false, schema, body: { response_format } });
  });

  it("passes an answer cut at max_tokens through with finish_reason length", async () => {
    const r = await h.client.chat.completions.create({ model: "long", messages, response_format, max_tokens: 5 });
    const text = r.choices[0]!.message.content!;
    expect(LONG.startsWith(text) && text.length < LONG.length).toBe(true);
    expect(r.choices[0]!.finish_reason).toBe("length");
    expect(r.usage!.completion_tokens).toBe(5);
    expect(h.upstream.requests).toHaveLength(1);
  });

  it("a valid JSON answer comes back as before", async () => {
    const r = await h.client.chat.completions.create({ model: "long", messages, response_format });
    expect(JSON.parse(r.choices[0]!.message.content!)).toMatchObject({ port: 8080 });
    expect(r.choices[0]!.finish_reason).toBe("stop");
    expect(h.upstream.requests).toHaveLength(1);
  });
});
