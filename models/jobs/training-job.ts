import { assertTrainable } from "../data/assert-trainable.js";
import type { DataFileError } from "../data/data-file-error.js";
import { dropDuplicateTexts, loadDataSources, resolveDataPath, type DataSource } from "../data/data-source.js";
import { loadLabelledTexts } from "../data/labelled-texts.js";
import { exportIntentModel, type ExportedModel } from "../onnx/export-model.js";
import type { WeightFormat } from "../onnx/build-graph.js";
import { mergeCorrections } from "../train/corrections.js";
import { intentNameExamples } from "../train/intent-names.js";
import { trainingLanguages } from "../train/languages.js";
import { accountRecipe, describeSources, recordedPath } from "../presets/presets.js";
import type { TrainingOptions } from "../train/trainer.js";
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
  /** Leave out (and log) rows that cannot be used instead of stopping (`--skip-bad-rows`). */
  readonly skipBadRows?: boolean;
  /** Also train on each label read as words (models/train/intent-names.ts): the small-data `--data` path. */
  readonly intentNames?: boolean;
}

export interface TrainingResult {
  readonly trained: TrainedIntentModel;
  /** Exports of the trained weights; `int8` is the shipped one. */
  readonly export: (format: WeightFormat) => ExportedModel;
}

/** Loads and checks the data, merges corrections, trains and calibrates; the caller writes or evaluates the result. */
export function runTrainingJob(job: TrainingJob, log: ProgressLog): TrainingResult {
  const badRows = {
    skip: job.skipBadRows ?? false,
    onSkipped: (problems: readonly DataFileError[]) => {
      log(`warning: skipped ${problems.length} bad row(s):`);
      for (const problem of problems) log(`  ${problem.message}`);
    },
  };
  const loaded = loadDataSources(job.train, job.dataRoot, badRows);
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
  const validation = job.validation ? loadDataSources(job.validation, job.dataRoot, badRows) : undefined;
  let recipe = job.recipe;
  if (recipe.outOfScopeLabel !== null && !examples.some((example) => example.label === recipe.outOfScopeLabel)) {
    log(
      `warning: no training example has the out-of-scope label "${recipe.outOfScopeLabel}" ` +
        `(labels: ${[...new Set(examples.map((example) => example.label))].sort().slice(0, 12).join(", ")}...); training without out-of-scope detection`,
    );
    recipe = { ...recipe, outOfScopeLabel: null };
  }

  const names = job.intentNames
    ? intentNameExamples(
        examples.map((example) => example.label),
        {},
        recipe.outOfScopeLabel,
      )
    : [];
  if (names.length) log(`${names.length} labels read as words and trained on as examples (--no-intent-names: none)`);
  const trained = trainIntentModel([...examples, ...names], recipe, log, validation);
  const metadata = {
    preset: job.preset ?? null,
    data: describeSources(job.train),
    validationData: job.validation ? describeSources(job.validation) : null,
    corrections: job.corrections ? { file: job.corrections.path, weight: job.corrections.weight } : null,
    examples: trained.trainExamples,
    recipe: {
      training: recipe.training,
      holdoutFraction: job.validation ? null : recipe.holdoutFraction,
      refitOnAllData: recipe.refitOnAllData,
      maxInScopeLossForOutOfScope: recipe.maxInScopeLossForOutOfScope,
      ...(recipe.outOfScopeShare === undefined ? {} : { outOfScopeShare: recipe.outOfScopeShare }),
      ...(recipe.neighbours === undefined ? {} : { neighbours: recipe.neighbours }),
      ...(recipe.ticketFraming === undefined ? {} : { ticketFraming: recipe.ticketFraming }),
      ...(recipe.calibrationFolds === undefined ? {} : { calibrationFolds: recipe.calibrationFolds }),
      ...(recipe.thresholdFiles === undefined ? {} : { thresholdFiles: recipe.thresholdFiles.map(recordedPath) }),
      ...(recipe.startFrom === undefined ? {} : { prior: recipe.startFrom.version }),
      ...(names.length ? { intentNames: names.length } : {}),
    },
    validation: {
      examples: trained.validation.examples,
      accuracy: round(trained.validation.accuracy),
      eceBeforeCalibration: round(trained.validation.eceBefore),
      eceAfterCalibration: round(trained.validation.eceAfter),
    },
  };
  const languages = trainingLanguages(examples.map((example) => example.text));
  return { trained, export: (format) => exportIntentModel(job.name, trained, recipe.featurizer, format, metadata, languages) };
}

function round(value: number): number {
  return Number(value.toFixed(4));
}

