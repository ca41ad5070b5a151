// Policy blocks: experts taken out of routing per domain (a safety verdict, a calibration not finished), with reasons.
import { DOMAINS, type Domain } from "../vocabulary.js";

/** Blocks by expert id and domain ("*": every domain). Unknown ids are kept and apply once the expert exists. */
export class RoutingBlocks {
  private readonly blocks = new Map<string, Map<Domain | "*", string>>();

  set(expertId: string, domain: Domain | null, reason: string): void {
    let m = this.blocks.get(expertId);
    if (!m) this.blocks.set(expertId, (m = new Map()));
    m.set(domain ?? "*", reason);
  }

  /** Whether a block was removed. */
  delete(expertId: string, domain: Domain | null): boolean {
    const m = this.blocks.get(expertId);
    if (!m?.delete(domain ?? "*")) return false;
    if (m.size === 0) this.blocks.delete(expertId);
    return true;
  }

  reason(expertId: string, domain: Domain): string | null {
    const m = this.blocks.get(expertId);
    return m?.get("*") ?? m?.get(domain) ?? null;
  }

  /** Domain-major mask over experts in index order: 1 at d * n + i where expert i is blocked in domain d. */
  mask(byId: ReadonlyMap<string, number>, n: number): Uint8Array {
    const out = new Uint8Array(DOMAINS.length * n);
    for (const [id, m] of this.blocks) {
      const i = byId.get(id);
      if (i === undefined) continue;
      DOMAINS.forEach((d, k) => {
        if (m.has("*") || m.has(d)) out[k * n + i] = 1;
      });
    }
    return out;
  }
}
