// The real openai SDK against the running server: eo/auto picks a different expert for arithmetic, code and general.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIXED_CATALOG, startHarness, type Harness } from "./harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness(MIXED_CATALOG);
});
afterAll(async () => h?.close());

const QUESTIONS = [
  { kind: "arithmetic", prompt: "What is 12.5 * (3 + 4)?", expert: "calculator" },
  { kind: "code", prompt: "Write a Python function that reverses a linked list.", expert: "coder" },
  { kind: "general", prompt: "Tell me about the history of the Roman republic.", expert: "small" },
];

type Eo = { expert: string; reason: string; costUsd: number; candidates: { expert: string }[]; requestId: string };

describe("eo/auto through the openai SDK", () => {
  for (const q of QUESTIONS) {
    it(`non-stream: a ${q.kind} question is answered by ${q.expert}`, async () => {
      const { data, response } = await h.client.chat.completions
        .create({ model: "eo/auto", messages: [{ role: "user", content: q.prompt }] })
        .withResponse();
      expect(data.model).toBe(q.expert);
      expect(response.headers.get("x-eo-expert")).toBe(q.expert);
      const eo = (data as unknown as { eo: Eo }).eo;
      expect(eo.expert).toBe(q.expert);
      expect(eo.reason).toContain(q.expert);
      expect(eo.candidates.length).toBe(MIXED_CATALOG.length);
      expect(data.choices[0]!.message.content).toBeTruthy();
      expect(data.usage!.completion_tokens).toBeGreaterThan(0);
    });

    it(`stream: a ${q.kind} question is answered by ${q.expert}`, async () => {
      const { data: stream, response } = await h.client.chat.completions
        .create({ model: "eo/auto", stream: true, stream_options: { include_usage: true }, messages: [{ role: "user", content: q.prompt }] })
        .withResponse();
      expect(response.headers.get("x-eo-expert")).toBe(q.expert);
      let text = "";
      let usage: { completion_tokens: number } | undefined;
      const models = new Set<string>();
      let finish: string | null = null;
      for await (const chunk of stream) {
        models.add(chunk.model);
        text += chunk.choices[0]?.delta.content ?? "";
        finish = chunk.choices[0]?.finish_reason ?? finish;
        if (chunk.usage) usage = chunk.usage;
      }
      expect([...models]).toEqual([q.expert]);
      expect(text.length).toBeGreaterThan(0);
      expect(finish).toBe("stop");
      expect(usage?.completion_tokens).toBeGreaterThan(0);
    });
  }

  it("the calculator answers exactly and costs nothing; the audit trail has the decision", async () => {
    const { data, response } = await h.client.chat.completions
      .create({ model: "eo/auto", messages: [{ role: "user", content: "what's 15% of 80?" }] })
      .withResponse();
    expect(data.choices[0]!.message.content).toMatch(/= 12$/);
    const eo = (data as unknown as { eo: Eo }).eo;
    expect(eo.costUsd).toBe(0);
    const id = response.headers.get("x-request-id")!;
    const audit = (await (await h.http(`/v1/requests/${id}`)).json()) as Record<string, unknown>;
    expect(audit).toMatchObject({ requestId: id, chosen: "calculator", answeredBy: "calculator", outcome: "ok", costUsd: 0, domain: "arithmetic" });
    expect((audit.attempts as unknown[]).length).toBe(1);
  });

  it("a paid expert's cost is its token usage at its catalog price", async () => {
    const data = await h.client.chat.completions.create({ model: "big", messages: [{ role: "user", content: "Summarise the plot of Hamlet." }] });
    const eo = (data as unknown as { eo: Eo }).eo;
    const u = data.usage!;
    // gpt-4o at the price library's $2.5 / $10 per million tokens.
    expect(eo.costUsd).toBeCloseTo((u.prompt_tokens * 2.5 + u.completion_tokens * 10) / 1e6, 10);
    expect(data.model).toBe("big");
  });

  it("preferences steer the router: localOnly and approvedExperts", async () => {
    const local = await h.client.chat.completions.create({
      model: "eo/auto",
      messages: [{ role: "user", content: "Tell me about the history of the Roman republic." }],
      // @ts-expect-error the eo field is our extension of the OpenAI body
      eo: { localOnly: true },
    });
    expect(local.model).toBe("coder");
    const approved = await h.client.chat.completions.create({
      model: "eo/auto",
      messages: [{ role: "user", content: "Write a Python function that reverses a linked list." }],
      // @ts-expect-error the eo field is our extension of the OpenAI body
      eo: { approvedExperts: ["big", "small"], strategy: "quality" },
    });
    expect(approved.model).toBe("big");
  });

  it("a named expert answers directly, and structured output comes back valid", async () => {
    const r = await h.client.chat.completions.create({
      model: "small",
      messages: [{ role: "user", content: "Give me a city and its country." }],
      response_format: {
        type: "json_schema",
        json_schema: { name: "place", strict: true, schema: { type: "object", properties: { city: { type: "string" }, country: { type: "string" } }, required: ["city", "country"], additionalProperties: false } },
      },
    });
    expect(r.model).toBe("small");
    const parsed = JSON.parse(r.choices[0]!.message.content!) as Record<string, unknown>;
    expect(typeof parsed.city).toBe("string");
    expect(typeof parsed.country).toBe("string");
  });

  it("tools pass through: a forced function call comes back as tool_calls", async () => {
    const r = await h.client.chat.completions.create({
      model: "small",
      messages: [{ role: "user", content: "What is the weather in Paris?" }],
      tools: [{ type: "function", function: { name: "get_weather", description: "weather for a city", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } }],
      tool_choice: { type: "function", function: { name: "get_weather" } },
    });
    const call = r.choices[0]!.message.tool_calls?.[0];
    expect(call?.type === "function" && call.function.name).toBe("get_weather");
    expect(typeof JSON.parse(call!.type === "function" ? call!.function.arguments : "{}").city).toBe("string");
  });
});
