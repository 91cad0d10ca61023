import { describeCalibration } from "../shared/familiarity.js";
import { featurize } from "../shared/featurizer.js";
import { modelScores, type GraphRunner } from "../shared/graph-outputs.js";
import type { IntentModelConfig } from "../shared/model-config.js";
import { decide, decidedLabel, softmaxWithTemperature } from "../shared/postprocess.js";
import {
  classificationReport,
  coverageAtRisk,
  outOfScopeSweep,
  reliability,
  riskCoverageCurve,
  type ClassificationReport,
  type OutOfScopeExample,
  type OutOfScopeSweepPoint,
  type ReliabilityBin,
  type RiskCoveragePoint,
} from "../metrics/metrics.js";
import { findNearDuplicates } from "./near-duplicates.js";

export interface EvaluationExample {
  readonly text: string;
  /** The true label; out-of-scope examples carry the model's out-of-scope label. */
  readonly label: string;
}

export const RISK_LEVELS = [0.05, 0.02] as const;

export interface Evaluation {
  readonly examples: number;
  readonly inScopeExamples: number;
  readonly outOfScopeExamples: number;
  /** Labels the product would act on (out-of-scope flag included), against the truth, over all examples. */
  readonly decided: ClassificationReport;
  /** In-scope examples whose decided label is right (flagged out of scope = wrong, CLINC150's protocol); null without any. */
  readonly inScopeAccuracy: number | null;
  /** Out-of-scope examples flagged out of scope (null without out-of-scope examples). */
  readonly outOfScopeRecall: number | null;
  /** Share of everything flagged out of scope that really was (null when nothing was flagged). */
  readonly outOfScopePrecision: number | null;
  /** Plain argmax over all classes, no thresholds. */
  readonly argmaxAccuracy: number;
  /** The abstain flag: how often it fires and the accuracy of the decisions it lets through. */
  readonly abstention: { readonly rate: number; readonly accuracyWhenAnswered: number | null };
  readonly calibration: {
    /** The calibration as a formula (models/shared/familiarity.ts). */
    readonly method: string;
    readonly eceBefore: number;
    readonly eceAfter: number;
    readonly binsBefore: readonly ReliabilityBin[];
    readonly binsAfter: readonly ReliabilityBin[];
  };
  /** Calibrated argmax confidence vs error, the basis of coverage at a given error. */
  readonly riskCoverage: readonly RiskCoveragePoint[];
  /**
   * What each other out-of-scope threshold would have given on these texts (empty without both kinds): the
   * ceiling of any threshold choice, so a report can tell a threshold chosen badly from scores that cannot separate.
   */
  readonly outOfScopeSweep: readonly OutOfScopeSweepPoint[];
  readonly coverageAtRisk: readonly { readonly maxRisk: number; readonly coverage: number; readonly threshold: number }[];
  /** The same scores without test texts that nearly duplicate a training text. */
  readonly nearDuplicateFree?: {
    readonly removed: number;
    readonly examples: number;
    readonly accuracy: number;
    readonly macroF1: number;
  };
}

