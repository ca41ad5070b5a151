// Cloudflare Workers entry: builds the app once per isolate from EO_CONFIG (a var or secret) and the D1 binding DB. Thin.
import type { ExecutionContext, Hono } from "hono";
import type { AppEnv } from "./api/context.js";
import { createApp } from "./app.js";
import type { Config } from "./config.js";
import { EoError, renderError, renderOpenAIError, toEoError } from "./errors.js";
import { openD1Store } from "./store/d1.js";
import { DurableCalibrationControl } from "./tasks/durable-calibrations.js";
import { DurableTaskControl } from "./tasks/durable-control.js";
import { noCalibrationObjects, noDatabase, noTaskObjects, readConfig, secretsOf, type WorkerEnv } from "./worker-env.js";

export { CalibrationObject } from "./worker-calibration-object.js";
export { TaskObject } from "./worker-task-object.js";
export type { WorkerEnv };

type Built = { app: Hono<AppEnv>; noTasks?: EoError; noCalibrations?: EoError; follow: () => Promise<void> } | { error: EoError };

/** How often an isolate catches up with what other isolates recorded (evidence, registrations): at most this often. */
const FOLLOW_MS = 5_000;

/** The routes that need the task Durable Objects (eo/orchestrate says so itself: "needs the task orchestrator"). */
const TASK_ROUTES = /^\/v1\/tasks(\/|$)/;

/** The routes that need the calibration Durable Objects: registering an expert, starting a calibration, its events. */
function needsCalibrations(request: Request): boolean {
  const path = new URL(request.url).pathname;
  if (request.method === "POST") return /^\/v1\/experts(\/[^/]+\/calibrate)?$/.test(path);
  return /^\/v1\/experts\/[^/]+\/calibration\/events$/.test(path);
}

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
  // So do calibrations (CALIBRATIONS), one object per expert: 30 judged items outlast a request's waitUntil.
  const calibrationControl = env.CALIBRATIONS ? new DurableCalibrationControl(env.CALIBRATIONS) : undefined;
  let built: ReturnType<typeof createApp>;
  try {
    built = createApp({ config, store, env: secretsOf(env), taskControl, calibrationControl, onServerError: (e) => console.error(e) });
  } catch (e) {
    // The catalog resolves prices and may reject the config (e.g. an unknown model without pricing): cached, as
    // the config will not change in this isolate.
    return { error: toEoError(e) };
  }
  // Reads of D1 that may fail for a moment: they throw, so fetch does not cache the failure and the next request
  // builds again. The profiles are rebuilt from D1's judged evidence before this isolate routes anything.
  await built.learner.sync();
  // Registered experts rejoin the catalog; no calibration runs here: a calibrating one's run is handed to its object
  // again (a no-op while it goes on), which starts it if its start was lost.
  await built.calibrator.restore({ resume: false });
  // The router artifact published through PUT /v1/router/predictor, if any (the Worker has no config file for one).
  await built.predictors.sync();
  // Other isolates record evidence and register experts in D1 too: an isolate catches up at most every FOLLOW_MS,
  // after a response (never delaying one).
  let last = Date.now();
  const follow = async () => {
    if (Date.now() - last < FOLLOW_MS) return;
    last = Date.now();
    await built.learner.sync();
    await built.calibrator.restore({ resume: false });
    await built.predictors.sync();
  };
  // Without TASKS (CALIBRATIONS) there is nowhere to run tasks (calibrations): their routes name the missing binding.
  return { app: built.app, follow, noTasks: env.TASKS ? undefined : noTaskObjects(), noCalibrations: env.CALIBRATIONS ? undefined : noCalibrationObjects() };
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
    if (built.noCalibrations && needsCalibrations(request)) return errorResponse(request, built.noCalibrations);
    ctx.waitUntil(built.follow().catch((e: unknown) => console.error("sync with the store failed:", e)));
    return built.app.fetch(request, env, ctx);
  },
};
