// GET /v1/requests and /v1/requests/:id: the audit trail — every routing decision, its attempts and its cost.
import { Hono } from "hono";
import { z } from "zod";
import { EoError } from "../errors.js";
import type { Store } from "../store/store.js";
import type { AppEnv } from "./context.js";
import { parseQuery } from "./validate.js";

const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z.iso.datetime().optional(),
});

export function requestRoutes(store: Store) {
  const app = new Hono<AppEnv>();
  app.get("/v1/requests", async (c) => {
    const q = parseQuery(ListQuery, c.req.queries());
    const data = await store.listDecisions(q);
    const last = data.at(-1);
    return c.json({ object: "list", data, next: data.length === q.limit && last ? `/v1/requests?limit=${q.limit}&before=${encodeURIComponent(last.createdAt)}` : null });
  });
  app.get("/v1/requests/:id", async (c) => {
    const d = await store.getDecision(c.req.param("id"));
    if (!d) throw new EoError("not_found", `no request with id "${c.req.param("id")}"`);
    return c.json(d);
  });
  return app;
}
