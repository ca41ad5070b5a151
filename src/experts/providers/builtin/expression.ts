// Computes an arithmetic expression exactly (rationals, or terminating decimals), or says why it cannot.
import { all, create, type MathNode } from "mathjs";

const fractions = create(all, { number: "Fraction" });
const bignums = create(all, { number: "BigNumber", precision: 64 });

/** Functions and constants the calculator accepts; anything else (import, createUnit, matrices…) is refused. */
const FUNCTIONS = new Set([
  "sqrt", "cbrt", "nthRoot", "abs", "round", "floor", "ceil", "fix", "exp", "log", "log10", "log2",
  "sin", "cos", "tan", "asin", "acos", "atan", "factorial", "gcd", "lcm", "mod", "pow", "min", "max",
  "add", "subtract", "multiply", "divide", "unaryMinus", "unaryPlus",
]);
const SYMBOLS = new Set(["pi", "e"]);
const MAX_EXPONENT = 4096;
const MAX_FACTORIAL = 1000;
/** A BigNumber result with more significant digits than this did not terminate: it is not exact. */
const MAX_EXACT_DIGITS = 40;

export type Computation = { ok: true; value: string; exact: true } | { ok: false; reason: string };

/** Refuses anything outside the whitelist, and exponents or factorials too large to compute quickly. */
function check(node: MathNode): string | null {
  let problem: string | null = null;
  node.traverse((n: MathNode) => {
    if (problem) return;
    const any = n as MathNode & { name?: string; fn?: string | { name?: string }; args?: MathNode[]; value?: unknown };
    switch (n.type) {
      case "ConstantNode":
      case "ParenthesisNode":
        return;
      case "SymbolNode":
        // A FunctionNode's name is a SymbolNode too; only free symbols must be constants.
        if (!SYMBOLS.has(any.name ?? "") && !FUNCTIONS.has(any.name ?? "")) problem = `unknown symbol "${any.name}"`;
        return;
      case "OperatorNode": {
        const fn = typeof any.fn === "string" ? any.fn : "";
        if (!FUNCTIONS.has(fn)) problem = `operator "${fn}" is not arithmetic`;
        else if (fn === "pow" && tooLarge(any.args?.[1], MAX_EXPONENT)) problem = "exponent too large";
        else if (fn === "factorial" && tooLarge(any.args?.[0], MAX_FACTORIAL)) problem = "factorial too large";
        return;
      }
      case "FunctionNode": {
        const fname = typeof any.fn === "object" ? any.fn?.name : undefined;
        if (!fname || !FUNCTIONS.has(fname)) problem = `function "${fname}" is not supported`;
        else if (fname === "pow" && tooLarge(any.args?.[1], MAX_EXPONENT)) problem = "exponent too large";
        return;
      }
      default:
        problem = `${n.type} is not arithmetic`;
    }
  });
  return problem;
}

function tooLarge(node: MathNode | undefined, limit: number): boolean {
  if (!node) return false;
  if (check(node)) return true;
  try {
    const v = Number(bignums.evaluate(node.toString()));
    return !Number.isFinite(v) || Math.abs(v) > limit;
  } catch {
    return true;
  }
}

function formatFraction(f: { s: bigint | number; n: bigint | number; d: bigint | number }): string {
  const sign = Number(f.s) < 0 ? "-" : "";
  const d = BigInt(f.d);
  const n = BigInt(f.n);
  if (d === 1n) return `${sign}${n}`;
  // A denominator of only 2s and 5s terminates as a decimal; anything else stays a fraction.
  let rest = d;
  while (rest % 2n === 0n) rest /= 2n;
  while (rest % 5n === 0n) rest /= 5n;
  if (rest === 1n) return `${sign}${bignums.format(bignums.divide(bignums.bignumber(n.toString()), bignums.bignumber(d.toString())), { notation: "fixed" })}`;
  const approx = bignums.format(bignums.divide(bignums.bignumber(n.toString()), bignums.bignumber(d.toString())), { precision: 12 });
  return `${sign}${n}/${d} (≈ ${sign}${approx})`;
}

/** Computes an expression exactly: as a rational, or as a terminating decimal; otherwise declines with the reason. */
export function computeExactly(expression: string): Computation {
  let node: MathNode;
  try {
    // Checked on a BigNumber parse: its subtrees print as plain numbers, so they evaluate back faithfully.
    node = bignums.parse(expression);
  } catch (e) {
    return { ok: false, reason: `not an expression: ${(e as Error).message}` };
  }
  const problem = check(node);
  if (problem) return { ok: false, reason: problem };
  try {
    const r = fractions.evaluate(expression);
    if (r && typeof r === "object" && "d" in r && "n" in r) return { ok: true, exact: true, value: formatFraction(r as never) };
  } catch {
    // Functions such as sqrt or factorial leave the rationals; BigNumber below decides whether the result is exact.
  }
  try {
    const b = bignums.evaluate(expression);
    if (!bignums.isBigNumber(b) || !b.isFinite()) return { ok: false, reason: "the result is not a finite number" };
    if (b.sd() > MAX_EXACT_DIGITS) return { ok: false, reason: "the result is irrational or does not terminate; an exact value cannot be written" };
    return { ok: true, exact: true, value: bignums.format(b, { notation: "fixed" }) };
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
}
