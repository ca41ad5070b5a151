// The published router artifacts on any SQLite-dialect engine (better-sqlite3, D1), through the SQL driver.
import {
  chunksOf, PREDICTOR_COLUMNS, predictorFromRow,
  type NewPublishedPredictor, type PredictorStore, type PublishedPredictor,
} from "./predictor-records.js";
import type { SqlDriver } from "./sql.js";
import { storeNow } from "./task-rows.js";

export class SqlPredictorTables implements PredictorStore {
  constructor(private readonly db: SqlDriver) {}

  async publishPredictor(p: NewPublishedPredictor, text: string): Promise<PublishedPredictor> {
    const uid = crypto.randomUUID();
    const chunks = chunksOf(text).map((piece, seq) => ({ sql: `INSERT INTO predictor_chunks (uid, seq, text) VALUES (?, ?, ?)`, params: [uid, seq, piece] }));
    // One batch: the description is never visible without all of its text.
    const results = await this.db.batch([
      ...chunks,
      {
        sql: `INSERT INTO predictors (uid, sha256, bytes, created_at, records, experts, note, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
          RETURNING ${PREDICTOR_COLUMNS}`,
        params: [uid, p.sha256, p.bytes, p.createdAt, p.records, JSON.stringify(p.experts), p.note, storeNow()],
      },
    ]);
    return predictorFromRow(results.at(-1)![0]!);
  }

  async activePredictor(): Promise<PublishedPredictor | null> {
    const rows = await this.db.all(`SELECT ${PREDICTOR_COLUMNS} FROM predictors WHERE withdrawn_at IS NULL ORDER BY version DESC LIMIT 1`, []);
    return rows[0] ? predictorFromRow(rows[0]) : null;
  }

  async predictorText(version: number): Promise<string | null> {
    const rows = await this.db.all<{ text: string }>(
      `SELECT c.text FROM predictor_chunks c JOIN predictors p ON p.uid = c.uid WHERE p.version = ? ORDER BY c.seq`,
      [version],
    );
    return rows.length ? rows.map((r) => r.text).join("") : null;
  }

  async listPredictors(): Promise<PublishedPredictor[]> {
    return (await this.db.all(`SELECT ${PREDICTOR_COLUMNS} FROM predictors ORDER BY version DESC`, [])).map(predictorFromRow);
  }

  async withdrawPredictor(version: number): Promise<PublishedPredictor | null> {
    const [rows] = await this.db.batch([{
      sql: `UPDATE predictors SET withdrawn_at = COALESCE(withdrawn_at, ?) WHERE version = ? RETURNING ${PREDICTOR_COLUMNS}`,
      params: [storeNow(), version],
    }]);
    return rows![0] ? predictorFromRow(rows![0]) : null;
  }
}
