import { featurize } from "./featurizer.js";
import { graphReturnsPooled, splitGraphRow, type ExtraPrototypes, type GraphRunner } from "./graph-outputs.js";
import type { IntentModelConfig } from "./model-config.js";
import type { NeighbourVoteConfig } from "./neighbour-vote.js";
import type { InContextExample, InContextOptions, InContextSummary } from "./types.js";

/**
 * In-context examples: an account's example phrases join the model's prototype vote without retraining.
 *
 * - Each distinct example is embedded once through the graph (its pooled vector, scaled to unit length: the
 *   space the trained prototypes live in) and becomes one more prototype of its label.
 * - A label the model was trained on simply gets more prototypes. A new label is a class only the vote knows:
 *   the classifier's softmax is read as conditional on "one of the trained classes", so a new label's
 *   probability is the vote's mass on it plus the classifier's share deferred to it
 *   (models/shared/neighbour-vote.ts). The trained calibration (temperature, familiarity scaling) and the
 *   thresholds then apply unchanged, so `abstainBelow` and `outOfScopeBelow` judge a new label like any other:
 *   it is answered only when the text's nearest prototypes are its examples; a text whose nearest prototypes
 *   are trained ones scores exactly as without the examples.
 * - Disabled labels are hidden from `top` without moving their probability to the others (postprocess.ts).
 * - The version is the base version + `+ex` + 8 hex of SHA-256 over the examples and the enabled labels, so a
 *   stored decision says which examples were in play.
 * - A graph that returns no pooled vector (a model trained without the vote and without familiarity scaling)
 *   cannot embed examples: `buildInContext` throws, naming the model.
 */

/** The vote for a model that returns its pooled vector but has no vote of its own (the trained recipe's). */
const DEFAULT_VOTE: NeighbourVoteConfig = { k: 3, temperature: 0.02, weight: 0.5 };
const MIN_NORM = 1e-12;

export interface InContextModel {
  readonly version: string;
  /** The model's labels, then the new labels in sorted order. */
  readonly labels: readonly string[];
  readonly prototypes: ExtraPrototypes;
  /** Indices (in `labels`) that `top` must not list. */
  readonly hidden: ReadonlySet<number>;
  readonly summary: InContextSummary;
}

/** Distinct examples in a canonical order (label, then text), so the same set always gives the same model. */
function canonicalExamples(examples: readonly InContextExample[]): InContextExample[] {
  const seen = new Set<string>();
  const kept: InContextExample[] = [];
  examples.forEach((example, index) => {
    const label = typeof example?.label === "string" ? example.label.trim() : "";
    const text = typeof example?.text === "string" ? example.text.trim() : "";
    if (label === "" || text === "") throw new Error(`in-context example ${index + 1} needs a non-empty label and text`);
    const key = JSON.stringify([label, text]);
    if (!seen.has(key)) {
      seen.add(key);
      kept.push({ label, text });
    }
  });
  return kept.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
}

async function shortHash(value: unknown): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(JSON.stringify(value)));
  return Array.from(new Uint8Array(digest).subarray(0, 4), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

export async function buildInContext(
  config: IntentModelConfig,
  runGraph: GraphRunner,
  examples: readonly InContextExample[],
  options: InContextOptions = {},
): Promise<InContextModel> {
  if (!graphReturnsPooled(config)) {
    throw new Error(
      `model ${config.version} does not return its pooled vector, so in-context examples cannot join a prototype vote ` +
        "(train it with the neighbour vote, i.e. without --no-vote)",
    );
  }
  const canonical = canonicalExamples(examples);
  const trained = new Set(config.labels);
  const newLabels = [...new Set(canonical.map((example) => example.label).filter((label) => !trained.has(label)))].sort();
  const labels = [...config.labels, ...newLabels];
  const labelIndex = new Map(labels.map((label, index) => [label, index]));

  const vectors: number[] = [];
  for (const example of canonical) {
    const pooled = splitGraphRow(await runGraph(featurize(example.text, config.featurizer)), config).pooled!;
    let norm = 0;
    for (const x of pooled) norm += x * x;
    const scale = 1 / Math.max(Math.sqrt(norm), MIN_NORM);
    for (const x of pooled) vectors.push(x * scale);
  }

  const enabled = options.enabledLabels === undefined ? undefined : new Set(options.enabledLabels);
  const hidden = new Set<number>();
  labels.forEach((label, index) => {
    if (enabled && label !== config.outOfScopeLabel && !enabled.has(label)) hidden.add(index);
  });
  const unknownEnabledLabels = enabled ? [...enabled].filter((label) => !labelIndex.has(label)).sort() : [];
  const hash = await shortHash({ examples: canonical, enabled: enabled ? [...enabled].sort() : null });
  return {
    version: `${config.version}+ex${hash}`,
    labels,
    prototypes: {
      vectors: Float32Array.from(vectors),
      labels: Int32Array.from(canonical, (example) => labelIndex.get(example.label)!),
      count: canonical.length,
      classes: labels.length,
      vote: config.neighbourVote ?? DEFAULT_VOTE,
    },
    hidden,
    summary: { examples: canonical.length, newLabels, unknownEnabledLabels },
  };
}
