// Normalizes short answers for comparison: case, punctuation, articles, markup and whitespace do not count.

/**
 * The comparable form of a short answer: Unicode-compatible (NFKC), lower-cased, Markdown and LaTeX text
 * markup removed, punctuation as spaces, the articles "a", "an", "the" dropped, whitespace collapsed.
 */
export function normalizeText(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/\\text\{([^}]*)\}/g, "$1")
    .replace(/[*_`~]+/g, " ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .replace(/\b(?:a|an|the)\b/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}
