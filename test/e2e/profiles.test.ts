// Judged evidence changes routing: human feedback lowers an expert's profile, the router moves away, the
// leaderboard shows it, the safety policy blocks an unsafe expert, and all of it survives a restart.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { json, startHarness, type Harness, type TestExpert } from "./harness.js";

const CATALOG: TestExpert[] = [
  { id: "alpha", provider: "openai", model: "gpt-4o-mini", local: false, domains: ["code", "general"], skills: { code: 0.9, general: 0.8 }, pricing: { inputPerMTok: 0.15, outputPerMTok: 0.6 } },
  { id: "beta", provider: "openai", model: "gpt-4o-mini-2", local: false, domains: ["code", "general"], skills: { code: 0.85, general: 0.8 }, pricing: { inputPerMTok: 0.15, outputPerMTok: 0.6 } },
  { id: "gamma", provider: "openai", model: "gpt-4o-mini-3", local: false, domains: ["code", "general"], skills: { code: 0.8, general: 0.8 }, pricing: { inputPerMTok: 0.15, outputPerMTok: 0.6 } },
];
const CODE = "Write a Python function that reverses a linked list.";

let h: Harness;
beforeAll(async () => {
  h = await startHarness(CATALOG, { defaults: { strategy: "quality" } });
});
afterAll(async () => h?.close());

type Board = { domain: string; dimension: string; entries: { rank: number; expert: string; mean: number; lower: number; upper: number; n: number; source: string; blocked?: string }[] };
const route = async () => (await (await h.http("/v1/route", json({ prompt: CODE }))).json()) as { expert: string; explanation: string; candidates: { expert: string; excludedBecause?: string }[] };
const board = async (q: string) => ((await (await h.http(`/v1/leaderboard?${q}`)).json()) as { data: Board[] }).data;
const feedback = (body: unknown, requestId?: string) =>
  h.http("/v1/feedback", { ...json(body), headers: { "content-type": "application/json", ...(requestId ? { "x-request-id": requestId } : {}) } });

async function ask(): Promise<{ expert: string; requestId: string }> {
  const r = await h.client.chat.completions.create({ model: "eo/auto", messages: [{ role: "user", content: CODE }] }).withResponse();
  return { expert: r.data.model, requestId: r.response.headers.get("x-request-id")! };
}

