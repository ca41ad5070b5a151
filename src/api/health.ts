// GET /healthz: liveness, with what the service is serving.
import { Hono } from "hono";
import type { Catalog } from "../experts/catalog.js";
import type { AppEnv } from "./context.js";

export function healthRoutes(catalog: Catalog, version: string) {
  const app = new Hono<AppEnv>();
  app.get("/healthz", (c) =>
    c.json({ status: "ok", version, experts: catalog.experts.length, sandbox: catalog.experts.some((e) => e.sandbox) }),
  );
  return app;
}
