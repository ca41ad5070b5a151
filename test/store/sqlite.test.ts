// The SQLite store (the default on Node) passes the shared store contract, in a file and in memory.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteStore } from "../../src/store/sqlite.js";
import { storeContract } from "./contract.js";

storeContract("sqlite (memory)", () => openSqliteStore(":memory:"));
const dir = mkdtempSync(join(tmpdir(), "eo-store-"));
storeContract("sqlite (file)", () => openSqliteStore(join(dir, `s-${crypto.randomUUID()}.sqlite`)));
