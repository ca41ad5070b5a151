// Parses each code block of an answer in its language, telling solution code from examples, output and other languages.
import { isNotCode, languageByLook, parseableLanguage, type Parseable } from "./code-language.js";
import { codeRuns } from "./code-runs.js";
import { codeBlocks, sessionCode, type CodeBlock } from "./fences.js";
import { MAX_CODE_CHARS, syntaxProblem, type SyntaxProblem } from "./parse-code.js";

/** How one block parsed, in the language it was read in. */
export interface ParsedBlock {
  block: CodeBlock;
  language: Parseable;
  problem: SyntaxProblem | null;
  /** Prose lines inside the block ("Example usage:", sentences) were skipped and the code around them parses. */
  proseSkipped?: boolean;
  /** Whether the block defines something (a function, a class): solution code rather than a usage example. */
  defines: boolean;
}

export interface ParsedAnswer {
  parsed: ParsedBlock[];
  /** Tags of blocks in languages not asked for or without a parser (java, cpp, or javascript when python was asked). */
  others: Set<string>;
  /** Blocks with no statement-shaped line: program output or examples, not code. */
  outputs: number;
  /** Blocks left unparsed once the answer's parse budget was spent (an answer of thousands of blocks). */
  unparsed: number;
}

const DEFINES: Record<Parseable, RegExp> = {
  python: /^[ \t]*(?:async[ \t]+)?def[ \t]|^[ \t]*class[ \t]/m,
  javascript: /\bfunction\b|=>|^[ \t]*class[ \t]/m,
  typescript: /\bfunction\b|=>|^[ \t]*(?:class|interface|type)[ \t]/m,
  jsx: /\bfunction\b|=>|^[ \t]*class[ \t]/m,
  tsx: /\bfunction\b|=>|^[ \t]*(?:class|interface|type)[ \t]/m,
};
/**
 * How much code one answer may have parsed, in characters, each block counting a fixed cost besides: the
 * judge stays fast on an answer of thousands of blocks. Blocks past it are counted, not parsed.
 */
const PARSE_BUDGET = 4 * MAX_CODE_CHARS;
const BLOCK_COST = 2_000;
/** Untagged code in no known language is read in the first of these that accepts it (prose parses in none). */
const FALLBACK: readonly Parseable[] = ["python", "typescript", "tsx"];

/**
 * Parses a block; when it fails as a whole, parses its runs of code between prose lines one by one. Returns
 * null for a block with no statement-shaped line at all: output, not code.
 */
function parseBlock(block: CodeBlock, language: Parseable): ParsedBlock | null {
  const defines = DEFINES[language].test(block.code);
  const problem = syntaxProblem(block.code, language);
  if (!problem) return { block, language, problem, defines };
  if (block.code.length > MAX_CODE_CHARS) return { block, language, problem, defines };
  const runs = codeRuns(block.code);
  if (runs.length === 0) return null;
  for (const run of runs) {
    const p = syntaxProblem(run.code, language);
    if (p) return { block, language, problem: { ...p, line: p.line + run.line }, defines };
  }
  return { block, language, problem: null, proseSkipped: true, defines };
}

/** Parses an untagged block in `language`, or when that is unknown, in the first fallback language that accepts it. */
function parseUntagged(block: CodeBlock, language: Parseable | undefined): ParsedBlock | null {
  if (language) return parseBlock(block, language);
  let first: ParsedBlock | null = null;
  for (const l of FALLBACK) {
    const p = parseBlock(block, l);
    if (!p || !p.problem) return p;
    first ??= p;
  }
  return first;
}

/** JavaScript and its dialects are one family: a `js` block answers a TypeScript request well enough to parse. */
const sameFamily = (a: Parseable, b: Parseable) => a === b || (a !== "python" && b !== "python");

/** The answer's blocks, or the whole answer as one block when it has no fence but reads as code. */
function blocksOf(response: string, asked: Parseable | undefined): CodeBlock[] {
  const blocks = codeBlocks(response).map((b) => ({ ...b, code: sessionCode(b.code) }));
  if (blocks.length > 0) return blocks;
  // Unfenced: the whole answer, when some of it reads as code (a line shaped like a statement outside prose).
  return (asked || languageByLook(response)) && codeRuns(response).length > 0 ? [{ tag: "", code: response, line: 1, closed: true }] : [];
}

/**
 * Parses every block of an answer: each tagged block in its tag's language, untagged ones in the language
 * asked for (else by their look). Blocks in another language than the one asked for, and blocks of output
 * or shell commands (by tag), are set aside, not parsed.
 */
export function parseAnswer(response: string, asked: Parseable | undefined): ParsedAnswer & { blocks: number } {
  const blocks = blocksOf(response, asked).filter((b) => b.code.trim());
  const parsed: ParsedBlock[] = [];
  const others = new Set<string>();
  let outputs = 0;
  let unparsed = 0;
  let budget = PARSE_BUDGET;
  for (const block of blocks) {
    if (isNotCode(block.tag)) continue;
    if (budget <= 0) {
      unparsed++;
      continue;
    }
    budget -= block.code.length + BLOCK_COST;
    const tagged = parseableLanguage(block.tag);
    if (block.tag && !tagged) others.add(block.tag);
    else if (tagged && asked && !sameFamily(tagged, asked)) others.add(tagged);
    else {
      const p = tagged ? parseBlock(block, tagged) : parseUntagged(block, asked ?? languageByLook(block.code));
      if (p) parsed.push(p);
      else outputs++;
    }
  }
  return { blocks: blocks.length, parsed, others, outputs, unparsed };
}
