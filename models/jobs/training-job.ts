import { assertTrainable } from "../data/assert-trainable.js";
import { dropDuplicateTexts, loadDataSources, resolveDataPath, type DataSource } from "../data/data-source.js";
import { loadLabelledTexts } from "../data/labelled-texts.js";
import { exportIntentModel, type ExportedModel } from "../onnx/export-model.js";
import type { WeightFormat } from "../onnx/build-graph.js";
import { mergeCorrections } from "../train/corrections.js";
import { describeSources } from "../presets/presets.js";
import { trainIntentModel, type IntentModelRecipe, type ProgressLog, type TrainedIntentModel } from "../train/train-intent-model.js";

export interface TrainingJob {
  readonly name: string;
  /** The preset this job reproduces, if any (recorded in config.json for the eval CLI). */
  readonly preset?: string;
  readonly dataRoot: string;
  readonly train: readonly DataSource[];
  readonly validation?: readonly DataSource[];
  readonly recipe: IntentModelRecipe;
  /** Agent corrections (JSONL of {"text", "label"}) added to the base data with a loss weight. */
  readonly corrections?: { readonly path: string; readonly weight: number };
}

export interface TrainingResult {
  readonly trained: TrainedIntentModel;
  /** Exports of the trained weights; `int8` is the shipped one. */
  readonly export: (format: WeightFormat) => ExportedModel;
}

/** Loads and checks the data, merges corrections, trains and calibrates; the caller writes or evaluates the result. */
export function runTrainingJob(job: TrainingJob, log: ProgressLog): TrainingResult {
  const loaded = loadDataSources(job.train, job.dataRoot);
  const { rows: base, dropped } = dropDuplicateTexts(loaded);
  log(`loaded ${loaded.length} training examples (${dropped} repeated texts dropped)`);
  let examples = base.map((row) => ({ ...row }));
  if (job.corrections) {
    const corrections = loadLabelledTexts(resolveDataPath(process.cwd(), job.corrections.path), {
      textColumn: "text",
      labelColumn: "label",
    });
    const merged = mergeCorrections(base, corrections, job.corrections.weight);
    for (const note of merged.notes) log(note);
    examples = merged.examples;
  }
  assertTrainable(examples, job.train[0]?.path ?? job.name);
  const validation = job.validation ? loadDataSources(job.validation, job.dataRoot) : undefined;

  const trained = trainIntentModel(examples, job.recipe, log, validation);
  const metadata = {
    preset: job.preset ?? null,
    data: describeSources(job.train),
    validationData: job.validation ? describeSources(job.validation) : null,
    corrections: job.corrections ? { file: job.corrections.path, weight: job.corrections.weight } : null,
    examples: trained.trainExamples,
    recipe: {
      training: job.recipe.training,
      holdoutFraction: job.validation ? null : job.recipe.holdoutFraction,
      refitOnAllData: job.recipe.refitOnAllData,
      maxInScopeLossForOutOfScope: job.recipe.maxInScopeLossForOutOfScope,
      ...(job.recipe.outOfScopeShare === undefined ? {} : { outOfScopeShare: job.recipe.outOfScopeShare }),
      ...(job.recipe.neighbours === undefined ? {} : { neighbours: job.recipe.neighbours }),
      ...(job.recipe.ticketFraming === undefined ? {} : { ticketFraming: job.recipe.ticketFraming }),
    },
    validation: {
      examples: trained.validation.examples,
      accuracy: round(trained.validation.accuracy),
      eceBeforeCalibration: round(trained.validation.eceBefore),
      eceAfterCalibration: round(trained.validation.eceAfter),
    },
  };
  return { trained, export: (format) => exportIntentModel(job.name, trained, job.recipe.featurizer, format, metadata) };
}

function round(value: number): number {
  return Number(value.toFixed(4));
}