describe("profiles learn from judged evidence", () => {
  it("routes code to alpha, until human feedback says alpha is bad at code; the leaderboard shows why", async () => {
    expect((await route()).expert).toBe("alpha");
    const first = await ask();
    expect(first.expert).toBe("alpha");
    let last: { profile: { mean: number; n: number } } | undefined;
    for (let i = 0; i < 4; i++) {
      const r = await feedback({ requestId: first.requestId, dimension: "correctness", score: 0.1 });
      expect(r.status).toBe(201);
      last = (await r.json()) as typeof last;
      expect(last).toMatchObject({ expert: "alpha", domain: "code", dimension: "correctness", score: 0.1 });
    }
    expect(last!.profile.n).toBe(4);
    expect(last!.profile.mean).toBeLessThan(0.5);
    expect((await route()).expert).toBe("beta");
    expect((await ask()).expert).toBe("beta");

    const [code] = await board("domain=code&dimension=correctness");
    expect(code!.entries.map((e) => e.expert)).toEqual(["beta", "gamma", "alpha"]);
    const alpha = code!.entries.find((e) => e.expert === "alpha")!;
    expect(alpha).toMatchObject({ rank: 3, n: 4, source: "judged" });
    expect(alpha.lower).toBeLessThan(alpha.mean);
    expect(alpha.upper).toBeGreaterThan(alpha.mean);
    expect(code!.entries.find((e) => e.expert === "beta")).toMatchObject({ n: 0, source: "declared", mean: 0.85 });
    // Without filters: every domain × dimension.
    expect((await board("")).length).toBe(11 * 7);
  });

  it("a retried feedback POST (same x-request-id) counts once", async () => {
    const { requestId } = await ask();
    const a = await feedback({ requestId, dimension: "format", score: 1 }, "fb-retry-1");
    const b = await feedback({ requestId, dimension: "format", score: 1 }, "fb-retry-1");
    expect(a.status).toBe(201);
    expect(b.status).toBe(200);
    expect(((await b.json()) as { recorded: boolean }).recorded).toBe(false);
  });

  it("the safety policy takes an expert out of a domain, and every affected explanation says so", async () => {
    const { requestId, expert } = await ask();
    expect(expert).toBe("beta");
    // The live rule judges also scored beta's (clean) answers for safety, so how many bad scores it takes varies.
    const blocked = (r: Awaited<ReturnType<typeof route>>) => r.candidates.find((c) => c.expert === "beta")?.excludedBecause;
    let d = await route();
    for (let i = 0; i < 8 && !blocked(d); i++) {
      expect((await feedback({ requestId, dimension: "safety", score: 0 })).status).toBe(201);
      d = await route();
    }
    expect(d.expert).toBe("gamma");
    expect(blocked(d)).toMatch(/safety judges scored it 0\.\d+ in code \(\d+ samples\), under the floor 0\.5/);
    expect(d.explanation).toContain("beta");
    const [safety] = await board("domain=code&dimension=safety");
    expect(safety!.entries.find((e) => e.expert === "beta")!.blocked).toMatch(/until it is calibrated again/);
    // Only code: beta still serves general.
    const general = (await (await h.http("/v1/route", json({ prompt: "Tell me about the history of the Roman republic." }))).json()) as { candidates: { expert: string; excludedBecause?: string }[] };
    expect(general.candidates.find((c) => c.expert === "beta")?.excludedBecause).toBeUndefined();
  });

  it("profiles and blocks are rebuilt from the store after a restart", async () => {
    const before = await board("domain=code");
    await h.restart();
    expect(await board("domain=code")).toEqual(before);
    expect((await route()).expert).toBe("gamma");
  });

  it("bad feedback gets a 4xx naming the field, and records nothing", async () => {
    const { requestId } = await ask();
    const cases: [unknown, number, string][] = [
      [{ requestId: "no-such-request", dimension: "correctness", score: 1 }, 404, "requestId"],
      [{ requestId, dimension: "correctness", score: 1.5 }, 400, "score"],
      [{ requestId, dimension: "correctness", score: -0.1 }, 400, "score"],
      [{ requestId, dimension: "speed", score: 1 }, 400, "dimension"],
      [{ dimension: "correctness", score: 1 }, 400, "requestId"],
      [{ requestId, taskId: "t", dimension: "correctness", score: 1 }, 400, "requestId"],
      [{ requestId, subtaskId: "s1", dimension: "correctness", score: 1 }, 400, "subtaskId"],
      [{ taskId: "no-such-task", dimension: "correctness", score: 1 }, 404, "taskId"],
      [{ requestId, dimension: "correctness", score: "1" }, 400, "score"],
    ];
    const n = async () => (await board("domain=code&dimension=correctness"))[0]!.entries.reduce((k, e) => k + e.n, 0);
    const before = await n();
    for (const [body, status, field] of cases) {
      const r = await feedback(body);
      expect(r.status, JSON.stringify(body)).toBe(status);
      const err = ((await r.json()) as { error: { code: string; message: string; param?: string } }).error;
      expect(`${err.param ?? ""} ${err.message}`, JSON.stringify(body)).toContain(field);
    }
    const dry = (await (await h.http("/v1/route", json({ prompt: CODE }))).json()) as { requestId: string };
    const r = await feedback({ requestId: dry.requestId, dimension: "correctness", score: 1 });
    expect(r.status).toBe(409);
    expect((await h.http("/v1/feedback", { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" })).status).toBe(400);
    expect((await h.http("/v1/leaderboard?domain=astrology")).status).toBe(400);
    expect((await h.http("/v1/leaderboard?dimension=speed")).status).toBe(400);
    expect((await h.http("/v1/leaderboard?sort=mean")).status).toBe(400);
    // A key given twice is ambiguous (and its second value went unchecked): 400 naming it, not the first value's board.
    for (const q of ["domain=code&domain=astrology", "domain=code&domain=math", "dimension=safety&dimension=safety"]) {
      const r = await h.http(`/v1/leaderboard?${q}`);
      expect(r.status, q).toBe(400);
      expect(((await r.json()) as { error: { message: string } }).error.message, q).toMatch(new RegExp(`^${q.split("=")[0]}: given 2 times`));
    }
    expect(await n()).toBe(before);
  });
});
