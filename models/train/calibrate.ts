import { outOfScopeSweepSteps, riskCoverageCurve, type OutOfScopeExample } from "../metrics/metrics.js";
import { scaledTemperature, TEMPERATURE_RANGE, type Calibration, type FamiliaritySignal } from "../shared/familiarity.js";
import { softmaxWithTemperature } from "../shared/postprocess.js";

/** A temperature for every row: one for all, or one each (familiarity-scaled, models/shared/familiarity.ts). */
export type RowTemperatures = number | ArrayLike<number>;

function rowTemperature(temperatures: RowTemperatures, row: number): number {
  return typeof temperatures === "number" ? temperatures : temperatures[row]!;
}

/** Mean negative log-likelihood of the true labels under softmax(logits / temperature), optionally weighted. */
export function meanNegativeLogLikelihood(
  logits: Float32Array,
  labels: Int32Array,
  classes: number,
  temperatures: RowTemperatures,
  weights?: ArrayLike<number>,
): number {
  let total = 0;
  let weightSum = 0;
  for (let i = 0; i < labels.length; i++) {
    const weight = weights ? weights[i]! : 1;
    weightSum += weight;
    const temperature = rowTemperature(temperatures, i);
    const row = logits.subarray(i * classes, (i + 1) * classes);
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < classes; c++) max = Math.max(max, row[c]! / temperature);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(row[c]! / temperature - max);
    total -= weight * (row[labels[i]!]! / temperature - max - Math.log(sum));
  }
  return weightSum > 0 ? total / weightSum : 0;
}

/** Golden-section search for the minimum of a unimodal function on [lo, hi]. */
function goldenSectionMinimum(f: (x: number) => number, lo: number, hi: number, iterations: number): number {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = hi - ratio * (hi - lo);
  let b = lo + ratio * (hi - lo);
  let fa = f(a);
  let fb = f(b);
  for (let iteration = 0; iteration < iterations; iteration++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - ratio * (hi - lo);
      fa = f(a);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + ratio * (hi - lo);
      fb = f(b);
    }
  }
  return (lo + hi) / 2;
}

const LOG_TEMPERATURE_RANGE = [Math.log(TEMPERATURE_RANGE.min), Math.log(TEMPERATURE_RANGE.max)] as const;

/**
 * Temperature scaling (Guo et al. 2017): the one scalar T minimising validation NLL of softmax(logits / T).
 * NLL is unimodal in log T, so a golden-section search over TEMPERATURE_RANGE finds it; the result is rounded so
 * the config stays readable and stable. Optional per-example weights (e.g. to give out-of-scope examples the
 * share of traffic the model is meant for) weight the NLL.
 */
export function fitTemperature(logits: Float32Array, labels: Int32Array, classes: number, weights?: ArrayLike<number>): number {
  const nll = (logTemperature: number) => meanNegativeLogLikelihood(logits, labels, classes, Math.exp(logTemperature), weights);
  return roundedTemperature(goldenSectionMinimum(nll, ...LOG_TEMPERATURE_RANGE, 60));
}

/** Rounded so the config stays readable and stable. */
function roundedTemperature(logTemperature: number): number {
  return Number(Math.exp(logTemperature).toFixed(4));
}

/** Slopes the familiarity fit scans before refining: wide enough for signals of order 1 (lengths, cosines). */
const SLOPE_GRID = Array.from({ length: 21 }, (_, i) => -10 + i);

/**
 * Familiarity-scaled temperature (models/shared/familiarity.ts): temperature and slope minimising the weighted
 * validation NLL, the reference being the signal's weighted mean (or the temperature alone for `fixedSlope`). For each slope of a coarse grid the best
 * temperature is found by golden section (unimodal in log T, as above), then the best slope is refined between
 * its grid neighbours. Slope 0 is plain temperature scaling, so the fit is never worse than it on validation.
 */
