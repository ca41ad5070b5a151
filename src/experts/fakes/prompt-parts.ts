// Reading a chat prompt the way the fakes need it: the request text, and the parts a planner would split it into.

/** Message content as text: a string as is; of an array of parts, the text parts joined (images dropped). */
export function flattenContent(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((p) => (p && typeof p === "object" && typeof (p as { text?: unknown }).text === "string" ? (p as { text: string }).text : ""))
    .filter((t) => t !== "")
    .join("\n");
}

/** The last user message (the request being answered); the last message of any role if there is none. */
export function lastUserText(messages: readonly { role: string; content: string }[]): string {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.role === "user") return messages[i]!.content;
  return messages.at(-1)?.content ?? "";
}

const BULLET_LINE = /^\s*(?:\d{1,2}[.)]|[-*•+]|\(?[a-z][.)]|step\s+\d+[:.)])\s+(.*\S)\s*$/i;
/** "1. x 2. y" written inline: a number with a dot/paren, preceded by start or whitespace, followed by a space. */
const INLINE_NUMBER = /(?:^|\s)(\d{1,2})[.)]\s+/g;
const CONNECTOR = /^(?:and\s+then|and|then|first(?:ly)?|second(?:ly)?|third(?:ly)?|next|finally|lastly|also|after\s+that)\b[,:]?\s*/i;

/**
 * Splits a request into the parts a planner would make subtasks of: numbered or bulleted lines
 * (or inline "1. … 2. …"), otherwise sentences, each further split on ";", " and then " and ", then ".
 * Deterministic; never empty (an empty request yields one generic part).
 */
export function splitRequest(text: string): string[] {
  const listed = listItems(text);
  const pieces = listed ?? sentences(text).flatMap((s) => s.split(/;\s*|,?\s+and then\s+|,\s*then\s+/i));
  const parts = pieces.map(tidy).filter((p) => p.length > 0);
  return parts.length > 0 ? parts : [tidy(text) || "Answer the request"];
}

/** Items of a bulleted/numbered list (on their own lines or inline), or undefined when there is no list. */
function listItems(text: string): string[] | undefined {
  const lines = text.split(/\r?\n/);
  const items: string[] = [];
  for (const line of lines) {
    const m = BULLET_LINE.exec(line);
    if (m) items.push(m[1]!);
    // An indented or plain line right after an item continues it.
    else if (items.length > 0 && line.trim() !== "" && /^\s/.test(line)) items[items.length - 1] += ` ${line.trim()}`;
  }
  if (items.length >= 2) return items;
  return inlineNumbered(text);
}

/** "Do this: 1. a 2. b 3. c" — only when the numbers run 1, 2, 3… so that "3.5 kg" is never a split point. */
function inlineNumbered(text: string): string[] | undefined {
  const starts: { at: number; body: number }[] = [];
  for (const m of text.matchAll(INLINE_NUMBER)) {
    if (Number(m[1]) !== starts.length + 1) continue;
    starts.push({ at: m.index!, body: m.index! + m[0].length });
  }
  if (starts.length < 2) return undefined;
  return starts.map((s, i) => text.slice(s.body, starts[i + 1]?.at ?? text.length));
}

/** Sentence split that keeps decimals ("3.5") and common abbreviations ("e.g.") together. */
function sentences(text: string): string[] {
  return text
    .replace(/\s+/g, " ")
    .split(/(?<=[.!?])\s+(?=["'(]?[A-Z0-9])/)
    .reduce<string[]>((acc, s) => {
      const prev = acc.at(-1);
      if (prev !== undefined && /\b(?:e\.g|i\.e|etc|vs|mr|mrs|dr|no)\.$/i.test(prev)) acc[acc.length - 1] = `${prev} ${s}`;
      else acc.push(s);
      return acc;
    }, []);
}

/** Trims list debris and leading connectors ("then", "finally") and capitalizes the part. */
function tidy(part: string): string {
  let p = part.replace(/\s+/g, " ").trim();
  for (let prev = ""; prev !== p; ) {
    prev = p;
    p = p.replace(CONNECTOR, "").trim();
  }
  p = p.replace(/^[,;:.\-–]+\s*/, "").replace(/[,;:]+$/, "").trim();
  return p.charAt(0).toUpperCase() + p.slice(1);
}
