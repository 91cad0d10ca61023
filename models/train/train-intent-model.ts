import type { LabelledText } from "../data/labelled-texts.js";
import type { DecisionThresholds } from "../shared/model-config.js";
import type { FeaturizerConfig } from "../shared/featurizer.js";
import { describeCalibration, type Calibration, type FamiliaritySignal, type PooledSummary } from "../shared/familiarity.js";
import { outOfScopeShareWeights } from "./calibrate.js";
import type { EmbeddingBagWeights } from "./embedding-bag.js";
import { buildNeighbourMemory, type NeighbourOptions } from "./neighbours.js";
import { chooseCalibration } from "./choose-calibration.js";
import { predictScores, type PredictedScores } from "./predict.js";
import { SeededRandom } from "./random.js";
import { featurizeExamples, subset, type FeaturizedSet } from "./featurized-set.js";
import { stratifiedFolds, stratifiedSplit } from "./stratified-split.js";
import { withFramedCopies } from "./ticket-framing.js";
import { assertPriorFits, type IntentPrior } from "./intent-prior.js";
import { trainEmbeddingBag, type EpochReport, type TrainingOptions, type TrainingStart } from "./trainer.js";

/** A labelled text with its loss weight (base data 1; agent corrections may count more). */
export interface TrainingExample extends LabelledText {
  readonly weight?: number;
  /** Trained on, never held out to validate on: not a ticket (an intent's name, models/train/intent-names.ts). */
  readonly trainOnly?: boolean;
}

export interface IntentModelRecipe {
  readonly featurizer: FeaturizerConfig;
  readonly training: TrainingOptions;
  /** Share of the training examples held out (stratified) when no explicit validation set is given. */
  readonly holdoutFraction: number;
  /** The class of out-of-scope examples, if the data has one. */
  readonly outOfScopeLabel: string | null;
  /** Precision the abstain threshold targets on validation. */
  readonly targetPrecision: number;
  /** In-scope accuracy (absolute) the out-of-scope threshold may cost on validation. */
  readonly maxInScopeLossForOutOfScope: number;
  /**
   * After calibrating on the validation examples, train again on train + validation with the same settings and
   * keep the calibration: the shipped model sees all the data. The temperature and thresholds then come from a
   * model trained on slightly less data (a small, measured approximation; see the eval report's ECE).
   */
  readonly refitOnAllData: boolean;
  /**
   * Out-of-scope share of the traffic the model is meant for: the temperature is fitted with the validation's
   * out-of-scope examples weighted to make up this share. Absent: the validation set's own mix. Only the
   * temperature uses the weights; the thresholds are chosen on the unweighted validation set as before.
   */
  readonly outOfScopeShare?: number;
  /** Train on framed copies too (greetings, order numbers, sign-offs; models/train/ticket-framing.ts). */
  readonly ticketFraming?: { readonly copies: number };
  /** Blend in a vote of the nearest class prototypes (models/train/neighbours.ts); absent: the classifier alone. */
  readonly neighbours?: NeighbourOptions;
  /** Scale the temperature with this familiarity signal (models/shared/familiarity.ts); absent: one temperature. */
  readonly familiarity?: FamiliaritySignal;
  /**
   * Cross-fitted calibration (with an explicit validation set and the refit): train this many models, each on train
   * plus every validation fold but one, and fit the temperature and thresholds on each model's scores of the fold it
   * left out. The refitted model has seen all of validation, so scores of a model that has seen none of it make it
   * look weaker than it is (on the support model: 40% of the English realistic tickets abstained at 97% precision).
   * Out-of-fold scores show what a model trained on that kind of data does with text it has not seen. Costs this
   * many trainings instead of one. Absent: one model trained on train alone, scored on all of validation.
   */
  readonly calibrationFolds?: number;
  /**
   * Validation files (as loaded: `LabelledText.file`) whose examples alone choose the thresholds: the traffic the
   * model is meant for, when validation also holds other text for the temperature. Absent: every example.
   */
  readonly thresholdFiles?: readonly string[];
  /** Fewer validation examples than this: no temperature fit, T = 1, a warning (models/train/choose-calibration.ts). */
  readonly minValidationExamples?: number;
  /** Start every training from this table instead of a random one (models/train/intent-prior.ts; account models). */
  readonly startFrom?: IntentPrior;
}

export interface TrainedIntentModel {
  readonly weights: EmbeddingBagWeights;
  readonly labels: readonly string[];
  readonly outOfScopeLabel: string | null;
  readonly calibration: Calibration;
  readonly thresholds: DecisionThresholds;
  readonly validation: {
    readonly examples: number;
    readonly accuracy: number;
    readonly eceBefore: number;
    readonly eceAfter: number;
  };
  readonly trainExamples: number;
  readonly epochs: readonly EpochReport[];
  readonly seconds: number;
}

export type ProgressLog = (line: string) => void;

/** Labels in a stable order: sorted, so the same data always gives the same logit layout. */
function labelOrder(examples: readonly LabelledText[]): string[] {
  return [...new Set(examples.map((example) => example.label))].sort();
}

