import type { NeighbourMemory } from "./neighbours.js";
import type { SeededRandom } from "./random.js";

/**
 * The classifier: logits = W · mean(E[ids]) + b. E is the hashed embedding table (buckets x dim), W is
 * classes x dim (one row per class, so a logit is one contiguous dot product), b is classes.
 */
export interface EmbeddingBagWeights {
  readonly buckets: number;
  readonly dim: number;
  readonly classes: number;
  readonly embedding: Float32Array;
  readonly weight: Float32Array;
  readonly bias: Float32Array;
  /** Optional prototype vote blended into the output (then log-probabilities rather than raw logits). */
  readonly neighbours?: NeighbourMemory;
}

export function initEmbeddingBag(buckets: number, dim: number, classes: number, random: SeededRandom): EmbeddingBagWeights {
  const embedding = new Float32Array(buckets * dim);
  // Small uniform init (fastText uses ±1/dim); the mean over ~100 features then starts near zero.
  const embeddingScale = 1 / dim;
  for (let i = 0; i < embedding.length; i++) embedding[i] = (random.next() * 2 - 1) * embeddingScale;
  const weight = new Float32Array(classes * dim);
  const weightScale = Math.sqrt(6 / (dim + classes)); // Glorot uniform
  for (let i = 0; i < weight.length; i++) weight[i] = (random.next() * 2 - 1) * weightScale;
  return { buckets, dim, classes, embedding, weight, bias: new Float32Array(classes) };
}

/** Mean of the embedding rows of ids[start..end) into `out` (length dim). */
export function meanEmbedding(model: EmbeddingBagWeights, ids: Int32Array, start: number, end: number, out: Float32Array): void {
  const dim = model.dim;
  const table = model.embedding;
  out.fill(0);
  for (let i = start; i < end; i++) {
    const row = ids[i]! * dim;
    for (let d = 0; d < dim; d++) out[d]! += table[row + d]!;
  }
  const scale = 1 / Math.max(1, end - start);
  for (let d = 0; d < dim; d++) out[d]! *= scale;
}

/** Logits of a pooled vector into `out` (length classes). */
export function linearLayer(model: EmbeddingBagWeights, hidden: Float32Array, out: Float32Array): void {
  const { dim, classes, weight, bias } = model;
  for (let c = 0; c < classes; c++) {
    let sum = bias[c]!;
    const row = c * dim;
    for (let d = 0; d < dim; d++) sum += weight[row + d]! * hidden[d]!;
    out[c] = sum;
  }
}
