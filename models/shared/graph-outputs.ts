import { textTemperature, type Calibration, type PooledSummary } from "./familiarity.js";
import type { IntentModelConfig } from "./model-config.js";
import { blendNeighbourVote, topIndices } from "./neighbour-vote.js";

/** Runs the ONNX graph on one text's feature ids and returns its one output row; each runtime supplies its own. */
export type GraphRunner = (featureIds: Int32Array) => Promise<Float32Array>;

/** Reads the graph's single output from an onnxruntime result (either runtime's tensors expose `data`). */
export function readGraphOutput(outputs: Readonly<Record<string, { readonly data: unknown } | undefined>>, outputNames: readonly string[]): Float32Array {
  const output = outputNames[0] === undefined ? undefined : outputs[outputNames[0]];
  if (!output) throw new Error("the model graph returned no output");
  return output.data as Float32Array;
}

type ScoringConfig = Pick<IntentModelConfig, "labels" | "neighbourVote" | "calibration">;

/** The graph also returns the pooled vector when the vote or a familiarity-scaled temperature needs it. */
export function graphReturnsPooled(config: { readonly neighbourVote: IntentModelConfig["neighbourVote"]; readonly calibration: Calibration }): boolean {
  return config.neighbourVote != null || config.calibration.familiarity != null;
}

const prototypeLabelsCache = new WeakMap<readonly number[], Int32Array>();

/** Class of each prototype: the graph lists them grouped by class, `counts[c]` for class c. */
function prototypeLabels(counts: readonly number[]): Int32Array {
  let labels = prototypeLabelsCache.get(counts);
  if (!labels) {
    labels = new Int32Array(counts.reduce((sum, count) => sum + count, 0));
    let at = 0;
    counts.forEach((count, label) => {
      labels!.fill(label, at, at + count);
      at += count;
    });
    prototypeLabelsCache.set(counts, labels);
  }
  return labels;
}

function vectorLength(values: Float32Array): number {
  let squares = 0;
  for (const value of values) squares += value * value;
  return Math.sqrt(squares);
}

export interface ModelScores {
  /** The row the temperature divides: logits, or with a neighbour vote the log of the blend. */
  readonly logits: Float32Array;
  /** The calibration temperature for this text (models/shared/familiarity.ts). */
  readonly temperature: number;
}

/**
 * Reads one graph output row. Its layout follows the config (one Gemm, see models/onnx): [logits], or
 * [logits | pooled vector] for a familiarity-scaled temperature, or [logits | dot product with each prototype |
 * pooled vector] with a neighbour vote, where the k best prototypes vote and the result is the log of the blend
 * (models/shared/neighbour-vote.ts).
 */
export function modelScores(row: Float32Array, config: ScoringConfig): ModelScores {
  const vote = config.neighbourVote;
  const classes = config.labels.length;
  const labels = vote ? prototypeLabels(vote.prototypesPerLabel) : undefined;
  const prototypes = labels?.length ?? 0;
  const pooledExpected = graphReturnsPooled(config);
  if (pooledExpected ? row.length <= classes + prototypes : row.length !== classes) {
    throw new Error(
      `the model graph returned ${row.length} scores; its config expects ${classes} logits` +
        (vote ? `, ${prototypes} prototypes` : "") +
        (pooledExpected ? " and the pooled vector" : ""),
    );
  }
  const logits = row.subarray(0, classes);
  if (!pooledExpected) return { logits, temperature: config.calibration.temperature };

  const similarities = row.subarray(classes, classes + prototypes);
  const pooled: PooledSummary = { length: vectorLength(row.subarray(classes + prototypes)) };
  if (!vote || !labels) return { logits, temperature: textTemperature(config.calibration, pooled) };
  const voters = topIndices(similarities, prototypes, vote.k);
  const withPrototype: PooledSummary = { ...pooled, bestPrototypeDot: similarities[voters[0]!]! };
  return {
    logits: blendNeighbourVote(logits, { similarity: voters.map((p) => similarities[p]!), label: voters.map((p) => labels[p]!), norm: pooled.length }, vote),
    temperature: textTemperature(config.calibration, withPrototype),
  };
}
