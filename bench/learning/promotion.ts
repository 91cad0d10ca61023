/**
 * The product's promotion rule, applied after each retrain: about one ticket in five is held out of training
 * (worker/lib/held-out.ts isHeldOut), and a candidate goes live only when it beats the live model on
 * those held-out labels (worker/intent-model/evaluate.ts: not fewer right, not fewer covered at the target
 * precision, more of one), with at least as many held-out examples as the registry asks for.
 */
import type { IntentClassifier } from "../../models/shared/types.js";
import { compareModels, evaluateModel, type HeldOutExample, type ModelEvaluation } from "../../worker/intent-model/evaluate";

/** worker/intent-model/registry.ts MIN_HELD_OUT (not imported: that module pulls in the Worker's model files). */
export const MIN_HELD_OUT = 20;

/**
 * gate: the registry's rule. strict: the same, and the answers the candidate's own thresholds give on the
 * held-out labels must reach the target precision (the registry only compares it with the live model, so a
 * first model right on 1 held-out ticket of 44 beats "no model" and goes live). always: no check.
 */
export const PROMOTION_MODES = ["gate", "strict", "always"] as const;
export type PromotionMode = (typeof PROMOTION_MODES)[number];

export interface PromotionCheck {
  readonly promoted: boolean;
  readonly reason: string;
  readonly heldOut: number;
  readonly candidate: ModelEvaluation | null;
}

/** What "no account model" scores: it names no intent, so nothing is right or covered. */
function noModel(examples: number, targetPrecision: number): ModelEvaluation {
  return {
    version: "none",
    examples,
    correct: 0,
    accuracy: examples ? 0 : null,
    targetPrecision,
    answered: 0,
    precision: null,
    coveredAtPrecision: 0,
    coverageAtPrecision: examples ? 0 : null,
    bestCutoff: { covered: 0, coverage: examples ? 0 : null, cutoff: null },
  };
}

export async function checkPromotion(
  mode: PromotionMode,
  candidate: IntentClassifier,
  live: IntentClassifier | null,
  heldOut: readonly HeldOutExample[],
  targetPrecision: number,
): Promise<PromotionCheck> {
  const judged = heldOut.length ? await evaluateModel(candidate, null, heldOut, targetPrecision) : null;
  if (mode === "always") return { promoted: true, reason: "promoted without a check (--promotion always)", heldOut: heldOut.length, candidate: judged };
  if (!judged || heldOut.length < MIN_HELD_OUT) {
    return { promoted: false, reason: `${heldOut.length} held-out examples (the registry needs ${MIN_HELD_OUT})`, heldOut: heldOut.length, candidate: judged };
  }
  const liveEvaluation = live ? await evaluateModel(live, null, heldOut, targetPrecision) : noModel(heldOut.length, targetPrecision);
  const comparison = compareModels(judged, liveEvaluation);
  // What triage acts on are the answers above the model's own abstain threshold: those must reach the target.
  const ownAnswersReach = judged.answered > 0 && judged.precision !== null && judged.precision >= targetPrecision - 1e-9;
  if (mode === "strict" && comparison.verdict === "better" && !ownAnswersReach) {
    return {
      promoted: false,
      reason: `its held-out answers miss the ${(targetPrecision * 100).toFixed(0)}% target precision (--promotion strict); ${comparison.reason}`,
      heldOut: heldOut.length,
      candidate: judged,
    };
  }
  return { promoted: comparison.verdict === "better", reason: comparison.reason, heldOut: heldOut.length, candidate: judged };
}
