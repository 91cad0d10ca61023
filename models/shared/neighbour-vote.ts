/** How a model blends its classifier with the vote of its nearest class prototypes (in config.json). */
export interface NeighbourVoteConfig {
  /** Prototypes that vote. */
  readonly k: number;
  /** Softmax temperature over the voters' cosine similarities (small: the closest dominate). */
  readonly temperature: number;
  /** Share of the vote in the blend; the classifier's softmax gets the rest. */
  readonly weight: number;
}

/** The k best prototypes for one text, best first. */
export interface Voters {
  /** Dot products of the (not normalised) pooled vector with each voter's unit-length prototype. */
  readonly similarity: ArrayLike<number>;
  /** Class index of each voter. */
  readonly label: ArrayLike<number>;
  /** Length of the pooled vector: similarity / norm is the cosine. */
  readonly norm: number;
}

const MIN_NORM = 1e-12;

/**
 * log((1 - weight) · softmax(logits) + weight · vote), the vote being softmax(cosine / temperature) over the
 * voters, summed per class. One implementation for the trainer and both runtimes.
 */
export function blendNeighbourVote(logits: ArrayLike<number>, voters: Voters, config: NeighbourVoteConfig): Float32Array {
  const classes = logits.length;
  const blended = new Float64Array(classes);
  let maxLogit = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < classes; c++) maxLogit = Math.max(maxLogit, logits[c]!);
  let expSum = 0;
  for (let c = 0; c < classes; c++) expSum += blended[c] = Math.exp(logits[c]! - maxLogit);
  for (let c = 0; c < classes; c++) blended[c] = ((1 - config.weight) * blended[c]!) / expSum;

  const scale = 1 / (Math.max(voters.norm, MIN_NORM) * config.temperature);
  const count = voters.similarity.length;
  let best = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < count; j++) best = Math.max(best, voters.similarity[j]!);
  let voteSum = 0;
  for (let j = 0; j < count; j++) voteSum += Math.exp((voters.similarity[j]! - best) * scale);
  for (let j = 0; j < count; j++) {
    blended[voters.label[j]!]! += (config.weight * Math.exp((voters.similarity[j]! - best) * scale)) / voteSum;
  }
  return Float32Array.from(blended, Math.log);
}

/** Indices of the k largest of values[0..count), largest first (ties: the lower index first). */
export function topIndices(values: ArrayLike<number>, count: number, k: number): number[] {
  const top: number[] = [];
  for (let i = 0; i < count; i++) {
    if (top.length === k && values[i]! <= values[top[k - 1]!]!) continue;
    let at = Math.min(top.length, k - 1);
    if (top.length < k) top.push(i);
    while (at > 0 && values[top[at - 1]!]! < values[i]!) {
      top[at] = top[at - 1]!;
      at--;
    }
    top[at] = i;
  }
  return top;
}
