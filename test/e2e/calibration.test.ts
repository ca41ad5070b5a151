// Cold start: an expert registered over HTTP is kept out of routing, calibrated through the real graph and judges,
// shown on the leaderboard, and routed to once its profile says it is the best; its registration survives a restart.
import { EventSourceParserStream } from "eventsource-parser/stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import shipped from "../../graphs/calibration/suites/v1.json" with { type: "json" };
import type { FakeRequest } from "../../src/experts/fakes/index.js";
import { json, startHarness, type Harness, type TestExpert } from "./harness.js";

const ANSWERS = new Map(shipped.items.map((i) => [i.prompt, i]));

/** A careful newcomer: the reference answer where there is one, working code, valid JSON, and refusals of harmful requests. */
function newbieReply(req: FakeRequest): string {
  const prompt = req.messages.at(-1)?.content ?? "";
  const item = ANSWERS.get(prompt);
  if (!item) return "Here is a short answer.";
  if ("expectRefusal" in item && item.expectRefusal) return "I can't help with that request.";
  if ("reference" in item && item.reference !== undefined) return String(item.reference);
  if (item.id === "code-1") return "```python\ndef is_palindrome(s):\n    return s == s[::-1]\n```";
  if (item.id === "code-2") return "```javascript\nfunction sum(xs) {\n  return xs.reduce((a, b) => a + b, 0);\n}\n```";
  if (item.id === "code-3") return '{"name": "Python", "tags": ["dynamic", "interpreted"]}';
  return "A short, plain answer in a few words.";
}

const CATALOG: TestExpert[] = [
  { id: "veteran", provider: "openai", model: "vet-model", local: false, domains: ["general", "arithmetic", "code"], skills: { arithmetic: 0.8, general: 0.8, code: 0.8 }, pricing: { inputPerMTok: 1, outputPerMTok: 2 } },
];

let h: Harness;
beforeAll(async () => {
  h = await startHarness(CATALOG, { defaults: { strategy: "quality" } });
  h.upstream.script("newbie-model", { reply: newbieReply });
  NEWBIE = newbie();
});
afterAll(async () => h?.close());

let NEWBIE: Record<string, unknown>;
const newbie = () => ({ id: "newbie", provider: "openai", model: "newbie-model", local: false, domains: ["general", "arithmetic"], pricing: { inputPerMTok: 1, outputPerMTok: 2 }, baseURL: h.upstreams.openai.baseURL });
const ARITH = "What is 12 times 13?";

type Route = { expert: string; explanation: string; candidates: { expert: string; excludedBecause?: string }[] };
const route = async (prompt: string) => (await (await h.http("/v1/route", json({ prompt }))).json()) as Route;

async function readEvents(path: string): Promise<{ event: string; data: Record<string, unknown> }[]> {
  const r = await h.http(path, { headers: { accept: "text/event-stream" } });
  expect(r.status).toBe(200);
  const out: { event: string; data: Record<string, unknown> }[] = [];
  const reader = r.body!.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    out.push({ event: value.event ?? "message", data: JSON.parse(value.data) });
  }
  return out;
}

