import { SeededRandom } from "./random.js";

/**
 * Splits example indices into train and holdout so every label keeps its share in both (at least one
 * example of each label stays in train). Deterministic for a seed; the order within each part is by index.
 */
export function stratifiedSplit(labels: ArrayLike<number>, holdoutFraction: number, seed: number): { train: Int32Array; holdout: Int32Array } {
  const random = new SeededRandom(seed);
  const byLabel = indicesByLabel(labels);
  const train: number[] = [];
  const holdout: number[] = [];
  for (const label of [...byLabel.keys()].sort((a, b) => a - b)) {
    const members = random.shuffle(byLabel.get(label)!);
    const holdoutCount = Math.min(members.length - 1, Math.round(members.length * holdoutFraction));
    holdout.push(...members.slice(0, holdoutCount));
    train.push(...members.slice(holdoutCount));
  }
  const ascending = (a: number, b: number) => a - b;
  return { train: Int32Array.from(train.sort(ascending)), holdout: Int32Array.from(holdout.sort(ascending)) };
}

/**
 * Assigns every example to one of `folds` folds so each label is spread evenly over them (its examples shuffled,
 * then dealt out in turn). Deterministic for a seed. Returns the fold of each example.
 */
export function stratifiedFolds(labels: ArrayLike<number>, folds: number, seed: number): Int32Array {
  const random = new SeededRandom(seed);
  const byLabel = indicesByLabel(labels);
  const fold = new Int32Array(labels.length);
  let next = 0;
  for (const label of [...byLabel.keys()].sort((a, b) => a - b)) {
    // Each label starts where the last one stopped, so small labels do not all pile into fold 0.
    for (const i of random.shuffle(byLabel.get(label)!)) fold[i] = next++ % folds;
  }
  return fold;
}

/** Each label's example indices, in index order. */
function indicesByLabel(labels: ArrayLike<number>): Map<number, number[]> {
  const byLabel = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const members = byLabel.get(labels[i]!) ?? [];
    members.push(i);
    byLabel.set(labels[i]!, members);
  }
  return byLabel;
}
