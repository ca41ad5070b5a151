// `eo route --cascade` on the sandbox fleet: the decision, and the cheaper experts a cascade would ask first.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const Q = "Which metal is liquid at room temperature?\nA) iron\nB) mercury";
/** No provider configured (no eo.config.json in the project, no key, no Ollama): the sandbox fleet answers. */
function eo(...args: string[]): string {
  const env = { ...process.env };
  for (const k of ["EO_CONFIG", "OPENAI_API_KEY", "OPENAI_BASE_URL", "OLLAMA_HOST"]) delete env[k];
  return execFileSync(process.execPath, ["--import", "tsx", "src/cli.ts", "route", Q, ...args], { encoding: "utf8", env });
}

type Stage = { expert: string; quality: number; costUsd: number };

describe("eo route --cascade", () => {
  it("prints the cascade's stages, cheapest first, all cheaper than the chosen expert and above the floor", () => {
    const out = JSON.parse(eo("--strategy", "quality", "--cascade", "--json")) as { decision: { expert: string }; cascade: { votes: number; floor: number; target: Stage; stages: Stage[] } };
    expect(out.cascade.target.expert).toBe(out.decision.expert);
    expect(out.cascade.stages.length).toBeGreaterThan(0);
    const costs = out.cascade.stages.map((s) => s.costUsd);
    expect(costs).toEqual([...costs].sort((a, b) => a - b));
    for (const s of out.cascade.stages) {
      expect(s.costUsd).toBeLessThan(out.cascade.target.costUsd);
      expect(s.quality).toBeGreaterThanOrEqual(out.cascade.floor * out.cascade.target.quality);
    }
    const text = eo("--strategy", "quality", "--cascade");
    expect(text).toContain(`cascade: ask ${out.cascade.stages[0]!.expert}`);
    expect(text).toContain(`else ${out.decision.expert}`);
  }, 60_000);

  it("--max-cost bounds the whole cascade; without --cascade the JSON is the decision alone", () => {
    const all = JSON.parse(eo("--strategy", "quality", "--cascade", "--json")) as { cascade: { target: Stage; stages: Stage[] } };
    const cap = all.cascade.target.costUsd + all.cascade.stages[0]!.costUsd * 1.5;
    const bounded = JSON.parse(eo("--strategy", "quality", "--cascade", "--json", "--max-cost", String(cap))) as { cascade: { stages: Stage[] } };
    expect(bounded.cascade.stages.map((s) => s.expert)).toEqual([all.cascade.stages[0]!.expert]);
    const plain = JSON.parse(eo("--strategy", "quality", "--json")) as Record<string, unknown>;
    expect(plain.cascade).toBeUndefined();
    expect(plain.expert).toBe(all.cascade.target.expert);
  }, 60_000);
});
