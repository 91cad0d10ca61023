/**
 * The promotion check: a candidate and the live model (the shipped one when the account has none) are run on the
 * account's held-out examples, and the candidate goes live only when it beats the live model.
 *
 * Definitions (docs/models.md states them for users):
 *   - the model's answer for an example is its decided label: the out-of-scope label when it says out of scope,
 *     otherwise its top intent (abstaining does not change the label, it only means "do not act on it");
 *   - accuracy = examples whose answer is the held-out label / all examples;
 *   - coverage at the target precision = k / all examples, for the largest k such that the model's k most
 *     confident in-scope answers (not out of scope; ranked by the top intent's probability, equal probabilities
 *     taken together) are right at least `targetPrecision` of the time. It is the model's risk-coverage curve read at the target, so both models are
 *     judged at the same precision however their own abstain thresholds came out (thresholds chosen on a few
 *     dozen validation examples are coarse, and a model answering 31 of 33 right would otherwise count as
 *     covering nothing). It is optimistic in absolute terms (the cutoff is chosen on the examples it is measured
 *     on), equally for both models;
 *   - for reading: what the model's own thresholds answer (`answered`: not abstained) and how often right;
 *   - "beats": not fewer right answers and not fewer examples covered, and more of at least one of them.
 *     Counts are compared, not rounded shares, and both models see the same examples; a tie is not better.
 */
import { decidedLabel } from "../../models/shared/postprocess";
import type { IntentClassifier } from "../../models/shared/types";

export interface HeldOutExample {
  text: string;
  intent: string;
}

export interface ModelEvaluation {
  version: string;
  examples: number;
  correct: number;
  /** null with no examples (n/a, not 0%). */
  accuracy: number | null;
  targetPrecision: number;
  /** For reading: examples the model's own thresholds answer (not abstained), and how often those are right. */
  answered: number;
  precision: number | null;
  /** Examples answerable at the target precision (the risk-coverage curve at the target), and their share. */
  coveredAtPrecision: number;
  coverageAtPrecision: number | null;
  /** Where that coverage is read: the top-intent probability answers start from (null: none reach the target). */
  bestCutoff: { covered: number; coverage: number | null; cutoff: number | null };
}

export async function evaluateModel(
  classifier: IntentClassifier,
  outOfScopeLabel: string | null,
  examples: readonly HeldOutExample[],
  targetPrecision: number,
): Promise<ModelEvaluation> {
  const scored: { probability: number; right: boolean; inScope: boolean }[] = [];
  let correct = 0;
  let answered = 0;
  let answeredRight = 0;
  for (const example of examples) {
    const prediction = await classifier.predict(example.text);
    const right = decidedLabel(prediction, outOfScopeLabel) === example.intent;
    if (right) correct++;
    if (!prediction.abstain) {
      answered++;
      if (right) answeredRight++;
    }
    scored.push({ probability: prediction.top[0]?.probability ?? 0, right, inScope: !prediction.outOfScope });
  }
  const { covered, cutoff } = coverageAt(scored, targetPrecision);
  const n = examples.length;
  return {
    version: classifier.version,
    examples: n,
    correct,
    accuracy: share(correct, n),
    targetPrecision,
    answered,
    precision: share(answeredRight, answered),
    coveredAtPrecision: covered,
    coverageAtPrecision: share(covered, n),
    bestCutoff: { covered, coverage: share(covered, n), cutoff },
  };
}

/** Walks the in-scope answers from the most confident down; ties at a probability enter together. */
function coverageAt(scored: readonly { probability: number; right: boolean; inScope: boolean }[], target: number): { covered: number; cutoff: number | null } {
  const ranked = scored.filter((s) => s.inScope).sort((a, b) => b.probability - a.probability);
  let best = { covered: 0, cutoff: null as number | null };
  let right = 0;
  for (let i = 0; i < ranked.length; i++) {
    if (ranked[i]!.right) right++;
    const next = ranked[i + 1];
    if (next && next.probability === ranked[i]!.probability) continue;
    const taken = i + 1;
    if (right >= target * taken - 1e-9 && taken > best.covered) best = { covered: taken, cutoff: ranked[i]!.probability };
  }
  return best;
}

function share(part: number, whole: number): number | null {
  return whole === 0 ? null : Number((part / whole).toFixed(4));
}

export type Verdict = "better" | "tie" | "worse";

export interface Comparison {
  verdict: Verdict;
  /** One sentence with both figures. */
  reason: string;
}

export function compareModels(candidate: ModelEvaluation, live: ModelEvaluation): Comparison {
  if (candidate.examples !== live.examples) throw new Error("both models must be judged on the same examples");
  const accuracy = Math.sign(candidate.correct - live.correct);
  const coverage = Math.sign(candidate.coveredAtPrecision - live.coveredAtPrecision);
  const figures =
    `accuracy ${pct(candidate.accuracy)} vs ${pct(live.accuracy)}, coverage at ${pct(candidate.targetPrecision)} precision ` +
    `${pct(candidate.coverageAtPrecision)} vs ${pct(live.coverageAtPrecision)} (candidate vs live, ${candidate.examples} held-out examples)`;
  if (accuracy >= 0 && coverage >= 0 && (accuracy > 0 || coverage > 0)) return { verdict: "better", reason: `the candidate beats the live model: ${figures}` };
  if (accuracy === 0 && coverage === 0) return { verdict: "tie", reason: `the candidate is no better than the live model (a tie): ${figures}` };
  const lost = [accuracy < 0 ? "accuracy" : null, coverage < 0 ? "coverage at the target precision" : null].filter(Boolean).join(" and ");
  return { verdict: "worse", reason: `the candidate loses ${lost} to the live model: ${figures}` };
}

export function pct(value: number | null): string {
  return value === null ? "n/a" : `${(value * 100).toFixed(1)}%`;
}
