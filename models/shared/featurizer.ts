/**
 * The one featurizer shared by training (Node) and inference (the Worker): text -> hashed feature ids.
 *
 * Features (fastText style, all hashed into one table of `buckets` rows):
 *   - word n-grams up to `wordNgramMax` (with sentence boundary markers, so "how ..." at the start is a feature),
 *     each repeated `wordNgramRepeat` times so words keep their weight in the mean next to the more numerous
 *     character n-grams,
 *   - character n-grams of each word in `[charNgramMin, charNgramMax]`, the word wrapped in `<` `>`,
 *   - one constant feature, so the bag is never empty (an empty or symbol-only text still has a defined output).
 *
 * Pure and deterministic: only string normalisation, integer hashing with Math.imul and typed arrays, so Node and
 * workerd produce the same ids for the same text (a test checks this). Changing anything here changes every model:
 * bump FEATURIZER_VERSION and retrain.
 */

export const FEATURIZER_VERSION = 1;

export interface FeaturizerConfig {
  /** Bumped whenever the algorithm below changes; a model trained with another version is rejected. */
  readonly version: number;
  /** Rows in the embedding table; every feature hashes into [0, buckets). */
  readonly buckets: number;
  /** Longest word n-gram (1 = words only, 2 = words + bigrams, 3 = + trigrams). */
  readonly wordNgramMax: number;
  /** How many times each word n-gram id is emitted (its weight in the mean of the bag). */
  readonly wordNgramRepeat: number;
  /** Character n-gram lengths, inclusive; charNgramMax 0 disables character n-grams. */
  readonly charNgramMin: number;
  readonly charNgramMax: number;
  /** Texts are cut to this many characters after normalisation (long tickets: the opening carries the intent). */
  readonly maxChars: number;
  /** Seed mixed into every hash; lets a model family use a fresh hash layout. */
  readonly hashSeed: number;
  /**
   * Multilingual options, absent (off) in models trained before them, so those keep their ids and versions.
   * foldDiacritics: "rücksendung", "rucksendung" and "ruecksendung"... the first two become one word (marks
   * stripped after NFKD, ß → ss, æ/œ/ø expanded): customers type without accents as often as with them.
   * splitElisions: French/Italian "l'adresse", "j'ai", "qu'il" become "l' adresse" ("l'", "adresse"), so the noun
   * is the same word as without its article; English "don't" and "customer's" stay whole (the prefix rule below).
   */
  readonly foldDiacritics?: boolean;
  readonly splitElisions?: boolean;
}

export const DEFAULT_FEATURIZER_CONFIG: FeaturizerConfig = {
  version: FEATURIZER_VERSION,
  buckets: 32_768,
  wordNgramMax: 3,
  wordNgramRepeat: 2,
  charNgramMin: 3,
  charNgramMax: 5,
  maxChars: 2_000,
  hashSeed: 0x5eed,
};

// Distinct namespaces keep a word, a bigram and a char n-gram with the same characters apart.
const NAMESPACE_WORD = 0x77;
const NAMESPACE_CHAR = 0x63;
const NAMESPACE_CONSTANT = 0x6b;
const WORD_BOUNDARY_START = 0x3c; // '<'
const WORD_BOUNDARY_END = 0x3e; // '>'
// Sentence boundary "words" for the n-grams that touch the start or the end of the text.
const SENTENCE_START_HASH = 0x2f5a4b1d;
const SENTENCE_END_HASH = 0x61c88647;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnvStep(hash: number, value: number): number {
  return Math.imul(hash ^ value, FNV_PRIME);
}

