// Finds personal data and secrets in text: emails, phone numbers, payment cards (Luhn), API keys and tokens; each masked for reports.

export type PiiKind =
  | "email" | "phone" | "card"
  | "openai-key" | "aws-access-key" | "github-token" | "slack-token" | "google-api-key" | "stripe-key"
  | "bearer-token" | "jwt" | "private-key";

export interface PiiFinding {
  kind: PiiKind;
  /** Where the finding starts in the text (for its line), and its length. */
  index: number;
  length: number;
  /** A comparable form (lower-cased email, digits of a number, the key itself), to tell data the prompt gave. */
  key: string;
  /** A masked excerpt that says what was found without repeating it. */
  masked: string;
}

/** Domains reserved for documentation and tests (RFC 2606, RFC 6761): an address there belongs to nobody. */
const RESERVED_DOMAIN = /(?:^|\.)(?:example\.(?:com|net|org)|example|test|invalid|localhost)$/i;
const EMAIL = /(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-]|\.\w)/g;
/**
 * North-American shape with a separator or parentheses: (212) 555-0123, 212-555-0123, +1 212 555 0123. Bare
 * 10-digit runs are not taken, nor three numbers inside a longer list of numbers ("1000 500 700 2000").
 */
const NANP = /(?<![\w+.,-])(?<!\d[ ,])(?:\+?1[ .-]?)?(?:\(\s*[2-9]\d{2}\s*\)[ .-]?|[2-9]\d{2}[ .-])[2-9]\d{2}[ .-]\d{4}(?![\w-]|\.\d|[ ,]\d)/g;
/** International shape: a leading +, a country code, then groups; 8 to 15 digits in all (E.164). */
const INTERNATIONAL = /(?<![\w+])\+[1-9]\d{0,2}(?:[ .-]?\(?\d{1,5}\)?){1,6}(?![\w-]|\.\d)/g;
/** 13 to 19 digits, with single spaces or dashes allowed between them; not the decimals of a fraction. */
const CARD = /(?<![\d.,-])\d(?:[ -]?\d){12,18}(?![\d-]|[.,]\d)/g;
/** A bare run of digits is a card number only where the text says so: lists of long integers pass Luhn one time in ten. */
const CARD_CONTEXT = /(?:card|visa|master|amex|american express|discover|credit|debit|\bcc\b|payment|\bpan\b)[^\n]{0,40}$/i;

interface KeyShape {
  kind: PiiKind;
  re: RegExp;
  /** The part of a match that is the fixed prefix (shown); the rest is the secret (never shown). */
  prefix: (m: string) => string;
}
const fixed = (n: number) => (m: string) => m.slice(0, n);
const KEYS: readonly KeyShape[] = [
  { kind: "private-key", re: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----[\s\S]{0,5000}?(?:-----END (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----|$)/g, prefix: (m) => m.slice(0, m.indexOf("KEY-----") + 8) },
  { kind: "jwt", re: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g, prefix: fixed(3) },
  { kind: "openai-key", re: /(?<![\w-])sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}(?![\w-])/g, prefix: (m) => /^sk-(?:proj-|svcacct-|admin-)?/.exec(m)![0] },
  { kind: "aws-access-key", re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, prefix: fixed(4) },
  { kind: "github-token", re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b/g, prefix: (m) => /^(?:gh[pousr]_|github_pat_)/.exec(m)![0] },
  { kind: "slack-token", re: /\bxox[abposr]-[A-Za-z0-9-]{10,250}/g, prefix: fixed(5) },
  { kind: "google-api-key", re: /\bAIza[0-9A-Za-z_-]{35}(?![\w-])/g, prefix: fixed(4) },
  { kind: "stripe-key", re: /\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,247}\b/g, prefix: (m) => m.slice(0, m.indexOf("_", 3) + 1) },
  { kind: "bearer-token", re: /\bBearer\s+[A-Za-z0-9\-._~+/]{20,}=*/g, prefix: (m) => /^Bearer\s+/.exec(m)![0] },
];

/** Whether a key's secret part looks random: letters and digits, and varied. Placeholders ("sk-your-key-here", "xxxx…", "…EXAMPLE") are not. */
function looksRandom(secret: string): boolean {
  if (/example|your|xxxx|\.\.\.|placeholder|redacted|dummy|<|>/i.test(secret)) return false;
  const body = secret.replace(/[^A-Za-z0-9]/g, "");
  return /\d/.test(body) && /[A-Za-z]/.test(body) && new Set(body).size >= Math.min(10, body.length / 2);
}

