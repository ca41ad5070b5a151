// `eo route "<prompt>"`: which expert the router picks for a prompt, with predicted quality, cost and why; calls no model.
import { parseArgs } from "node:util";
import { PreferencesSchema } from "../config.js";
import { loadConfig } from "../load-config.js";
import { cascadePreview, DEFAULT_CASCADE } from "../routing/cascade.js";
import { UsageError, type CliCommand } from "./command.js";
import { serviceRouter } from "./service-router.js";

export const routeCommand: CliCommand = {
  usage: `eo route "<prompt>" [options]

Routes a prompt as the service would now, without calling any model, and prints the decision: the config's
experts and those registered at run time, their profiles from the store's judged evidence, and the router
artifact in use (published, else the config's); the store is the server's (EO_DATABASE_URL, else EO_DATA_DIR).
  --strategy S       quality | cost-aware | threshold
  --local-only       only local experts
  --max-cost USD     exclude experts predicted to cost more
  --approved a,b     only these experts
  --min-quality Q    the threshold strategy's floor, in [0, 1]
  --max-tokens N     the answer's length for cost prediction
  --cascade          also show the cascade (eo.cascade with its defaults): the cheaper experts it would ask first
  --json             print the whole decision as JSON (with --cascade: { decision, cascade })`,
  async run(argv) {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        allowPositionals: true,
        options: {
          strategy: { type: "string" }, "local-only": { type: "boolean" }, "max-cost": { type: "string" },
          approved: { type: "string" }, "min-quality": { type: "string" }, "max-tokens": { type: "string" },
          cascade: { type: "boolean" }, json: { type: "boolean" }, help: { type: "boolean" },
        },
      });
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const { values, positionals } = parsed;
    if (values.help) return console.log(this.usage);
    const prompt = positionals.join(" ").trim();
    if (!prompt) throw new UsageError("give a prompt");
    const prefs = PreferencesSchema.safeParse({
      strategy: values.strategy,
      localOnly: values["local-only"],
      maxCostUsd: values["max-cost"] === undefined ? undefined : Number(values["max-cost"]),
      approvedExperts: values.approved?.split(",").map((s) => s.trim()).filter(Boolean),
      minQuality: values["min-quality"] === undefined ? undefined : Number(values["min-quality"]),
    });
    if (!prefs.success) throw new UsageError(prefs.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("; "));
    const loaded = await loadConfig(process.env);
    let service;
    try {
      service = await serviceRouter(loaded, process.env);
      const { router } = service;
      const maxTokens = values["max-tokens"] === undefined ? undefined : Number(values["max-tokens"]);
      const d = router.route({ messages: [{ role: "user", content: prompt }], maxOutputTokens: maxTokens }, prefs.data, values.cascade ? { ranked: Infinity } : {});
      const cascade = values.cascade ? cascadePreview(d, DEFAULT_CASCADE, prefs.data) : undefined;
      if (values.json) return console.log(JSON.stringify(cascade ? { decision: d, cascade } : d, null, 2));
      console.log(`expert: ${d.expert ?? "(none eligible)"}`);
      if (d.predicted) console.log(`predicted: quality ${d.predicted.quality.toFixed(3)}, cost $${d.predicted.costUsd.toFixed(6)}`);
      console.log(`\n${d.explanation}\n`);
      console.log(`${"expert".padEnd(18)} ${"score".padStart(7)} ${"quality".padStart(8)} ${"cost $".padStart(10)}  excluded because`);
      for (const c of d.candidates) {
        console.log(`${c.expert.padEnd(18)} ${c.score.toFixed(3).padStart(7)} ${c.quality.toFixed(3).padStart(8)} ${c.costUsd.toFixed(6).padStart(10)}  ${c.excludedBecause ?? ""}`);
      }
      if (cascade?.target) {
        const stages = cascade.stages.map((c) => `${c.expert} ($${c.costUsd.toFixed(6)})`).join(", ");
        console.log(`\ncascade: ${stages ? `ask ${stages} in turn, stopping when ${cascade.votes} answers agree (or one is enough); else ${cascade.target.expert}` : `nothing cheaper is good enough: ${cascade.target.expert} directly`}`);
      }
      if (!d.expert) process.exitCode = 1;
    } finally {
      await service?.close();
      await loaded.sandbox?.close();
    }
  },
};
