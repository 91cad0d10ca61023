import type { IntentModelConfig } from "./model-config.js";
import { blendNeighbourVote, topIndices } from "./neighbour-vote.js";

/** Runs the ONNX graph on one text's feature ids and returns its one output row; each runtime supplies its own. */
export type GraphRunner = (featureIds: Int32Array) => Promise<Float32Array>;

/** Reads the graph's single output from an onnxruntime result (either runtime's tensors expose `data`). */
export function readGraphOutput(
  outputs: Readonly<Record<string, { readonly data: unknown } | undefined>>,
  outputNames: readonly string[],
): Float32Array {
  const output = outputNames[0] === undefined ? undefined : outputs[outputNames[0]];
  if (!output) throw new Error("the model graph returned no output");
  return output.data as Float32Array;
}

const prototypeLabelsCache = new WeakMap<readonly number[], Int32Array>();

/** Class of each prototype: the graph lists them grouped by class, `counts[c]` for class c. */
function prototypeLabels(counts: readonly number[]): Int32Array {
  let labels = prototypeLabelsCache.get(counts);
  if (!labels) {
    labels = new Int32Array(counts.reduce((sum, count) => sum + count, 0));
    let at = 0;
    counts.forEach((count, label) => labels!.fill(label, at, (at += count)));
    prototypeLabelsCache.set(counts, labels);
  }
  return labels;
}

/**
 * The row temperature scaling applies to. A classifier-only graph returns its logits. A graph with a neighbour
 * vote returns [logits | dot product with each prototype | pooled vector] (one Gemm, see models/onnx): the k best
 * prototypes vote and the result is the log of the blend (models/shared/neighbour-vote.ts).
 */
export function modelLogits(row: Float32Array, config: Pick<IntentModelConfig, "labels" | "neighbourVote">): Float32Array {
  const vote = config.neighbourVote;
  const classes = config.labels.length;
  if (!vote) return row;
  const labels = prototypeLabels(vote.prototypesPerLabel);
  const prototypes = labels.length;
  if (row.length <= classes + prototypes) {
    throw new Error(`the model graph returned ${row.length} scores; its config expects ${classes} logits, ${prototypes} prototypes and the pooled vector`);
  }
  const similarities = row.subarray(classes, classes + prototypes);
  const pooled = row.subarray(classes + prototypes);
  let squares = 0;
  for (const value of pooled) squares += value * value;
  const voters = topIndices(similarities, prototypes, vote.k);
  return blendNeighbourVote(
    row.subarray(0, classes),
    { similarity: voters.map((p) => similarities[p]!), label: voters.map((p) => labels[p]!), norm: Math.sqrt(squares) },
    vote,
  );
}
