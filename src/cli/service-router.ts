// The router as the running service would route now, without the HTTP server or the graphs: what `eo route` asks.
import type { LoadedConfig } from "../load-config.js";
import { loadPredictor } from "../load-predictor.js";
import { Catalog } from "../experts/catalog.js";
import { PublishedPredictors } from "../routing/predictor/published.js";
import { ProfileLearner } from "../routing/profile-learner.js";
import { ProfileBook } from "../routing/profiles.js";
import { Router } from "../routing/router.js";
import { openStore } from "../store/open.js";
import { Calibrator } from "../tasks/calibrations.js";

/**
 * The config's catalog plus the experts registered at run time (those still calibrating blocked), the profiles
 * rebuilt from the store's judged evidence, and the router artifact in use (published, else `router.predictor`):
 * the store is the server's (EO_DATABASE_URL, else EO_DATA_DIR). Nothing is run, no model is called.
 */
export async function serviceRouter(loaded: LoadedConfig, env: NodeJS.ProcessEnv): Promise<{ router: Router; close(): Promise<void> }> {
  const configured = loadPredictor(loaded);
  const store = await openStore(env);
  try {
    const catalog = new Catalog(loaded.config);
    const book = ProfileBook.fromCatalog([...catalog.experts]);
    const router = new Router(catalog.experts, book, loaded.config.defaults, { predictor: configured });
    const learner = new ProfileLearner(book, store, router, loaded.config.profiles);
    const offline = () => {
      throw new Error("eo route runs no calibration");
    };
    // With resume: false, restoring registrations neither reads the suite nor builds the graph.
    const calibrator = new Calibrator({ store, catalog, router, book, learner, suite: offline, graph: offline });
    await learner.sync();
    await calibrator.restore({ resume: false });
    const predictors = new PublishedPredictors(store, router, () => catalog.experts, configured);
    await predictors.sync();
    return { router, close: () => store.close() };
  } catch (e) {
    await store.close();
    throw e;
  }
}
