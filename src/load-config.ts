// Node only: finds the config (EO_CONFIG, ./eo.config.json, else the default catalog) and starts the sandbox if needed.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { EoError } from "./errors.js";
import { ConfigSchema, parseConfig, parseConfigText, type Config } from "./config.js";
import { ollamaExperts, openaiExperts } from "./experts/default-catalog.js";
import { BUILTIN_EXPERTS } from "./experts/builtin-experts.js";
import { startSandbox, type RunningSandbox } from "./experts/sandbox.js";
import type { SecretEnv } from "./experts/providers/provider.js";

export interface LoadedConfig {
  config: Config;
  /** Where it came from, for the start-up banner. */
  source: string;
  /** The config file's path, when it came from one (paths in it are relative to its folder). */
  path?: string;
  /** The running sandbox fleet, when the default catalog fell back to it. */
  sandbox?: RunningSandbox;
}

/** Reads and validates the config; a bad file throws `config_invalid` naming the file and the bad field. */
export async function loadConfig(env: SecretEnv, cwd = process.cwd()): Promise<LoadedConfig> {
  const explicit = env.EO_CONFIG;
  const path = explicit ? resolve(cwd, explicit) : resolve(cwd, "eo.config.json");
  if (explicit || existsSync(path)) {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (e) {
      throw new EoError("config_invalid", `cannot read config ${path}: ${(e as Error).message}`, { details: { source: path } });
    }
    return { config: parseConfigText(text, path), source: path, path };
  }
  const found = [...openaiExperts(env), ...(await ollamaExperts(env.OLLAMA_HOST || undefined))];
  if (found.length) {
    return { config: parseConfig({ experts: [...found, ...BUILTIN_EXPERTS] }, "default catalog"), source: "default catalog (environment)" };
  }
  const sandbox = await startSandbox();
  return {
    config: ConfigSchema.parse({ experts: sandbox.experts }),
    source: "sandbox fleet (no provider configured: simulated experts on local protocol servers)",
    sandbox,
  };
}
