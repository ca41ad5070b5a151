// Builds the Hono app from its dependencies: the only wiring file, shared by the Node and Workers entries.
import { Hono } from "hono";
import { cors } from "hono/cors";
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import { compileCalibration } from "../graphs/calibration/graph.js";
import { shippedSuite } from "../graphs/calibration/suite.js";
import { compileOrchestrator } from "../graphs/orchestrator/graph.js";
import { chatRoutes } from "./api/chat.js";
import type { AppEnv } from "./api/context.js";
import { eventRoutes } from "./api/events.js";
import { expertRoutes } from "./api/experts.js";
import { feedbackRoutes } from "./api/feedback.js";
import { dashboardRoutes } from "./api/dashboard.js";
import { healthRoutes } from "./api/health.js";
import { leaderboardRoutes } from "./api/leaderboard.js";
import { metricsRoutes } from "./api/metrics.js";
import { modelRoutes } from "./api/models.js";
import { openApiRoutes } from "./api/openapi.js";
import { requestRoutes } from "./api/requests.js";
import type { OrchestrateDeps } from "./api/orchestrate.js";
import { limitBody } from "./api/body.js";
import { ARTIFACT_LIMIT_BYTES, PREDICTOR_PATH, predictorRoutes } from "./api/predictor.js";
import { routeRoutes } from "./api/route.js";
import { taskRoutes } from "./api/tasks.js";
import type { Config } from "./config.js";
import { EoError, renderError, renderOpenAIError, toEoError } from "./errors.js";
import { Catalog } from "./experts/catalog.js";
import type { SecretEnv } from "./experts/providers/provider.js";
import { Gateway } from "./gateway/gateway.js";
import { LiveJudging } from "./gateway/live-judging.js";
import { GatewayMetrics } from "./gateway/metrics.js";
import type { QualityPredictor } from "./routing/predictor/predictor.js";
import { PublishedPredictors } from "./routing/predictor/published.js";
import { ProfileLearner } from "./routing/profile-learner.js";
import { ProfileBook } from "./routing/profiles.js";
import { Router } from "./routing/router.js";
import type { Store } from "./store/store.js";
import { TaskBus } from "./tasks/bus.js";
import { Calibrator, type CalibrationControl } from "./tasks/calibrations.js";
import type { TaskControl } from "./tasks/control.js";
import { TaskRunner, type OrchestratorGraph } from "./tasks/runner.js";

export const VERSION = "0.2.0";