export function fitFamiliarityScaling(
  logits: Float32Array,
  labels: Int32Array,
  classes: number,
  signal: FamiliaritySignal,
  signalValues: ArrayLike<number>,
  weights?: ArrayLike<number>,
  fixedSlope?: number,
): Calibration {
  let weightSum = 0;
  let weighted = 0;
  for (let i = 0; i < labels.length; i++) {
    const weight = weights ? weights[i]! : 1;
    weightSum += weight;
    weighted += weight * signalValues[i]!;
  }
  const reference = Number((weightSum > 0 ? weighted / weightSum : 0).toFixed(4));
  const temperatures = new Float64Array(labels.length);
  const nllAt = (logTemperature: number, slope: number) => {
    for (let i = 0; i < labels.length; i++) {
      temperatures[i] = scaledTemperature(Math.exp(logTemperature), slope, signalValues[i]! - reference);
    }
    return meanNegativeLogLikelihood(logits, labels, classes, temperatures, weights);
  };
  const bestLogTemperature = (slope: number) => goldenSectionMinimum((t) => nllAt(t, slope), ...LOG_TEMPERATURE_RANGE, 40);
  const nllOfSlope = (slope: number) => nllAt(bestLogTemperature(slope), slope);
  if (fixedSlope !== undefined) {
    return { temperature: roundedTemperature(bestLogTemperature(fixedSlope)), familiarity: { signal, slope: fixedSlope, reference } };
  }
  let gridBest = 0;
  let gridBestNll = Number.POSITIVE_INFINITY;
  for (const slope of SLOPE_GRID) {
    const nll = nllOfSlope(slope);
    if (nll < gridBestNll) [gridBest, gridBestNll] = [slope, nll];
  }
  const slope = Number(goldenSectionMinimum(nllOfSlope, gridBest - 1, gridBest + 1, 25).toFixed(4));
  return { temperature: roundedTemperature(bestLogTemperature(slope)), familiarity: { signal, slope, reference } };
}

/**
 * Weights that give the examples of `outOfScopeIndex` the share `outOfScopeShare` of the total weight (the others
 * weigh 1). Undefined when the set lacks in-scope or out-of-scope examples.
 */
export function outOfScopeShareWeights(labels: Int32Array, outOfScopeIndex: number, outOfScopeShare: number): Float64Array | undefined {
  let outOfScope = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === outOfScopeIndex) outOfScope++;
  const inScope = labels.length - outOfScope;
  if (outOfScope === 0 || inScope === 0 || !(outOfScopeShare > 0 && outOfScopeShare < 1)) return undefined;
  const outOfScopeWeight = (outOfScopeShare / (1 - outOfScopeShare)) * (inScope / outOfScope);
  return Float64Array.from(labels, (label) => (label === outOfScopeIndex ? outOfScopeWeight : 1));
}

/** Calibrated probabilities of every row of a logits matrix. */
export function calibratedRows(logits: Float32Array, classes: number, temperatures: RowTemperatures): Float64Array[] {
  const rows: Float64Array[] = [];
  for (let i = 0; i < logits.length / classes; i++) {
    rows.push(softmaxWithTemperature(logits.subarray(i * classes, (i + 1) * classes), rowTemperature(temperatures, i)));
  }
  return rows;
}

/**
 * The lowest confidence threshold whose answered examples (confidence >= threshold) still reach
 * `targetPrecision` on validation: the model answers as much as it can at that precision.
 * Returns 1 (always abstain) when even the most confident examples miss the target.
 */
export function abstainThresholdForPrecision(confidences: ArrayLike<number>, correct: ArrayLike<boolean>, targetPrecision: number): number {
  let threshold = 1;
  let bestCoverage = 0;
  for (const point of riskCoverageCurve(confidences, correct)) {
    if (1 - point.risk >= targetPrecision && point.coverage > bestCoverage) {
      bestCoverage = point.coverage;
      threshold = point.threshold;
    }
  }
  return threshold;
}

/**
 * The out-of-scope threshold: flag a text when its best intent is below it. Chosen on validation: among the
 * thresholds that cost in-scope accuracy at most `maxInScopeLoss` (absolute, a flagged in-scope text counting as
 * wrong as in CLINC150's protocol), the lowest one that reaches the best out-of-scope recall. Raising the bar
 * further would only cost confidence margin without catching more out-of-scope texts. Returns 0 when the
 * validation set lacks in-scope or out-of-scope examples, or no threshold helps.
 */
export function outOfScopeThreshold(examples: readonly OutOfScopeExample[], maxInScopeLoss: number): number {
  const [none, ...steps] = outOfScopeSweepSteps(examples);
  if (!none) return 0;
  const allowedLosses = Math.floor(maxInScopeLoss * none.inScope + 1e-9);
  let bestCaught = none.outOfScopeCaught;
  let threshold = 0;
  for (const step of steps) {
    if (none.inScopeRight - step.inScopeRight > allowedLosses) break;
    if (step.outOfScopeCaught > bestCaught) {
      bestCaught = step.outOfScopeCaught;
      // Midway to the next confidence: flags this group, keeps the next.
      threshold = Number(((step.flagsUpTo + step.nextUp) / 2).toFixed(6));
    }
  }
  return threshold;
}
