// The dashboard in a real browser against the real server: submit a task and watch it live, approve, cancel, bad
// input, the experts and their leaderboard, the audit trail. The page's JavaScript must raise no error.
import { Script } from "node:vm";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MIXED_CATALOG, startHarness, type Harness, type TestExpert } from "./harness.js";
import { launchBrowser, noBrowser } from "./browser.js";

// Every cloud expert answers after 150 ms and streams slowly, so a task is seen running before it completes.
const SLOW: TestExpert[] = MIXED_CATALOG.map((e) => (e.provider === "builtin" ? e : { ...e, script: { latencyMs: 150, chunkDelayMs: 30 } }));
const THREE_PARTS = "1. Write a Python function that parses a CSV line. 2. Write a haiku about autumn. 3. Explain what a hash table is.";

type TaskView = { id: string; status: string; result: string | null; subtasks: { id: string; output: string | null }[] };

let h: Harness;
let browser: Browser | undefined;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  h = await startHarness(SLOW, { server: { heartbeatMs: 300 } });
  if (!noBrowser) browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe("the dashboard's assets", () => {
  it("GET / serves the page, its script and its styles, with a CSP that allows only the page's own origin", async () => {
    const html = await h.http("/");
    expect(html.status).toBe(200);
    expect(html.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(html.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(await html.text()).toContain('<script src="/dashboard.js" defer></script>');
    const js = await h.http("/dashboard.js");
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    const code = await js.text();
    expect(() => new Script(code)).not.toThrow(); // valid JavaScript
    expect((await h.http("/dashboard.css")).headers.get("content-type")).toBe("text/css; charset=utf-8");
  });
});

describe.skipIf(noBrowser)("the dashboard in Chromium", () => {
  beforeAll(async () => {
    page = await browser!.newPage();
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    page.on("console", (m) => void (m.type() === "error" && pageErrors.push(m.text())));
  });
  afterEach(() => {
    const errors = pageErrors;
    pageErrors = [];
    expect(errors, errors.join("\n")).toEqual([]);
  });

  const waitStatus = (s: string) => page.waitForFunction((want) => document.getElementById("task-status")?.textContent === want, s, { timeout: 30_000 });
  const taskIdFromUrl = () => decodeURIComponent(new URL(page.url()).hash.split("/")[2]!);
  const getTask = async (id: string) => (await (await h.http(`/v1/tasks/${id}`)).json()) as TaskView;

  it("submits a task from the form and shows it live, from its plan to its result, as the API has it", async () => {
    await page.goto(h.url);
    // Every status the page shows, in order.
    await page.evaluate(() => {
      const seen: string[] = ((window as unknown as { seen: string[] }).seen = []);
      new MutationObserver(() => {
        const s = document.getElementById("task-status")?.textContent ?? "";
        if (s && seen.at(-1) !== s) seen.push(s);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.fill("#task-input", THREE_PARTS);
    await page.click("#task-submit");
    await page.waitForURL(/#\/tasks\/task_/);
    await waitStatus("completed");
    const id = taskIdFromUrl();
    const t = await getTask(id);
    expect(t.status).toBe("completed");
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    expect(seen.at(-1)).toBe("completed");
    expect(seen).toContain("running"); // it was watched while it ran, not only found finished
    // Each subtask's answer and the result, exactly as the API has them.
    for (const s of t.subtasks) expect(await page.textContent(`[data-output="${s.id}"]`)).toBe(s.output);
    expect(await page.textContent("#task-result")).toBe(t.result);
    // The event log shows the stream: the plan, the streamed deltas, the verdicts, the end.
    const events = await page.$$eval("#event-log li", (li) => li.map((x) => x.getAttribute("data-event")));
    expect(events).toEqual(expect.arrayContaining(["plan", "estimate", "route", "subtask.started", "subtask.delta", "verdict"]));
    expect(events.at(-1)).toBe("task.completed");
    expect(await page.isHidden("#task-cancel")).toBe(true);
    // The task list has it, and a click on its row opens it again.
    await page.click('a[href="#/tasks"]');
    await page.waitForSelector(`tr[data-task-id="${id}"]`);
    expect(await page.textContent(`tr[data-task-id="${id}"] .badge`)).toBe("completed");
    await page.click(`tr[data-task-id="${id}"]`);
    await waitStatus("completed");
    expect(taskIdFromUrl()).toBe(id);
  }, 60_000);

  it("a task over its budget waits for approval: Approve runs it; Reject ends it cancelled", async () => {
    for (const [button, end] of [["#task-approve", "completed"], ["#task-reject", "cancelled"]] as const) {
      await page.goto(`${h.url}/#/tasks`);
      await page.fill("#task-input", THREE_PARTS);
      await page.fill("#task-budget", "0");
      await page.check("#task-approval");
      await page.click("#task-submit");
      await page.waitForURL(/#\/tasks\/task_/);
      await waitStatus("awaiting_approval");
      expect(await page.isVisible("#task-approve")).toBe(true);
      await page.click(button);
      await waitStatus(end);
      expect((await getTask(taskIdFromUrl())).status).toBe(end);
    }
  }, 60_000);

  it("Cancel stops a running task", async () => {
    await page.goto(`${h.url}/#/tasks`);
    await page.fill("#task-input", THREE_PARTS);
    await page.click("#task-submit");
    await page.waitForURL(/#\/tasks\/task_/);
    await page.waitForFunction(() => ["planning", "running"].includes(document.getElementById("task-status")?.textContent ?? ""), null, { timeout: 30_000 });
    await page.click("#task-cancel");
    await waitStatus("cancelled");
    expect((await getTask(taskIdFromUrl())).status).toBe("cancelled");
  }, 60_000);

  it("bad input: the error names the field at fault, and no task is created", async () => {
    const count = async () => ((await (await h.http("/v1/tasks?limit=100")).json()) as { data: unknown[] }).data.length;
    const before = await count();
    await page.goto(`${h.url}/#/tasks`);
    await page.click("#task-submit"); // empty input
    await page.waitForSelector("#task-error:not([hidden])");
    expect(await page.textContent("#task-error")).toContain("input");
    await page.fill("#task-input", "Explain recursion");
    await page.fill("#task-budget", "-1");
    await page.click("#task-submit");
    await page.waitForFunction(() => document.getElementById("task-error")?.textContent?.includes("budgetUsd"));
    expect(new URL(page.url()).hash).toBe("#/tasks");
    expect(await count()).toBe(before);
    // Chromium logs each refused request; those two 400s are what this test asked for.
    const refused = "Failed to load resource: the server responded with a status of 400 (Bad Request)";
    expect(pageErrors).toEqual([refused, refused]);
    pageErrors = [];
  });

  it("the experts, their leaderboard and the audit trail", async () => {
    await page.goto(`${h.url}/#/experts`);
    await page.waitForSelector("#leaderboard tbody tr");
    const ids = await page.$$eval("#expert-list tbody tr", (rows) => rows.map((r) => r.getAttribute("data-expert")));
    expect(ids).toEqual(MIXED_CATALOG.map((e) => e.id));
    await page.selectOption("#board-domain", "code");
    await page.selectOption("#board-dimension", "correctness");
    const board = ((await (await h.http("/v1/leaderboard?domain=code&dimension=correctness")).json()) as { data: { entries: { expert: string }[] }[] }).data[0]!;
    expect(await page.$$eval("#leaderboard tbody tr", (rows) => rows.map((r) => r.getAttribute("data-expert")))).toEqual(board.entries.map((e) => e.expert));

    const answer = await h.client.chat.completions.create({ model: "eo/auto", messages: [{ role: "user", content: "Say hello to the dashboard" }] });
    const requestId = (answer as unknown as { eo: { requestId: string } }).eo.requestId;
    await page.goto(`${h.url}/#/requests`);
    await page.waitForSelector(`tr[data-request-id="${requestId}"]`);
    await page.click(`tr[data-request-id="${requestId}"]`);
    await page.waitForSelector("#request-detail [data-answer]");
    expect(await page.textContent("#request-detail [data-answer]")).toBe(answer.choices[0]!.message.content);
    expect(await page.textContent("#request-detail")).toContain(answer.model);
  }, 60_000);
});
