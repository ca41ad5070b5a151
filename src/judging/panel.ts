// A judge panel: fitted per-domain weights that combine several judges' pairwise verdicts into one, with reasons.
import { z } from "zod";
import { EoError } from "../errors.js";

/** A pairwise verdict: answer A is better, B is better, or neither (a tie, or a judge that would not decide). */
export const PairVerdictSchema = z.enum(["A", "B", "tie"]);
export type PairVerdict = z.infer<typeof PairVerdictSchema>;

/** A pair with a known label, as panels are fitted on. A judge absent from `verdicts` did not judge it. */
export interface LabelledPair {
  domain: string;
  label: PairVerdict;
  verdicts: Readonly<Record<string, PairVerdict>>;
}

/** +1 for A, −1 for B, 0 for a tie: a vote as a number, so a panel's score is a weighted sum. */
export const voteSign = (v: PairVerdict): number => (v === "A" ? 1 : v === "B" ? -1 : 0);

/** The verdict a score stands for: its sign. */
export const verdictOfScore = (score: number): PairVerdict => (score > 0 ? "A" : score < 0 ? "B" : "tie");

/** One domain's linear rule: log-odds that A is better = bias + Σ weight[judge] × sign(vote). */
const RuleSchema = z.object({ bias: z.number(), weights: z.record(z.string(), z.number()) });
export type PanelRule = z.infer<typeof RuleSchema>;

/** A fitted panel as stored by a deployment (JSON): its method, the chosen hyperparameters, and the rules. */
export const PanelModelSchema = z.object({
  version: z.literal(1),
  method: z.string().min(1),
  params: z.record(z.string(), z.number()),
  /** The rule for a domain the panel was not fitted on: each judge's overall weight. */
  fallback: RuleSchema,
  domains: z.record(z.string(), RuleSchema),
  /** Labelled pairs per domain the weights were fitted on. */
  fittedOn: z.record(z.string(), z.number()),
});
export type PanelModel = z.infer<typeof PanelModelSchema>;

/** One judge's part in a decision. A judge with no fitted weight counts 0 and says so. */
export interface PanelVote {
  judge: string;
  vote: PairVerdict;
  weight: number;
  fitted: boolean;
}

export interface PanelDecision {
  verdict: PairVerdict;
  /** The panel's probability that its verdict is right (0.5 for a tie): σ(|score|). */
  confidence: number;
  /** Log-odds that A is better. */
  score: number;
  /** Whether the domain had its own fitted rule, or the overall fallback was used. */
  domainFitted: boolean;
  votes: PanelVote[];
  reasons: string[];
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const signed = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(x).toFixed(2)}`;

export class Panel {
  constructor(readonly model: PanelModel) {}

  /** A stored panel (JSON text or a parsed object); a bad one is a `bad_request` naming the bad field. */
  static fromJSON(raw: unknown, source = "panel"): Panel {
    let json = raw;
    if (typeof raw === "string") {
      try {
        json = JSON.parse(raw);
      } catch (e) {
        throw new EoError("bad_request", `${source}: invalid JSON (${(e as Error).message})`);
      }
    }
    const r = PanelModelSchema.safeParse(json);
    if (!r.success) throw new EoError("bad_request", `${source}: ${r.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`);
    return new Panel(r.data);
  }

  toJSON(): PanelModel {
    return this.model;
  }

  get judges(): string[] {
    return Object.keys(this.model.fallback.weights);
  }

  /** The rule a domain is decided by: its own, or the overall fallback when the panel never saw it. */
  ruleFor(domain: string): { rule: PanelRule; domainFitted: boolean } {
    const own = Object.hasOwn(this.model.domains, domain) ? this.model.domains[domain] : undefined;
    return own ? { rule: own, domainFitted: true } : { rule: this.model.fallback, domainFitted: false };
  }

  /**
   * Combines the verdicts judges gave on one pair in `domain`. A tie vote is an abstention (adds nothing);
   * the bias (the prior that A is better in this domain) decides when the votes cancel out.
   */
  decide(domain: string, verdicts: Readonly<Record<string, PairVerdict>>): PanelDecision {
    const { rule, domainFitted } = this.ruleFor(domain);
    const votes: PanelVote[] = Object.entries(verdicts).map(([judge, vote]) => {
      const fitted = Object.hasOwn(rule.weights, judge);
      return { judge, vote, weight: fitted ? rule.weights[judge]! : 0, fitted };
    });
    const score = rule.bias + votes.reduce((s, v) => s + v.weight * voteSign(v.vote), 0);
    const verdict = verdictOfScore(score);
    const confidence = sigmoid(Math.abs(score));
    const reasons = votes.map((v) => `${v.judge} says ${v.vote}${v.vote === "tie" ? " (abstains)" : ""}, weight ${v.weight.toFixed(2)}${v.fitted ? "" : " (no fitted weight)"}`);
    reasons.push(`prior toward A in ${domainFitted ? `"${domain}"` : `unfitted domain "${domain}" (overall weights used)`}: ${signed(rule.bias)}`);
    reasons.push(`${this.model.method} panel: log-odds ${signed(score)} → ${verdict}${verdict === "tie" ? "" : ` with probability ${confidence.toFixed(2)}`}`);
    return { verdict, confidence: verdict === "tie" ? 0.5 : confidence, score, domainFitted, votes, reasons };
  }
}
