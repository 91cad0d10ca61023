import { SeededRandom } from "./random.js";

/**
 * Splits example indices into train and holdout so every label keeps its share in both (at least one
 * example of each label stays in train). Deterministic for a seed; the order within each part is by index.
 */
export function stratifiedSplit(labels: ArrayLike<number>, holdoutFraction: number, seed: number): { train: Int32Array; holdout: Int32Array } {
  const random = new SeededRandom(seed);
  const byLabel = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    let members = byLabel.get(label);
    if (!members) {
      members = [];
      byLabel.set(label, members);
    }
    members.push(i);
  }
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
