// Starts src/worker.ts in real workerd (wrangler's local mode, D1 simulated in memory) for the Workers tests.
import { fileURLToPath } from "node:url";
import { unstable_startWorker } from "wrangler";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface StartedWorker {
  /** Origin of the worker, e.g. "http://127.0.0.1:41234" (no trailing slash). */
  url: string;
  /**
   * Replaces the string bindings (EO_CONFIG, secrets). The reload into a new isolate is asynchronous and
   * requests may still reach the old one for a moment: callers poll until they see the change.
   */
  setVars(vars: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

/** The string bindings as wrangler takes them: secrets, so they behave like `wrangler secret put` values. */
function bindingsOf(vars: Record<string, string>) {
  return Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, { type: "secret_text" as const, value: v }]));
}

/**
 * Boots the worker through wrangler's programmatic API (`persistTo`: where D1 and Durable Objects keep their data): the same bundler, config (wrangler.toml) and
 * workerd binary as `wrangler dev`, with no CLI process in between; wrangler owns the workerd child, and
 * `dispose()` stops it and the proxy.
 */
export async function startWorker(vars: Record<string, string>, opts: { persistTo?: string; config?: string } = {}): Promise<StartedWorker> {
  // No telemetry and no interactive prompts, whatever the caller's environment.
  process.env.WRANGLER_SEND_METRICS = "false";
  process.env.CI = "true";
  // Offline: use the placeholder Request.cf instead of fetching it from workers.cloudflare.com.
  process.env.CLOUDFLARE_CF_FETCH_ENABLED = "false";
  const worker = await unstable_startWorker({
    config: opts.config ?? `${ROOT}wrangler.toml`,
    // A developer's .dev.vars / .env must not leak secrets or EO_CONFIG into the test. An empty list would
    // still load .dev.vars (wrangler 4.86), so name one env file that deliberately does not exist.
    envFiles: [`${ROOT}test/workers/.env.none`],
    bindings: bindingsOf(vars),
    sendMetrics: false,
    dev: {
      remote: false,
      server: { hostname: "127.0.0.1", port: 0 },
      inspector: false,
      // A directory keeps D1 and Durable Object storage (alarms included) across a stop and a new start.
      persist: opts.persistTo ?? false,
      watch: false,
      liveReload: false,
      logLevel: "warn",
    },
  });
  try {
    await worker.ready;
    const url = (await worker.url).origin;
    return {
      url,
      async setVars(next) {
        await worker.patchConfig({ bindings: bindingsOf(next) });
      },
      close: () => worker.dispose(),
    };
  } catch (e) {
    await worker.dispose();
    throw e;
  }
}
