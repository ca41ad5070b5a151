// POST /v1/chat/completions: OpenAI's chat completions, answered by a named expert or a routed one (eo/auto).
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import type { Gateway } from "../gateway/gateway.js";
import { parseChatRequest } from "../gateway/request.js";
import { EoError } from "../errors.js";
import { readJson } from "./body.js";
import type { AppEnv } from "./context.js";
import { ORCHESTRATE_MODEL, orchestrate, type OrchestrateDeps } from "./orchestrate.js";

/** Chat completions; `orchestration` is absent where long-running tasks are not served (Workers, for now). */
export function chatRoutes(gateway: Gateway, orchestration?: OrchestrateDeps) {
  const app = new Hono<AppEnv>();

  app.post("/v1/chat/completions", async (c) => {
    const req = parseChatRequest(await readJson(c));
    const requestId = c.get("requestId");
    // Aborted when the client goes away, so the upstream call is cancelled too.
    const ctl = new AbortController();
    c.req.raw.signal.addEventListener("abort", () => ctl.abort(), { once: true });

    if (req.model === ORCHESTRATE_MODEL) {
      if (!orchestration) throw new EoError("unknown_model", `"${ORCHESTRATE_MODEL}" needs the task orchestrator, which this deployment does not serve`, { param: "model" });
      return orchestrate(c, req, orchestration, ctl.signal);
    }
    if (!req.stream) {
      const r = await gateway.complete(req, requestId, ctl.signal);
      c.header("x-eo-expert", r.expert.id);
      return c.json(r.body);
    }
    const s = await gateway.openStream(req, requestId, ctl.signal);
    c.header("x-eo-expert", s.expert.id);
    return streamSSE(c, async (stream) => {
      stream.onAbort(() => ctl.abort());
      let failed = false;
      for await (const m of s.messages) {
        if (stream.aborted) break;
        failed ||= m.event === "error";
        await stream.writeSSE({ data: JSON.stringify(m.data), ...(m.event ? { event: m.event } : {}) });
      }
      if (!failed && !stream.aborted) await stream.writeSSE({ data: "[DONE]" });
    });
  });

  return app;
}
