// Recognises a prompt that is essentially a computable expression and rewrites it in mathjs syntax.

/** Longest prompt considered: a longer one is a question about numbers, not an expression. */
const MAX_PROMPT_CHARS = 300;

/** Polite openings and verbs around an expression ("what's", "could you compute"), removed repeatedly. */
const LEAD_INS = [
  /^(?:hey|hi|hello|ok|okay|so|quick question)\b[,!:.\s]*/,
  /^please\b[,\s]*/,
  /^(?:can|could|would|will) you\s+(?:please\s+)?(?:tell me\s+)?/,
  /^(?:i need to know|tell me|give me|find|find out|show me)\b[:\s]*/,
  /^(?:what is|what's|whats|what are|what does|how much is|how much are|how much does|compute|calculate|evaluate|work out|figure out|solve|simplify)\b[:\s]*/,
  /^(?:the\s+)?(?:result|value|answer) (?:of|to)\b\s*/,
];
const TRAILERS = [/\s*(?:please|exactly|for me|equal|equals|come to|make|give)\s*$/, /[\s?.!=:]+$/];

/** Word operators → mathjs, applied in order (longer phrases first). */
const REWRITES: Array<[RegExp, string]> = [
  [/[×·∗]/g, " * "],
  [/÷/g, " / "],
  [/[−–]/g, " - "],
  [/²/g, "^2"],
  [/³/g, "^3"],
  [/√\s*/g, "sqrt "],
  [/\*\*/g, "^"],
  [/(\d)\s*(?:%|percent)\s+of\s+/g, "$1 / 100 * "],
  [/\b(?:the\s+)?square root of\s+(\d+(?:\.\d+)?|\([^()]*\))/g, "sqrt($1)"],
  [/\b(?:the\s+)?cube root of\s+(\d+(?:\.\d+)?|\([^()]*\))/g, "cbrt($1)"],
  [/\bsqrt\s+(\d+(?:\.\d+)?)/g, "sqrt($1)"],
  [/\b(?:the\s+)?factorial of\s+(\d+)/g, "$1!"],
  [/\b(\d+)\s+factorial\b/g, "$1!"],
  [/\s+squared\b/g, "^2"],
  [/\s+cubed\b/g, "^3"],
  [/\b(?:raised\s+)?to the power of\b|\braised to\b|\bto the\s+(?=\d)/g, " ^ "],
  [/\bdivided by\b|\bover\b/g, " / "],
  [/\bmultiplied by\b|\btimes\b/g, " * "],
  [/(\d)\s*x\s*(?=[\d(])/g, "$1 * "],
  [/\bplus\b|\badded to\b/g, " + "],
  [/\bminus\b|\bsubtract(?:ed)?\b/g, " - "],
  [/\bmodulo\b|\bmod\b/g, " mod "],
  [/\bln\b/g, "log"],
  [/(\d),(?=\d{3}(?!\d))/g, "$1"],
];

/** Names mathjs knows that an arithmetic prompt may use. */
const FUNCTIONS = new Set([
  "sqrt", "cbrt", "abs", "exp", "log", "log10", "log2", "sin", "cos", "tan", "asin", "acos", "atan",
  "round", "floor", "ceil", "pi", "e", "mod",
]);

const TOKEN = /\s*(?:(\d+(?:\.\d+)?(?:e[+-]?\d+)?|\.\d+)|([a-z][a-z0-9]*)|([-+*/^()!%,]))/y;

/**
 * The mathjs expression a prompt asks to compute ("What is 12.5 * (3 + 4)?" → "12.5 * (3 + 4)",
 * "what's 15% of 80" → "15 / 100 * 80"), or undefined when the prompt is anything more than that
 * (a word problem, an equation to solve, a question with variables). Never evaluates anything.
 */
export function extractArithmetic(prompt: string): string | undefined {
  if (prompt.length > MAX_PROMPT_CHARS) return undefined;
  let t = prompt.trim().toLowerCase();
  for (let changed = true; changed; ) {
    changed = false;
    for (const re of LEAD_INS) {
      const next = t.replace(re, "");
      if (next !== t) [t, changed] = [next, true];
    }
  }
  for (const re of TRAILERS) t = t.replace(re, "");
  for (const [re, to] of REWRITES) t = t.replace(re, to);
  return validate(t);
}

/** Accepts only numbers, operators, parentheses and known function names, balanced and non-trivial. */
function validate(t: string): string | undefined {
  const out: string[] = [];
  let depth = 0;
  let numbers = 0;
  let operations = 0;
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < t.length) {
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(t);
    if (!m || m.index !== start) {
      if (/^\s*$/.test(t.slice(start))) break;
      return undefined;
    }
    const [, num, name, op] = m;
    if (num !== undefined) {
      numbers++;
      out.push(num);
    } else if (name !== undefined) {
      if (!FUNCTIONS.has(name)) return undefined;
      if (name !== "pi" && name !== "e") operations++;
      out.push(name === "mod" ? " mod " : name);
    } else if (op !== undefined) {
      if (op === "(") depth++;
      if (op === ")" && --depth < 0) return undefined;
      if (op !== "(" && op !== ")" && op !== ",") operations++;
      out.push(op);
    }
  }
  if (depth !== 0 || numbers === 0 || operations === 0) return undefined;
  const expr = format(out);
  return /[-+*/^(,]$|^[*/^)!%,]/.test(expr) ? undefined : expr;
}

/** Joins tokens with spaces around binary operators except ^: "12.5 * (3 + 4)", "2^32 - 1". */
function format(tokens: string[]): string {
  let s = "";
  tokens.forEach((tok, i) => {
    const prev = tokens[i - 1];
    const binary = /^[+*/]$/.test(tok) || (tok === "-" && prev !== undefined && /[\d)!%a-z]$/.test(prev));
    if (tok === " mod ") s += " mod ";
    else if (binary) s += ` ${tok} `;
    else if (tok === ",") s += ", ";
    else s += tok;
  });
  return s.replace(/\s+/g, " ").trim();
}
