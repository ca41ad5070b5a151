// The service's parts without an HTTP server, over the configured store: what `eo calibrate` and `eo leaderboard` work on.
import { createApp } from "../app.js";
import { loadConfig } from "../load-config.js";
import { openStore } from "../store/open.js";

export type OfflineService = ReturnType<typeof createApp> & { close(): Promise<void> };

/**
 * Loads the config and opens the store the server would use (EO_DATABASE_URL, else EO_DATA_DIR), then rebuilds
 * the profiles from its evidence and the registered experts (their unfinished calibrations are not resumed).
 */
export async function openOfflineService(env: NodeJS.ProcessEnv): Promise<OfflineService> {
  const loaded = await loadConfig(env);
  const store = await openStore(env);
  try {
    const built = createApp({ config: loaded.config, store, env });
    await built.learner.sync();
    await built.calibrator.restore({ resume: false });
    return { ...built, close: async () => {
      await built.calibrator.idle();
      await store.close();
      await loaded.sandbox?.close();
    } };
  } catch (e) {
    await store.close();
    await loaded.sandbox?.close();
    throw e;
  }
}