/** Scores a model on labelled texts through its real runtime (`runGraph`) and the product's decision rule. */
export async function evaluateModel(
  config: IntentModelConfig,
  runGraph: GraphRunner,
  examples: readonly EvaluationExample[],
  options: { readonly trainTexts?: readonly string[]; readonly onProgress?: (done: number, total: number) => void } = {},
): Promise<Evaluation> {
  const outOfScopeLabel = config.outOfScopeLabel;
  const decided: string[] = [];
  const argmaxLabels: string[] = [];
  const abstained: boolean[] = [];
  const confidenceBefore: number[] = [];
  const confidenceAfter: number[] = [];
  const outOfScopeCases: OutOfScopeExample[] = [];
  const outOfScopeIndex = outOfScopeLabel === null ? -1 : config.labels.indexOf(outOfScopeLabel);
  for (let i = 0; i < examples.length; i++) {
    const scores = modelScores(await runGraph(featurize(examples[i]!.text, config.featurizer)), config);
    const raw = softmaxWithTemperature(scores.logits, 1);
    const calibrated = softmaxWithTemperature(scores.logits, scores.temperature);
    const argmax = calibrated.reduce((best, p, c) => (p > calibrated[best]! ? c : best), 0);
    const prediction = decide(calibrated, config);
    decided.push(decidedLabel(prediction, outOfScopeLabel));
    abstained.push(prediction.abstain);
    argmaxLabels.push(config.labels[argmax]!);
    confidenceBefore.push(raw[argmax]!);
    confidenceAfter.push(calibrated[argmax]!);
    const best = prediction.top[0]?.probability ?? 0;
    outOfScopeCases.push({
      bestInScope: best,
      outOfScopeWins: outOfScopeIndex >= 0 && calibrated[outOfScopeIndex]! > best,
      isOutOfScope: examples[i]!.label === outOfScopeLabel,
      topIsCorrect: prediction.top[0]?.label === examples[i]!.label,
    });
    if ((i + 1) % 1000 === 0) options.onProgress?.(i + 1, examples.length);
  }

  const truth = examples.map((example) => example.label);
  const isOutOfScope = truth.map((label) => label === outOfScopeLabel);
  const argmaxCorrect = argmaxLabels.map((label, i) => label === truth[i]);
  const before = reliability(confidenceBefore, argmaxCorrect);
  const after = reliability(confidenceAfter, argmaxCorrect);
  const curve = riskCoverageCurve(confidenceAfter, argmaxCorrect);

  const inScopeIndices = indicesWhere(isOutOfScope, false);
  const outOfScopeIndices = indicesWhere(isOutOfScope, true);
  const flagged = decided.map((label) => outOfScopeLabel !== null && label === outOfScopeLabel);
  const flaggedCount = flagged.filter(Boolean).length;
  const answered = indicesWhere(abstained, false);

  let nearDuplicateFree: Evaluation["nearDuplicateFree"];
  if (options.trainTexts) {
    const duplicate = findNearDuplicates(
      examples.map((example) => example.text),
      options.trainTexts,
    );
    const kept = indicesWhere(duplicate, false);
    const report = classificationReport(
      kept.map((i) => truth[i]!),
      kept.map((i) => decided[i]!),
    );
    nearDuplicateFree = { removed: examples.length - kept.length, examples: kept.length, accuracy: report.accuracy, macroF1: report.macroF1 };
  }

  return {
    examples: examples.length,
    inScopeExamples: inScopeIndices.length,
    outOfScopeExamples: outOfScopeIndices.length,
    decided: classificationReport(truth, decided),
    inScopeAccuracy: share(inScopeIndices, (i) => decided[i] === truth[i]),
    outOfScopeRecall: share(outOfScopeIndices, (i) => flagged[i]!),
    outOfScopePrecision: flaggedCount === 0 ? null : flagged.filter((f, i) => f && isOutOfScope[i]).length / flaggedCount,
    argmaxAccuracy: argmaxCorrect.filter(Boolean).length / Math.max(1, examples.length),
    abstention: {
      rate: 1 - answered.length / Math.max(1, examples.length),
      accuracyWhenAnswered: share(answered, (i) => decided[i] === truth[i]),
    },
    calibration: {
      method: describeCalibration(config.calibration),
      eceBefore: before.ece,
      eceAfter: after.ece,
      binsBefore: before.bins,
      binsAfter: after.bins,
    },
    riskCoverage: curve,
    outOfScopeSweep: outOfScopeLabel === null ? [] : outOfScopeSweep(outOfScopeCases),
    coverageAtRisk: RISK_LEVELS.map((maxRisk) => ({ maxRisk, ...coverageAtRisk(curve, maxRisk) })),
    nearDuplicateFree,
  };
}

function indicesWhere(flags: readonly boolean[], value: boolean): number[] {
  const indices: number[] = [];
  flags.forEach((flag, i) => {
    if (flag === value) indices.push(i);
  });
  return indices;
}

/** null, not 0, when there is nothing to measure (printed n/a). */
function share(indices: readonly number[], predicate: (index: number) => boolean): number | null {
  return indices.length === 0 ? null : indices.filter(predicate).length / indices.length;
}
