// Node entry: loads the config, opens the SQLite store under EO_DATA_DIR, serves the app on PORT. Thin.
import { join, resolve } from "node:path";
import { serve } from "@hono/node-server";
import { createApp } from "./app.js";
import { EoError } from "./errors.js";
import { loadConfig } from "./load-config.js";
import { loadPredictor } from "./load-predictor.js";
import { openCheckpointer } from "./store/checkpointer.js";
import { openStore } from "./store/open.js";

/** How often a replica applies evidence recorded by the others. */
const PROFILE_SYNC_MS = 5_000;

export interface StartedServer {
  url: string;
  close(): Promise<void>;
}

/** Starts the service; `port` 0 picks a free one. Used by `npm start`, `eo serve` and the end-to-end tests. */
export async function startServer(opts: { port?: number; host?: string; env?: NodeJS.ProcessEnv; quiet?: boolean } = {}): Promise<StartedServer> {
  const env = opts.env ?? process.env;
  const log = opts.quiet ? () => {} : (s: string) => console.log(s);
  const loaded = await loadConfig(env);
  // A bad or unreadable artifact stops start-up here, before anything is opened.
  const predictor = loadPredictor(loaded);
  const dataDir = resolve(env.EO_DATA_DIR || ".eo");
  const pgUrl = env.EO_DATABASE_URL;
  const store = await openStore(env);
  const checkpointer = await openCheckpointer(pgUrl ? { postgresUrl: pgUrl } : { sqlitePath: join(dataDir, "checkpoints.sqlite") });
  const { app, catalog, runner, learner, calibrator, judging, predictors } = createApp({ config: loaded.config, store, checkpointer, env, predictor, onServerError: (e) => console.error(e) });
  // The profiles are rebuilt from the judged evidence before the first request is routed.
  await learner.sync();
  // A router artifact published through PUT /v1/router/predictor replaces the configured one.
  await predictors.sync();
  // Experts registered through POST /v1/experts rejoin the catalog; unfinished calibrations run again.
  await calibrator.restore();
  // Other replicas sharing the database record evidence and register experts too: follow them every few seconds
  // (reads answer from memory).
  const syncTimer = setInterval(() => {
    void learner.sync().catch((e) => console.error("profile sync failed:", e));
    void calibrator.restore({ resume: false }).catch((e) => console.error("registration sync failed:", e));
    void predictors.sync().catch((e) => console.error("router artifact sync failed:", e));
  }, PROFILE_SYNC_MS);
  syncTimer.unref();
  // Unfinished tasks are queued before the server listens, so a request cannot race their resumption.
  const resumed = (await runner?.resumeUnfinished()) ?? [];
  const port = opts.port ?? Number(env.PORT || 8787);
  const host = opts.host ?? env.HOST ?? "127.0.0.1";
  const server = await new Promise<ReturnType<typeof serve>>((ok, fail) => {
    const s = serve({ fetch: app.fetch, port, hostname: host }, () => ok(s));
    s.once("error", fail);
  });
  const addr = server.address();
  const url = `http://${host}:${typeof addr === "object" && addr ? addr.port : port}`;
  log(`Expert Orchestrator listening on ${url}`);
  log(`catalog: ${loaded.source}`);
  for (const e of catalog.experts) {
    const price = e.local ? "free (local)" : `$${e.pricing.inputPerMTok}/$${e.pricing.outputPerMTok} per MTok`;
    log(`  ${e.id.padEnd(16)} ${e.provider.padEnd(8)} ${e.model.padEnd(20)} ${price}${e.sandbox ? "  [sandbox]" : ""}`);
  }
  if (loaded.sandbox) log("SANDBOX: no model provider is configured, so simulated experts answer. Set OPENAI_API_KEY, run Ollama, or write eo.config.json.");
  log(`store: ${pgUrl ? "postgres (EO_DATABASE_URL)" : join(dataDir, "eo.sqlite")}`);
  if (resumed.length) log(`resuming ${resumed.length} unfinished task(s) from their checkpoints: ${resumed.join(", ")}`);
  const inUse = predictors.inUse();
  if (inUse.source === "published") log(`router: ${inUse.name} (published with PUT /v1/router/predictor)`);
  else if (predictor) log(`router: ${predictor.name} from ${loaded.config.router?.predictor}`);

  return {
    url,
    close: async () => {
      clearInterval(syncTimer);
      await new Promise<void>((ok) => {
        server.close(() => ok());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await runner?.shutdown();
      // Answers already sent may still be judged: their evidence is written before the store closes.
      await judging.idle();
      await loaded.sandbox?.close();
      await checkpointer.close();
      await store.close();
    },
  };
}

const isMain = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("/src/server.ts");
if (isMain) {
  startServer()
    .then((s) => {
      const stop = () => void s.close().then(() => process.exit(0));
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    })
    .catch((e: unknown) => {
      console.error(e instanceof EoError ? e.message : e);
      process.exit(1);
    });
}
