// The `eo` command line: serve the API, or ask the router which expert would answer a prompt and why.
import { parseArgs } from "node:util";
import { PreferencesSchema, StrategySchema } from "./config.js";
import { EoError } from "./errors.js";
import { Catalog } from "./experts/catalog.js";
import { evalJudges } from "./cli/eval-judges.js";
import { evalRouting } from "./cli/eval-routing.js";
import { calibrate } from "./cli/calibrate.js";
import { exportOutcomesCommand } from "./cli/export-outcomes.js";
import { leaderboard } from "./cli/leaderboard.js";
import { trainRouter } from "./cli/train-router.js";
import { UsageError, type CliCommand } from "./cli/command.js";
import { loadConfig } from "./load-config.js";
import { loadPredictor } from "./load-predictor.js";
import { cascadePreview } from "./gateway/cascade.js";
import { DEFAULT_CASCADE } from "./routing/cascade.js";
import { ProfileBook } from "./routing/profiles.js";
import { Router } from "./routing/router.js";
import { startServer } from "./server.js";

const HELP: Record<string, string> = {
  main: `eo — Expert Orchestrator

Usage: eo <command> [options]

Commands:
  serve              serve the API on PORT (default 8787); the sandbox fleet when no provider is configured
  route "<prompt>"   which expert the router picks for a prompt, with predicted quality, cost and why
  eval routing       train the learned router on outcome data and measure routing on another set (RouterBench CSV or JSONL)
  eval judges        fit a judge panel on labelled answer pairs and score judges, majority and panel on held-back pairs (JSONL or JudgeBench)
  train router       train the learned router's artifact (config "router": { "predictor": "artifact.json" })
  export outcomes    the deployment's judged subtasks as outcome JSONL, to retrain the router on its own traffic
  calibrate <expert> run the calibration suite through an expert and the judges; records its profile
  leaderboard        experts ranked per domain and dimension by their profiles (table, --json, --csv)

Run eo <command> --help for a command's options. Config: EO_CONFIG or ./eo.config.json.`,
  serve: `eo serve [--port N] [--host H]

Serves the API and the sandbox (when no provider is configured). Same as npm start.
  --port N   port (default: PORT or 8787)
  --host H   address to bind (default: HOST or 127.0.0.1)`,
  route: `eo route "<prompt>" [options]

Routes a prompt without calling any model and prints the decision.
  --strategy S       quality | cost-aware | threshold
  --local-only       only local experts
  --max-cost USD     exclude experts predicted to cost more
  --approved a,b     only these experts
  --min-quality Q    the threshold strategy's floor, in [0, 1]
  --max-tokens N     the answer's length for cost prediction
  --cascade          also show the cascade (eo.cascade with its defaults): the cheaper experts it would ask first
  --json             print the whole decision as JSON (with --cascade: { decision, cascade })`,
};

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

async function route(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      strategy: { type: "string" }, "local-only": { type: "boolean" }, "max-cost": { type: "string" },
      approved: { type: "string" }, "min-quality": { type: "string" }, "max-tokens": { type: "string" },
      cascade: { type: "boolean" }, json: { type: "boolean" }, help: { type: "boolean" },
    },
  });
  if (values.help) return console.log(HELP.route);
  const prompt = positionals.join(" ").trim();
  if (!prompt) fail(`eo route: give a prompt\n\n${HELP.route}`);
  const prefs = PreferencesSchema.safeParse({
    strategy: values.strategy === undefined ? undefined : StrategySchema.parse(values.strategy),
    localOnly: values["local-only"],
    maxCostUsd: values["max-cost"] === undefined ? undefined : Number(values["max-cost"]),
    approvedExperts: values.approved?.split(",").map((s) => s.trim()).filter(Boolean),
    minQuality: values["min-quality"] === undefined ? undefined : Number(values["min-quality"]),
  });
  if (!prefs.success) fail(`eo route: ${prefs.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const loaded = await loadConfig(process.env);
  try {
    const catalog = new Catalog(loaded.config);
    const router = new Router(catalog.experts, ProfileBook.fromCatalog([...catalog.experts]), loaded.config.defaults, { predictor: loadPredictor(loaded) });
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
    await loaded.sandbox?.close();
  }
}

async function serve(argv: string[]) {
  const { values } = parseArgs({ args: argv, options: { port: { type: "string" }, host: { type: "string" }, help: { type: "boolean" } } });
  if (values.help) return console.log(HELP.serve);
  const s = await startServer({ port: values.port === undefined ? undefined : Number(values.port), host: values.host });
  const stop = () => void s.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

/** Commands kept in their own files (src/cli/): one line each; a two-word name is matched before a one-word one. */
const FILED: Record<string, CliCommand> = {
  "eval routing": evalRouting,
  "eval judges": evalJudges,
  "train router": trainRouter,
  "export outcomes": exportOutcomesCommand,
  calibrate,
  leaderboard,
};
for (const [name, c] of Object.entries(FILED)) HELP[name] = c.usage;

const args = process.argv.slice(2);
const twoWords = `${args[0]} ${args[1]}`;
const [command, rest] = FILED[twoWords] ? [twoWords, args.slice(2)] : [args[0], args.slice(1)];
const commands: Record<string, (argv: string[]) => Promise<void>> = {
  route, serve,
  ...Object.fromEntries(Object.entries(FILED).map(([name, c]) => [name, (argv: string[]) => c.run(argv)])),
};
if (!command || command === "--help" || command === "-h" || command === "help") {
  console.log(HELP.main);
} else if (!commands[command]) {
  fail(`eo: unknown command "${command}"\n\n${HELP.main}`);
} else {
  commands[command](rest).catch((e: unknown) => {
    if (e instanceof UsageError) fail(`eo ${command}: ${e.message}\n\n${HELP[command] ?? HELP.main}`);
    console.error(e instanceof EoError ? e.message : e);
    process.exit(1);
  });
}
