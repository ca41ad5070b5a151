// The profile tables (evidence, exclusions, registered experts) on any SQLite-dialect engine, through the SQL driver.
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
import type { SqlDriver } from "./sql.js";
import { fromJsonText, storeNow } from "./task-rows.js";

const INSERT_EVIDENCE = `INSERT INTO evidence (${EVIDENCE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING RETURNING seq`;

export class SqlProfileTables implements ProfileStore {
  constructor(private readonly db: SqlDriver) {}

  async recordEvidence(items: readonly NewEvidence[]): Promise<number> {
    checkEvidence(items);
    if (items.length === 0) return 0;
    const at = storeNow();
    // One transaction: a batch of evidence (one judged answer's dimensions) is recorded whole or not at all.
    const results = await this.db.batch(items.map((e) => ({ sql: INSERT_EVIDENCE, params: evidenceParams(e, at) })));
    return results.reduce((n, rows) => n + rows.length, 0);
  }

  async listEvidence(afterSeq = 0, limit?: number): Promise<Evidence[]> {
    const rows = await this.db.all(`SELECT seq, ${EVIDENCE_COLUMNS} FROM evidence WHERE seq > ? ORDER BY seq LIMIT ?`, [
      afterSeq, limit === undefined ? -1 : Math.max(0, Math.trunc(limit)),
    ]);
    return rows.map(evidenceFromRow);
  }

  async setExclusion(x: ExclusionRecord): Promise<void> {
    await this.db.run(
      `INSERT INTO exclusions (expert, domain, reason, at) VALUES (?, ?, ?, ?)
       ON CONFLICT (expert, domain) DO UPDATE SET reason = excluded.reason, at = excluded.at`,
      [x.expert, x.domain, x.reason, x.at],
    );
  }

  async clearExclusions(expert: string, domains?: readonly string[]): Promise<void> {
    if (domains === undefined) return this.db.run(`DELETE FROM exclusions WHERE expert = ?`, [expert]);
    if (domains.length === 0) return;
    await this.db.run(`DELETE FROM exclusions WHERE expert = ? AND domain IN (${domains.map(() => "?").join(", ")})`, [expert, ...domains]);
  }

  async listExclusions(): Promise<ExclusionRecord[]> {
    return (await this.db.all(`SELECT expert, domain, reason, at FROM exclusions ORDER BY expert, domain`, [])).map(exclusionFromRow);
  }

  async saveRegisteredExpert(x: RegisteredExpert): Promise<void> {
    await this.db.run(
      `INSERT INTO registered_experts (${REGISTERED_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET config = excluded.config, status = excluded.status, calibration_id = excluded.calibration_id,
         calibrated_at = excluded.calibrated_at, error = excluded.error, updated_at = excluded.updated_at`,
      registeredParams(x),
    );
  }

  async getRegisteredExpert(id: string): Promise<RegisteredExpert | null> {
    const rows = await this.db.all(`SELECT ${REGISTERED_COLUMNS} FROM registered_experts WHERE id = ?`, [id]);
    return rows[0] ? registeredFromRow(rows[0], fromJsonText) : null;
  }

  async listRegisteredExperts(): Promise<RegisteredExpert[]> {
    const rows = await this.db.all(`SELECT ${REGISTERED_COLUMNS} FROM registered_experts ORDER BY created_at, id`, []);
    return rows.map((r) => registeredFromRow(r, fromJsonText));
  }
}
