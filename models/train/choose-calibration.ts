import { reliability } from "../metrics/metrics.js";
import {
  familiaritySignalValue,
  TEMPERATURE_RANGE,
  textTemperature,
  type Calibration,
  type FamiliaritySignal,
  type PooledSummary,
} from "../shared/familiarity.js";
import type { DecisionThresholds } from "../shared/model-config.js";
import {
  abstainThresholdForPrecision,
  calibratedRows,
  fitFamiliarityScaling,
  fitTemperature,
  meanNegativeLogLikelihood,
  outOfScopeThreshold,
} from "./calibrate.js";

/** A model's scores on its validation examples (models/train/predict.ts) and what they are scored against. */
export interface ValidationScores {
  readonly logits: Float32Array;
  readonly pooled: readonly PooledSummary[];
  readonly labels: Int32Array;
  readonly classes: number;
  /** -1 when the model has no out-of-scope class. */
  readonly outOfScopeIndex: number;
  /** Per-example weights for fitting the temperature (the out-of-scope share); absent: all equal. */
  readonly temperatureWeights?: ArrayLike<number>;
  /**
   * The rows the thresholds are chosen on (the traffic the model is meant for); the temperature is fitted on all.
   * Absent: every row.
   */
  readonly thresholdRows?: ArrayLike<boolean>;
  /**
   * Scores of texts whose intent the model does not know (an account's intents with too few examples to train):
   * the thresholds count an answer on one as wrong, the temperature never sees them. Rows of `classes` like `logits`.
   */
  readonly unknownIntent?: { readonly logits: Float32Array; readonly pooled: readonly PooledSummary[] };
}

export interface CalibrationPolicy {
  readonly familiarity?: FamiliaritySignal;
  readonly targetPrecision: number;
  readonly maxInScopeLossForOutOfScope: number;
  /**
   * Below this many validation examples a fitted temperature is noise (a 5-shot holdout is one example per
   * intent): the fit is skipped and T = 1 kept, with a warning. Absent: always fit (the shipped presets
   * validate on 3,000+ examples).
   */
  readonly minValidationExamples?: number;
}

export interface ChosenCalibration {
  readonly calibration: Calibration;
  readonly thresholds: DecisionThresholds;
  readonly accuracy: number;
  readonly eceBefore: number;
  readonly eceAfter: number;
  /** Out-of-scope examples among the threshold rows that the thresholds flag (null without any). */
  readonly outOfScopeRecall: number | null;
}

/** A fit this close (relative) to an end of TEMPERATURE_RANGE hit the search bound: it is not trusted. */
const BOUND_MARGIN = 0.02;

/** A familiarity slope is shrunk towards 0 in this many steps until it keeps the out-of-scope recall. */
const SLOPE_SHRINK_STEPS = 20;

/**
 * Fits the calibration on validation and chooses the thresholds on the calibrated probabilities. A
 * familiarity-scaled temperature changes which texts look surest, and so what the out-of-scope threshold can
 * catch: catching out-of-scope text outranks calibration, so a fitted slope that would flag fewer validation
 * out-of-scope examples than plain temperature scaling is shrunk towards 0 until it flags as many.
 */
