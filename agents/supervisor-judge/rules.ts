// Model-free checks of a subtask output: present, not a refusal, and in the format the plan asked for.
/** What the rules found: `fault` means the expert did not really answer; `format` means it answered in the wrong shape. */
export interface RuleResult {
  pass: boolean;
  kind: "ok" | "fault" | "format";
  reasons: string[];
}

/** Openings of a refusal (checked on the first 200 characters only: a long answer may quote one). */
const REFUSAL = /^\s*(?:I['’]m sorry|I am sorry|Sorry, (?:but )?I|I can(?:not|['’]t) (?:help|assist|comply|do that|provide)|I won['’]t|As an AI\b|I['’]m (?:not able|unable) to|I am (?:not able|unable) to)/i;

/** What the expected output asks for, as far as a rule can check it. */
const WANTS_JSON = /\bJSON\b/i;
const WANTS_NUMBER = /^\s*(?:a|one|the)?\s*(?:single\s+)?(?:number|integer|numeric (?:value|answer))\b/i;

/** Runs the rules in order of severity; `error` is the executor's failure when no expert answered. */
export function checkRules(output: string | null, expectedOutput: string, error?: string): RuleResult {
  if (error) return { pass: false, kind: "fault", reasons: [`no expert answered: ${error}`] };
  const text = (output ?? "").trim();
  if (!text) return { pass: false, kind: "fault", reasons: ["the output is empty"] };
  const head = text.slice(0, 200);
  if (REFUSAL.test(head)) return { pass: false, kind: "fault", reasons: [`the expert refused: "${head.slice(0, 80)}"`] };
  if (WANTS_JSON.test(expectedOutput)) {
    const body = (/```(?:json)?\s*([\s\S]*?)```/.exec(text)?.[1] ?? text).trim();
    try {
      JSON.parse(body);
    } catch (e) {
      return { pass: false, kind: "format", reasons: [`JSON was expected but the output does not parse (${(e as Error).message})`] };
    }
  }
  if (WANTS_NUMBER.test(expectedOutput) && !/\d/.test(text)) {
    return { pass: false, kind: "format", reasons: ["a number was expected but the output has none"] };
  }
  return { pass: true, kind: "ok", reasons: [] };
}
