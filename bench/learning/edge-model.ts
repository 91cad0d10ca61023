/**
 * Retraining the account's edge model from the labels the cascade has collected so far, the way
 * `npm run train -- --account` does (models/cli/train-account.ts): intents with too few examples are left out,
 * LLM labels count from a minimum confidence, the small-data account recipe through the one in-memory entry
 * point (models/jobs/training-job.ts trainModelFromExamples), exported int8 and run through onnxruntime-web,
 * the runtime the Worker uses.
 */
import { createNodeGraphRunner } from "../../models/eval/node-runtime.js";
import { chooseIntents, leftOutExamples } from "../../models/cli/train-account.js";
import { trainModelFromExamples } from "../../models/jobs/training-job.js";
import type { ExportedModel } from "../../models/onnx/export-model.js";
import { createIntentClassifier } from "../../models/shared/intent-classifier.js";
import type { IntentClassifier } from "../../models/shared/types.js";
import type { TrainedIntentModel } from "../../models/train/train-intent-model.js";

/** A label the cascade gave a ticket, kept as a training example (worker/pipeline/cascade.ts recordTrainingLabel). */
export interface CollectedLabel {
  readonly text: string;
  readonly intent: string;
  readonly source: "rule" | "llm";
  /** The LLM's confidence; null for a rule's label. */
  readonly confidence: number | null;
  /** Held out of training to judge candidates (worker/lib/held-out.ts isHeldOut). */
  readonly heldOut: boolean;
}

export interface EdgeModelOptions {
  readonly seed: number;
  /** Intents with fewer examples are left out of training (the product's default is 5). */
  readonly minPerIntent: number;
  /** LLM labels below this confidence are not trained on (the product's default is 0.7). */
  readonly minLlmConfidence: number;
  /** The taxonomy's intent names by id, trained on as one more example each (as npm run train -- --account does). */
  readonly intentNames: Readonly<Record<string, string>>;
}

export interface EdgeModel {
  readonly classifier: IntentClassifier;
  readonly version: string;
  readonly examples: number;
  readonly intents: number;
  readonly leftOutIntents: number;
  readonly validation: { readonly examples: number; readonly accuracy: number };
  readonly temperature: number;
  readonly abstainBelow: number;
  readonly targetPrecision: number;
  /** The trainer's calibration line (validation accuracy, temperature, ECE, thresholds). */
  readonly calibration: string;
  /** What the trainer warned about (e.g. a calibration that fell back on a tiny validation set). */
  readonly warnings: readonly string[];
  readonly seconds: number;
}

export type Retrained = { readonly model: EdgeModel } | { readonly model: null; readonly reason: string };

function trainModel(
  rows: readonly { text: string; label: string }[],
  unknownIntentTexts: readonly string[],
  seed: number,
  intentNames: Readonly<Record<string, string>>,
  log: (line: string) => void,
): { exported: ExportedModel; validation: TrainedIntentModel["validation"]; warnings: readonly string[] } {
  const result = trainModelFromExamples({ name: "bench-account", examples: rows, unknownIntentTexts, seed, intentNames }, log);
  return { exported: result, validation: result.trained.validation, warnings: result.warnings };
}

/** Trains on the labels not held out. */
export async function retrainEdgeModel(labels: readonly CollectedLabel[], options: EdgeModelOptions): Promise<Retrained> {
  const started = performance.now();
  const usable = labels.filter((label) => !label.heldOut && (label.source === "rule" || (label.confidence ?? 0) >= options.minLlmConfidence));
  // The intents `npm run train -- --account` would keep, and the texts of those it would leave out.
  const { kept, perIntent, leftOut } = chooseIntents(usable, options.minPerIntent);
  const trained = perIntent.length - leftOut.length;
  if (trained < 2) {
    return { model: null, reason: `${trained} intent(s) with ${options.minPerIntent}+ examples (training needs 2)` };
  }
  const rows = kept.map((label) => ({ text: label.text, label: label.intent }));
  const lines: string[] = [];
  const unknown = leftOutExamples(usable, kept).map((label) => label.text);
  const { exported, validation, warnings } = trainModel(rows, unknown, options.seed, options.intentNames, (line) => lines.push(line));
  const classifier = createIntentClassifier(exported.config, await createNodeGraphRunner(exported.onnx));
  const calibration = exported.config.calibration;
  return {
    model: {
      classifier,
      version: exported.config.version,
      examples: rows.length,
      intents: trained,
      leftOutIntents: leftOut.length,
      validation: { examples: validation.examples, accuracy: validation.accuracy },
      temperature: calibration.temperature,
      abstainBelow: exported.config.thresholds.abstainBelow,
      targetPrecision: exported.config.thresholds.targetPrecision,
      calibration: lines.find((line) => line.startsWith("validation: ")) ?? "",
      warnings,
      seconds: (performance.now() - started) / 1000,
    },
  };
}
