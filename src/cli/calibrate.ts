// `eo calibrate <expert>`: runs the shipped calibration suite through one expert and the judges, and records its profile.
import { parseArgs } from "node:util";
import { UsageError, type CliCommand } from "./command.js";
import { openOfflineService } from "./offline-service.js";

export const calibrate: CliCommand = {
  usage: `eo calibrate <expert> [--json]

Runs the calibration suite shipped with the service (graphs/calibration/suites) through the expert: every item's
answer is graded by the rule judges (reference answers, code that parses, JSON, personal data, refusals of
harmful requests) and, where the item asks, an LLM rubric judge that is never the expert itself. The scores are
recorded as calibration evidence in the store (EO_DATABASE_URL, else EO_DATA_DIR), so a server on the same store
routes by them. Prints each item as it is judged, then the means per domain and dimension.
  --json   print the summary as JSON (progress goes to stderr)`,
  async run(argv) {
    let parsed;
    try {
      parsed = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: "boolean" }, help: { type: "boolean" } } });
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const { values, positionals } = parsed;
    if (values.help) return console.log(this.usage);
    if (positionals.length !== 1) throw new UsageError("give exactly one expert id");
    const svc = await openOfflineService(process.env);
    try {
      const expertId = positionals[0]!;
      const log = values.json ? (s: string) => process.stderr.write(`${s}\n`) : (s: string) => console.log(s);
      const { runId, done } = svc.calibrator.calibrate(expertId);
      let seen = 0;
      const follow = (async () => {
        for (;;) {
          const page = svc.calibrator.events(runId, seen);
          if (!page) return;
          const more = page.wait();
          for (const e of page.events) {
            seen = e.seq;
            if (e.type === "calibration.started") log(`calibrating ${e.expert} with ${e.suite} (${e.items} items)`);
            if (e.type === "calibration.item") {
              const scores = Object.entries(e.scores).map(([k, v]) => `${k}=${v}`).join(" ");
              log(`  [${String((e as { done?: number }).done).padStart(2)}/${(e as { total?: number }).total}] ${e.item.padEnd(10)} ${e.domain.padEnd(11)} ${e.error ? `ERROR ${e.error}` : scores}`);
            }
          }
          if (page.done) return;
          await more;
        }
      })();
      const summary = await done;
      await follow;
      if (values.json) return console.log(JSON.stringify(summary, null, 2));
      if (summary.status === "failed") {
        console.log(`calibration failed: ${summary.message}`);
        process.exitCode = 1;
        return;
      }
      console.log(`\n${summary.expert}: ${summary.recorded} samples recorded from ${summary.items - summary.failedItems}/${summary.items} items, $${summary.costUsd.toFixed(6)}`);
      for (const [domain, dims] of Object.entries(summary.domains)) {
        console.log(`  ${domain.padEnd(12)} ${Object.entries(dims).map(([d, v]) => `${d} ${v.toFixed(2)}`).join("  ")}`);
      }
    } finally {
      await svc.close();
    }
  },
};
