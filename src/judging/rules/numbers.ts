// Reads a number written as people and models write it ("1/2", "50%", "$1,000.00", "1e3", "\frac{1}{2}", "3 million") through mathjs, and compares two.
import { parse, type MathNode } from "mathjs";

export interface WrittenNumber {
  value: number;
  /** Written with a % sign (value is already divided by 100). */
  percent: boolean;
  /** Digits after the decimal point when written as a plain decimal ("0.33" → 2), else null. */
  decimals: number | null;
}

/** Longer text is not a number as written: the parser is not handed paragraphs. */
const MAX_LENGTH = 120;
const OPERATORS = new Set(["add", "subtract", "multiply", "divide", "unaryMinus", "unaryPlus", "pow"]);
/** Dates and times are not arithmetic ("2024-01-01" is not 2022). */
const DATE = /\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}\/\d{1,2}\/\d{2,4}\b|\d:\d{2}/;
const SCALE: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };

/** LaTeX and Unicode math as mathjs syntax: \frac{a}{b} → ((a)/(b)), \sqrt{x} → sqrt(x), π → pi, × → *. */
function mathjsSyntax(s: string): string {
  let t = s
    .replace(/^\s*(?:\$\$?|\\\(|\\\[)|(?:\$\$?|\\\)|\\\])\s*$/g, "")
    .replace(/\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g, "(($1)/($2))")
    .replace(/\\sqrt\s*\{([^{}]*)\}/g, "sqrt($1)")
    .replace(/\\left|\\right|\\,|\\!|\\;|\^\s*\{?\\circ\}?|°/g, "")
    .replace(/\\pi\b|π/g, "pi")
    .replace(/\\cdot|\\times|×|·/g, "*")
    .replace(/\\div|÷/g, "/")
    .replace(/\\%/g, "%")
    .replace(/√\s*(\d+(?:\.\d+)?)/g, "sqrt($1)")
    .replace(/[−–]/g, "-")
    .replace(/[{]/g, "(")
    .replace(/[}]/g, ")");
  // Thousands separators: "1,000,000.5" → "1000000.5" (only in groups of exactly three digits).
  t = t.replace(/\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])/g, (m) => m.replace(/,/g, ""));
  return t.replace(/[$€£¥]|\b(?:USD|EUR|GBP|dollars?|euros?)\b/gi, "").trim();
}

/** Refuses anything but arithmetic on constants: no assignments, no functions but sqrt, no symbols but pi and e. */
function arithmetic(node: MathNode): boolean {
  let ok = true;
  node.traverse((n: MathNode) => {
    const any = n as MathNode & { name?: string; fn?: string | { name?: string } };
    if (n.type === "ConstantNode" || n.type === "ParenthesisNode") return;
    if (n.type === "OperatorNode" && typeof any.fn === "string" && OPERATORS.has(any.fn)) return;
    if (n.type === "FunctionNode" && typeof any.fn === "object" && any.fn?.name === "sqrt") return;
    if (n.type === "SymbolNode" && (any.name === "pi" || any.name === "e" || any.name === "sqrt")) return;
    ok = false;
  });
  return ok;
}

/** The number `text` writes, or undefined when it is not one (prose, an equation, a unitless word). */
export function parseNumber(text: string): WrittenNumber | undefined {
  let s = text.trim().replace(/[.;,]+$/, "").trim();
  if (!s || s.length > MAX_LENGTH || DATE.test(s)) return undefined;
  s = mathjsSyntax(s);
  let scale = 1;
  const scaled = /\s+(thousand|million|billion|trillion)$/i.exec(s);
  if (scaled) {
    scale = SCALE[scaled[1]!.toLowerCase()]!;
    s = s.slice(0, scaled.index);
  }
  const percent = /%\s*$/.test(s);
  if (percent) s = s.replace(/%\s*$/, "");
  if (!/\d/.test(s) && !/\bpi\b/.test(s)) return undefined;
  let value: number;
  try {
    const node = parse(s);
    if (!arithmetic(node)) return undefined;
    value = Number(node.evaluate());
  } catch {
    return undefined;
  }
  if (!Number.isFinite(value)) return undefined;
  const plain = /^[-+]?\d*\.(\d+)$/.exec(s);
  return { value: (value * scale) / (percent ? 100 : 1), percent, decimals: plain && scale === 1 ? plain[1]!.length : null };
}

/** Relative tolerance for numbers that are meant to be equal (float noise, not rounding). */
const RELATIVE = 1e-6;

const close = (a: number, b: number) => Math.abs(a - b) <= RELATIVE * Math.max(Math.abs(a), Math.abs(b)) || Math.abs(a - b) < 1e-12;

/** Whether `exact` rounds to `written`, a decimal written with two or more places ("0.33" for 1/3, "3.14" for π). */
const roundsTo = (written: WrittenNumber, exact: number) =>
  written.decimals !== null && written.decimals >= 2 && Math.abs(written.value - exact) <= 0.5 * 10 ** -written.decimals * (1 + 1e-9);

/**
 * Whether two written numbers are the same: equal within a relative 1e-6, or one is the other rounded to the
 * places it is written with (at least two). When only one is a percentage, "50%" also equals "50".
 */
export function sameNumber(a: WrittenNumber, b: WrittenNumber): boolean {
  const pairs: Array<[number, number]> = [[a.value, b.value]];
  if (a.percent !== b.percent) pairs.push(a.percent ? [a.value * 100, b.value] : [a.value, b.value * 100]);
  return pairs.some(([x, y]) => close(x, y)) || roundsTo(a, b.value) || roundsTo(b, a.value);
}

const NUMBER_TOKEN = /[-−]?\$?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s*\/\s*\d+(?:\.\d+)?)?%?/g;

/** The last number written in `text` ("… so the total is 1,250." → "1,250"), or undefined. */
export function lastNumber(text: string): string | undefined {
  return [...text.matchAll(NUMBER_TOKEN)].at(-1)?.[0];
}
