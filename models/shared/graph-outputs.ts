import { textTemperature, type Calibration, type PooledSummary } from "./familiarity.js";
import type { IntentModelConfig } from "./model-config.js";
import { blendNeighbourVote, topIndices, type NeighbourVoteConfig } from "./neighbour-vote.js";

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
 * Prototypes added outside the graph (in-context examples, models/shared/in-context.ts): unit vectors in the
 * pooled space, voting next to the graph's prototypes. Labels at or above the config's label count are classes
 * only the vote knows.
 */
export interface ExtraPrototypes {
  /** count x dim, each row of unit length. */
  readonly vectors: Float32Array;
  /** Class index of each row, in the extended label list (the model's labels, then the new ones). */
  readonly labels: Int32Array;
  readonly count: number;
  /** Length of the extended label list. */
  readonly classes: number;
  /** The vote to use when the model has none of its own (a graph that returns the pooled vector only). */
  readonly vote: NeighbourVoteConfig;
}

/** The graph's output row split into its parts (models/onnx): logits, prototype dot products, pooled vector. */
export function splitGraphRow(
  row: Float32Array,
  config: ScoringConfig,
): { logits: Float32Array; similarities: Float32Array; pooled: Float32Array | undefined; prototypeLabels: Int32Array | undefined } {
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
  return {
    logits: row.subarray(0, classes),
    similarities: row.subarray(classes, classes + prototypes),
    pooled: pooledExpected ? row.subarray(classes + prototypes) : undefined,
    prototypeLabels: labels,
  };
}

/**
 * Reads one graph output row. Its layout follows the config (one Gemm, see models/onnx): [logits], or
 * [logits | pooled vector] for a familiarity-scaled temperature, or [logits | dot product with each prototype |
 * pooled vector] with a neighbour vote, where the k best prototypes vote and the result is the log of the blend
 * (models/shared/neighbour-vote.ts). `extra` prototypes (in-context examples) vote with the graph's own.
 */
export function modelScores(row: Float32Array, config: ScoringConfig, extra?: ExtraPrototypes): ModelScores {
  const { logits, similarities, pooled: pooledVector, prototypeLabels: labels } = splitGraphRow(row, config);
  if (!pooledVector) return { logits, temperature: config.calibration.temperature };
  const pooled: PooledSummary = { length: vectorLength(pooledVector) };
  const vote = config.neighbourVote ?? extra?.vote;
  if (!vote || (!labels && !extra)) return { logits, temperature: textTemperature(config.calibration, pooled) };
  if (!extra) {
    const voters = topIndices(similarities, similarities.length, vote.k);
    const withPrototype: PooledSummary = { ...pooled, bestPrototypeDot: similarities[voters[0]!]! };
    return {
      logits: blendNeighbourVote(logits, { similarity: voters.map((p) => similarities[p]!), label: voters.map((p) => labels![p]!), norm: pooled.length }, vote),
      temperature: textTemperature(config.calibration, withPrototype),
    };
  }
  // The graph's prototypes, then the extra ones: one list of dot products, one top-k.
  const own = similarities.length;
  const all = new Float32Array(own + extra.count);
  all.set(similarities);
  const dim = pooledVector.length;
  for (let p = 0; p < extra.count; p++) {
    let dot = 0;
    for (let d = 0; d < dim; d++) dot += pooledVector[d]! * extra.vectors[p * dim + d]!;
    all[own + p] = dot;
  }
  const voters = topIndices(all, all.length, Math.min(vote.k, all.length));
  const labelOf = (p: number) => (p < own ? labels![p]! : extra.labels[p - own]!);
  const withPrototype: PooledSummary = { ...pooled, bestPrototypeDot: all[voters[0]!]! };
  return {
    logits: blendNeighbourVote(logits, { similarity: voters.map((p) => all[p]!), label: voters.map(labelOf), norm: pooled.length }, vote, extra.classes),
    temperature: textTemperature(config.calibration, withPrototype),
  };
}
