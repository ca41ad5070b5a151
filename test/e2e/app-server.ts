// Serves the real app over a store the test can make slow or failing, for tests that need to reach into the store.
import { serve } from "@hono/node-server";
import OpenAI from "openai";
import { createApp } from "../../src/app.js";
import type { Config } from "../../src/config.js";
import type { Store } from "../../src/store/store.js";

/** The store with some of its methods replaced (each replacement gets the real store); the rest pass through. */
export function storeWith(real: Store, overrides: { [K in keyof Store]?: (target: Store) => Store[K] }): Store {
  return new Proxy(real, {
    get(target, prop) {
      const make = overrides[prop as keyof Store];
      if (make) return make(target);
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
}

export interface AppServer {
  url: string;
  /** What createApp built (its learner, calibrator, catalog, router). */
  built: ReturnType<typeof createApp>;
  client: OpenAI;
  http(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/** Builds the app on this config and store (profiles synced), and serves it on a free port. */
export async function serveApp(config: Config, store: Store, onServerError: (e: unknown) => void): Promise<AppServer> {
  const built = createApp({ config, store, env: {}, onServerError });
  const { app, learner } = built;
  await learner.sync();
  const server = await new Promise<ReturnType<typeof serve>>((ok) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => ok(s));
  });
  const addr = server.address();
  const url = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  return {
    url,
    built,
    client: new OpenAI({ baseURL: `${url}/v1`, apiKey: "test", maxRetries: 0 }),
    http: (path, init) => fetch(`${url}${path}`, init),
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
