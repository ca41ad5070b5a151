// GET /v1/leaderboard: experts ranked per domain and dimension by their profile estimate, with intervals and sample counts.
import { Hono } from "hono";
import { z } from "zod";
import { leaderboards } from "../routing/leaderboard.js";
import type { ProfileLearner } from "../routing/profile-learner.js";
import type { ProfileBook } from "../routing/profiles.js";
import type { Router } from "../routing/router.js";
import { DIMENSIONS, DOMAINS } from "../vocabulary.js";
import type { AppEnv } from "./context.js";
import { parseQuery } from "./validate.js";

export const LeaderboardQuerySchema = z.strictObject({
  domain: z.enum(DOMAINS).optional(),
  dimension: z.enum(DIMENSIONS).optional(),
});

export function leaderboardRoutes(book: ProfileBook, learner: ProfileLearner, router: Router) {
  const app = new Hono<AppEnv>();
  app.get("/v1/leaderboard", async (c) => {
    const q = parseQuery(LeaderboardQuerySchema, c.req.queries());
    await learner.sync(); // evidence other replicas recorded
    const boards = leaderboards(book, q, (e, d) => router.blockedBecause(e, d));
    return c.json({ object: "list", data: boards });
  });
  return app;
}
