// `stop` on POST /v1/chat/completions through the real server (the openai SDK as client): an expert on the Responses API
// (which has no stop parameter) gets the answer cut by the service, streamed or not, with finish_reason "stop" and a usage
// and cost that are never zero; an expert on Chat Completions still sends `stop` upstream as given.
import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness.js";

const HEAD = "Thought: I should check the forecast.\nAction: weather\nAction Input: Paris\n";
const REACT = `${HEAD}Observation: sunny\nThought: done.\nFinal Answer: sunny${" and so on".repeat(120)}`;
const pricing = { inputPerMTok: 1, outputPerMTok: 2 };
const messages = [{ role: "user" as const, content: "What is the weather in Paris? Use the tools." }];
const stop = ["Final Answer:", "Observation:"];

type Eo = { costUsd: number; attempts: { expert: string; outcome: string }[] };
type Audit = { answeredBy: string; outcome: string; costUsd: number; inputTokens: number; outputTokens: number };

let h: Harness;
beforeAll(async () => {
  h = await startHarness([
    { id: "resp", provider: "openai", model: "gpt-4o-mini", openaiApi: "responses", local: false, pricing, domains: ["general"], skills: { general: 0.9 }, script: { reply: REACT, chunkDelayMs: 10, usage: { promptTokens: 40, completionTokens: 300 } } },
    { id: "chat", provider: "openai", model: "gpt-4o", openaiApi: "chat", local: false, pricing, domains: ["general"], skills: { general: 0.5 }, script: { reply: REACT } },
  ]);
});
afterAll(async () => {
  // The live judges read each answer on a later turn of the event loop: let them finish before the store closes.
  await new Promise((r) => setTimeout(r, 50));
  await h?.close();
});
beforeEach(() => h.upstream.reset());

const audit = async (id: string) => (await (await h.http(`/v1/requests/${id}`)).json()) as Audit;

/** A streamed completion as the client sees it: the content deltas, the last finish reason, the usage chunk's usage. */
async function collect(stream: AsyncIterable<ChatCompletionChunk>) {
  const chunks: ChatCompletionChunk[] = [];
  for await (const c of stream) chunks.push(c);
  const pieces = chunks.map((c) => c.choices[0]?.delta.content ?? "").filter((t) => t !== "");
  return { pieces, text: pieces.join(""), finish: chunks.map((c) => c.choices[0]?.finish_reason).findLast(Boolean), usage: chunks.find((c) => c.usage)?.usage ?? undefined };
}

describe("stop on an expert with openaiApi responses", () => {
  it("non-stream: the content ends before the first stop sequence, finish_reason stop, usage and cost as the upstream reported", async () => {
    const r = await h.client.chat.completions.create({ model: "resp", messages, stop });
    expect(r.choices[0]).toMatchObject({ message: { role: "assistant", content: HEAD }, finish_reason: "stop" });
    expect(r.usage).toMatchObject({ prompt_tokens: 40, completion_tokens: 300 });
    const eo = (r as unknown as { eo: Eo }).eo;
    expect(eo.attempts.map((a) => `${a.expert}:${a.outcome}`)).toEqual(["resp:ok"]);
    expect(eo.costUsd).toBeCloseTo((40 * 1 + 300 * 2) / 1e6, 12);
    expect(h.upstream.requests.map((q) => `${q.path} ${q.stream}`)).toEqual(["/v1/responses false"]);
    expect(h.upstream.requests[0]!.body).not.toHaveProperty("stop");
  });

  it("stream: the text before the sequence only, finish_reason stop, and an estimated usage and cost in the usage chunk and the audit", async () => {
    const t0 = Date.now();
    const { data: stream, response } = await h.client.chat.completions
      .create({ model: "resp", messages, stop, stream: true, stream_options: { include_usage: true } })
      .withResponse();
    const { pieces, finish, usage } = await collect(stream);
    expect(pieces.join("")).toBe(HEAD);
    expect(pieces.length).toBeGreaterThan(1);
    expect(finish).toBe("stop");
    // The upstream would stream for over a second (its usage comes only at the end): the service stopped reading it.
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(usage!.prompt_tokens).toBeGreaterThan(0);
    expect(usage!.completion_tokens).toBeGreaterThan(10);
    expect(usage!.completion_tokens).toBeLessThan(100);
    expect(usage!.total_tokens).toBe(usage!.prompt_tokens + usage!.completion_tokens);
    const rec = await audit(response.headers.get("x-request-id")!);
    expect(rec).toMatchObject({ answeredBy: "resp", outcome: "ok", inputTokens: usage!.prompt_tokens, outputTokens: usage!.completion_tokens });
    expect(rec.costUsd).toBeCloseTo((usage!.prompt_tokens * 1 + usage!.completion_tokens * 2) / 1e6, 12);
    expect(rec.costUsd).toBeGreaterThan(0);
  });

  it("a stop that never occurs leaves the answer whole, streamed or not", async () => {
    const r = await h.client.chat.completions.create({ model: "resp", messages, stop: "NEVER" });
    expect(r.choices[0]).toMatchObject({ message: { content: REACT }, finish_reason: "stop" });
    const streamed = await collect(await h.client.chat.completions.create({ model: "resp", messages, stop: "NEVER", stream: true }));
    expect(streamed).toMatchObject({ text: REACT, finish: "stop" });
  });
});

describe("stop on an expert with openaiApi chat", () => {
  it("goes upstream unchanged, and the upstream's cut is passed through", async () => {
    const r = await h.client.chat.completions.create({ model: "chat", messages, stop });
    expect(r.choices[0]).toMatchObject({ message: { content: HEAD }, finish_reason: "stop" });
    const streamed = await collect(await h.client.chat.completions.create({ model: "chat", messages, stop: "Action Input:", stream: true }));
    expect(streamed).toMatchObject({ text: "Thought: I should check the forecast.\nAction: weather\n", finish: "stop" });
    expect(h.upstream.requests.map((q) => `${q.path} ${q.stream}`)).toEqual(["/v1/chat/completions false", "/v1/chat/completions true"]);
    expect(h.upstream.requests[0]!.body).toMatchObject({ stop });
    expect(h.upstream.requests[1]!.body).toMatchObject({ stop: ["Action Input:"] });
  });
});
