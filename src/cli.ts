// The `eo` command line: a thin dispatcher. Each command lives in src/cli/ and is loaded only when it runs, so a
// command imports what it needs and no more (`eo export outcomes` does not load LangGraph; `eo --help` loads nothing).
import { EoError } from "./errors.js";
import { UsageError, type CliCommand } from "./cli/command.js";

const MAIN = `eo — Expert Orchestrator

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

Run eo <command> --help for a command's options. Config: EO_CONFIG or ./eo.config.json.`;

/** Every command by name (a two-word name is matched before a one-word one), loaded on use. */
const COMMANDS: Record<string, () => Promise<CliCommand>> = {
  serve: async () => (await import("./cli/serve.js")).serveCommand,
  route: async () => (await import("./cli/route.js")).routeCommand,
  "eval routing": async () => (await import("./cli/eval-routing.js")).evalRouting,
  "eval judges": async () => (await import("./cli/eval-judges.js")).evalJudges,
  "train router": async () => (await import("./cli/train-router.js")).trainRouter,
  "export outcomes": async () => (await import("./cli/export-outcomes.js")).exportOutcomesCommand,
  calibrate: async () => (await import("./cli/calibrate.js")).calibrate,
  leaderboard: async () => (await import("./cli/leaderboard.js")).leaderboard,
};

// Output piped into a reader that stops early (`eo route … | head -1`) ends the command quietly, as other tools do.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const args = process.argv.slice(2);
const twoWords = `${args[0]} ${args[1]}`;
const [command, rest] = COMMANDS[twoWords] ? [twoWords, args.slice(2)] : [args[0], args.slice(1)];
if (!command || command === "--help" || command === "-h" || command === "help") {
  console.log(MAIN);
} else if (!COMMANDS[command]) {
  fail(`eo: unknown command "${command}"\n\n${MAIN}`);
} else {
  const load = COMMANDS[command];
  load()
    .then(async (c) => {
      try {
        await c.run(rest);
      } catch (e) {
        if (e instanceof UsageError) fail(`eo ${command}: ${e.message}\n\n${c.usage}`);
        throw e;
      }
    })
    .catch((e: unknown) => {
      console.error(e instanceof EoError ? e.message : e);
      process.exit(1);
    });
}
