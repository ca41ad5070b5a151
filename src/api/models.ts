// GET /v1/models: OpenAI's model list — every expert of the catalog plus the virtual eo/auto.
import { Hono } from "hono";
import type { Catalog } from "../experts/catalog.js";
import { AUTO_MODEL } from "../gateway/gateway.js";
import type { AppEnv } from "./context.js";
import { ORCHESTRATE_MODEL } from "./orchestrate.js";

export function modelRoutes(catalog: Catalog, startedAt: number, orchestrates: boolean) {
  const app = new Hono<AppEnv>();
  const created = Math.floor(startedAt / 1000);
  app.get("/v1/models", (c) =>
    c.json({
      object: "list",
      data: [
        {
          id: AUTO_MODEL,
          object: "model",
          created,
          owned_by: "expert-orchestrator",
          description: "Routes each request to the expert that best fits its preferences (the `eo` field).",
        },
        ...(orchestrates
          ? [{ id: ORCHESTRATE_MODEL, object: "model", created, owned_by: "expert-orchestrator", description: "Decomposes the request into subtasks run by routed experts, judged, and synthesized." }]
          : []),
        ...catalog.experts.map((e) => ({
          id: e.id,
          object: "model",
          created,
          owned_by: e.provider,
          sandbox: e.sandbox,
          eo: {
            provider: e.provider,
            model: e.model,
            local: e.local,
            sandbox: e.sandbox,
            domains: e.domains,
            pricing: e.pricing,
            pricingSource: e.pricingSource,
            contextWindow: e.contextWindow,
          },
        })),
      ],
    }),
  );
  return app;
}
