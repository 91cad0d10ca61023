/**
 * Familiarity-scaled temperature: one temperature cannot be right for texts that look like the training data and
 * texts that do not (a model is over- or under-confident on them in different ways), so the temperature moves
 * with a measure of how familiar the text looks:
 *
 *   T(text) = temperature · exp(slope · (signal(text) − reference))
 *
 * `reference` is the signal's mean on the validation set, so `temperature` is the one for a typical validation
 * text. Both parameters are fitted together on validation by NLL (models/train/calibrate.ts); slope 0 is plain
 * temperature scaling.
 */
export type FamiliaritySignal = "pooled-length" | "nearest-prototype-cosine";

export const FAMILIARITY_SIGNALS: readonly FamiliaritySignal[] = ["pooled-length", "nearest-prototype-cosine"];

export interface FamiliarityScaling {
  /**
   * `pooled-length`: length of the mean embedding (texts of familiar words have long, agreeing vectors).
   * `nearest-prototype-cosine`: cosine with the closest class prototype (needs a neighbour vote).
   */
  readonly signal: FamiliaritySignal;
  readonly slope: number;
  readonly reference: number;
}

export interface Calibration {
  /** Logits are divided by this before the softmax (fitted on the validation split). */
  readonly temperature: number;
  /** Absent: plain temperature scaling. */
  readonly familiarity?: FamiliarityScaling;
}

/** What a text's pooled vector tells about familiarity: its length and, with prototypes, its best dot product. */
export interface PooledSummary {
  readonly length: number;
  /** Largest dot product of the pooled vector with a unit-length prototype (absent without prototypes). */
  readonly bestPrototypeDot?: number;
}

/** Temperatures outside this range are never fitted (models/train/calibrate.ts searches it) and are clamped. */
export const TEMPERATURE_RANGE = { min: 0.05, max: 20 } as const;

const MIN_LENGTH = 1e-12;

export function familiaritySignalValue(signal: FamiliaritySignal, pooled: PooledSummary): number {
  if (signal === "pooled-length") return pooled.length;
  if (pooled.bestPrototypeDot === undefined) throw new Error("the nearest-prototype-cosine signal needs prototypes");
  return pooled.bestPrototypeDot / Math.max(pooled.length, MIN_LENGTH);
}

/** The temperature for one text (its pooled summary is only read when the calibration is familiarity-scaled). */
export function textTemperature(calibration: Calibration, pooled: PooledSummary | undefined): number {
  const familiarity = calibration.familiarity;
  if (!familiarity) return calibration.temperature;
  if (!pooled) throw new Error("familiarity-scaled calibration needs the pooled vector");
  const signal = familiaritySignalValue(familiarity.signal, pooled);
  return scaledTemperature(calibration.temperature, familiarity.slope, signal - familiarity.reference);
}

/** temperature · exp(slope · offset), kept inside TEMPERATURE_RANGE. */
export function scaledTemperature(temperature: number, slope: number, offset: number): number {
  const value = temperature * Math.exp(slope * offset);
  return Math.min(TEMPERATURE_RANGE.max, Math.max(TEMPERATURE_RANGE.min, value));
}

/** The calibration as one readable formula, for reports, charts and logs. */
export function describeCalibration(calibration: Calibration): string {
  const familiarity = calibration.familiarity;
  if (!familiarity) return `T = ${calibration.temperature}`;
  const signal = familiarity.signal === "pooled-length" ? "pooled length" : "nearest-prototype cosine";
  return `T = ${calibration.temperature} · exp(${familiarity.slope} · (${signal} − ${familiarity.reference}))`;
}
