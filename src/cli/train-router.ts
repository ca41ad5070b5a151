// `eo train router`: fits the learned predictor on outcome data and writes its versioned JSON artifact.
import { writeFileSync } from "node:fs";
import { loadOutcomes, splitPaths } from "../bench/load-outcomes.js";
import { trainPredictor } from "../routing/predictor/train.js";
import { parseOptions, UsageError, type CliCommand } from "./command.js";

export const trainRouter: CliCommand = {
  usage: `eo train router --data A [--data B ...] --out artifact.json [options]

Trains the learned predictor (per expert: P(correct) and output length from hashed word n-grams of the
prompt, with per-domain offsets; L2 chosen by cross-validation) and fits each expert's per-token prices
to its recorded costs. Point eo.config.json's "router": { "predictor": "artifact.json" } at the result, or
publish it to a running service with --publish (every replica routes with it within seconds; Workers too).
  --data FILE     outcome data (JSONL, or RouterBench CSV); repeat, or a,b,c
  --format F      jsonl | routerbench (default: .csv is routerbench, anything else jsonl)
  --out FILE      where to write the artifact (JSON)
  --folds N       cross-validation folds (default 5; 0 or 1 skips it and keeps offsets only)
  --seed N        seed of the folds and the SGD order (default 1)
  --publish URL   PUT the artifact to URL/v1/router/predictor (URL: the service, e.g. http://127.0.0.1:8787)
  --note TEXT     with --publish: why (shown in GET /v1/router/predictor)`,
  async run(argv) {
    const { values } = parseOptions(argv, {
      data: { type: "string", multiple: true }, format: { type: "string" }, out: { type: "string" },
      folds: { type: "string" }, seed: { type: "string" }, publish: { type: "string" }, note: { type: "string" },
    });
    if (values.help) return console.log(this.usage);
    const files = splitPaths(values.data);
    if (files.length === 0) throw new UsageError("give --data");
    if (!values.out) throw new UsageError("give --out");
    const int = (s: string | undefined, name: string) => {
      if (s === undefined) return undefined;
      const n = Number(s);
      if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a non-negative integer`);
      return n;
    };
    const folds = int(values.folds, "folds");
    const target = values.publish === undefined ? undefined : publishUrl(values.publish, values.note);
    const records = loadOutcomes(files, values.format);
    const artifact = trainPredictor(records, { folds, seed: int(values.seed, "seed"), sources: files });
    const text = `${JSON.stringify(artifact)}\n`;
    writeFileSync(values.out, text);
    const t = artifact.training;
    console.log(`trained on ${t.records} prompts from ${files.join(", ")} in ${t.seconds.toFixed(1)} s`);
    for (const c of t.cv) console.log(`  L2 ${c.l2 ?? "offsets only"}: cross-validated log-loss ${c.logLoss.toFixed(4)}, log-length MSE ${c.lengthMse.toFixed(4)}`);
    console.log(`chosen L2: quality ${t.l2.quality ?? "offsets only"}, length ${t.l2.length ?? "offsets only"}`);
    for (const e of artifact.experts) {
      const p = e.pricing ? `$${e.pricing.inputPerMTok}/$${e.pricing.outputPerMTok} per MTok` : "no price";
      console.log(`  ${e.name.padEnd(36)} ${String(e.outcomes).padStart(6)} outcomes  ${p}`);
    }
    console.log(`wrote ${values.out} (${(text.length / 1024).toFixed(0)} KiB, artifact version ${artifact.version})`);
    if (target) await publish(target, text);
  },
};

/** Where --publish PUTs: checked before training, so a typo costs nothing. */
function publishUrl(base: string, note: string | undefined): URL {
  let url: URL;
  try {
    url = new URL(`${base.replace(/\/+$/, "")}/v1/router/predictor`);
  } catch {
    throw new UsageError(`--publish must be the service's URL, e.g. http://127.0.0.1:8787 (got ${base})`);
  }
  if (note !== undefined) url.searchParams.set("note", note);
  return url;
}

/** PUTs the artifact to a running service and prints what it answered; a refusal is an error with its message. */
async function publish(url: URL, text: string): Promise<void> {
  const r = await fetch(url, { method: "PUT", headers: { "content-type": "application/json" }, body: text });
  const body = (await r.json().catch(() => null)) as { version?: number; matched?: string[]; unmatched?: string[]; error?: { message?: string } } | null;
  if (r.status !== 201) throw new Error(`${url} refused the artifact (${r.status}): ${body?.error?.message ?? "no error message"}`);
  console.log(`published as #${body!.version} at ${url}: predicts for ${body!.matched!.join(", ")}`);
  if (body!.unmatched!.length) console.log(`  not in the service's catalog: ${body!.unmatched!.join(", ")}`);
}
