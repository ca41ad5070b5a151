// Prompt features of the learned predictor: hashed word n-grams of the question and its length (domains are per-model offsets).
import { z } from "zod";

/** How prompts become feature vectors; saved in the artifact so that serving hashes exactly as training did. */
export const FeatureSpecSchema = z.strictObject({
  /** Hash buckets (a power of two). */
  buckets: z.int().min(256).max(1 << 22),
  /** Word n-grams from 1 to this. */
  wordNgrams: z.int().min(1).max(3),
  /** Only the last characters of the question are read. */
  maxChars: z.int().positive(),
});
export type FeatureSpec = z.infer<typeof FeatureSpecSchema>;

export const DEFAULT_FEATURES: FeatureSpec = { buckets: 1 << 17, wordNgrams: 2, maxChars: 4000 };

/** A sparse vector: parallel arrays of bucket indices (distinct) and values. */
export interface SparseVector {
  idx: Int32Array;
  val: Float32Array;
}

const WORD = /[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu;

/**
 * The question of a prompt: its last paragraph (text after the last blank line), where few-shot prompts put
 * the question after their examples; the whole text when it has no blank line.
 */
export function questionOf(text: string): string {
  const t = text.trimEnd();
  const cut = t.lastIndexOf("\n\n");
  return cut >= 0 && t.length - cut > 20 ? t.slice(cut + 2) : t;
}

/**
 * The features of a prompt: binary hashed word 1..n-grams of its question, L2-normalised (so a long question
 * does not weigh more), plus log-length features of the question and of the whole prompt. The domain is not
 * a feature here: the models carry a per-domain offset instead. Deterministic.
 */
export function featurize(text: string, spec: FeatureSpec): SparseVector {
  const question = questionOf(text).slice(-spec.maxChars).toLowerCase();
  const words = question.match(WORD) ?? [];
  const mask = spec.buckets - 1;
  const seen = new Set<number>();
  for (let i = 0; i < words.length; i++) {
    let gram = words[i]!;
    seen.add(hash(`w:${gram}`) & mask);
    for (let n = 2; n <= spec.wordNgrams && i + n <= words.length; n++) {
      gram += ` ${words[i + n - 1]}`;
      seen.add(hash(`w${n}:${gram}`) & mask);
    }
  }
  const norm = seen.size > 0 ? 1 / Math.sqrt(seen.size) : 0;
  const lengths = [hash("len:question") & mask, hash("len:prompt") & mask];
  const values = new Map<number, number>();
  for (const b of seen) values.set(b, norm);
  // Lengths on a log scale, about 0..1 for 10..100,000 characters.
  values.set(lengths[0]!, (values.get(lengths[0]!) ?? 0) + Math.log10(1 + question.length) / 5);
  values.set(lengths[1]!, (values.get(lengths[1]!) ?? 0) + Math.log10(1 + text.length) / 5);
  const idx = Int32Array.from(values.keys());
  const val = Float32Array.from(values.values());
  return { idx, val };
}

/** FNV-1a, 32 bits: fast, stable across runs and platforms. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
