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
 * d above: how much of the classifier's share a vote-only class can take. A vote-only class has one source of
 * evidence (its examples), a trained one two (classifier and vote agreeing), so it never reaches the full
 * probability: at most weight + (1 − weight)·d = 0.875 before the temperature. Measured on BANKING77 10-shot
 * (bench/model/in-context.ts, seed 1: 67 intents trained, 10 added as 10 examples each), d = 1 answered 52% of
 * the new intents' tests at 83.7% precision and dropped the trained intents' answered precision 97.9% -> 87.3%;
 * d = 0.9: 45% at 91.7%, trained 90.5%; d = 0.75: new intents top-1 61.5% (59.0% at d = 1) but rarely above
 * the abstain threshold, trained intents' answered precision kept (98.4%). Kept: 0.75, so examples rank a new
 * intent and the cascade's LLM tier (which sees the same examples) confirms it, without costing the trained
 * intents their precision.
 */
const VOTE_ONLY_DEFERRAL = 0.75;

/**
 * log((1 - weight) · softmax(logits) + weight · vote), the vote being softmax(cosine / temperature) over the
 * voters, summed per class. One implementation for the trainer and both runtimes.
 *
 * `classes` above `logits.length` are classes only the vote knows (in-context examples of labels the model was
 * not trained on, models/shared/in-context.ts). The classifier's softmax is then read as conditional on "one of
 * the trained classes": its share is scaled by 1 − d·v, v being the vote's mass on the vote-only classes, and
 * those classes get that deferred share in proportion to their votes. A text whose nearest prototypes are all
 * trained ones is scored exactly as without the examples.
 */
export function blendNeighbourVote(logits: ArrayLike<number>, voters: Voters, config: NeighbourVoteConfig, classes = logits.length): Float32Array {
  const trained = logits.length;
  const blended = new Float64Array(classes);
  let maxLogit = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < trained; c++) maxLogit = Math.max(maxLogit, logits[c]!);
  let expSum = 0;
  for (let c = 0; c < trained; c++) expSum += blended[c] = Math.exp(logits[c]! - maxLogit);

  const scale = 1 / (Math.max(voters.norm, MIN_NORM) * config.temperature);
  const count = voters.similarity.length;
  let best = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < count; j++) best = Math.max(best, voters.similarity[j]!);
  let voteSum = 0;
  for (let j = 0; j < count; j++) voteSum += Math.exp((voters.similarity[j]! - best) * scale);
  let voteOnlyShare = 0;
  for (let j = 0; j < count; j++) {
    if (voters.label[j]! >= trained) voteOnlyShare += Math.exp((voters.similarity[j]! - best) * scale) / voteSum;
  }
  const classifierShare = voteOnlyShare > 0 ? (1 - config.weight) * (1 - VOTE_ONLY_DEFERRAL * voteOnlyShare) : 1 - config.weight;
  for (let c = 0; c < trained; c++) blended[c] = (classifierShare * blended[c]!) / expSum;
  for (let j = 0; j < count; j++) {
    const label = voters.label[j]!;
    const vote = Math.exp((voters.similarity[j]! - best) * scale);
    // A vote-only class also takes the classifier's deferred share, (1 - weight) · vote, on top of its vote.
    blended[label]! += label >= trained ? ((config.weight + (1 - config.weight) * VOTE_ONLY_DEFERRAL) * vote) / voteSum : (config.weight * vote) / voteSum;
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
