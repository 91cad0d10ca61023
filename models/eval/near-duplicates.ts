/**
 * Near-duplicate detection between a test set and a training set, to report a score that is not inflated by
 * test sentences the model has practically seen (about 14% of BANKING77's test set, per the data README).
 *
 * Two texts are near-duplicates when the Jaccard similarity of their character-trigram sets (after lower-casing
 * and collapsing everything but letters and digits to single spaces) is at least the threshold. Candidates come
 * from an inverted index over trigrams, so the cost is proportional to shared trigrams, not test x train.
 */
export const NEAR_DUPLICATE_JACCARD = 0.8;

function trigramSet(text: string): string[] {
  const normalized = ` ${text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()} `;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= normalized.length; i++) grams.add(normalized.slice(i, i + 3));
  return [...grams];
}

/** For each test text, whether some training text is a near-duplicate of it. */
export function findNearDuplicates(testTexts: readonly string[], trainTexts: readonly string[], threshold = NEAR_DUPLICATE_JACCARD): boolean[] {
  const postings = new Map<string, number[]>();
  const trainSizes = trainTexts.map((text, index) => {
    const grams = trigramSet(text);
    for (const gram of grams) {
      let list = postings.get(gram);
      if (!list) {
        list = [];
        postings.set(gram, list);
      }
      list.push(index);
    }
    return grams.length;
  });
  const shared = new Int32Array(trainTexts.length);
  const touched: number[] = [];
  return testTexts.map((text) => {
    const grams = trigramSet(text);
    for (const gram of grams) {
      for (const index of postings.get(gram) ?? []) {
        if (shared[index] === 0) touched.push(index);
        shared[index]!++;
      }
    }
    let duplicate = false;
    for (const index of touched) {
      const intersection = shared[index]!;
      const union = grams.length + trainSizes[index]! - intersection;
      if (union > 0 && intersection / union >= threshold) duplicate = true;
      shared[index] = 0;
    }
    touched.length = 0;
    return duplicate;
  });
}
