// `eo export outcomes`: writes the deployment's judged history as outcome JSONL (the format `eo train router` reads).
import { writeFileSync } from "node:fs";
import { exportOutcomes } from "../bench/export-outcomes.js";
import { formatOutcomesJsonl } from "../bench/outcomes.js";
import { openStore } from "../store/open.js";
import { parseOptions, type CliCommand } from "./command.js";

export const exportOutcomesCommand: CliCommand = {
  usage: `eo export outcomes [--out FILE.jsonl]

Writes what the deployment has judged, from the store (EO_DATA_DIR's SQLite, or EO_DATABASE_URL), as outcome
records: every judged subtask of the completed tasks (the instruction as prompt, its domain, and per expert
that attempted it the supervisor-judge's score and the attempt's cost), then every chat request scored for
correctness with POST /v1/feedback (the conversation as prompt, the answering expert's score and cost, and,
with eo.cascade, the stages' answers where the score carries over). Retrain on it with:
eo train router --data FILE.jsonl --out artifact.json
  --out FILE   write there (default: standard output)`,
  async run(argv) {
    const { values } = parseOptions(argv, { out: { type: "string" } });
    if (values.help) return console.log(this.usage);
    const store = await openStore(process.env);
    try {
      const records = await exportOutcomes(store);
      const text = formatOutcomesJsonl(records);
      if (!values.out) return void process.stdout.write(text);
      writeFileSync(values.out, text);
      const outcomes = records.reduce((n, r) => n + Object.keys(r.outcomes).length, 0);
      console.log(`wrote ${records.length} prompts with ${outcomes} outcomes to ${values.out}`);
    } finally {
      await store.close();
    }
  },
};
