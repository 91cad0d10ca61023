/**
 * Classification and calibration metrics over plain arrays (no I/O), shared by the trainer (calibration,
 * threshold choice), the eval CLI and the benchmarks.
 */

export interface ClassReport {
  readonly label: string;
  /** null when the label was never predicted (nothing to be precise about: printed n/a, not 0%). */
  readonly precision: number | null;
  readonly recall: number;
  readonly f1: number;
  /** True examples of this label. */
  readonly support: number;
}

export interface Confusion {
  readonly expected: string;
  readonly predicted: string;
  readonly count: number;
}

export interface ClassificationReport {
  readonly examples: number;
  readonly accuracy: number;
  /** Unweighted mean F1 over the labels that occur in the expected labels. */
  readonly macroF1: number;
  readonly perClass: readonly ClassReport[];
  /** Most frequent (expected, predicted) mistakes, most frequent first. */
  readonly topConfusions: readonly Confusion[];
}

export function classificationReport(expected: readonly string[], predicted: readonly string[], confusionsToList = 10): ClassificationReport {
  const truePositives = new Map<string, number>();
  const expectedCount = new Map<string, number>();
  const predictedCount = new Map<string, number>();
  const confusions = new Map<string, Confusion>();
  let correct = 0;
  expected.forEach((label, i) => {
    const guess = predicted[i]!;
    expectedCount.set(label, (expectedCount.get(label) ?? 0) + 1);
    predictedCount.set(guess, (predictedCount.get(guess) ?? 0) + 1);
    if (guess === label) {
      correct++;
      truePositives.set(label, (truePositives.get(label) ?? 0) + 1);
    } else {
      const key = `${label}\u0000${guess}`;
      confusions.set(key, { expected: label, predicted: guess, count: (confusions.get(key)?.count ?? 0) + 1 });
    }
  });
  const perClass = [...expectedCount.keys()].sort().map((label) => {
    const tp = truePositives.get(label) ?? 0;
    const predictedAs = predictedCount.get(label) ?? 0;
    const precision = predictedAs === 0 ? null : tp / predictedAs;
    const recall = tp / expectedCount.get(label)!;
    const f1 = precision === null || precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label, precision, recall, f1, support: expectedCount.get(label)! };
  });
  return {
    examples: expected.length,
    accuracy: expected.length === 0 ? 0 : correct / expected.length,
    macroF1: perClass.reduce((sum, c) => sum + c.f1, 0) / Math.max(1, perClass.length),
    perClass,
    topConfusions: [...confusions.values()]
      .sort((a, b) => b.count - a.count || a.expected.localeCompare(b.expected) || a.predicted.localeCompare(b.predicted))
      .slice(0, confusionsToList),
  };
}

export interface ReliabilityBin {
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
  readonly meanConfidence: number;
  readonly accuracy: number;
}

/** Equal-width confidence bins and the expected calibration error (bin-weighted |accuracy - confidence|). */
export function reliability(confidences: ArrayLike<number>, correct: ArrayLike<boolean>, binCount = 15): { ece: number; bins: ReliabilityBin[] } {
  const counts = new Array<number>(binCount).fill(0);
  const confidenceSums = new Array<number>(binCount).fill(0);
  const correctSums = new Array<number>(binCount).fill(0);
  for (let i = 0; i < confidences.length; i++) {
    const bin = Math.min(binCount - 1, Math.floor(confidences[i]! * binCount));
    counts[bin]!++;
    confidenceSums[bin]! += confidences[i]!;
    if (correct[i]) correctSums[bin]!++;
  }
  let ece = 0;
  const bins = counts.map((count, b) => {
    const meanConfidence = count === 0 ? 0 : confidenceSums[b]! / count;
    const accuracy = count === 0 ? 0 : correctSums[b]! / count;
    ece += (count / Math.max(1, confidences.length)) * Math.abs(accuracy - meanConfidence);
    return { lower: b / binCount, upper: (b + 1) / binCount, count, meanConfidence, accuracy };
  });
  return { ece, bins };
}

export interface RiskCoveragePoint {
  /** Fraction of examples answered (confidence >= threshold). */
  readonly coverage: number;
  /** Error rate among the answered examples. */
  readonly risk: number;
  readonly threshold: number;
}

/**
 * Selective prediction: answer only when confidence >= threshold. One point per distinct confidence, from the
 * most confident example down (coverage grows, risk usually grows).
 */
export function riskCoverageCurve(confidences: ArrayLike<number>, correct: ArrayLike<boolean>): RiskCoveragePoint[] {
  const order = Array.from({ length: confidences.length }, (_, i) => i).sort((a, b) => confidences[b]! - confidences[a]! || a - b);
  const points: RiskCoveragePoint[] = [];
  let errors = 0;
  order.forEach((index, rank) => {
    if (!correct[index]) errors++;
    const next = order[rank + 1];
    // Examples with equal confidence are answered together: emit a point only after the last of a tie.
    if (next !== undefined && confidences[next] === confidences[index]) return;
    points.push({ coverage: (rank + 1) / order.length, risk: errors / (rank + 1), threshold: confidences[index]! });
  });
  return points;
}

