import type { PooledSummary } from "../shared/familiarity.js";
import { blendNeighbourVote } from "../shared/neighbour-vote.js";
import { linearLayer, meanEmbedding, type EmbeddingBagWeights } from "./embedding-bag.js";
import { findVoters } from "./neighbours.js";

export interface PredictedScores {
  /** Rows of `classes`: logits, or with a neighbour memory the log of the blended probabilities. */
  readonly logits: Float32Array;
  /** Per example, what a familiarity-scaled temperature reads (models/shared/familiarity.ts). */
  readonly pooled: readonly PooledSummary[];
}

/**
 * What the exported float graph and models/shared/graph-outputs.ts compute for every example of a featurized
 * set: the rows temperature scaling applies to, and each text's pooled-vector summary.
 */
export function predictScores(model: EmbeddingBagWeights, set: { size: number; offsets: Int32Array; ids: Int32Array }): PredictedScores {
  const logits = new Float32Array(set.size * model.classes);
  const pooled: PooledSummary[] = [];
  const hidden = new Float32Array(model.dim);
  const similarities = new Float32Array(model.neighbours?.count ?? 0);
  for (let i = 0; i < set.size; i++) {
    const row = logits.subarray(i * model.classes, (i + 1) * model.classes);
    meanEmbedding(model, set.ids, set.offsets[i]!, set.offsets[i + 1]!, hidden);
    linearLayer(model, hidden, row);
    if (model.neighbours) {
      const voters = findVoters(model.neighbours, hidden, similarities);
      row.set(blendNeighbourVote(row, voters, model.neighbours));
      pooled.push({ length: voters.norm, bestPrototypeDot: voters.similarity[0]! });
    } else {
      pooled.push({ length: Math.hypot(...hidden) });
    }
  }
  return { logits, pooled };
}

/** The logits rows alone (see predictScores). */
export function predictLogits(model: EmbeddingBagWeights, set: { size: number; offsets: Int32Array; ids: Int32Array }): Float32Array {
  return predictScores(model, set).logits;
}
