import { linearLayer, meanEmbedding, type EmbeddingBagWeights } from "./embedding-bag.js";
import { blendNeighbourVote, unitPooled } from "./neighbours.js";

/**
 * The outputs the exported float graph computes for every example of a featurized set (rows of `classes`):
 * logits, or with a neighbour memory the log of the blended probabilities.
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
    if (model.neighbours) {
      unitPooled(model, set.ids, set.offsets[i]!, set.offsets[i + 1]!, hidden);
      blendNeighbourVote(model.neighbours, hidden, row, similarities);
    }
  }
  return logits;
}
