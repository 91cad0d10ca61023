import { featurize, type FeaturizerConfig } from "../shared/featurizer.js";

/**
 * Examples as one flat array of feature ids (compressed sparse rows): example i owns
 * ids[offsets[i] .. offsets[i + 1]). Built once, so the training loop never featurizes or allocates.
 */
export interface FeaturizedSet {
  readonly size: number;
  readonly offsets: Int32Array;
  readonly ids: Int32Array;
  /** Class index per example. */
  readonly labels: Int32Array;
  /** Loss weight per example (agent corrections may count more than base data). */
  readonly weights: Float32Array;
}

export interface WeightedExample {
  readonly text: string;
  readonly labelIndex: number;
  readonly weight?: number;
}

export function featurizeExamples(examples: readonly WeightedExample[], config: FeaturizerConfig): FeaturizedSet {
  return featurizedSetOf(
    examples.map((example) => featurize(example.text, config)),
    examples,
  );
}

/** A set of examples whose ids are given (one list per example, e.g. featurize's ids plus ids of other rows). */
export function featurizedSetOf(perExample: readonly ArrayLike<number>[], examples: readonly Omit<WeightedExample, "text">[]): FeaturizedSet {
  const offsets = new Int32Array(examples.length + 1);
  perExample.forEach((ids, i) => {
    offsets[i + 1] = offsets[i]! + ids.length;
  });
  const ids = new Int32Array(offsets[examples.length]!);
  perExample.forEach((exampleIds, i) => {
    ids.set(exampleIds, offsets[i]!);
  });
  return {
    size: examples.length,
    offsets,
    ids,
    labels: Int32Array.from(examples, (example) => example.labelIndex),
    weights: Float32Array.from(examples, (example) => example.weight ?? 1),
  };
}

/** The examples at `indices`, in that order (for train / validation splits). */
export function subset(set: FeaturizedSet, indices: ArrayLike<number>): FeaturizedSet {
  const offsets = new Int32Array(indices.length + 1);
  for (let i = 0; i < indices.length; i++) {
    const source = indices[i]!;
    offsets[i + 1] = offsets[i]! + (set.offsets[source + 1]! - set.offsets[source]!);
  }
  const ids = new Int32Array(offsets[indices.length]!);
  const labels = new Int32Array(indices.length);
  const weights = new Float32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const source = indices[i]!;
    ids.set(set.ids.subarray(set.offsets[source]!, set.offsets[source + 1]!), offsets[i]!);
    labels[i] = set.labels[source]!;
    weights[i] = set.weights[source]!;
  }
  return { size: indices.length, offsets, ids, labels, weights };
}
