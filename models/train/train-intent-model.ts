import type { LabelledText } from "../data/labelled-texts.js";
import type { DecisionThresholds } from "../shared/model-config.js";
import type { FeaturizerConfig } from "../shared/featurizer.js";
import { describeCalibration, type Calibration, type FamiliaritySignal } from "../shared/familiarity.js";
import { outOfScopeShareWeights } from "./calibrate.js";
import type { EmbeddingBagWeights } from "./embedding-bag.js";
import { buildNeighbourMemory, type NeighbourOptions } from "./neighbours.js";
import { chooseCalibration } from "./choose-calibration.js";
import { predictScores } from "./predict.js";
import { featurizeExamples, type FeaturizedSet } from "./featurized-set.js";
import { stratifiedSplit } from "./stratified-split.js";
import { withFramedCopies } from "./ticket-framing.js";
import { trainEmbeddingBag, type EpochReport, type TrainingOptions } from "./trainer.js";

/** A labelled text with its loss weight (base data 1; agent corrections may count more). */
export interface TrainingExample extends LabelledText {
  readonly weight?: number;
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
  /** Fewer validation examples than this: no temperature fit, T = 1, a warning (models/train/choose-calibration.ts). */
  readonly minValidationExamples?: number;
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
    const split = stratifiedSplit(
      Int32Array.from(examples, (example) => toIndexed(example).labelIndex),
      recipe.holdoutFraction,
      recipe.training.seed,
    );
    trainRows = Array.from(split.train, (i) => examples[i]!);
    validationRows = Array.from(split.holdout, (i) => examples[i]!);
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
  let weights = withNeighbours(trainEmbeddingBag(train, labels.length, recipe.featurizer.buckets, recipe.training, validation, logEpoch("")), train);

  const classes = labels.length;
  const { logits, pooled } = predictScores(weights, validation);
  const outOfScopeIndex = recipe.outOfScopeLabel === null ? -1 : labelIndex.get(recipe.outOfScopeLabel)!;
  const shareWeights =
    recipe.outOfScopeShare === undefined || outOfScopeIndex < 0
      ? undefined
      : outOfScopeShareWeights(validation.labels, outOfScopeIndex, recipe.outOfScopeShare);
  const chosen = chooseCalibration({ logits, pooled, labels: validation.labels, classes, outOfScopeIndex, temperatureWeights: shareWeights }, recipe, log);
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
    weights = withNeighbours(trainEmbeddingBag(everything, classes, recipe.featurizer.buckets, recipe.training, undefined, logEpoch("refit ")), everything);
    trainExamples = everything.size;
  }
  return {
    weights,
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

function unknownLabel(example: LabelledText): never {
  throw new Error(`${example.file}:${example.line}: label "${example.label}" does not occur in the training data`);
}
