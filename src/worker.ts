// Cloudflare Workers entry: builds the app once per isolate from EO_CONFIG (a var or secret) and the D1 binding DB. Thin.
import type { ExecutionContext, Hono } from "hono";
import type { AppEnv } from "./api/context.js";
import { createApp } from "./app.js";
import { parseConfig, parseConfigText, type Config } from "./config.js";
import { EoError, renderError, renderOpenAIError, toEoError } from "./errors.js";
import { BUILTIN_EXPERTS } from "./experts/builtin-experts.js";
import type { SecretEnv } from "./experts/providers/provider.js";
import { openD1Store, type D1Like } from "./store/d1.js";

/** The Worker's bindings: `DB` (D1), `EO_CONFIG` (JSON text), and provider keys as secrets (`OPENAI_API_KEY`, ...). */
export interface WorkerEnv {
  DB?: D1Like;
  EO_CONFIG?: string;
  [name: string]: unknown;
}

/**
 * Without EO_CONFIG the Worker serves the builtin experts alone: the Node entry's fallbacks (probing a
 * local Ollama, starting the sandbox fleet of local protocol servers) cannot exist in a Worker.
 */
const BUILTINS_ONLY = { experts: BUILTIN_EXPERTS };

type Built = { app: Hono<AppEnv> } | { error: EoError };

/** One build per isolate: env does not change within an isolate, so neither does the outcome. */
let building: Promise<Built> | undefined;

function readConfig(env: WorkerEnv): Config {
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
function secretsOf(env: WorkerEnv): SecretEnv {
  const out: SecretEnv = {};
  for (const [k, v] of Object.entries(env)) if (typeof v === "string") out[k] = v;
  return out;
}

async function build(env: WorkerEnv): Promise<Built> {
  let config: Config;
  try {
    config = readConfig(env);
  } catch (e) {
    return { error: toEoError(e) };
  }
  if (!env.DB) {
    return {
      error: new EoError("config_invalid", 'no D1 binding "DB": add [[d1_databases]] with binding = "DB" to wrangler.toml', {
        details: { source: "wrangler.toml", issues: [{ path: "d1_databases.DB", message: "binding missing" }] },
      }),
    };
  }
  // A store that fails to open is not cached (see fetch): D1 may be briefly unavailable.
  const store = await openD1Store(env.DB);
  try {
    const built = createApp({ config, store, env: secretsOf(env), onServerError: (e) => console.error(e) });
    // The profiles are rebuilt from D1's judged evidence before this isolate routes anything.
    await built.learner.sync();
    await built.calibrator.restore();
    return { app: built.app };
  } catch (e) {
    // The catalog resolves prices and may reject the config (e.g. an unknown model without pricing).
    return { error: toEoError(e) };
  }
}

/** A config that cannot be served answers every request with the same error, in the app's shapes. */
function errorResponse(request: Request, err: EoError): Response {
  const chat = new URL(request.url).pathname.startsWith("/v1/chat/");
  return Response.json(chat ? renderOpenAIError(err) : renderError(err), { status: err.status });
}

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    building ??= build(env);
    let built: Built;
    try {
      built = await building;
    } catch (e) {
      building = undefined;
      console.error(e);
      return errorResponse(request, new EoError("internal", "the store (D1 binding DB) could not be opened; retry", { cause: e }));
    }
    if ("error" in built) {
      if (built.error.code !== "config_invalid") console.error(built.error.cause ?? built.error);
      return errorResponse(request, built.error);
    }
    return built.app.fetch(request, env, ctx);
  },
};
