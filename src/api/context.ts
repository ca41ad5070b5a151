// The variables every request carries through the Hono app.
export type AppEnv = { Variables: { requestId: string } };