/** One labelled text given in memory (an account's stored training examples). */
export interface InMemoryExample {
  readonly text: string;
  readonly label: string;
  /** Loss weight (default 1; agent corrections may count more). */
  readonly weight?: number;
}

export interface InMemoryTrainingInput {
  /** The model's name: its version is `<name>-<content hash>`. */
  readonly name: string;
  readonly examples: readonly InMemoryExample[];
  /** Held-out labelled texts for the temperature and thresholds; absent: a stratified share of `examples`. */
  readonly validation?: readonly { readonly text: string; readonly label: string }[];
  /** The label of out-of-scope examples, if the data has one (it must occur in `examples`). */
  readonly outOfScopeLabel?: string | null;
  /**
   * Texts of the account's intents left out of training (too few examples): the abstain threshold counts an answer
   * on them as wrong, so a model that knows few of the account's intents leaves the others to the LLM tier instead
   * of deciding them as the nearest intent it knows.
   */
  readonly unknownIntentTexts?: readonly string[];
  readonly seed?: number;
  /** Start from the shipped intent prior (models/train/intent-prior.ts); default true. */
  readonly prior?: boolean;
  /**
   * Each intent's name as one more training example (models/train/intent-names.ts): the taxonomy's names by id, ids
   * without a name read as words (`card_arrival` -> "card arrival"). Default `{}` (every id read as words); false: none.
   */
  readonly intentNames?: Readonly<Record<string, string>> | false;
  /** Settings to change from the account recipe's (benches comparing them); absent: the recipe's. */
  readonly training?: Partial<Pick<TrainingOptions, "hiddenDropout" | "featureDropout" | "learningRate" | "minSteps">>;
  /** Default int8 (the shipped format). */
  readonly format?: WeightFormat;
}

export interface InMemoryTrainingResult extends ExportedModel {
  readonly trained: TrainedIntentModel;
  /** What the caller should show: e.g. a calibration that fell back because validation was too small. */
  readonly warnings: readonly string[];
}

/**
 * THE entry point for per-account models: labelled texts in memory -> the exported model (ONNX bytes + config),
 * nothing read or written. Uses the small-data recipe (ACCOUNT_RECIPE in models/presets/presets.ts). About 1,000
 * examples train in a few seconds.
 */
export function trainModelFromExamples(input: InMemoryTrainingInput, log: ProgressLog = () => {}): InMemoryTrainingResult {
  const warnings: string[] = [];
  let outOfScopeLabel = input.outOfScopeLabel ?? null;
  if (outOfScopeLabel !== null && !input.examples.some((example) => example.label === outOfScopeLabel)) {
    warnings.push(`no example has the out-of-scope label "${outOfScopeLabel}": trained without out-of-scope detection`);
    outOfScopeLabel = null;
  }
  const base = accountRecipe({ outOfScopeLabel, seed: input.seed, prior: input.prior });
  const recipe = input.training ? { ...base, training: { ...base.training, ...input.training } } : base;
  const logged: ProgressLog = (line) => {
    if (line.startsWith("warning:")) warnings.push(line.slice("warning:".length).trim());
    log(line);
  };
  const asRows = (rows: readonly { text: string; label: string; weight?: number }[], file: string) =>
    rows.map((row, index) => ({ text: row.text, label: row.label, weight: row.weight, file, line: index + 1 }));
  const examples = asRows(input.examples, "examples");
  assertTrainable(examples, "examples");
  const names =
    input.intentNames === false
      ? []
      : intentNameExamples(
          examples.map((example) => example.label),
          input.intentNames,
          outOfScopeLabel,
        );
  if (names.length) logged(`${names.length} intent names trained on as examples`);
  const trained = trainIntentModel(
    [...examples, ...names],
    recipe,
    logged,
    input.validation ? asRows(input.validation, "validation") : undefined,
    input.unknownIntentTexts,
  );
  const languages = trainingLanguages(examples.map((example) => example.text));
  const exported = exportIntentModel(
    input.name,
    trained,
    recipe.featurizer,
    input.format ?? "int8",
    {
      preset: null,
      source: "in-memory examples",
      examples: trained.trainExamples,
      recipe: {
        training: recipe.training,
        neighbours: recipe.neighbours ?? null,
        holdoutFraction: input.validation ? null : recipe.holdoutFraction,
        prior: recipe.startFrom?.version ?? null,
        intentNames: names.length,
      },
      unknownIntentTexts: input.unknownIntentTexts?.length ?? 0,
      validation: {
        examples: trained.validation.examples,
        accuracy: round(trained.validation.accuracy),
        eceBeforeCalibration: round(trained.validation.eceBefore),
        eceAfterCalibration: round(trained.validation.eceAfter),
      },
      warnings,
    },
    languages,
  );
  return { ...exported, trained, warnings };
}
