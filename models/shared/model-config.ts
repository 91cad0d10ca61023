import { FAMILIARITY_SIGNALS, type Calibration } from "./familiarity.js";
import type { FeaturizerConfig } from "./featurizer.js";
import type { NeighbourVoteConfig } from "./neighbour-vote.js";

/** Names of the ONNX graph's input (int32 feature ids of one text) and output (logits, shape [1, classes]). */
export const ONNX_INPUT_NAME = "feature_ids";
export const ONNX_OUTPUT_NAME = "logits";
/** The output of a graph with a neighbour vote: [logits | dot product with each prototype | pooled vector]. */
export const ONNX_SCORES_OUTPUT_NAME = "scores";

/**
 * onnxruntime session options both runtimes use (Node eval and the Worker). `disable_quant_qdq` lets constant
 * folding dequantize the int8 initializers once at session creation instead of on every run (onnxruntime keeps
 * DequantizeLinear nodes by default, for quantized-kernel fusion this graph does not use).
 */
export const ONNX_SESSION_OPTIONS = {
  executionProviders: ["wasm"],
  graphOptimizationLevel: "all",
  extra: { session: { disable_quant_qdq: "1" } },
} as const;

/** When the model's answer should not be acted on; all thresholds apply to calibrated probabilities. */
export interface DecisionThresholds {
  /** Abstain when the top in-scope probability is below this (chosen on validation for `targetPrecision`). */
  readonly abstainBelow: number;
  /** Precision the abstain threshold was chosen for, on the validation split. */
  readonly targetPrecision: number;
  /**
   * Out of scope when the top in-scope probability is below this, even if the out-of-scope class did not win
   * (0 when the model has no out-of-scope examples to choose it from).
   */
  readonly outOfScopeBelow: number;
}

/** Everything besides the ONNX graph that inference needs, written next to `model.onnx` as `config.json`. */
export interface IntentModelConfig {
  readonly format: "edge-triage-intent-model/1";
  readonly name: string;
  /** `<name>-<content hash>`: changes whenever the graph or anything below changes. */
  readonly version: string;
  /** Class names in logit order. */
  readonly labels: readonly string[];
  /** The class trained on out-of-scope examples, if the model has one; it never appears in `top`. */
  readonly outOfScopeLabel: string | null;
  readonly featurizer: FeaturizerConfig;
  readonly graph: {
    readonly file: string;
    readonly input: string;
    readonly output: string;
    readonly weights: "int8" | "float32";
    readonly bytes: number;
    readonly sha256: string;
  };
  /** Temperature scaling, optionally familiarity-scaled (models/shared/familiarity.ts), fitted on validation. */
  readonly calibration: Calibration & { readonly validationExamples: number };
  readonly thresholds: DecisionThresholds;
  /** Blend of the classifier with its prototype vote (models/shared/neighbour-vote.ts); null: the classifier alone. */
  readonly neighbourVote: (NeighbourVoteConfig & { readonly prototypesPerLabel: readonly number[] }) | null;
  /** How the model was made (for the report and for reproducing it); not read at inference. */
  readonly training: Readonly<Record<string, unknown>>;
  /**
   * The languages (ISO 639-1) the model was trained on; absent means English only, as every model made before
   * this field. The cascade does not trust an out-of-scope verdict on a ticket in another language.
   */
  readonly languages?: readonly string[];
}

/** Checks the fields inference relies on, so a wrong or stale config fails at load, not on the first ticket. */
export function assertIntentModelConfig(value: unknown): asserts value is IntentModelConfig {
  const config = value as Partial<IntentModelConfig> | null;
  const problems: string[] = [];
  if (!config || typeof config !== "object") throw new Error("model config is not an object");
  if (config.format !== "edge-triage-intent-model/1") problems.push(`unknown format ${String(config.format)}`);
  if (typeof config.version !== "string") problems.push("missing version");
  if (!Array.isArray(config.labels) || config.labels.length < 2) problems.push("needs at least two labels");
  if (config.outOfScopeLabel != null && !config.labels?.includes(config.outOfScopeLabel)) {
    problems.push(`outOfScopeLabel "${config.outOfScopeLabel}" is not a label`);
  }
  if (!config.featurizer) problems.push("missing featurizer");
  if (config.languages !== undefined && (!Array.isArray(config.languages) || !config.languages.every((l) => typeof l === "string" && /^[a-z]{2,3}$/.test(l))))
    problems.push("languages must be a list of ISO 639 codes");
  if (!(Number(config.calibration?.temperature) > 0)) problems.push("temperature must be > 0");
  const familiarity = config.calibration?.familiarity;
  if (familiarity != null) {
    if (!FAMILIARITY_SIGNALS.includes(familiarity.signal)) {
      problems.push(`calibration.familiarity.signal must be one of ${FAMILIARITY_SIGNALS.join(", ")}`);
    }
    if (!Number.isFinite(familiarity.slope) || !Number.isFinite(familiarity.reference)) {
      problems.push("calibration.familiarity needs a finite slope and reference");
    }
    if (familiarity.signal === "nearest-prototype-cosine" && config.neighbourVote == null) {
      problems.push("calibration.familiarity.signal nearest-prototype-cosine needs a neighbourVote");
    }
  }
  if (!config.thresholds) problems.push("missing thresholds");
  const vote = config.neighbourVote;
  if (vote != null) {
    const counts = vote.prototypesPerLabel;
    if (!(vote.k >= 1 && vote.temperature > 0 && vote.weight >= 0 && vote.weight <= 1)) {
      problems.push("neighbourVote needs k >= 1, temperature > 0 and a weight in [0, 1]");
    }
    if (!Array.isArray(counts) || counts.length !== config.labels?.length || counts.reduce((a, b) => a + b, 0) < vote.k) {
      problems.push("neighbourVote.prototypesPerLabel needs one count per label and at least k prototypes");
    }
  }
  if (problems.length > 0) throw new Error(`invalid model config: ${problems.join("; ")}`);
}

/** The config, checked: for JSON imported or read from disk. */
export function parseIntentModelConfig(value: unknown): IntentModelConfig {
  assertIntentModelConfig(value);
  return value;
}
