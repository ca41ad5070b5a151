// The profile tables (evidence, exclusions, registered experts) on PostgreSQL.
import type pg from "pg";
import type { Evidence, ExclusionRecord, NewEvidence, RegisteredExpert } from "./profile-records.js";
import {
  checkEvidence,
  EVIDENCE_COLUMNS,
  evidenceFromRow,
  evidenceParams,
  exclusionFromRow,
  REGISTERED_COLUMNS,
  registeredFromRow,
  registeredParams,
} from "./profile-rows.js";
import type { ProfileStore } from "./store.js";
import { fromJsonb, storeNow } from "./task-rows.js";

/** Runs a function in one transaction (PostgresStore.tx). */
export type Tx = <T>(fn: (c: pg.PoolClient) => Promise<T>) => Promise<T>;

export class PostgresProfileTables implements ProfileStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly tx: Tx,
    private readonly schema: string,
  ) {}

  async recordEvidence(items: readonly NewEvidence[]): Promise<number> {
    checkEvidence(items);
    if (items.length === 0) return 0;
    const at = storeNow();
    return this.tx(async (c) => {
      // Serialises evidence writers, so seqs commit in the order they are handed out: a reader asking for
      // "after seq N" never misses a row that was still uncommitted with a lower seq.
      await c.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`eo-evidence:${this.schema}`]);
      let added = 0;
      for (const e of items) {
        const r = await c.query(
          `INSERT INTO evidence (${EVIDENCE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (key) DO NOTHING RETURNING seq`,
          evidenceParams(e, at),
        );
        added += r.rowCount ?? 0;
      }
      return added;
    });
  }

  async listEvidence(afterSeq = 0, limit?: number): Promise<Evidence[]> {
    const r = await this.pool.query(`SELECT seq, ${EVIDENCE_COLUMNS} FROM evidence WHERE seq > $1 ORDER BY seq LIMIT $2`, [
      afterSeq, limit === undefined ? null : Math.max(0, Math.trunc(limit)),
    ]);
    return r.rows.map(evidenceFromRow);
  }

  async setExclusion(x: ExclusionRecord): Promise<void> {
    await this.pool.query(
      `INSERT INTO exclusions (expert, domain, reason, at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (expert, domain) DO UPDATE SET reason = EXCLUDED.reason, at = EXCLUDED.at`,
      [x.expert, x.domain, x.reason, x.at],
    );
  }

  async clearExclusions(expert: string, domains?: readonly string[]): Promise<void> {
    if (domains === undefined) await this.pool.query(`DELETE FROM exclusions WHERE expert = $1`, [expert]);
    else if (domains.length > 0) await this.pool.query(`DELETE FROM exclusions WHERE expert = $1 AND domain = ANY($2)`, [expert, [...domains]]);
  }

  async listExclusions(): Promise<ExclusionRecord[]> {
    return (await this.pool.query(`SELECT expert, domain, reason, at FROM exclusions ORDER BY expert, domain`)).rows.map(exclusionFromRow);
  }

  async saveRegisteredExpert(x: RegisteredExpert): Promise<void> {
    await this.pool.query(
      `INSERT INTO registered_experts (${REGISTERED_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (id) DO UPDATE SET config = EXCLUDED.config, status = EXCLUDED.status, calibration_id = EXCLUDED.calibration_id,
         calibrated_at = EXCLUDED.calibrated_at, error = EXCLUDED.error, updated_at = EXCLUDED.updated_at`,
      registeredParams(x),
    );
  }

  async getRegisteredExpert(id: string): Promise<RegisteredExpert | null> {
    const r = await this.pool.query(`SELECT ${REGISTERED_COLUMNS} FROM registered_experts WHERE id = $1`, [id]);
    return r.rows[0] ? registeredFromRow(r.rows[0], fromJsonb) : null;
  }

  async listRegisteredExperts(): Promise<RegisteredExpert[]> {
    const r = await this.pool.query(`SELECT ${REGISTERED_COLUMNS} FROM registered_experts ORDER BY created_at, id`);
    return r.rows.map((row) => registeredFromRow(row, fromJsonb));
  }
}