export interface AppDeps {
  config: Config;
  /** Where task graphs checkpoint. Without it, long-running tasks are not served (/v1/tasks is absent). */
  checkpointer?: BaseCheckpointSaver;
  store: Store;
  /** Secrets by name (API keys): process.env on Node, the Worker's env on Cloudflare. */
  env: SecretEnv;
  /** Called with every unexpected error (code `internal`), for logging; upstream faults are in the audit trail. */
  onServerError?: (err: unknown) => void;
  /**
   * Runs tasks somewhere else than this process (on Workers, one Durable Object per task). Without it, tasks run
   * in this process when a checkpointer is given; with neither, /v1/tasks is absent.
   */
  taskControl?: TaskControl;
  /** Where calibration graphs checkpoint when not in `checkpointer` (the calibration Durable Object's storage). */
  calibrationCheckpointer?: BaseCheckpointSaver;
  /** Runs calibrations somewhere else than this process (on Workers, one Durable Object per expert). */
  calibrationControl?: CalibrationControl;
  /** The learned predictor the Router consults (config `router.predictor`, loaded by the Node entry). */
  predictor?: QualityPredictor;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The Hono app and the pieces it was built from (tests and the CLI reach the catalog and router through it). */
export function createApp(deps: AppDeps) {
  const metrics = new GatewayMetrics();
  const store = metrics.counting(deps.store);
  const catalog = new Catalog(deps.config);
  const profiles = ProfileBook.fromCatalog([...catalog.experts]);
  const router = new Router(catalog.experts, profiles, deps.config.defaults, { predictor: deps.predictor });
  // A published artifact (PUT /v1/router/predictor) replaces the configured one; the entries call `predictors.sync()`.
  const predictors = new PublishedPredictors(store, router, () => catalog.experts, deps.predictor);
  // Judged evidence → profiles and safety blocks; the entries call `learner.sync()` before serving.
  const learner = new ProfileLearner(profiles, store, router, deps.config.profiles, (e) => (deps.onServerError ?? console.error)(e));
  const calibrator: Calibrator = new Calibrator({
    store, catalog, router, book: profiles, learner, suite: shippedSuite,
    graph: () => calibration, control: deps.calibrationControl,
  });
  const calibration = compileCalibration(
    { catalog, router, env: deps.env, record: (items) => learner.record(items), emit: calibrator.emit },
    deps.calibrationCheckpointer ?? deps.checkpointer,
  );
  const judging = new LiveJudging((items) => learner.record(items), deps.onServerError);
  const gateway = new Gateway({ catalog, router, store, env: deps.env, defaults: deps.config.defaults, recordChatText: deps.config.server.recordChatText, judging });
  const startedAt = Date.now();
  const app = new Hono<AppEnv>();

  const origins = deps.config.server.corsOrigins;
  const corsHeaders = cors({ origin: origins.includes("*") ? "*" : origins, exposeHeaders: ["x-eo-expert", "x-request-id"] });
  // Only browsers send Origin; SDK and server-to-server calls skip the CORS work entirely.
  app.use("*", (c, next) => (c.req.header("origin") ? corsHeaders(c, next) : next()));
  app.use("*", async (c, next) => {
    const given = c.req.header("x-request-id");
    const id = given && REQUEST_ID.test(given) ? given : crypto.randomUUID();
    c.set("requestId", id);
    c.header("x-request-id", id);
    await next();
  });
  const bodies = limitBody(deps.config.server.bodyLimitBytes);
  const artifacts = limitBody(ARTIFACT_LIMIT_BYTES);
  app.use("/v1/*", (c, next) => (c.req.method === "PUT" && c.req.path === PREDICTOR_PATH ? artifacts : bodies)(c, next));

  app.route("/", dashboardRoutes());
  app.route("/", healthRoutes(catalog, VERSION));
  app.route("/", openApiRoutes(VERSION));
  app.route("/", modelRoutes(catalog, startedAt, deps.checkpointer !== undefined || deps.taskControl !== undefined));
  app.route("/", routeRoutes(router, store));
  app.route("/", predictorRoutes(predictors, store));
  app.route("/", requestRoutes(store));
  app.route("/", metricsRoutes(metrics));
  app.route("/", feedbackRoutes(store, learner, profiles));
  app.route("/", leaderboardRoutes(profiles, learner, router));
  app.route("/", expertRoutes({ catalog, router, store, calibrator, heartbeatMs: deps.config.server.heartbeatMs }));
  let runner: TaskRunner | undefined;
  let orchestration: OrchestrateDeps | undefined;
  const bus = new TaskBus();
  if (deps.checkpointer) {
    const graph = compileOrchestrator({ catalog, router, profiles, env: deps.env, defaults: deps.config.defaults, store, evidence: (items) => learner.record(items) }, deps.checkpointer);
    runner = new TaskRunner(store, graph as unknown as OrchestratorGraph, bus, deps.config.server.maxConcurrentTasks);
  }
  const control: TaskControl | undefined = deps.taskControl ?? runner;
  if (control) {
    const heartbeatMs = deps.config.server.heartbeatMs;
    orchestration = { store, runner: control, defaultBudgetUsd: deps.config.defaults.budgetUsd, heartbeatMs };
    app.route("/", taskRoutes(store, control, deps.config.defaults.budgetUsd));
    // Where tasks run in another process (a Durable Object), nothing notifies this bus: the streams' periodic
    // re-read of the store carries them.
    app.route("/", eventRoutes(store, bus, heartbeatMs, deps.taskControl));
  }
  app.route("/", chatRoutes(gateway, orchestration));

  app.notFound((c) => {
    const err = new EoError("not_found", `no route ${c.req.method} ${c.req.path}`);
    return c.json(c.req.path.startsWith("/v1/chat/") ? renderOpenAIError(err) : renderError(err), 404);
  });
  app.onError((e, c) => {
    const err = toEoError(e);
    if (err.code === "internal") deps.onServerError?.(e);
    const body = c.req.path.startsWith("/v1/chat/") ? renderOpenAIError(err) : renderError(err);
    c.header("x-request-id", c.get("requestId"));
    return c.json(body, err.status as 400);
  });

  return { app, catalog, router, profiles, learner, calibrator, gateway, runner, judging, predictors };
}
