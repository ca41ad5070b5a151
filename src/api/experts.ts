// The experts: GET /v1/experts (the catalog with each expert's calibration and blocks), POST /v1/experts (register
// one: its calibration starts, and it serves routed traffic once its profile exists), calibration runs and their events.
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { z } from "zod";
import { ExpertConfigSchema } from "../config.js";
import { EoError } from "../errors.js";
import type { Catalog } from "../experts/catalog.js";
import type { Expert } from "../experts/expert.js";
import { BUILTIN_MODELS } from "../experts/providers/builtin/index.js";
import type { Router } from "../routing/router.js";
import type { Store } from "../store/store.js";
import type { Calibrator } from "../tasks/calibrations.js";
import { DOMAINS } from "../vocabulary.js";
import { readJson } from "./body.js";
import type { AppEnv } from "./context.js";
import { parseBody } from "./validate.js";

/** A registration: a config entry whose builtin model exists (else it could only fail its calibration, kept for ever). */
const RegistrationSchema = ExpertConfigSchema.superRefine((e, ctx) => {
  if (e.provider === "builtin" && !Object.hasOwn(BUILTIN_MODELS, e.model)) {
    ctx.addIssue({ code: "custom", path: ["model"], message: `no builtin model "${e.model}" (builtin models: ${Object.keys(BUILTIN_MODELS).join(", ")})` });
  }
});

/** Event ids are the run's seq (a positive integer), as for tasks. */
const LastEventId = z.coerce.number().int().nonnegative().max(2 ** 31 - 1);

const eventsLink = (id: string) => `/v1/experts/${encodeURIComponent(id)}/calibration/events`;

export function expertRoutes(deps: { catalog: Catalog; router: Router; store: Store; calibrator: Calibrator; heartbeatMs: number }) {
  const { catalog, router, store, calibrator } = deps;
  const app = new Hono<AppEnv>();

  const describe = async (e: Expert) => {
    const registered = await store.getRegisteredExpert(e.id);
    const blocked = DOMAINS.flatMap((d) => {
      const reason = router.blockedBecause(e.id, d);
      return reason ? [{ domain: d, reason }] : [];
    });
    return {
      id: e.id, provider: e.provider, model: e.model, local: e.local, domains: e.domains, pricing: e.pricing, contextWindow: e.contextWindow,
      ...(e.openaiApi ? { openaiApi: e.openaiApi } : {}),
      origin: registered ? "registered" : "config",
      calibration: registered
        ? { status: registered.status, runId: registered.calibrationId, calibratedAt: registered.calibratedAt, error: registered.error }
        : { status: calibrator.latestRun(e.id) ? "run" : "none", runId: calibrator.latestRun(e.id) ?? null },
      blocked,
    };
  };

  app.get("/v1/experts", async (c) => c.json({ object: "list", data: await Promise.all(catalog.experts.map(describe)) }));

  app.get("/v1/experts/:id", async (c) => c.json(await describe(catalog.require(c.req.param("id"), "id"))));

  app.post("/v1/experts", async (c) => {
    const cfg = parseBody(RegistrationSchema, await readJson(c));
    let out;
    try {
      out = await calibrator.register(cfg);
    } catch (e) {
      // An unknown price is the request's fault here, not the server's config.
      if (e instanceof EoError && e.code === "config_invalid") throw new EoError("validation_failed", e.message.replace(/^experts\[0\]\./, ""), { param: "pricing" });
      throw e;
    }
    return c.json({ id: cfg.id, status: "calibrating", calibration: { id: out.runId, links: { events: eventsLink(cfg.id) } } }, 202);
  });

  app.post("/v1/experts/:id/calibrate", async (c) => {
    const runId = await calibrator.startRun(catalog.require(c.req.param("id"), "id").id);
    return c.json({ id: c.req.param("id"), calibration: { id: runId, links: { events: eventsLink(c.req.param("id")) } } }, 202);
  });

  app.get("/v1/experts/:id/calibration/events", async (c) => {
    const id = catalog.require(c.req.param("id"), "id").id;
    // EventSource sends Last-Event-ID itself on reconnect; a first connection may resume with ?lastEventId=.
    const raw = c.req.header("last-event-id") ?? c.req.query("lastEventId") ?? "0";
    const after = LastEventId.safeParse(raw.trim() === "" ? "0" : raw);
    if (!after.success) throw new EoError("validation_failed", `Last-Event-ID must be a non-negative integer, got "${raw}"`, { param: "Last-Event-ID" });
    const remote = calibrator.remoteEvents(id, c.req.raw);
    if (remote) return remote;
    const runId = calibrator.latestRun(id);
    const held = runId ? calibrator.events(runId, after.data) : null;
    if (!runId || !held) throw new EoError("not_found", `no calibration run of "${id}" since this server started`);
    // The client already holds the final event: 204 tells an EventSource to stop reconnecting.
    if (after.data > 0 && held.done && held.events.length === 0) return c.body(null, 204);
    return streamSSE(c, async (stream) => {
      let sent = after.data;
      for (;;) {
        const log = calibrator.events(runId, sent);
        if (!log) return; // the run's log was dropped (over KEEP_RUNS newer runs)
        // Each round's wait is ended when the round is, so a finished run or a client gone leaves no listener.
        const round = new AbortController();
        const more = log.wait(round.signal); // before writing: nothing emitted meanwhile is missed
        let timer: ReturnType<typeof setTimeout> | undefined;
        try {
          for (const e of log.events) {
            await stream.writeSSE({ id: String(e.seq), event: e.type, data: JSON.stringify(e) });
            sent = e.seq;
          }
          if (log.done || stream.aborted) return;
          const idle = await Promise.race([more.then(() => false), new Promise<boolean>((ok) => (timer = setTimeout(() => ok(true), deps.heartbeatMs)))]);
          if (stream.aborted) return;
          if (idle) await stream.write(": heartbeat\n\n");
        } finally {
          clearTimeout(timer);
          round.abort();
        }
      }
    });
  });

  return app;
}
