// GET / (the dashboard): a page for people and web clients: submit tasks and watch them live, the experts and
// their leaderboard, the audit trail. Static assets from strings, so it is served the same on Node and Workers.
import { Hono } from "hono";
import type { AppEnv } from "./context.js";
import { DASHBOARD_JS } from "./dashboard/client.js";
import { DASHBOARD_HTML } from "./dashboard/page.js";
import { DASHBOARD_CSS } from "./dashboard/style.js";

/** Only the page's own script, styles and API: no inline code, no third-party origin, not framed. */
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function dashboardRoutes() {
  const app = new Hono<AppEnv>();
  const asset = (body: string, type: string) => (c: { body(b: string, s: 200, h: Record<string, string>): Response }) =>
    c.body(body, 200, { "content-type": type, "cache-control": "no-cache", "x-content-type-options": "nosniff", "content-security-policy": CSP });
  app.get("/", asset(DASHBOARD_HTML, "text/html; charset=utf-8"));
  app.get("/dashboard.js", asset(DASHBOARD_JS, "text/javascript; charset=utf-8"));
  app.get("/dashboard.css", asset(DASHBOARD_CSS, "text/css; charset=utf-8"));
  return app;
}
