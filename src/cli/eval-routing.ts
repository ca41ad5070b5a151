// `eo eval routing`: trains on one outcome set, evaluates the service's routing on another, prints metrics and plots.
import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { evaluateRouting } from "../bench/evaluate.js";
import { loadOutcomes, splitPaths } from "../bench/load-outcomes.js";
import { plotSvg } from "../bench/plot.js";
import { formatReport } from "../bench/report-text.js";
import { parseArtifactText } from "../routing/predictor/artifact.js";
import { parseOptions, UsageError, type CliCommand } from "./command.js";

export const evalRouting: CliCommand = {
  usage: `eo eval routing --train A --test B [options]

Trains the learned router on A, then routes every prompt of B with the service's Router (its strategies
driven by the learned predictor, and the cascade with rule judges on the recorded answers) and compares
with each single expert, random routing, the oracle and the zero router (hull of the single experts).
  --train FILE       outcome data to train on (repeat, or a,b,c for several files)
  --test FILE        outcome data to evaluate on (same)
  --format F         jsonl | routerbench (default: .csv is routerbench, anything else jsonl)
  --artifact FILE    use this eo train router artifact instead of training (then --train is optional)
  --strong ID        the reference / strong expert (default gpt-4-1106-preview)
  --weak ID          the weak expert of the two-expert pool (default: the cheapest within 0.2 of the strong one's accuracy)
  --infer-domain     take each prompt's domain (train and test) from the router's classifier, as the service does
                     when the caller gives no eo.domain, instead of the data's labels
  --plot FILE.svg    write the quality–cost plot
  --title TEXT       the plot's title
  --json             print one JSON object: { experts, oracle, strategies: [{ name, points }], ... }`,
  async run(argv) {
    const { values } = parseOptions(argv, {
      train: { type: "string", multiple: true }, test: { type: "string", multiple: true }, format: { type: "string" },
      artifact: { type: "string" }, strong: { type: "string" }, weak: { type: "string" }, plot: { type: "string" },
      title: { type: "string" }, json: { type: "boolean" }, "infer-domain": { type: "boolean" },
    });
    if (values.help) return console.log(this.usage);
    const trainFiles = splitPaths(values.train);
    const testFiles = splitPaths(values.test);
    if (testFiles.length === 0) throw new UsageError("give --test");
    if (trainFiles.length === 0 && !values.artifact) throw new UsageError("give --train (or --artifact)");
    const artifact = values.artifact ? parseArtifactText(readFileSync(values.artifact, "utf8"), values.artifact) : undefined;
    const train = trainFiles.length ? loadOutcomes(trainFiles, values.format) : [];
    const test = loadOutcomes(testFiles, values.format);
    const report = evaluateRouting(train, test, { artifact, strong: values.strong, weak: values.weak, sources: { train: trainFiles, test: testFiles }, inferDomain: values["infer-domain"] });
    if (values.plot) {
      writeFileSync(values.plot, plotSvg(report, values.title ?? `Routing on ${testFiles.map((f) => basename(f)).join(", ")}`));
      (values.json ? console.error : console.log)(`plot written to ${values.plot}`);
    }
    console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
  },
};