export function chooseCalibration(scores: ValidationScores, policy: CalibrationPolicy, log: (line: string) => void): ChosenCalibration {
  const { logits, labels, classes, temperatureWeights } = scores;
  const eceBefore = topLabelEce(labels, calibratedRows(logits, classes, 1));
  const choose = (calibration: Calibration) => ({ ...withThresholds(scores, calibration, policy), eceBefore });
  if (policy.minValidationExamples !== undefined && labels.length < policy.minValidationExamples) {
    log(
      `warning: ${labels.length} validation examples (< ${policy.minValidationExamples}): temperature not fitted (T = 1), ` +
        "and the thresholds rest on few examples; label more tickets or give a validation set",
    );
    return choose({ temperature: 1 });
  }
  const fittedTemperature = fitTemperature(logits, labels, classes, temperatureWeights);
  // At a bound, or where the NLL is as low as at the bound (validation separable: it only falls as T -> 0).
  const nll = (temperature: number) => meanNegativeLogLikelihood(logits, labels, classes, temperature, temperatureWeights);
  const atBound = (bound: number) => Math.abs(fittedTemperature - bound) <= bound * BOUND_MARGIN || nll(bound) <= nll(fittedTemperature) + 1e-9;
  if (atBound(TEMPERATURE_RANGE.min) || atBound(TEMPERATURE_RANGE.max)) {
    log(`warning: the temperature fit hit its bound (T = ${fittedTemperature}, range ${TEMPERATURE_RANGE.min}-${TEMPERATURE_RANGE.max}): kept T = 1 instead`);
    return choose({ temperature: 1 });
  }
  const plain = choose({ temperature: fittedTemperature });
  const signal = policy.familiarity;
  if (!signal) return plain;

  const signalValues = scores.pooled.map((summary) => familiaritySignalValue(signal, summary));
  const fitted = fitFamiliarityScaling(logits, labels, classes, signal, signalValues, temperatureWeights);
  const fittedSlope = fitted.familiarity!.slope;
  for (let step = 0; step < SLOPE_SHRINK_STEPS; step++) {
    const slope = Number((fittedSlope * (1 - step / SLOPE_SHRINK_STEPS)).toFixed(4));
    const calibration = step === 0 ? fitted : fitFamiliarityScaling(logits, labels, classes, signal, signalValues, temperatureWeights, slope);
    const chosen = choose(calibration);
    if (plain.outOfScopeRecall === null || chosen.outOfScopeRecall! >= plain.outOfScopeRecall) {
      if (step > 0) log(`familiarity slope ${fittedSlope} -> ${slope}: the fitted one flags fewer out-of-scope validation texts`);
      return chosen;
    }
  }
  log(`familiarity slope ${fittedSlope} dropped: every non-zero slope flags fewer out-of-scope validation texts`);
  return plain;
}

const argmaxOf = (row: Float64Array) => row.reduce((best, p, c) => (p > row[best]! ? c : best), 0);

/** ECE of the top label's probability over all classes. */
function topLabelEce(labels: Int32Array, rows: readonly Float64Array[]): number {
  return reliability(
    rows.map((row) => row[argmaxOf(row)]!),
    rows.map((row, i) => argmaxOf(row) === labels[i]),
  ).ece;
}

function withThresholds(scores: ValidationScores, calibration: Calibration, policy: CalibrationPolicy): Omit<ChosenCalibration, "eceBefore"> {
  const { logits, labels, classes, outOfScopeIndex, thresholdRows, unknownIntent } = scores;
  const calibrated = calibratedRows(
    logits,
    classes,
    scores.pooled.map((summary) => textTemperature(calibration, summary)),
  );

  // Thresholds act on the best in-scope intent, as the product's decision does (models/shared/postprocess.ts).
  // `label` null: a text whose intent the model does not know, so whatever it answers is wrong; it is not
  // out-of-scope text either (the LLM tier should place it).
  const entry = (row: Float64Array, label: number | null) => {
    let best = -1;
    for (let c = 0; c < classes; c++) if (c !== outOfScopeIndex && (best < 0 || row[c]! > row[best]!)) best = c;
    return {
      bestInScope: row[best]!,
      outOfScopeWins: outOfScopeIndex >= 0 && row[outOfScopeIndex]! > row[best]!,
      isOutOfScope: label !== null && label === outOfScopeIndex,
      topIsCorrect: label !== null && best === label,
    };
  };
  const inScope = calibrated.flatMap((row, i) => (thresholdRows && !thresholdRows[i] ? [] : [entry(row, labels[i]!)]));
  if (unknownIntent) {
    const temperatures = unknownIntent.pooled.map((summary) => textTemperature(calibration, summary));
    for (const row of calibratedRows(unknownIntent.logits, classes, temperatures)) inScope.push(entry(row, null));
  }
  const answered = inScope.filter((e) => !e.outOfScopeWins);
  const thresholds: DecisionThresholds = {
    abstainBelow: Number(
      abstainThresholdForPrecision(
        answered.map((e) => e.bestInScope),
        answered.map((e) => e.topIsCorrect && !e.isOutOfScope),
        policy.targetPrecision,
      ).toFixed(4),
    ),
    targetPrecision: policy.targetPrecision,
    outOfScopeBelow: outOfScopeThreshold(inScope, policy.maxInScopeLossForOutOfScope),
  };
  const outOfScope = inScope.filter((e) => e.isOutOfScope);
  const flagged = outOfScope.filter((e) => e.outOfScopeWins || e.bestInScope < thresholds.outOfScopeBelow).length;
  return {
    calibration,
    thresholds,
    accuracy: calibrated.filter((row, i) => argmaxOf(row) === labels[i]).length / Math.max(1, labels.length),
    eceAfter: topLabelEce(labels, calibrated),
    outOfScopeRecall: outOfScope.length === 0 ? null : flagged / outOfScope.length,
  };
}
