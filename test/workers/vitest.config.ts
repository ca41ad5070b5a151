// Vitest for test/workers: Node-side tests that boot src/worker.ts in real workerd through wrangler.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    root: fileURLToPath(new URL("../../", import.meta.url)),
    include: ["test/workers/**/*.test.ts"],
    // Bundling the worker (~8 MiB) and starting workerd takes seconds, more on a loaded machine.
    testTimeout: 45_000,
    hookTimeout: 90_000,
    pool: "forks",
  },
});
