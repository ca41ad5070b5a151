// `eo calibrate` on the sandbox fleet, spawned as users run it: it fills the expert's profile in the store, and
// `eo leaderboard` (table, --json, --csv) shows it; the server on the same store routes by it.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startServer } from "../../src/server.js";

const ROOT = resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "eo-cal-"));
const env = { ...process.env, EO_DATA_DIR: join(dir, "data"), EO_CONFIG: "", OPENAI_API_KEY: "", OLLAMA_HOST: "http://127.0.0.1:9" };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function eo(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((ok) => {
    const p = spawn(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    p.on("close", (status) => ok({ status, stdout, stderr }));
  });
}

type Board = { domain: string; dimension: string; entries: { expert: string; n: number; mean: number; source: string }[] };

describe("eo calibrate and eo leaderboard", () => {
  it("calibrates a sandbox expert, and the leaderboard and the server's profiles show it", async () => {
    const cal = await eo("calibrate", "sim-mini");
    expect(cal.stderr).toBe("");
    expect(cal.status).toBe(0);
    expect(cal.stdout).toMatch(/calibrating sim-mini with eo-calibration@1\.0\.0 \(30 items\)/);
    expect(cal.stdout).toMatch(/\[30\/30\]/);
    expect(cal.stdout).toMatch(/sim-mini: \d+ samples recorded from 30\/30 items/);

    const lb = await eo("leaderboard", "--domain", "arithmetic", "--dimension", "correctness", "--json");
    expect(lb.status).toBe(0);
    const [board] = (JSON.parse(lb.stdout) as { data: Board[] }).data;
    const mini = board!.entries.find((e) => e.expert === "sim-mini")!;
    expect(mini).toMatchObject({ n: 3, source: "judged" });
    expect(board!.entries.find((e) => e.expert === "calculator")).toMatchObject({ n: 0, source: "declared" });

    const csv = await eo("leaderboard", "--domain", "code", "--csv");
    expect(csv.stdout.split("\n")[0]).toBe("domain,dimension,rank,expert,mean,lower,upper,n,source,blocked");
    expect(csv.stdout).toMatch(/^code,format,\d+,sim-mini,/m);
    const table = await eo("leaderboard", "--domain", "code", "--dimension", "format");
    expect(table.stdout).toMatch(/code \/ format/);
    expect(table.stdout).toMatch(/sim-mini\s+\d\.\d{3}\s+\[/);

    const bad = await eo("leaderboard", "--domain", "astrology");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--domain: unknown domain "astrology"/);
    const none = await eo("calibrate", "nobody");
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/nobody/);

    // The server on the same store has the calibrated profile.
    const s = await startServer({ port: 0, quiet: true, env });
    try {
      const r = (await (await fetch(`${s.url}/v1/leaderboard?domain=arithmetic&dimension=correctness`)).json()) as { data: Board[] };
      expect(r.data[0]!.entries.find((e) => e.expert === "sim-mini")).toMatchObject({ n: 3, mean: mini.mean });
    } finally {
      await s.close();
    }
  }, 120_000);
});