describe("calibrating a new expert (cold start)", () => {
  it("registers it, keeps it out of routing until calibrated, then routes to it where it measured best", async () => {
    expect((await route(ARITH)).expert).toBe("veteran");
    const r = await h.http("/v1/experts", json(NEWBIE));
    expect(r.status).toBe(202);
    const body = (await r.json()) as { id: string; status: string; calibration: { id: string; links: { events: string } } };
    expect(body).toMatchObject({ id: "newbie", status: "calibrating" });

    const events = await readEvents(body.calibration.links.events);
    expect(events[0]).toMatchObject({ event: "calibration.started", data: { expert: "newbie", items: shipped.items.length } });
    const items = events.filter((e) => e.event === "calibration.item");
    expect(items).toHaveLength(shipped.items.length);
    expect(items.map((e) => e.data.done)).toEqual(items.map((_, i) => i + 1));
    expect(items.filter((e) => e.data.error).map((e) => `${e.data.item}: ${e.data.error}`)).toEqual([]);
    const last = events.at(-1)!;
    expect(last.event).toBe("calibration.completed");
    expect((last.data.domains as Record<string, Record<string, number>>).arithmetic!.correctness).toBe(1);
    expect((last.data.domains as Record<string, Record<string, number>>).general!.safety).toBe(1);

    const [board] = ((await (await h.http("/v1/leaderboard?domain=arithmetic&dimension=correctness")).json()) as { data: { entries: { expert: string; n: number; mean: number; rank: number }[] }[] }).data;
    const newbie = board!.entries.find((e) => e.expert === "newbie")!;
    expect(newbie.n).toBeGreaterThanOrEqual(3);
    expect(newbie.rank).toBe(1);
    expect(newbie.mean).toBeGreaterThan(0.8);

    const after = await route(ARITH);
    expect(after.expert).toBe("newbie");
    expect((await h.client.chat.completions.create({ model: "eo/auto", messages: [{ role: "user", content: ARITH }] })).model).toBe("newbie");

    const listed = ((await (await h.http("/v1/experts")).json()) as { data: { id: string; origin: string; calibration: { status: string } }[] }).data;
    expect(listed.find((e) => e.id === "newbie")).toMatchObject({ origin: "registered", calibration: { status: "ready" } });
    expect(listed.find((e) => e.id === "veteran")).toMatchObject({ origin: "config" });
    expect(((await (await h.http("/v1/models")).json()) as { data: { id: string }[] }).data.map((m) => m.id)).toContain("newbie");
  });

  it("a registration survives a restart, ready and routed", async () => {
    await h.restart();
    expect((await route(ARITH)).expert).toBe("newbie");
  });

  it("while calibrating, the expert is excluded with the reason in the explanation", async () => {
    h.upstream.script("slow-model", { reply: newbieReply, latencyMs: 400 });
    const r = await h.http("/v1/experts", json({ ...NEWBIE, id: "slowpoke", model: "slow-model", skills: { arithmetic: 1 } }));
    expect(r.status).toBe(202);
    const d = await route(ARITH);
    expect(d.candidates.find((c) => c.expert === "slowpoke")?.excludedBecause).toMatch(/calibration not finished/);
    const one = ((await (await h.http("/v1/experts/slowpoke")).json()) as { calibration: { status: string }; blocked: { domain: string }[] });
    expect(one.calibration.status).toBe("calibrating");
    expect(one.blocked.length).toBeGreaterThan(0);
  });

  it("bad registrations get a 4xx naming the field and register nothing", async () => {
    const cases: [unknown, number, string][] = [
      [{ ...NEWBIE, id: "veteran" }, 409, "id"],
      [{ ...NEWBIE, id: "x1", provider: "nope" }, 400, "provider"],
      [{ ...NEWBIE, id: "x2", domains: ["astrology"] }, 400, "domains"],
      [{ ...NEWBIE, id: "bad id!" }, 400, "id"],
      [{ id: "x3", provider: "openai", model: "no-such-model-anywhere", local: false, domains: ["general"] }, 400, "pricing"],
      [{ ...NEWBIE, id: "x4", surprise: true }, 400, "surprise"],
    ];
    for (const [body, status, field] of cases) {
      const r = await h.http("/v1/experts", json(body));
      expect(r.status, JSON.stringify(body)).toBe(status);
      const err = ((await r.json()) as { error: { message: string; details?: unknown } }).error;
      expect(`${err.message} ${JSON.stringify(err.details ?? "")}`, JSON.stringify(body)).toContain(field);
    }
    const ids = ((await (await h.http("/v1/experts")).json()) as { data: { id: string }[] }).data.map((e) => e.id);
    expect(ids.filter((id) => /^x\d$/.test(id) || id === "bad id!")).toEqual([]);
    expect((await h.http("/v1/experts/nobody")).status).toBe(404);
  });
});
