// The published router artifacts on PostgreSQL.
import type pg from "pg";
import {
  chunksOf, PREDICTOR_COLUMNS, predictorFromRow,
  type NewPublishedPredictor, type PredictorStore, type PublishedPredictor,
} from "./predictor-records.js";
import type { Tx } from "./postgres-profiles.js";
import { storeNow } from "./task-rows.js";

export class PostgresPredictorTables implements PredictorStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly tx: Tx,
  ) {}

  async publishPredictor(p: NewPublishedPredictor, text: string): Promise<PublishedPredictor> {
    const uid = crypto.randomUUID();
    // One transaction: the description is never visible without all of its text.
    return this.tx(async (c) => {
      for (const [seq, piece] of chunksOf(text).entries()) {
        await c.query(`INSERT INTO predictor_chunks (uid, seq, text) VALUES ($1, $2, $3)`, [uid, seq, piece]);
      }
      const r = await c.query(
        `INSERT INTO predictors (uid, sha256, bytes, created_at, records, experts, note, published_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         RETURNING ${PREDICTOR_COLUMNS}`,
        [uid, p.sha256, p.bytes, p.createdAt, p.records, JSON.stringify(p.experts), p.note, storeNow()],
      );
      return predictorFromRow(r.rows[0]);
    });
  }

  async activePredictor(): Promise<PublishedPredictor | null> {
    const r = await this.pool.query(`SELECT ${PREDICTOR_COLUMNS} FROM predictors WHERE withdrawn_at IS NULL ORDER BY version DESC LIMIT 1`);
    return r.rows[0] ? predictorFromRow(r.rows[0]) : null;
  }

  async predictorText(version: number): Promise<string | null> {
    const r = await this.pool.query(
      `SELECT c.text FROM predictor_chunks c JOIN predictors p ON p.uid = c.uid WHERE p.version = $1 ORDER BY c.seq`,
      [version],
    );
    return r.rows.length ? r.rows.map((row: { text: string }) => row.text).join("") : null;
  }

  async listPredictors(): Promise<PublishedPredictor[]> {
    return (await this.pool.query(`SELECT ${PREDICTOR_COLUMNS} FROM predictors ORDER BY version DESC`)).rows.map(predictorFromRow);
  }

  async withdrawPredictor(version: number): Promise<PublishedPredictor | null> {
    const r = await this.pool.query(
      `UPDATE predictors SET withdrawn_at = COALESCE(withdrawn_at, $1) WHERE version = $2 RETURNING ${PREDICTOR_COLUMNS}`,
      [storeNow(), version],
    );
    return r.rows[0] ? predictorFromRow(r.rows[0]) : null;
  }
}
