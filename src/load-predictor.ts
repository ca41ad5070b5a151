// Node only: loads the learned router's artifact named by the config (`router.predictor`), or stops with why.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { EoError } from "./errors.js";
import type { LoadedConfig } from "./load-config.js";
import { parseArtifactText } from "./routing/predictor/artifact.js";
import { LearnedPredictor } from "./routing/predictor/predictor.js";

/**
 * The predictor of `router.predictor` (a path relative to the config file, else to the working directory),
 * or undefined when none is configured. An unreadable, malformed or unknown-version artifact throws
 * `config_invalid` naming the file, so the service does not start with a router it cannot explain.
 */
export function loadPredictor(loaded: Pick<LoadedConfig, "config" | "path">, cwd = process.cwd()): LearnedPredictor | undefined {
  const given = loaded.config.router?.predictor;
  if (!given) return undefined;
  const path = resolve(loaded.path ? dirname(loaded.path) : cwd, given);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new EoError("config_invalid", `router.predictor: cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    return new LearnedPredictor(parseArtifactText(text, path));
  } catch (e) {
    throw new EoError("config_invalid", `router.predictor: ${(e as Error).message}`);
  }
}
