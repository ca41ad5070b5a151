// The learned router's artifact in service: publish one (PUT), see what is in use and the history, fetch one, withdraw one.
import { Hono } from "hono";
import { z } from "zod";
import { EoError } from "../errors.js";
import type { PublishedPredictors } from "../routing/predictor/published.js";
import type { PredictorStore } from "../store/predictor-records.js";
import { parseJsonText, readText } from "./body.js";
import type { AppEnv } from "./context.js";
import { parseBody, parseQuery } from "./validate.js";

export const PREDICTOR_PATH = "/v1/router/predictor";
/** Artifacts are larger than chat bodies (one for 11 experts is about 0.5 MB): their own body limit. */
export const ARTIFACT_LIMIT_BYTES = 16_000_000;

const PublishQuery = z.strictObject({ note: z.string().max(1000).optional() });
const VersionParam = z.strictObject({ version: z.coerce.number().int().positive().max(2 ** 53 - 1) });

export function predictorRoutes(published: PublishedPredictors, store: PredictorStore) {
  const app = new Hono<AppEnv>();
  const versionOf = (raw: string) => parseBody(VersionParam, { version: raw }).version;

  app.get(PREDICTOR_PATH, async (c) => c.json({ inUse: published.inUse(), published: await store.listPredictors() }));

  app.put(PREDICTOR_PATH, async (c) => {
    const { note } = parseQuery(PublishQuery, c.req.queries());
    const text = await readText(c);
    if (text.trim() === "") throw new EoError("invalid_json", "the request body is empty; send the artifact written by eo train router");
    const out = await published.publish(parseJsonText(text), text, note ?? null);
    return c.json({ ...out.published, matched: out.matched, unmatched: out.unmatched, inUse: published.inUse() }, 201);
  });

  app.get(`${PREDICTOR_PATH}/:version`, async (c) => {
    const version = versionOf(c.req.param("version"));
    const text = await store.predictorText(version);
    if (text === null) throw new EoError("not_found", `no published router artifact #${version}`, { param: "version" });
    return c.body(text, 200, { "content-type": "application/json; charset=utf-8" });
  });

  app.delete(`${PREDICTOR_PATH}/:version`, async (c) => {
    const withdrawn = await published.withdraw(versionOf(c.req.param("version")));
    return c.json({ withdrawn, inUse: published.inUse() });
  });
  return app;
}
