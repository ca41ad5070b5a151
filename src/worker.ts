// Cloudflare Workers entry: builds the app once per isolate from EO_CONFIG (a var or secret) and the D1 binding DB. Thin.
import type { ExecutionContext, Hono } from "hono";
import type { AppEnv } from "./api/context.js";
import { createApp } from "./app.js";
import type { Config } from "./config.js";
import { EoError, renderError, renderOpenAIError, toEoError } from "./errors.js";
import { openD1Store } from "./store/d1.js";
import { DurableTaskControl } from "./tasks/durable-control.js";
import { noDatabase, noTaskObjects, readConfig, secretsOf, type WorkerEnv } from "./worker-env.js";

export { TaskObject } from "./worker-task-object.js";
export type { WorkerEnv };

type Built = { app: Hono<AppEnv>; noTasks?: EoError; follow: () => Promise<void> } | { error: EoError };

/** How often an isolate catches up with what other isolates recorded (evidence, registrations): at most this often. */
const FOLLOW_MS = 5_000;

/** The routes that need the task Durable Objects (eo/orchestrate says so itself: "needs the task orchestrator"). */
const TASK_ROUTES = /^\/v1\/tasks(\/|$)/;

/** One build per isolate: env does not change within an isolate, so neither does the outcome. */
let building: Promise<Built> | undefined;

async function build(env: WorkerEnv): Promise<Built> {
  let config: Config;
  try {
    config = readConfig(env);
  } catch (e) {
    return { error: toEoError(e) };
  }
  if (!env.DB) return { error: noDatabase() };
  // A store that fails to open or be read is not cached (see fetch): D1 may be briefly unavailable.
  const store = await openD1Store(env.DB);
  // Long-running tasks live in Durable Objects (TASKS), one per task: a Worker's request cannot own them.
  const taskControl = env.TASKS ? new DurableTaskControl(env.TASKS, store) : undefined;
  let built: ReturnType<typeof createApp>;
  try {
    built = createApp({ config, store, env: secretsOf(env), taskControl, onServerError: (e) => console.error(e) });
  } catch (e) {
    // The catalog resolves prices and may reject the config (e.g. an unknown model without pricing): cached, as
    // the config will not change in this isolate.
    return { error: toEoError(e) };
  }
  // Reads of D1 that may fail for a moment: they throw, so fetch does not cache the failure and the next request
  // builds again. The profiles are rebuilt from D1's judged evidence before this isolate routes anything.
  await built.learner.sync();
  // Registered experts rejoin the catalog, but no calibration restarts here: it would run in the background of
  // whichever request built this isolate (cut 30 s after its response), once per isolate. Re-run one on request.
  await built.calibrator.restore({ resume: false });
  // Other isolates record evidence and register experts in D1 too: an isolate catches up at most every FOLLOW_MS,
  // after a response (never delaying one).
  let last = Date.now();
  const follow = async () => {
    if (Date.now() - last < FOLLOW_MS) return;
    last = Date.now();
    await built.learner.sync();
    await built.calibrator.restore({ resume: false });
  };
  // Without TASKS there is nowhere to run tasks: their routes name the missing binding rather than answer 404.
  return env.TASKS ? { app: built.app, follow } : { app: built.app, noTasks: noTaskObjects(), follow };
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
      return errorResponse(request, new EoError("internal", "the store (D1 binding DB) could not be read; retry", { cause: e }));
    }
    if ("error" in built) {
      if (built.error.code !== "config_invalid") console.error(built.error.cause ?? built.error);
      return errorResponse(request, built.error);
    }
    if (built.noTasks && TASK_ROUTES.test(new URL(request.url).pathname)) return errorResponse(request, built.noTasks);
    ctx.waitUntil(built.follow().catch((e: unknown) => console.error("sync with the store failed:", e)));
    return built.app.fetch(request, env, ctx);
  },
};
