// POST /v1/route: a dry run of the router — which expert would answer, at what predicted quality and cost, and why.
import { Hono } from "hono";
import { z } from "zod";
import { EoError } from "../errors.js";
import { knobsOf } from "../gateway/cascade.js";
import { cascadePreview } from "../routing/cascade.js";
import { ChatPreferencesSchema, MessageSchema, plainMessages } from "../gateway/request.js";
import type { Router } from "../routing/router.js";
import type { Store } from "../store/store.js";
import { readJson } from "./body.js";
import type { AppEnv } from "./context.js";
import { parseBody } from "./validate.js";

export const RouteRequestSchema = z
  .strictObject({
    messages: z.array(MessageSchema).min(1).optional(),
    prompt: z.string().min(1).optional(),
    max_tokens: z.int().positive().optional(),
    eo: ChatPreferencesSchema.optional(),
  })
  .refine((b) => (b.messages ? 1 : 0) + (b.prompt ? 1 : 0) === 1, { message: "give exactly one of messages or prompt", path: ["messages"] });

export function routeRoutes(router: Router, store: Store) {
  const app = new Hono<AppEnv>();
  app.post("/v1/route", async (c) => {
    const body = parseBody(RouteRequestSchema, await readJson(c));
    const messages = body.messages ? plainMessages(body.messages) : [{ role: "user", content: body.prompt! }];
    const knobs = knobsOf(body.eo?.cascade);
    // With `eo.cascade`, every eligible expert is ranked: any cheaper one may be a stage.
    const d = router.route({ messages, maxOutputTokens: body.max_tokens, domain: body.eo?.domain }, body.eo, knobs ? { ranked: Infinity } : {});
    const requestId = c.get("requestId");
    await store.recordDecision({
      requestId, kind: "route", createdAt: new Date().toISOString(), requestedModel: "eo/auto", stream: false,
      domain: d.domain, strategy: d.strategy, preferences: body.eo ?? null, candidates: d.candidates, chosen: d.expert,
      reason: d.explanation, attempts: [], answeredBy: null, inputTokens: d.features.inputTokens, outputTokens: 0,
      costUsd: 0, latencyMs: 0, outcome: d.expert ? "ok" : "error",
      error: d.expert ? null : { code: "no_eligible_expert", message: d.explanation },
    });
    if (!d.expert) throw new EoError("no_eligible_expert", d.explanation, { details: { candidates: d.candidates } });
    return c.json({
      requestId,
      expert: d.expert,
      predicted: d.predicted,
      domain: body.eo?.domain ? { name: d.domain, confidence: 1, reasons: ["given by the caller (eo.domain)"] } : { name: d.domain, confidence: d.features.confidence, reasons: d.features.reasons },
      strategy: d.strategy,
      candidates: d.candidates,
      eligibleCount: d.eligibleCount,
      excludedCount: d.excludedCount,
      explanation: d.explanation,
      ...(knobs ? { cascade: cascadePreview(d, knobs, body.eo) } : {}),
    });
  });
  return app;
}
