import { topIndices, type NeighbourVoteConfig, type Voters } from "../shared/neighbour-vote.js";
import { meanEmbedding, type EmbeddingBagWeights } from "./embedding-bag.js";
import type { FeaturizedSet } from "./featurized-set.js";

/**
 * How the classifier's answer is blended with a vote of the nearest training prototypes. A linear layer over a
 * bag of n-grams draws one flat boundary per class; the neighbour vote adds local structure (a class that is
 * several clusters of phrasings), which on BANKING77 validation is worth about half a point of accuracy.
 */
export interface NeighbourOptions extends NeighbourVoteConfig {
  /** Spherical k-means centroids kept per class (fewer when a class has fewer examples). */
  readonly prototypesPerClass: number;
}

/**
 * The prototypes of a trained model: unit vectors in its pooled space (rows of `dim`) and their classes,
 * grouped by class in class order (the export relies on it).
 */
export interface NeighbourMemory extends NeighbourOptions {
  readonly vectors: Float32Array;
  readonly labels: Int32Array;
  readonly count: number;
}

const KMEANS_ITERATIONS = 15;
const MIN_NORM = 1e-12;

/** Mean embedding of one example, scaled to unit length (the space the prototypes live in). */
function unitPooled(model: EmbeddingBagWeights, ids: Int32Array, start: number, end: number, out: Float32Array): void {
  meanEmbedding(model, ids, start, end, out);
  normalise(out);
}

function normalise(vector: Float32Array | Float64Array): void {
  let norm = 0;
  for (const x of vector) norm += x * x;
  const scale = 1 / Math.max(Math.sqrt(norm), MIN_NORM);
  for (let d = 0; d < vector.length; d++) vector[d]! *= scale;
}

/**
 * Per class, spherical k-means over the unit pooled vectors of its training examples. Deterministic: the
 * initial centroids are members spread evenly over the class's examples in data order.
 */
export function buildNeighbourMemory(model: EmbeddingBagWeights, set: FeaturizedSet, options: NeighbourOptions): NeighbourMemory {
  const { dim, classes } = model;
  const pooled = new Float32Array(set.size * dim);
  for (let i = 0; i < set.size; i++) {
    unitPooled(model, set.ids, set.offsets[i]!, set.offsets[i + 1]!, pooled.subarray(i * dim, (i + 1) * dim));
  }
  const vectors: number[] = [];
  const labels: number[] = [];
  for (let c = 0; c < classes; c++) {
    const members: number[] = [];
    for (let i = 0; i < set.size; i++) if (set.labels[i] === c) members.push(i);
    for (const centroid of sphericalKMeans(pooled, dim, members, options.prototypesPerClass)) {
      vectors.push(...centroid);
      labels.push(c);
    }
  }
  if (labels.length < options.k) {
    throw new Error(
      `neighbour vote needs at least k = ${options.k} prototypes, the data gives ${labels.length} ` + "(add examples, or train without the vote: --no-vote)",
    );
  }
  return { ...options, vectors: Float32Array.from(vectors), labels: Int32Array.from(labels), count: labels.length };
}

function sphericalKMeans(pooled: Float32Array, dim: number, members: readonly number[], wanted: number): Float64Array[] {
  const count = Math.min(wanted, members.length);
  let centroids = Array.from({ length: count }, (_, q) => {
    const member = members[Math.floor((q * members.length) / count)]!;
    return Float64Array.from(pooled.subarray(member * dim, (member + 1) * dim));
  });
  const assigned = new Int32Array(members.length);
  for (let iteration = 0; iteration < KMEANS_ITERATIONS; iteration++) {
    members.forEach((member, m) => {
      let best = 0;
      let bestSimilarity = Number.NEGATIVE_INFINITY;
      centroids.forEach((centroid, q) => {
        let similarity = 0;
        for (let d = 0; d < dim; d++) similarity += centroid[d]! * pooled[member * dim + d]!;
        if (similarity > bestSimilarity) {
          bestSimilarity = similarity;
          best = q;
        }
      });
      assigned[m] = best;
    });
    const sums = centroids.map(() => new Float64Array(dim));
    const sizes = new Int32Array(count);
    members.forEach((member, m) => {
      sizes[assigned[m]!]!++;
      for (let d = 0; d < dim; d++) sums[assigned[m]!]![d]! += pooled[member * dim + d]!;
    });
    // An emptied centroid keeps its place (it cannot win later, but dropping it would change the layout).
    centroids = centroids.map((old, q) => {
      if (sizes[q] === 0) return old;
      normalise(sums[q]!);
      return sums[q]!;
    });
  }
  return centroids;
}

/**
 * The k prototypes with the largest dot product with `pooled` (the mean embedding, not normalised: the order is
 * the cosine order), best first, as models/shared/graph-outputs.ts finds them in the graph's output. `scratch`
 * holds `count` values.
 */
export function findVoters(memory: NeighbourMemory, pooled: Float32Array, scratch: Float32Array): Voters {
  const dim = pooled.length;
  let norm = 0;
  for (let d = 0; d < dim; d++) norm += pooled[d]! * pooled[d]!;
  for (let p = 0; p < memory.count; p++) {
    let similarity = 0;
    for (let d = 0; d < dim; d++) similarity += pooled[d]! * memory.vectors[p * dim + d]!;
    scratch[p] = similarity;
  }
  const voters = topIndices(scratch, memory.count, memory.k);
  return {
    similarity: voters.map((p) => scratch[p]!),
    label: voters.map((p) => memory.labels[p]!),
    norm: Math.sqrt(norm),
  };
}