/**
 * Trains, calibrates and chooses thresholds: featurize once -> split (or use the given validation set) ->
 * train with per-epoch validation accuracy -> fit the temperature and thresholds on validation -> optionally
 * refit on everything.
 */
export function trainIntentModel(
  examples: readonly TrainingExample[],
  recipe: IntentModelRecipe,
  log: ProgressLog,
  validationExamples?: readonly LabelledText[],
  /** Texts of intents this model will not know (see ValidationScores.unknownIntent); a traffic-sized share is used. */
  unknownIntentTexts?: readonly string[],
): TrainedIntentModel {
  const started = performance.now();
  const labels = labelOrder(examples);
  const labelIndex = new Map(labels.map((label, index) => [label, index]));
  if (recipe.familiarity === "nearest-prototype-cosine" && !recipe.neighbours) {
    throw new Error("the nearest-prototype-cosine familiarity signal needs a neighbour vote (recipe.neighbours)");
  }
  if (recipe.outOfScopeLabel !== null && !labelIndex.has(recipe.outOfScopeLabel)) {
    throw new Error(`no training example has the out-of-scope label "${recipe.outOfScopeLabel}"`);
  }
  if (recipe.startFrom) assertPriorFits(recipe.startFrom, recipe.featurizer, recipe.training.dim);
  const start: TrainingStart | undefined = recipe.startFrom ? { embedding: recipe.startFrom.embedding } : undefined;
  if (recipe.startFrom) log(`starting from the intent prior ${recipe.startFrom.version}`);
  const toIndexed = (example: TrainingExample) => ({
    text: example.text,
    labelIndex: labelIndex.get(example.label) ?? unknownLabel(example),
    weight: example.weight,
  });
  const featurized = (rows: readonly TrainingExample[]) => featurizeExamples(rows.map(toIndexed), recipe.featurizer);
  // Framed copies are added to what is trained on only, never to what is validated on.
  const framing = recipe.ticketFraming;
  const trainingSet = (rows: readonly TrainingExample[]) => featurized(framing ? withFramedCopies(rows, framing.copies, recipe.training.seed) : rows);

  let trainRows: readonly TrainingExample[] = examples;
  let validationRows: readonly LabelledText[];
  if (validationExamples) {
    validationRows = validationExamples;
  } else {
    const splittable = examples.filter((example) => !example.trainOnly);
    const split = stratifiedSplit(
      Int32Array.from(splittable, (example) => toIndexed(example).labelIndex),
      recipe.holdoutFraction,
      recipe.training.seed,
    );
    trainRows = [...Array.from(split.train, (i) => splittable[i]!), ...examples.filter((example) => example.trainOnly)];
    validationRows = Array.from(split.holdout, (i) => splittable[i]!);
  }
  const train = trainingSet(trainRows);
  const validation = featurized(validationRows);
  log(
    `${labels.length} labels, ${train.size} train${framing ? ` (${framing.copies} framed cop${framing.copies === 1 ? "y" : "ies"} each)` : ""} / ` +
      `${validation.size} validation examples, ${(train.ids.length / train.size).toFixed(0)} features per text`,
  );

  const epochs: EpochReport[] = [];
  const logEpoch = (prefix: string) => (report: EpochReport) => {
    epochs.push(report);
    const validationText = report.validationAccuracy === undefined ? "" : `  validation acc ${(report.validationAccuracy * 100).toFixed(2)}%`;
    log(
      `${prefix}epoch ${String(report.epoch).padStart(2)}/${report.epochs}  loss ${report.loss.toFixed(4)}  ` +
        `train acc ${(report.trainAccuracy * 100).toFixed(2)}%${validationText}  (${report.seconds.toFixed(1)} s)`,
    );
  };
  const withNeighbours = (model: EmbeddingBagWeights, seen: FeaturizedSet): EmbeddingBagWeights => {
    if (!recipe.neighbours) return model;
    const neighbours = buildNeighbourMemory(model, seen, recipe.neighbours);
    log(`neighbour vote: ${neighbours.count} prototypes (up to ${neighbours.prototypesPerClass} per class), k ${neighbours.k}`);
    return { ...model, neighbours };
  };
  const classes = labels.length;
  const outOfScopeIndex = recipe.outOfScopeLabel === null ? -1 : labelIndex.get(recipe.outOfScopeLabel)!;
  const folds = validationExamples && recipe.refitOnAllData ? (recipe.calibrationFolds ?? 1) : 1;
  let weights: EmbeddingBagWeights | undefined;
  let logits: Float32Array;
  let pooled: readonly PooledSummary[];
  if (folds > 1) {
    // Cross-fitted: each validation example is scored by the model that did not train on its fold.
    const fold = stratifiedFolds(validation.labels, folds, recipe.training.seed);
    logits = new Float32Array(validation.size * classes);
    const outOfFold = new Array<PooledSummary>(validation.size);
    pooled = outOfFold;
    for (let k = 0; k < folds; k++) {
      const held = indicesOf(fold, (f) => f === k);
      const kept = indicesOf(fold, (f) => f !== k);
      log(`calibration fold ${k + 1}/${folds}: train + ${kept.length} validation examples, scored on the other ${held.length}`);
      const foldTrain = trainingSet([...trainRows, ...Array.from(kept, (i) => validationRows[i]!)]);
      const heldSet = subset(validation, held);
      const model = withNeighbours(
        trainEmbeddingBag(foldTrain, classes, recipe.featurizer.buckets, recipe.training, heldSet, logEpoch(`fold ${k + 1} `), start),
        foldTrain,
      );
      const scores = predictScores(model, heldSet);
      held.forEach((row, n) => {
        logits.set(scores.logits.subarray(n * classes, (n + 1) * classes), row * classes);
        outOfFold[row] = scores.pooled[n]!;
      });
    }
  } else {
    weights = withNeighbours(trainEmbeddingBag(train, classes, recipe.featurizer.buckets, recipe.training, validation, logEpoch(""), start), train);
    ({ logits, pooled } = predictScores(weights, validation));
  }
  const shareWeights =
    recipe.outOfScopeShare === undefined || outOfScopeIndex < 0
      ? undefined
      : outOfScopeShareWeights(validation.labels, outOfScopeIndex, recipe.outOfScopeShare);
  const unknownIntent = unknownIntentScores(weights, unknownIntentTexts, validationRows.length / (trainRows.length + validationRows.length), recipe, log);
  const thresholdFiles = recipe.thresholdFiles ? new Set(recipe.thresholdFiles) : undefined;
  const thresholdRows = thresholdFiles ? validationRows.map((row) => thresholdFiles.has(row.file)) : undefined;
  if (thresholdRows && !thresholdRows.some(Boolean))
    throw new Error(`no validation example comes from the threshold files (${[...thresholdFiles!].join(", ")})`);
  const chosen = chooseCalibration(
    { logits, pooled, labels: validation.labels, classes, outOfScopeIndex, temperatureWeights: shareWeights, thresholdRows, unknownIntent },
    recipe,
    log,
  );
  const { calibration, thresholds, accuracy: validationAccuracy, eceBefore, eceAfter } = chosen;
  log(
    `validation: acc ${(validationAccuracy * 100).toFixed(2)}%, calibration ${describeCalibration(calibration)}, ` +
      `ECE ${eceBefore.toFixed(4)} -> ${eceAfter.toFixed(4)}, abstain below ${thresholds.abstainBelow} ` +
      `(precision ${thresholds.targetPrecision}), out of scope below ${thresholds.outOfScopeBelow}` +
      (chosen.outOfScopeRecall === null ? "" : ` (flags ${(chosen.outOfScopeRecall * 100).toFixed(1)}% of out-of-scope)`),
  );

  let trainExamples = train.size;
  if (recipe.refitOnAllData) {
    const everything = trainingSet([...examples, ...(validationExamples ?? [])]);
    log(`refit on all ${everything.size} examples (train + validation) with the same settings`);
    weights = withNeighbours(
      trainEmbeddingBag(everything, classes, recipe.featurizer.buckets, recipe.training, undefined, logEpoch("refit "), start),
      everything,
    );
    trainExamples = everything.size;
  }
  return {
    // Cross-fitting implies the refit (see `folds`), so every path has trained a model by now.
    weights: weights!,
    labels,
    outOfScopeLabel: recipe.outOfScopeLabel,
    calibration,
    thresholds,
    validation: { examples: validation.size, accuracy: validationAccuracy, eceBefore, eceAfter },
    trainExamples,
    epochs,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * Scores of the unknown-intent texts for the thresholds: as large a share of them as validation is of the known
 * intents' examples, so they weigh what they weigh in the traffic (validation is a tenth of the known examples; all
 * the unknown ones would count ten times over). Seeded, so training stays deterministic.
 */
function unknownIntentScores(
  model: EmbeddingBagWeights | undefined,
  texts: readonly string[] | undefined,
  share: number,
  recipe: IntentModelRecipe,
  log: ProgressLog,
): PredictedScores | undefined {
  if (!model || !texts?.length) return undefined;
  const picked = new SeededRandom(recipe.training.seed).shuffle([...texts]).slice(0, Math.max(1, Math.round(texts.length * share)));
  log(`thresholds also judged on ${picked.length} of ${texts.length} texts of intents this model does not know`);
  return predictScores(
    model,
    featurizeExamples(
      picked.map((text) => ({ text, labelIndex: -1 })),
      recipe.featurizer,
    ),
  );
}

function indicesOf(values: Int32Array, keep: (value: number) => boolean): number[] {
  const indices: number[] = [];
  values.forEach((value, i) => {
    if (keep(value)) indices.push(i);
  });
  return indices;
}

function unknownLabel(example: LabelledText): never {
  throw new Error(`${example.file}:${example.line}: label "${example.label}" does not occur in the training data`);
}
