// The D1 store passes the shared store contract on real D1 (workerd, through miniflare, which wrangler ships).
import { Miniflare } from "miniflare";
import { afterAll, beforeAll } from "vitest";
import { openD1Store, type D1Like } from "../../src/store/d1.js";
import { storeContract } from "./contract.js";

/** Bindings are fixed when miniflare starts: one fresh database per store the contract opens. */
const DATABASES = 32;
let mf: Miniflare;
beforeAll(async () => {
  // One in-memory D1 database per binding: each store opened below gets a fresh one.
  const d1Databases = Object.fromEntries(Array.from({ length: DATABASES }, (_, i) => [`DB${i}`, `db-${i}`]));
  mf = new Miniflare({ modules: true, script: "export default { fetch() { return new Response('') } }", d1Databases });
  await mf.ready;
});
afterAll(() => mf?.dispose());

let next = 0;
storeContract("d1 (workerd)", async () => {
  if (next >= DATABASES) throw new Error(`more stores opened than the ${DATABASES} D1 databases bound in d1.test.ts`);
  // No cast: the real D1Database must fit the driver's structural D1Like, as the Worker's binding does.
  const db: D1Like = await mf.getD1Database(`DB${next++}`);
  return openD1Store(db);
});
