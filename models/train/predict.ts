import { blendNeighbourVote } from "../shared/neighbour-vote.js";
import { linearLayer, meanEmbedding, type EmbeddingBagWeights } from "./embedding-bag.js";
import { findVoters } from "./neighbours.js";

/**
 * The rows temperature scaling applies to, for every example of a featurized set (rows of `classes`), as the
 * exported float graph and models/shared/graph-outputs.ts compute them: logits, or with a neighbour memory the
 * log of the blended probabilities.
 */
export function predictLogits(
  model: EmbeddingBagWeights,
  set: { size: number; offsets: Int32Array; ids: Int32Array },
): Float32Array {
  const logits = new Float32Array(set.size * model.classes);
  const hidden = new Float32Array(model.dim);
  const similarities = new Float32Array(model.neighbours?.count ?? 0);
  for (let i = 0; i < set.size; i++) {
    const row = logits.subarray(i * model.classes, (i + 1) * model.classes);
    meanEmbedding(model, set.ids, set.offsets[i]!, set.offsets[i + 1]!, hidden);
    linearLayer(model, hidden, row);
    if (model.neighbours) row.set(blendNeighbourVote(row, findVoters(model.neighbours, hidden, similarities), model.neighbours));
  }
  return logits;
}
