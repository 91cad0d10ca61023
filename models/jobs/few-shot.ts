import type { LabelledText } from "../data/labelled-texts.js";
import type { FeaturizerConfig } from "../shared/featurizer.js";
import { featurizeExamples } from "../train/featurized-set.js";
import { predictScores } from "../train/predict.js";
import { SeededRandom } from "../train/random.js";
import type { TrainedIntentModel } from "../train/train-intent-model.js";

/**
 * k examples of every label, drawn without replacement with a seeded shuffle (labels in sorted order, each
 * label's examples in data order before the shuffle), so a seed fixes the draw. Labels with fewer than k
 * examples give all they have.
 */
export function fewShotDraw<T extends { readonly label: string }>(rows: readonly T[], k: number, seed: number): T[] {
  const random = new SeededRandom(seed);
  const byLabel = new Map<string, T[]>();
  for (const row of rows) {
    const members = byLabel.get(row.label) ?? [];
    members.push(row);
    byLabel.set(row.label, members);
  }
  return [...byLabel.keys()].sort().flatMap((label) => random.shuffle([...byLabel.get(label)!]).slice(0, k));
}

/** Examples per intent of the dev split few-shot recipes are chosen on (never the test set). */
export const DEV_PER_INTENT = 15;

/**
 * A dev split for a few-shot draw: DEV_PER_INTENT other examples of every label from the same pool (train), none of
 * them in the draw, seeded with `seed + 100` so it differs from the draw's shuffle.
 */
export function fewShotDevSplit<T extends { readonly label: string; readonly text: string }>(pool: readonly T[], drawn: readonly T[], seed: number): T[] {
  const inDraw = new Set(drawn.map((row) => row.text));
  return fewShotDraw(
    pool.filter((row) => !inDraw.has(row.text)),
    DEV_PER_INTENT,
    seed + 100,
  );
}

/**
 * Argmax accuracy of a trained model (float weights, the vote included) on labelled texts: what the exported
 * float graph computes, without an ONNX round trip (benches compare recipes; the int8 check is bench/model/accuracy.ts).
 */
export function evaluateTrainedFloat(
  trained: TrainedIntentModel,
  featurizer: FeaturizerConfig,
  rows: readonly LabelledText[],
): { accuracy: number; predicted: string[] } {
  const labelIndex = new Map(trained.labels.map((label, index) => [label, index]));
  const set = featurizeExamples(
    rows.map((row) => ({ text: row.text, labelIndex: labelIndex.get(row.label) ?? -1 })),
    featurizer,
  );
  const { logits } = predictScores(trained.weights, set);
  const classes = trained.labels.length;
  const predicted: string[] = [];
  let correct = 0;
  rows.forEach((row, i) => {
    let best = 0;
    for (let c = 1; c < classes; c++) if (logits[i * classes + c]! > logits[i * classes + best]!) best = c;
    predicted.push(trained.labels[best]!);
    if (trained.labels[best] === row.label) correct++;
  });
  return { accuracy: correct / rows.length, predicted };
}
