// GET /metrics: the gateway's counters in Prometheus text format.
import { Hono } from "hono";
import type { GatewayMetrics } from "../gateway/metrics.js";
import type { AppEnv } from "./context.js";

export function metricsRoutes(metrics: GatewayMetrics) {
  const app = new Hono<AppEnv>();
  app.get("/metrics", (c) => c.body(metrics.render(), 200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" }));
  return app;
}