/** The largest coverage whose risk is at most `maxRisk`, with the threshold that gives it (coverage 0 if none). */
export function coverageAtRisk(curve: readonly RiskCoveragePoint[], maxRisk: number): { coverage: number; threshold: number } {
  let best = { coverage: 0, threshold: 1 };
  for (const point of curve) if (point.risk <= maxRisk && point.coverage > best.coverage) best = point;
  return { coverage: best.coverage, threshold: best.threshold };
}

/** One text as the out-of-scope rule sees it (models/shared/postprocess.ts decide). */
export interface OutOfScopeExample {
  /** Best in-scope calibrated probability. */
  readonly bestInScope: number;
  /** The out-of-scope class outweighs every intent (flagged whatever the threshold). */
  readonly outOfScopeWins: boolean;
  /** The example really is out of scope. */
  readonly isOutOfScope: boolean;
  /** For in-scope examples: the top in-scope label is the right one. */
  readonly topIsCorrect: boolean;
}

/** One step of the sweep, in counts: texts whose best intent is at most `flagsUpTo` are flagged. */
export interface OutOfScopeSweepStep {
  /** The highest best-intent probability flagged (-Infinity: only what the out-of-scope class wins). */
  readonly flagsUpTo: number;
  /** The next best-intent probability, the first one kept (1 past the last). */
  readonly nextUp: number;
  /** In-scope texts still right (their top intent, not flagged). */
  readonly inScopeRight: number;
  readonly outOfScopeCaught: number;
  readonly inScope: number;
  readonly outOfScope: number;
}

/**
 * Every out-of-scope threshold that changes something, raised from 0 one distinct best-intent probability at a time
 * (equal probabilities are flagged together). Empty without both in-scope and out-of-scope texts. The one sweep
 * behind choosing `outOfScopeBelow` (models/train/calibrate.ts) and reporting what another one would give.
 */
export function outOfScopeSweepSteps(examples: readonly OutOfScopeExample[]): OutOfScopeSweepStep[] {
  const inScope = examples.filter((e) => !e.isOutOfScope).length;
  const outOfScope = examples.length - inScope;
  if (inScope === 0 || outOfScope === 0) return [];
  let inScopeRight = examples.filter((e) => !e.isOutOfScope && e.topIsCorrect && !e.outOfScopeWins).length;
  let outOfScopeCaught = examples.filter((e) => e.isOutOfScope && e.outOfScopeWins).length;
  const sorted = [...examples].sort((a, b) => a.bestInScope - b.bestInScope);
  const steps: OutOfScopeSweepStep[] = [
    { flagsUpTo: Number.NEGATIVE_INFINITY, nextUp: sorted[0]!.bestInScope, inScopeRight, outOfScopeCaught, inScope, outOfScope },
  ];
  for (let i = 0; i < sorted.length; ) {
    const value = sorted[i]!.bestInScope;
    for (; i < sorted.length && sorted[i]!.bestInScope === value; i++) {
      const example = sorted[i]!;
      if (example.outOfScopeWins) continue; // flagged anyway
      if (example.isOutOfScope) outOfScopeCaught++;
      else if (example.topIsCorrect) inScopeRight--;
    }
    steps.push({ flagsUpTo: value, nextUp: sorted[i]?.bestInScope ?? 1, inScopeRight, outOfScopeCaught, inScope, outOfScope });
  }
  return steps;
}

export interface OutOfScopeSweepPoint {
  /** Texts whose best intent is below this are flagged out of scope. */
  readonly threshold: number;
  readonly inScopeAccuracy: number;
  readonly outOfScopeRecall: number;
}

/**
 * In-scope accuracy and out-of-scope recall for every out-of-scope threshold that changes something (one point per
 * distinct best-intent probability, from 0 up): what another `outOfScopeBelow` would have given on these texts.
 */
export function outOfScopeSweep(examples: readonly OutOfScopeExample[]): OutOfScopeSweepPoint[] {
  return outOfScopeSweepSteps(examples).map((step, index) => ({
    threshold: index === 0 ? 0 : step.nextUp,
    inScopeAccuracy: step.inScopeRight / step.inScope,
    outOfScopeRecall: step.outOfScopeCaught / step.outOfScope,
  }));
}

/** The sweep point with the most out-of-scope recall at in-scope accuracy >= `minInScopeAccuracy` (null if none). */
export function bestOutOfScopeRecall(sweep: readonly OutOfScopeSweepPoint[], minInScopeAccuracy: number): OutOfScopeSweepPoint | null {
  let best: OutOfScopeSweepPoint | null = null;
  for (const point of sweep) {
    if (point.inScopeAccuracy >= minInScopeAccuracy && (best === null || point.outOfScopeRecall > best.outOfScopeRecall)) best = point;
  }
  return best;
}
