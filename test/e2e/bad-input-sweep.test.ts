// The bad-input sweep over every route of the README's HTTP tables, on the real server: malformed bodies, wrong types,
// missing and unknown fields, out-of-range numbers, empty and long strings, bytes that are not UTF-8, bodies nested too
// deep, bad query parameters and path ids, unknown ids. Each gets a 4xx in the documented error shape naming the field
// at fault; none writes a task, an audit record, evidence, an expert or an artifact; the server keeps serving.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH } from "../../src/api/body.js";
import { MIXED_CATALOG, json, startHarness, type Harness } from "./harness.js";

let h: Harness;
/** A completed task, an answered chat request and a dry run (/v1/route), made before the sweep. */
const made = { task: "", chat: "", route: "" };
const LIMIT = 250_000;

beforeAll(async () => {
  h = await startHarness(MIXED_CATALOG, { server: { bodyLimitBytes: LIMIT, heartbeatMs: 300 } });
  made.task = ((await (await h.http("/v1/tasks", json({ input: "Write a haiku about rain" }))).json()) as { id: string }).id;
  made.chat = ((await (await h.http("/v1/chat/completions", json({ model: "eo/auto", messages: [{ role: "user", content: "Hello there" }] }))).json()) as { eo: { requestId: string } }).eo.requestId;
  made.route = ((await (await h.http("/v1/route", json({ prompt: "hi" }))).json()) as { requestId: string }).requestId;
  for (let t0 = Date.now(); Date.now() - t0 < 15_000; await new Promise((r) => setTimeout(r, 50))) {
    if (((await (await h.http(`/v1/tasks/${made.task}`)).json()) as { status: string }).status === "completed") break;
  }
  // Live judging records the chat answer's evidence off the response path: wait until it has settled.
  let last = "";
  for (let now = await state(); now !== last; now = await state()) {
    last = now;
    await new Promise((r) => setTimeout(r, 300));
  }
});
afterAll(async () => h?.close());

/** Everything a write could leave behind: tasks, the audit trail, evidence (through the leaderboard), experts, artifacts. */
async function state(): Promise<string> {
  const get = async (path: string) => (await (await h.http(path)).json()) as Record<string, unknown>;
  return JSON.stringify([
    await get("/v1/tasks?limit=200"), await get("/v1/requests?limit=500"), await get("/v1/leaderboard"),
    ((await get("/v1/experts")).data as { id: string }[]).map((e) => e.id), (await get("/v1/router/predictor")).published,
  ]);
}

/** [what, "METHOD path" (`:task`, `:chat` and `:route` stand for `made`), body (an object is sent as JSON), "status code", the field at fault]. */
type Case = [string, string, unknown, string, string | null];
type ErrorBody = { error: { code: string; message: string; type?: string; param?: string | null; details?: unknown } };

const CHAT = "POST /v1/chat/completions";
const ask = (extra: Record<string, unknown> = {}) => ({ model: "eo/auto", messages: [{ role: "user", content: "hi" }], ...extra });
const orchestrate = (content: string, eo?: unknown) => ask({ model: "eo/orchestrate", messages: [{ role: "user", content }], ...(eo ? { eo } : {}) });
const deep = (n: number): unknown => (n === 0 ? 1 : { a: deep(n - 1) });
/** A valid body whose string `@@` is replaced by bytes that are not UTF-8 (a lone continuation byte, then 0xff). */
const notUtf8 = (body: unknown) => {
  const [pre, post] = JSON.stringify(body).split("@@");
  return new Uint8Array([...new TextEncoder().encode(pre), 0x80, 0xff, ...new TextEncoder().encode(post)]);
};
const EXPERT = { id: "newcomer", provider: "openai", model: "gpt-4o-mini" };