/** murmur3's finaliser: spreads FNV's weak low bits before the modulo. */
function finalize(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// Letters and digits with inner apostrophes ("don't", "customer's"); everything else separates words.
const WORD_PATTERN = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;
const APOSTROPHES = /[\u2018\u2019\u02bc`]/g;
const DIGIT = /\p{Nd}/gu;

/**
 * Canonical form of a text before tokenisation: Unicode NFKC, lower case, one apostrophe, every decimal digit
 * as "0" (order numbers and amounts differ in value, not in meaning), cut to `maxChars`.
 */
export function normalizeText(text: string, maxChars: number, opts: Pick<FeaturizerConfig, "foldDiacritics" | "splitElisions"> = {}): string {
  let normalized = text.normalize("NFKC").toLowerCase().replace(APOSTROPHES, "'").replace(DIGIT, "0");
  if (opts.foldDiacritics) normalized = foldDiacritics(normalized);
  if (opts.splitElisions) normalized = normalized.replace(ELISION, "$1' ");
  return normalized.length > maxChars ? normalized.slice(0, maxChars) : normalized;
}

// Letters NFKD does not decompose into base + mark.
const LIGATURES: Record<string, string> = { ß: "ss", æ: "ae", œ: "oe", ø: "o", đ: "d", ł: "l", ı: "i" };
const COMBINING_MARK = /\p{M}/gu;
const LIGATURE = /[ßæœøđłı]/g;

/** Lower-case text without diacritics, recomposed (NFC) so what is left compares as the plain letters. */
export function foldDiacritics(lower: string): string {
  return lower
    .normalize("NFKD")
    .replace(COMBINING_MARK, "")
    .replace(LIGATURE, (ch) => LIGATURES[ch] ?? ch)
    .normalize("NFC");
}

// An elided article or pronoun (French l' d' j' m' n' s' t' c' qu' jusqu' lorsqu' puisqu', Italian l' un' dell')
// before a word: one letter, or one of the few longer forms, at a word start.
const ELISION = /(?<![\p{L}\p{N}'])([\p{L}]|qu|jusqu|lorsqu|puisqu|quoiqu|un|dell|all|dall|nell|sull)'(?=\p{L})/gu;

/** Words of a normalised text, each as its Unicode code points. */
export function tokenize(normalized: string): number[][] {
  const words: number[][] = [];
  for (const match of normalized.matchAll(WORD_PATTERN)) {
    const codePoints: number[] = [];
    for (const ch of match[0]) codePoints.push(ch.codePointAt(0) ?? 0);
    words.push(codePoints);
  }
  return words;
}

/**
 * Feature ids of one text, in a fixed order (constant, words and word n-grams, then char n-grams).
 * Repeated features repeat (term frequency counts in the mean of the bag).
 */
export function featurize(text: string, config: FeaturizerConfig): Int32Array {
  const words = tokenize(normalizeText(text, config.maxChars, config));
  const seed = fnvStep(FNV_OFFSET, config.hashSeed);
  const ids: number[] = [finalize(fnvStep(seed, NAMESPACE_CONSTANT)) % config.buckets];

  const wordHashes = words.map((word) => wordHash(seed, word));
  const wordNgramMax = config.wordNgramMax;
  // Padded sequence: boundary, words..., boundary. n-grams of length >= 2 may include the boundaries;
  // unigrams are the words themselves.
  const padded = [SENTENCE_START_HASH, ...wordHashes, SENTENCE_END_HASH];
  for (let start = 0; start < padded.length; start++) {
    let h = seed;
    for (let n = 1; n <= wordNgramMax && start + n <= padded.length; n++) {
      h = fnvStep(fnvStep(h, n), padded[start + n - 1]!);
      const isBoundaryUnigram = n === 1 && (start === 0 || start === padded.length - 1);
      const isOnlyBoundaries = padded.length === 2;
      if (isBoundaryUnigram || isOnlyBoundaries) continue;
      const id = finalize(h) % config.buckets;
      for (let r = 0; r < config.wordNgramRepeat; r++) ids.push(id);
    }
  }

  if (config.charNgramMax > 0) {
    const minN = config.charNgramMin;
    const maxN = config.charNgramMax;
    for (const word of words) {
      const chars = [WORD_BOUNDARY_START, ...word, WORD_BOUNDARY_END];
      for (let start = 0; start < chars.length; start++) {
        let h = fnvStep(seed, NAMESPACE_CHAR);
        for (let n = 1; n <= maxN && start + n <= chars.length; n++) {
          h = fnvStep(h, chars[start + n - 1]!);
          // The whole "<word>" is already a word feature; a lone boundary marker carries nothing.
          if (n < minN || n === chars.length) continue;
          ids.push(finalize(h) % config.buckets);
        }
      }
    }
  }
  return Int32Array.from(ids);
}

function wordHash(seed: number, codePoints: readonly number[]): number {
  let h = fnvStep(seed, NAMESPACE_WORD);
  for (const cp of codePoints) h = fnvStep(h, cp);
  return h;
}

/**
 * The id featurize() gives one word's unigram feature (`word` already normalised, one token), e.g. to give the
 * rows of words a model never trained on a value (bench/model/pretrained-vectors.ts).
 */
export function wordUnigramId(word: string, config: FeaturizerConfig): number {
  const seed = fnvStep(FNV_OFFSET, config.hashSeed);
  const codePoints = Array.from(word, (ch) => ch.codePointAt(0) ?? 0);
  return finalize(fnvStep(fnvStep(seed, 1), wordHash(seed, codePoints))) % config.buckets;
}

/** Rejects a config this featurizer cannot reproduce (a model trained by another featurizer version). */
export function assertCompatibleFeaturizer(config: FeaturizerConfig): void {
  if (config.version !== FEATURIZER_VERSION) {
    throw new Error(`model was built with featurizer v${config.version}, this code is v${FEATURIZER_VERSION}: retrain the model`);
  }
  if (!Number.isInteger(config.buckets) || config.buckets < 1) throw new Error(`invalid buckets: ${config.buckets}`);
  if (!Number.isInteger(config.wordNgramRepeat) || config.wordNgramRepeat < 1) {
    throw new Error(`invalid wordNgramRepeat: ${config.wordNgramRepeat}`);
  }
}
