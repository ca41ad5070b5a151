// What the Workers entry and the task Durable Object read from a Worker's env: its bindings, config and secrets.
import { parseConfig, parseConfigText, type Config } from "./config.js";
import { EoError } from "./errors.js";
import { BUILTIN_EXPERTS } from "./experts/builtin-experts.js";
import type { SecretEnv } from "./experts/providers/provider.js";
import type { D1Like } from "./store/d1.js";
import type { DurableNamespaceLike } from "./tasks/durable-control.js";

/**
 * The Worker's bindings: `DB` (D1), `TASKS` (the task Durable Objects), `CALIBRATIONS` (the calibration Durable
 * Objects), `EO_CONFIG` (JSON text), provider keys as secrets.
 */
export interface WorkerEnv {
  DB?: D1Like;
  TASKS?: DurableNamespaceLike;
  CALIBRATIONS?: DurableNamespaceLike;
  EO_CONFIG?: string;
  [name: string]: unknown;
}

/**
 * Without EO_CONFIG the Worker serves the builtin experts alone: the Node entry's fallbacks (probing a
 * local Ollama, starting the sandbox fleet of local protocol servers) cannot exist in a Worker.
 */
const BUILTINS_ONLY = { experts: BUILTIN_EXPERTS };

export function readConfig(env: WorkerEnv): Config {
  const text = env.EO_CONFIG;
  if (text === undefined || text === "") return parseConfig(BUILTINS_ONLY, "builtin default (no EO_CONFIG)");
  if (typeof text !== "string") {
    // A [vars] table instead of a string: wrangler hands the Worker an object, which is not what we document.
    throw new EoError("config_invalid", "EO_CONFIG must be a JSON string (a var or a secret), not a table", {
      details: { source: "EO_CONFIG", issues: [{ path: "(root)", message: "expected a JSON string" }] },
    });
  }
  return parseConfigText(text, "EO_CONFIG");
}

/** Provider API keys and other settings: only the string-valued bindings (secrets and vars). */
export function secretsOf(env: WorkerEnv): SecretEnv {
  const out: SecretEnv = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === "string") out[k] = v;
  return out;
}

/** A missing D1 binding, said in the terms of wrangler.toml. */
export function noDatabase(): EoError {
  return new EoError("config_invalid", 'no D1 binding "DB": add [[d1_databases]] with binding = "DB" to wrangler.toml', {
    details: { source: "wrangler.toml", issues: [{ path: "d1_databases.DB", message: "binding missing" }] },
  });
}

/** A missing Durable Object binding, said in the terms of wrangler.toml: the routes that need it say so. */
function noObjects(name: string, className: string): EoError {
  return new EoError("config_invalid", `no Durable Object binding "${name}": add [[durable_objects.bindings]] with name = "${name}" and class_name = "${className}" (and its [[migrations]]) to wrangler.toml`, {
    details: { source: "wrangler.toml", issues: [{ path: `durable_objects.bindings.${name}`, message: "binding missing" }] },
  });
}

/** No task objects: the task routes say so (the rest of the API serves without it). */
export const noTaskObjects = (): EoError => noObjects("TASKS", "TaskObject");

/** No calibration objects: registering an expert, starting a calibration and its events say so. */
export const noCalibrationObjects = (): EoError => noObjects("CALIBRATIONS", "CalibrationObject");
