// `wrangler deploy --dry-run` as CI runs it: the Worker (with its Durable Object class) bundles offline, and its
// compressed size stays under the free plan's limit; the figures go to BENCHMARKS.md.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** Cloudflare's limit for a Worker's compressed size on the free plan (3 MiB; paid plans allow 10 MiB). */
const FREE_PLAN_GZIP_LIMIT = 3 * 1024 * 1024;

describe("wrangler deploy --dry-run", () => {
  it("bundles the Worker offline, exports the task and calibration Durable Objects, and fits the free plan", () => {
    const out = mkdtempSync(join(tmpdir(), "eo-bundle-"));
    try {
      const wrangler = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
      const r = spawnSync(process.execPath, [wrangler, "deploy", "--dry-run", "--outdir", out], {
        cwd: ROOT, encoding: "utf8", env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
      });
      expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
      expect(r.stdout).toMatch(/--dry-run: exiting now/);
      // The bindings wrangler would deploy: D1, the task and the calibration Durable Objects.
      expect(r.stdout).toMatch(/env\.DB \(/);
      expect(r.stdout).toMatch(/env\.TASKS \(TaskObject\)/);
      expect(r.stdout).toMatch(/env\.CALIBRATIONS \(CalibrationObject\)/);
      const bundle = readFileSync(join(out, "worker.js"));
      expect(bundle.toString("utf8")).toMatch(/TaskObject = class/);
      expect(bundle.toString("utf8")).toMatch(/CalibrationObject = class/);
      const gzip = gzipSync(bundle).length;
      console.log(`worker.js: ${bundle.length} B raw, ${gzip} B gzip (free-plan limit ${FREE_PLAN_GZIP_LIMIT} B)`);
      expect(gzip).toBeLessThan(FREE_PLAN_GZIP_LIMIT);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