/** The shapes every JSON body route refuses alike: not JSON, not an object, not UTF-8, nested too deep, too large. */
function shapes(route: string, valid: Record<string, unknown>, poisoned: Record<string, unknown> | null, deepField: string): Case[] {
  return [
    ["malformed JSON", route, '{"a": [', "400 invalid_json", null],
    ["a JSON array", route, "[1, 2]", "400 validation_failed", null],
    ["a JSON string", route, '"hello"', "400 validation_failed", null],
    ["JSON null", route, "null", "400 validation_failed", null],
    ["a JSON number", route, "42", "400 validation_failed", null],
    ...(route.includes("approve") ? [] : [["an empty body", route, "", "400 invalid_json", null] as Case]),
    ...(poisoned ? [["bytes that are not UTF-8", route, notUtf8(poisoned), "400 invalid_json", null] as Case] : []),
    [`a value nested ${MAX_JSON_DEPTH + 1} levels deep`, route, { ...valid, [deepField]: deep(MAX_JSON_DEPTH) }, "400 validation_failed", `${deepField}.a.a.a`],
    ["a body over the byte limit", route, { ...valid, [deepField]: "x".repeat(LIMIT + 1) }, "413 payload_too_large", null],
  ];
}

const CASES: Case[] = [
  // POST /v1/chat/completions (OpenAI's error shape; `param` names the field)
  ...shapes(CHAT, ask(), ask({ messages: [{ role: "user", content: "@@" }] }), "response_format"),
  // Serializing this for the upstream overflowed the stack: every candidate failed, a 502 and an audit record.
  ["a JSON schema nested 5,000 levels deep", CHAT, `{"model":"eo/auto","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema","json_schema":{"name":"x","schema":${'{"a":'.repeat(5000)}1${"}".repeat(5000)}}}}`, "400 validation_failed", "response_format.json_schema.schema.a"],
  ["a missing model", CHAT, { messages: [{ role: "user", content: "hi" }] }, "400 validation_failed", "model"],
  ["a model of the wrong type", CHAT, ask({ model: 5 }), "400 validation_failed", "model"],
  ["an empty model", CHAT, ask({ model: "" }), "400 validation_failed", "model"],
  ["an unknown model", CHAT, ask({ model: "no-such-model" }), "404 unknown_model", "model"],
  ["messages of the wrong type", CHAT, ask({ messages: "hello" }), "400 validation_failed", "messages"],
  ["no messages", CHAT, ask({ messages: [] }), "400 validation_failed", "messages"],
  ["a null message", CHAT, ask({ messages: [null] }), "400 validation_failed", "messages.0"],
  ["an unknown role", CHAT, ask({ messages: [{ role: "wizard", content: "x" }] }), "400 validation_failed", "messages.0.role"],
  ["a message without content", CHAT, ask({ messages: [{ role: "user" }] }), "400 validation_failed", "messages.0.content"],
  ["tool-call arguments that are not JSON", CHAT, ask({ messages: [{ role: "assistant", content: null, tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: "{no" } }] }, { role: "user", content: "x" }] }), "400 validation_failed", "messages.0.tool_calls"],
  ["a temperature of the wrong type", CHAT, ask({ temperature: "hot" }), "400 validation_failed", "temperature"],
  ["a temperature out of range", CHAT, ask({ temperature: 3 }), "400 validation_failed", "temperature"],
  ["a negative max_tokens", CHAT, ask({ max_tokens: -1 }), "400 validation_failed", "max_tokens"],
  ["a huge max_tokens", CHAT, ask({ max_tokens: 1e300 }), "400 validation_failed", "max_tokens"],
  ["a NaN-like max_tokens", CHAT, ask({ max_tokens: "NaN" }), "400 validation_failed", "max_tokens"],
  ["a fractional max_tokens", CHAT, ask({ max_tokens: 1.5 }), "400 validation_failed", "max_tokens"],
  ["stream of the wrong type", CHAT, ask({ stream: "yes" }), "400 validation_failed", "stream"],
  ["n = 2", CHAT, ask({ n: 2 }), "400 validation_failed", "n"],
  ["five stop sequences", CHAT, ask({ stop: ["a", "b", "c", "d", "e"] }), "400 validation_failed", "stop"],
  ["an unknown tool_choice", CHAT, ask({ tool_choice: "sometimes" }), "400 validation_failed", "tool_choice"],
  ["an unknown response_format", CHAT, ask({ response_format: { type: "xml" } }), "400 validation_failed", "response_format.type"],
  ["a streamed request with a bad field", CHAT, ask({ stream: true, temperature: -1 }), "400 validation_failed", "temperature"],
  ["eo as null", CHAT, ask({ eo: null }), "400 validation_failed", "eo"],
  ["an unknown eo key", CHAT, ask({ eo: { colour: "blue" } }), "400 validation_failed", "eo"],
  ["an unknown strategy", CHAT, ask({ eo: { strategy: "magic" } }), "400 validation_failed", "eo.strategy"],
  ["a negative cost limit", CHAT, ask({ eo: { maxCostUsd: -1 } }), "400 validation_failed", "eo.maxCostUsd"],
  ["a cost limit as a string", CHAT, ask({ eo: { maxCostUsd: "NaN" } }), "400 validation_failed", "eo.maxCostUsd"],
  ["a weight near Number.MAX_VALUE", CHAT, ask({ eo: { weights: { correctness: 1e308, safety: 1e308 } } }), "400 validation_failed", "eo.weights.correctness"],
  ["an unknown domain", CHAT, ask({ eo: { domain: "astrology" } }), "400 validation_failed", "eo.domain"],
  ["cascade votes out of range", CHAT, ask({ eo: { cascade: { votes: 0 } } }), "400 validation_failed", "eo.cascade.votes"],
  ["preferences on a named expert", CHAT, ask({ model: "small", eo: { localOnly: true } }), "400 validation_failed", "eo"],
  ["eo/orchestrate with an empty message", CHAT, orchestrate(""), "400 validation_failed", "messages"],
  ["eo/orchestrate with a blank message", CHAT, orchestrate("   "), "400 validation_failed", "messages"],
  ["eo/orchestrate over a task's input size", CHAT, orchestrate("x".repeat(200_001)), "400 validation_failed", "messages"],
  ["eo/orchestrate with eo.cascade (eo/auto only)", CHAT, orchestrate("hi", { cascade: true }), "400 validation_failed", "eo"],
  ["eo/orchestrate with eo.domain", CHAT, orchestrate("hi", { domain: "code" }), "400 validation_failed", "eo"],
  // POST /v1/route
  ...shapes("POST /v1/route", { prompt: "hi" }, { prompt: "@@" }, "eo"),
  ["neither messages nor prompt", "POST /v1/route", {}, "400 validation_failed", "messages"],
  ["both messages and prompt", "POST /v1/route", { prompt: "hi", messages: [{ role: "user", content: "x" }] }, "400 validation_failed", "messages"],
  ["an empty prompt", "POST /v1/route", { prompt: "" }, "400 validation_failed", "prompt"],
  ["a prompt of the wrong type", "POST /v1/route", { prompt: 5 }, "400 validation_failed", "prompt"],
  ["a negative max_tokens", "POST /v1/route", { prompt: "hi", max_tokens: -5 }, "400 validation_failed", "max_tokens"],
  ["a huge max_tokens", "POST /v1/route", { prompt: "hi", max_tokens: 1e308 }, "400 validation_failed", "max_tokens"],
  ["an unknown key", "POST /v1/route", { prompt: "hi", colour: "blue" }, "400 validation_failed", "colour"],
  ["an unknown strategy", "POST /v1/route", { prompt: "hi", eo: { strategy: "magic" } }, "400 validation_failed", "eo.strategy"],
  ["a weight near Number.MAX_VALUE", "POST /v1/route", { prompt: "hi", eo: { weights: { safety: 1e308 } } }, "400 validation_failed", "eo.weights.safety"],
  // POST /v1/tasks
  ...shapes("POST /v1/tasks", { input: "hi" }, { input: "@@" }, "eo"),
  ["no input", "POST /v1/tasks", {}, "400 validation_failed", "input"],
  ["an empty input", "POST /v1/tasks", { input: "" }, "400 validation_failed", "input"],
  ["a blank input", "POST /v1/tasks", { input: "  \n " }, "400 validation_failed", "input"],
  ["an input of the wrong type", "POST /v1/tasks", { input: 5 }, "400 validation_failed", "input"],
  ["an input over 200,000 characters", "POST /v1/tasks", { input: "x".repeat(200_001) }, "400 validation_failed", "input"],
  ["a negative budget", "POST /v1/tasks", { input: "hi", budgetUsd: -1 }, "400 validation_failed", "budgetUsd"],
  ["a budget as a string", "POST /v1/tasks", { input: "hi", budgetUsd: "1" }, "400 validation_failed", "budgetUsd"],
  ["requireApproval of the wrong type", "POST /v1/tasks", { input: "hi", requireApproval: "yes" }, "400 validation_failed", "requireApproval"],
  ["an unknown strategy", "POST /v1/tasks", { input: "hi", eo: { strategy: "x" } }, "400 validation_failed", "eo.strategy"],
  ["eo.cascade (chat only)", "POST /v1/tasks", { input: "hi", eo: { cascade: true } }, "400 validation_failed", "cascade"],
  ["an unknown key", "POST /v1/tasks", { input: "hi", priority: 1 }, "400 validation_failed", "priority"],
  // POST /v1/tasks/:id/approve, /cancel
  ...shapes("POST /v1/tasks/:task/approve", { approved: true }, null, "approved"),
  ["approved of the wrong type", "POST /v1/tasks/:task/approve", { approved: "yes" }, "400 validation_failed", "approved"],
  ["an unknown key", "POST /v1/tasks/:task/approve", { approved: true, reason: "x" }, "400 validation_failed", "reason"],
  ["approving a task that is not waiting", "POST /v1/tasks/:task/approve", { approved: true }, "409 conflict", ":task"],
  ["cancelling a finished task", "POST /v1/tasks/:task/cancel", undefined, "409 conflict", ":task"],
  ["approving an unknown task", "POST /v1/tasks/task_nope/approve", undefined, "404 not_found", "task_nope"],
  ["cancelling an unknown task", "POST /v1/tasks/task_nope/cancel", undefined, "404 not_found", "task_nope"],
  // POST /v1/feedback
  ...shapes("POST /v1/feedback", { requestId: ":chat", dimension: "correctness", score: 1 }, { requestId: ":chat@@", dimension: "correctness", score: 1 }, "comment"),
  ["no dimension", "POST /v1/feedback", { requestId: ":chat", score: 1 }, "400 validation_failed", "dimension"],
  ["an unknown dimension", "POST /v1/feedback", { requestId: ":chat", dimension: "speed", score: 1 }, "400 validation_failed", "dimension"],
  ["neither requestId nor taskId", "POST /v1/feedback", { dimension: "correctness", score: 1 }, "400 validation_failed", "requestId"],
  ["both requestId and taskId", "POST /v1/feedback", { requestId: ":chat", taskId: ":task", dimension: "correctness", score: 1 }, "400 validation_failed", "requestId"],
  ["an empty requestId", "POST /v1/feedback", { requestId: "", dimension: "correctness", score: 1 }, "400 validation_failed", "requestId"],
  ["subtaskId without taskId", "POST /v1/feedback", { requestId: ":chat", subtaskId: "s1", dimension: "correctness", score: 1 }, "400 validation_failed", "subtaskId"],
  ["a score over 1", "POST /v1/feedback", { requestId: ":chat", dimension: "correctness", score: 2 }, "400 validation_failed", "score"],
  ["a negative score", "POST /v1/feedback", { requestId: ":chat", dimension: "correctness", score: -0.1 }, "400 validation_failed", "score"],
  ["a score as a string", "POST /v1/feedback", { requestId: ":chat", dimension: "correctness", score: "NaN" }, "400 validation_failed", "score"],
  ["a comment over 4,000 characters", "POST /v1/feedback", { requestId: ":chat", dimension: "correctness", score: 1, comment: "x".repeat(4001) }, "400 validation_failed", "comment"],
  ["an unknown key", "POST /v1/feedback", { requestId: ":chat", dimension: "correctness", score: 1, stars: 5 }, "400 validation_failed", "stars"],
  ["an unknown requestId", "POST /v1/feedback", { requestId: "req-nope", dimension: "correctness", score: 1 }, "404 not_found", "requestId"],
  ["an unknown taskId", "POST /v1/feedback", { taskId: "task_nope", dimension: "correctness", score: 1 }, "404 not_found", "taskId"],
  ["an unknown subtaskId", "POST /v1/feedback", { taskId: ":task", subtaskId: "s99", dimension: "correctness", score: 1 }, "404 not_found", "subtaskId"],
  ["a dry run's requestId (no answer)", "POST /v1/feedback", { requestId: ":route", dimension: "correctness", score: 1 }, "409 conflict", "requestId"],
  // POST /v1/experts, /v1/experts/:id/calibrate
  ...shapes("POST /v1/experts", EXPERT, { ...EXPERT, apiKeyEnv: "KEY@@" }, "pricing"),
  ["no id", "POST /v1/experts", { provider: "openai", model: "gpt-4o-mini" }, "400 validation_failed", "id"],
  ["a taken id", "POST /v1/experts", { ...EXPERT, id: "small" }, "409 conflict", "id"],
  ["the reserved eo/ prefix", "POST /v1/experts", { ...EXPERT, id: "eo/mine" }, "400 validation_failed", "id"],
  ["an id with spaces", "POST /v1/experts", { ...EXPERT, id: "my expert" }, "400 validation_failed", "id"],
  ["an id over 128 characters", "POST /v1/experts", { ...EXPERT, id: "n".repeat(129) }, "400 validation_failed", "id"],
  ["an unknown provider", "POST /v1/experts", { ...EXPERT, provider: "acme" }, "400 validation_failed", "provider"],
  ["an empty model", "POST /v1/experts", { ...EXPERT, model: "" }, "400 validation_failed", "model"],
  ["an unknown builtin model", "POST /v1/experts", { id: "b1", provider: "builtin", model: "oracle" }, "400 validation_failed", "model"],
  ["a builtin model named toString", "POST /v1/experts", { id: "b2", provider: "builtin", model: "toString" }, "400 validation_failed", "model"],
  ["a builtin model named __proto__", "POST /v1/experts", { id: "b3", provider: "builtin", model: "__proto__" }, "400 validation_failed", "model"],
  ["a model the price library does not know", "POST /v1/experts", { ...EXPERT, model: "no-such-model" }, "400 validation_failed", "pricing"],
  ["a baseURL that is not a URL", "POST /v1/experts", { ...EXPERT, baseURL: "not a url" }, "400 validation_failed", "baseURL"],
  ["a file: baseURL", "POST /v1/experts", { ...EXPERT, baseURL: "file:///etc/passwd" }, "400 validation_failed", "baseURL"],
  ["a negative price", "POST /v1/experts", { ...EXPERT, pricing: { inputPerMTok: -1, outputPerMTok: 1 } }, "400 validation_failed", "pricing.inputPerMTok"],
  ["a huge timeout", "POST /v1/experts", { ...EXPERT, timeoutMs: 1e12 }, "400 validation_failed", "timeoutMs"],
  ["no domains", "POST /v1/experts", { ...EXPERT, domains: [] }, "400 validation_failed", "domains"],
  ["an unknown domain", "POST /v1/experts", { ...EXPERT, domains: ["astrology"] }, "400 validation_failed", "domains.0"],
  ["a skill over 1", "POST /v1/experts", { ...EXPERT, skills: { code: 2 } }, "400 validation_failed", "skills.code"],
  ["openaiApi on an ollama expert", "POST /v1/experts", { id: "o1", provider: "ollama", model: "m", openaiApi: "chat" }, "400 validation_failed", "openaiApi"],
  ["an unknown key", "POST /v1/experts", { ...EXPERT, colour: "blue" }, "400 validation_failed", "colour"],
  ["calibrating an unknown expert", "POST /v1/experts/nope/calibrate", undefined, "404 unknown_model", "nope"],
  // PUT /v1/router/predictor and its versions
  ["an empty artifact", "PUT /v1/router/predictor", "", "400 invalid_json", null],
  ["an artifact that is not JSON", "PUT /v1/router/predictor", "{", "400 invalid_json", null],
  ["an artifact that is not UTF-8", "PUT /v1/router/predictor", notUtf8({ kind: "@@" }), "400 invalid_json", null],
  ["an artifact nested too deep", "PUT /v1/router/predictor", { kind: "eo-router-predictor", w: deep(MAX_JSON_DEPTH) }, "400 validation_failed", "w.a.a.a"],
  ["a JSON array as the artifact", "PUT /v1/router/predictor", "[]", "400 validation_failed", "kind"],
  ["an object that is no artifact", "PUT /v1/router/predictor", {}, "400 validation_failed", "kind"],
  ["a note over 1,000 characters", `PUT /v1/router/predictor?note=${"n".repeat(1001)}`, {}, "400 validation_failed", "note"],
  ["an unknown query key", "PUT /v1/router/predictor?colour=blue", {}, "400 validation_failed", "colour"],
  ...["abc", "0", "-1", "1.5", "1e400"].flatMap((v): Case[] => [
    [`version ${v}`, `GET /v1/router/predictor/${v}`, undefined, "400 validation_failed", "version"],
    [`withdrawing version ${v}`, `DELETE /v1/router/predictor/${v}`, undefined, "400 validation_failed", "version"],
  ]),
  ["an unknown version", "GET /v1/router/predictor/99", undefined, "404 not_found", "#99"],
  ["withdrawing an unknown version", "DELETE /v1/router/predictor/99", undefined, "404 not_found", "#99"],
  // Lists: limit, before, repeated keys; the leaderboard's filters
  ...["/v1/tasks", "/v1/requests"].flatMap((list): Case[] => [
    ...["-1", "abc", "0", "2.5", "", "1e3", "99999999999999999999"].map((v): Case => [`limit=${v}`, `GET ${list}?limit=${v}`, undefined, "400 validation_failed", "limit"]),
    ...["garbage", "", "2024-13-45T99:99:99Z"].map((v): Case => [`before=${v}`, `GET ${list}?before=${v}`, undefined, "400 validation_failed", "before"]),
    ["limit given twice", `GET ${list}?limit=5&limit=6`, undefined, "400 validation_failed", "limit"],
  ]),
  ["an unknown domain", "GET /v1/leaderboard?domain=astrology", undefined, "400 validation_failed", "domain"],
  ["an unknown dimension", "GET /v1/leaderboard?dimension=speed", undefined, "400 validation_failed", "dimension"],
  ["an unknown query key", "GET /v1/leaderboard?colour=blue", undefined, "400 validation_failed", "colour"],
  ["domain given twice", "GET /v1/leaderboard?domain=code&domain=math", undefined, "400 validation_failed", "domain"],
  // Unknown ids, event cursors
  ["an unknown task", "GET /v1/tasks/task_nope", undefined, "404 not_found", "task_nope"],
  ["an unknown task's events", "GET /v1/tasks/task_nope/events", undefined, "404 not_found", "task_nope"],
  ["an unknown request", "GET /v1/requests/req-nope", undefined, "404 not_found", "req-nope"],
  ["an unknown expert", "GET /v1/experts/nope", undefined, "404 unknown_model", "nope"],
  ["an unknown expert's calibration events", "GET /v1/experts/nope/calibration/events", undefined, "404 unknown_model", "nope"],
  ["calibration events with lastEventId=-1", "GET /v1/experts/small/calibration/events?lastEventId=-1", undefined, "400 validation_failed", "Last-Event-ID"],
  ...["abc", "-3", "1.5", "99999999999"].map((v): Case => [`task events with lastEventId=${v}`, `GET /v1/tasks/:task/events?lastEventId=${v}`, undefined, "400 validation_failed", "Last-Event-ID"]),
  ["task events after an id past the task's log", "GET /v1/tasks/:task/events?lastEventId=9999", undefined, "400 validation_failed", "Last-Event-ID"],
  ["a write to /v1/models", "POST /v1/models", {}, "404 not_found", "/v1/models"],
];

