// Turns a question about arithmetic into a mathjs expression and computes it exactly, or says why it cannot.
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

const WORDS: [RegExp, string][] = [
  [/\bsquare root of\s+/g, "sqrt "],
  [/\bcube root of\s+/g, "cbrt "],
  [/\bmultiplied by\b|\btimes\b|×|\bx\b(?=\s*\d)/g, "*"],
  [/\bdivided by\b|\bover\b|÷/g, "/"],
  [/\bplus\b/g, "+"],
  [/\bminus\b|−/g, "-"],
  [/\bto the power of\b|\braised to\b|\*\*/g, "^"],
  [/\bsquared\b/g, "^2"],
  [/\bcubed\b/g, "^3"],
  [/(\d)\s*%\s*of\b/g, "$1% *"],
  [/\bmod(?:ulo)?\b/g, " mod "],
];
const LEAD = /^\s*(?:please\s+)?(?:what(?:'s| is| are)|how much is|compute|calculate|evaluate|work out|find|solve|tell me)\s+(?:the\s+(?:value|result)\s+of\s+)?/;

/** The arithmetic expression a question asks for ("what's 15% of 80?" → "15% * 80"), or null when it is not one. */
export function extractExpression(text: string): string | null {
  let s = text.trim().toLowerCase();
  if (s.length === 0 || s.length > 300) return null;
  // A trailing "!" after a digit is a factorial, not an exclamation.
  s = s.replace(LEAD, "").replace(/^the\s+/, "").replace(/[?.=\s]+$/, "").replace(/(\D)!+$/, "$1");
  s = s.replace(/(\d),(?=\d{3}\b)/g, "$1");
  for (const [re, to] of WORDS) s = s.replace(re, to);
  s = s.replace(/\bsqrt\s+(\d+(?:\.\d+)?)/g, "sqrt($1)").replace(/\bcbrt\s+(\d+(?:\.\d+)?)/g, "cbrt($1)");
  s = s.replace(/\s+/g, " ").trim();
  if (!/\d/.test(s)) return null;
  // Whatever is left must be numbers, operators and the allowed names only.
  const names = s.match(/[a-z_]+/g) ?? [];
  if (names.some((n) => !FUNCTIONS.has(n) && !SYMBOLS.has(n))) return null;
  if (!/^[\d\s.+\-*/^()%!,a-z_]+$/.test(s)) return null;
  return s;
}

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
