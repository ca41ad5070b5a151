// Reads the format a prompt asks for when it says so unambiguously ("answer in one word", "in 50 words or fewer", "respond in JSON") and checks an answer against it.
import { asksForJson, jsonOf, parseJson } from "./json.js";

/** A format the prompt asks for, with the check of an answer against it (null when it holds, else why not). */
export interface FormatDemand {
  says: string;
  problem(answer: string): string | null;
}

/** Words of an answer: whitespace-separated tokens with a letter or digit in them (Markdown marks alone are not words). */
export const wordCount = (text: string) => text.trim().split(/\s+/).filter((t) => /[\p{L}\p{N}]/u.test(t)).length;
/** Characters of the trimmed answer, as code points (an emoji is one). */
export const charCount = (text: string) => [...text.trim()].length;

const NUMBERS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  fifteen: 15, twenty: 20, thirty: 30, forty: 40, fifty: 50, hundred: 100, "a hundred": 100, "one hundred": 100,
};
const N = String.raw`(\d{1,5}|one hundred|a hundred|${Object.keys(NUMBERS).join("|")})`;
const count = (s: string) => NUMBERS[s.toLowerCase()] ?? Number(s);

const ONE_WORD = /\b(?:in|with|using)\s+(?:only\s+|just\s+)?(?:one|a single|1)\s+word\b(?!\s*(?:or|and)\b)|\b(?:one|single)[- ]word (?:answer|response|reply)\b/i;
const SINGLE_LETTER = /\b(?:answer|respond|reply|print|output|give|write)\s+(?:with\s+)?(?:only\s+|just\s+)?(?:a single|one|the|only the)\s+(?:option\s+|answer\s+|choice\s+)?letter\b|\bonly (?:the|a single|one) (?:option |answer |choice )?letter\b|\bprint only a single choice\s+from\b/i;
const YES_NO = /\b(?:answer|respond|reply)\s+(?:only\s+|just\s+)?(?:with\s+)?["'“]?yes["'”]?\s+or\s+["'“]?no["'”]?/i;
const MAX_WORDS = [
  new RegExp(String.raw`\b(no more than|at most|fewer than|less than|under|a maximum of|maximum of|up to|not exceeding)\s+${N}\s+words\b`, "i"),
  new RegExp(String.raw`\b${N}\s+words\s+or\s+(?:fewer|less)\b`, "i"),
];
const MIN_WORDS = [new RegExp(String.raw`\b(?:at least|a minimum of|no fewer than|no less than)\s+${N}\s+words\b`, "i"), new RegExp(String.raw`\b${N}\s+words\s+or\s+more\b`, "i")];

const bare = (answer: string) => answer.trim().replace(/^[*_`"'“(]+|[*_`"'”).!,;:]+$/g, "");

/** The format demands a prompt states; none when it states none this plainly. */
export function formatDemands(prompt: string): FormatDemand[] {
  const demands: FormatDemand[] = [];
  if (SINGLE_LETTER.test(prompt)) {
    demands.push({ says: "a single letter", problem: (a) => (/^[A-Za-z]$/.test(bare(a)) ? null : `asked for a single letter, got "${a.trim().slice(0, 40)}"`) });
  } else if (ONE_WORD.test(prompt)) {
    demands.push({ says: "one word", problem: (a) => (wordCount(bare(a)) === 1 ? null : `asked for one word, got ${wordCount(a)}`) });
  }
  if (YES_NO.test(prompt)) {
    demands.push({ says: "yes or no", problem: (a) => (/^(?:yes|no)\b/i.test(bare(a)) ? null : `asked for yes or no, got "${a.trim().slice(0, 40)}"`) });
  }
  for (const re of MAX_WORDS) {
    const m = re.exec(prompt);
    if (!m) continue;
    const strict = /fewer than|less than|under/i.test(m[0]) && !/or (?:fewer|less)/i.test(m[0]);
    const max = count(m.at(-1)!) - (strict ? 1 : 0);
    demands.push({ says: `at most ${max} words`, problem: (a) => (wordCount(a) <= max ? null : `asked for at most ${max} words, got ${wordCount(a)}`) });
    break;
  }
  for (const re of MIN_WORDS) {
    const m = re.exec(prompt);
    if (!m) continue;
    const min = count(m[1]!);
    demands.push({ says: `at least ${min} words`, problem: (a) => (wordCount(a) >= min ? null : `asked for at least ${min} words, got ${wordCount(a)}`) });
    break;
  }
  if (asksForJson(prompt)) {
    demands.push({ says: "JSON", problem: (a) => { const p = parseJson(jsonOf(a)); return p.ok ? null : `asked for JSON: ${p.why}`; } });
  }
  return demands;
}