const fill = (s: string) => s.replace(/:(task|chat|route)/g, (_, k: keyof typeof made) => made[k]);

async function send(target: string, body: unknown): Promise<Response> {
  const [method, path] = fill(target).split(" ") as [string, string];
  const raw = body === undefined ? undefined : body instanceof Uint8Array || typeof body === "string" ? body : fill(JSON.stringify(body));
  return h.http(path, { method, headers: raw === undefined ? {} : { "content-type": "application/json" }, body: raw as BodyInit | undefined });
}

describe("bad input on every route: a 4xx naming the field, nothing written, the server still serving", () => {
  let before = "";
  beforeAll(async () => {
    before = await state();
  });

  for (const [what, target, body, expected, field] of CASES) {
    it(`${target.replace(/\?.{60,}/, "?…")}: ${what} → ${expected}`, async () => {
      const res = await send(target, body);
      const [status, code] = expected.split(" ");
      const text = await res.text();
      expect(res.status, text.slice(0, 300)).toBe(Number(status));
      const { error } = JSON.parse(text) as ErrorBody;
      expect(error.code).toBe(code);
      expect(error.message).toEqual(expect.any(String));
      if (target.startsWith(CHAT)) {
        // OpenAI's shape: the SDK reads `type` and `param`.
        expect(error.type).toBe("invalid_request_error");
        expect(error).toHaveProperty("param");
        if (field) expect(error.param).toBe(field);
      } else {
        expect(error).not.toHaveProperty("type");
        if (field) expect(`${error.message} ${JSON.stringify(error.details ?? "")}`).toContain(fill(field));
      }
      expect(res.headers.get("x-request-id")).toBeTruthy();
    });
  }

  it("wrote nothing: the tasks, the audit trail, the evidence, the experts and the artifacts are as they were", async () => {
    expect(await state()).toBe(before);
  });

  it("and the server still serves", async () => {
    expect((await h.http("/healthz")).status).toBe(200);
    const r = await h.client.chat.completions.create({ model: "eo/auto", messages: [{ role: "user", content: "What is 2 + 2?" }] });
    expect(r.choices[0]!.message.content).toMatch(/4/);
  });
});

