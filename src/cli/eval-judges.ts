// `eo eval judges`: fits a judge panel on labelled pairs, scores each judge, the simple majority and the panel on held-back pairs.
import { readFileSync, writeFileSync } from "node:fs";
import { EoError } from "../errors.js";
import { evaluateJudges } from "../bench/evaluate-judges.js";
import { hashSplit } from "../bench/hash-split.js";
import { loadJudgeVerdicts, type LoadedVerdicts } from "../bench/load-judge-verdicts.js";
import { splitPaths } from "../bench/load-outcomes.js";
import { formatJudgesReport } from "../bench/report-judges.js";
import { Panel } from "../judging/panel.js";
import type { PanelMethod } from "../judging/panel-select.js";
import { parseOptions, UsageError, type CliCommand } from "./command.js";

const METHODS = ["auto", "log-odds", "logistic"];

export const evalJudges: CliCommand = {
  usage: `eo eval judges --train A --test B [options]
eo eval judges --data D [--split 0.5] [--seed 1] [options]

Fits a judge panel (weights per judge and domain) on labelled answer pairs and prints, on held-back pairs,
each judge's accuracy, the simple majority's and the panel's, overall and per domain.
  --train PATH          judge-verdict data to fit on (repeat, or a,b,c); a folder is read as JudgeBench
  --test PATH           judge-verdict data to score on (same)
  --data PATH           one data set, split by hashing each pair id: --split of it to train, the rest to test
  --split SHARE         with --data: the train share, in (0, 1) (default 0.5)
  --seed N              with --data: the split's seed (default 1)
  --format F            jsonl | judgebench (default: a folder or a dataset=… file is JudgeBench, else JSONL)
  --response-model M    JudgeBench: only the pairs answered by M (each response model has its own judges)
  --method M            auto | log-odds | logistic (default auto: chosen by cross-validation on the train pairs)
  --panel FILE          score this saved panel instead of fitting one (then --train is not needed)
  --save-panel FILE     write the fitted panel (JSON) for a deployment to load
  --json                print one JSON object: { judges: { <name>: { accuracy, n } }, majority, panel, ... }`,
  async run(argv) {
    const { values } = parseOptions(argv, {
      train: { type: "string", multiple: true }, test: { type: "string", multiple: true }, data: { type: "string", multiple: true },
      split: { type: "string" }, seed: { type: "string" }, format: { type: "string" }, "response-model": { type: "string" },
      method: { type: "string" }, panel: { type: "string" }, "save-panel": { type: "string" }, json: { type: "boolean" },
    });
    if (values.help) return console.log(this.usage);
    const method = (values.method ?? "auto") as PanelMethod;
    if (!METHODS.includes(method)) throw new UsageError(`--method must be one of ${METHODS.join(", ")}`);
    const load = (paths: string[]) => loadJudgeVerdicts(paths, { format: values.format, responseModel: values["response-model"] });
    const dataFiles = splitPaths(values.data);
    const trainFiles = splitPaths(values.train);
    const testFiles = splitPaths(values.test);
    let train: LoadedVerdicts["records"];
    let test: LoadedVerdicts["records"];
    let imported: LoadedVerdicts["judgebench"];
    let split: { share: number; seed: string } | undefined;
    if (dataFiles.length) {
      if (trainFiles.length || testFiles.length) throw new UsageError("give either --data (with --split) or --train and --test");
      const share = values.split === undefined ? 0.5 : Number(values.split);
      if (!(share > 0 && share < 1)) throw new UsageError("--split must be a share in (0, 1)");
      split = { share, seed: values.seed ?? "1" };
      const loaded = load(dataFiles);
      imported = loaded.judgebench;
      ({ train, test } = hashSplit(loaded.records, share, split.seed));
    } else {
      if (values.split !== undefined || values.seed !== undefined) throw new UsageError("--split and --seed go with --data");
      if (testFiles.length === 0) throw new UsageError("give --test (or --data)");
      if (trainFiles.length === 0 && !values.panel) throw new UsageError("give --train (or --panel)");
      const loadedTest = load(testFiles);
      imported = loadedTest.judgebench;
      test = loadedTest.records;
      train = trainFiles.length ? load(trainFiles).records : [];
      const testIds = new Set(test.map((r) => r.id));
      const shared = train.filter((r) => testIds.has(r.id)).length;
      if (shared) throw new EoError("bad_request", `train and test share ${shared} pair id(s): scoring on pairs the panel was fitted on is not a held-back score (use --data with --split)`);
    }
    if (test.length === 0) throw new EoError("bad_request", "no test pairs");
    if (!values.panel && train.length === 0) throw new EoError("bad_request", "no train pairs");
    const panel = values.panel ? Panel.fromJSON(readFileSync(values.panel, "utf8"), values.panel) : undefined;
    const report = evaluateJudges(train, test, { method, panel });
    const say = values.json ? console.error : console.log;
    if (values["save-panel"]) {
      writeFileSync(values["save-panel"], `${JSON.stringify(report.panel.model, null, 2)}\n`);
      say(`panel written to ${values["save-panel"]}`);
    }
    if (values.json) return console.log(JSON.stringify({ ...report, split, judgebench: imported }, null, 2));
    const from = split ? ` Split: ${Math.round(split.share * 100)}% train by hash of pair id, seed ${split.seed}.` : "";
    const sets = imported ? ` JudgeBench: ${Object.entries(imported.byResponseModel).map(([m, s]) => `${m} ${s.pairs} pairs × ${s.judges.length} judges`).join("; ")}${imported.unmatched ? `; ${imported.unmatched} judged pairs unmatched` : ""}${values["response-model"] ? `; kept only the pairs answered by ${values["response-model"]}` : ""}.` : "";
    console.log(formatJudgesReport(report, from + sets));
  },
};