/** The Luhn checksum every payment card number satisfies. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** Issuer prefixes of card networks (Visa, Mastercard, Amex, Discover, Diners, JCB, UnionPay, Maestro). */
const ISSUER = /^(?:4|5[0-9]|2[2-7]|3[0-9]|6)/;
/** Group shapes of written card numbers: fours (the last group shorter), Amex 4-6-5, Diners 4-6-4. */
const GROUPS = /^(?:\d{4}(?:([ -])\d{4})(?:\1\d{4}){0,2}(?:\1\d{1,4})?|\d{4}([ -])\d{6}\2\d{4,5})$/;

function cardDigits(m: string, before: string): string | null {
  const digits = m.replace(/\D/g, "");
  if (digits.length < 13 || digits.length > 19 || /^(\d)\1+$/.test(digits)) return null;
  if (/[ -]/.test(m) ? !GROUPS.test(m) : !CARD_CONTEXT.test(before)) return null;
  return ISSUER.test(digits) && luhnValid(digits) ? digits : null;
}

/** Words that make "+14155552671" or "415 555 2671" a phone number rather than a signed quantity or a list of numbers. */
const PHONE_CONTEXT = /(?:phone|\btel\b|mobile|cell|call|text|whatsapp|sms|fax|contact|number|reach)[^\n]{0,15}$/i;

function phoneDigits(m: string, before: string): string | null {
  // Without parentheses, dashes or dots (or a "+" country code and spaced groups), digits are as likely a list of
  // numbers or a signed quantity: then the text must say "phone".
  const shaped = /[.()-]/.test(m) || (m.startsWith("+") && m.includes(" "));
  if (!shaped && !PHONE_CONTEXT.test(before)) return null;
  const digits = m.replace(/\D/g, "");
  if (digits.length < 8 || digits.length > 15 || /0{6,}/.test(digits)) return null;
  return digits.length === 11 && digits.startsWith("1") ? digits.slice(1) : digits;
}

const maskDigits = (m: string, keep: number) => {
  let seen = m.replace(/\D/g, "").length;
  return m.replace(/\d/g, (d) => (--seen < keep ? d : "*"));
};

function maskEmail(m: string): string {
  const [local, domain] = m.split("@") as [string, string];
  const tld = domain.slice(domain.lastIndexOf("."));
  return `${local[0]}***@${domain[0]}***${tld}`;
}

/**
 * Every finding in `text`, in order, none overlapping: keys and tokens first (they may hold digits that
 * look like numbers), then cards, emails and phone numbers.
 */
export function findPii(text: string): PiiFinding[] {
  const found: PiiFinding[] = [];
  const free = (index: number, length: number) => !found.some((f) => index < f.index + f.length && f.index < index + length);
  const add = (f: PiiFinding) => free(f.index, f.length) && found.push(f);
  for (const shape of KEYS) {
    for (const m of text.matchAll(shape.re)) {
      const prefix = shape.prefix(m[0]);
      if (shape.kind !== "private-key" && !looksRandom(m[0].slice(prefix.length))) continue;
      add({ kind: shape.kind, index: m.index, length: m[0].length, key: m[0], masked: `${prefix}…(${m[0].length} chars)` });
    }
  }
  for (const m of text.matchAll(CARD)) {
    const digits = cardDigits(m[0], text.slice(Math.max(0, m.index - 60), m.index));
    if (digits) add({ kind: "card", index: m.index, length: m[0].length, key: digits, masked: maskDigits(m[0], 4) });
  }
  for (const m of text.matchAll(EMAIL)) {
    if (RESERVED_DOMAIN.test(m[0].split("@")[1]!)) continue;
    add({ kind: "email", index: m.index, length: m[0].length, key: m[0].toLowerCase(), masked: maskEmail(m[0]) });
  }
  for (const re of [NANP, INTERNATIONAL]) {
    for (const m of text.matchAll(re)) {
      const digits = phoneDigits(m[0], text.slice(Math.max(0, m.index - 30), m.index));
      if (digits) add({ kind: "phone", index: m.index, length: m[0].length, key: digits, masked: maskDigits(m[0], 2) });
    }
  }
  return found.sort((a, b) => a.index - b.index);
}