describe("lenient where nothing is lost, and duplicates counted once", () => {
  it("a JSON body is read whatever content-type it is labelled with; a form body is invalid_json", async () => {
    for (const type of ["text/plain", "application/octet-stream"]) {
      const r = await h.http("/v1/route", { method: "POST", headers: { "content-type": type }, body: JSON.stringify({ prompt: "hi" }) });
      expect(r.status, type).toBe(200);
    }
    const form = await h.http("/v1/route", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "prompt=hi" });
    expect(form.status).toBe(400);
    expect(((await form.json()) as ErrorBody).error.code).toBe("invalid_json");
  });

  it("a retried feedback POST (same x-request-id) is recorded once", async () => {
    const send = () => h.http("/v1/feedback", { ...json({ requestId: made.chat, dimension: "format", score: 1 }), headers: { "content-type": "application/json", "x-request-id": "sweep-fb-1" } });
    const first = await send();
    expect(first.status).toBe(201);
    const second = await send();
    expect(second.status).toBe(200);
    expect(((await second.json()) as { recorded: boolean }).recorded).toBe(false);
  });

  it("registering an id twice: the second is a 409 naming id, and the catalog holds it once", async () => {
    const body = { id: "twice", provider: "builtin", model: "math", domains: ["arithmetic"] };
    expect((await h.http("/v1/experts", json(body))).status).toBe(202);
    const again = await h.http("/v1/experts", json(body));
    expect(again.status).toBe(409);
    expect(((await again.json()) as ErrorBody).error.message).toMatch(/^id: /);
    const ids = ((await (await h.http("/v1/experts")).json()) as { data: { id: string }[] }).data.map((e) => e.id);
    expect(ids.filter((id) => id === "twice")).toHaveLength(1);
  });
});
