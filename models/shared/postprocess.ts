import type { IntentModelConfig } from "./model-config.js";
import type { IntentPrediction } from "./types.js";

/** How many labels a prediction lists. */
export const TOP_LABELS = 3;

/** softmax(logits / temperature), computed stably in float64. */
export function softmaxWithTemperature(logits: ArrayLike<number>, temperature: number): Float64Array {
  const probabilities = new Float64Array(logits.length);
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]! / temperature);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += probabilities[i] = Math.exp(logits[i]! / temperature - max);
  for (let i = 0; i < logits.length; i++) probabilities[i]! /= sum;
  return probabilities;
}

/**
 * Turns calibrated class probabilities into the product's answer:
 *   - `top`: the best in-scope labels (the out-of-scope class is never listed) with their probabilities,
 *   - `margin`: top-1 minus top-2 probability (small = the model hesitates between two intents),
 *   - `outOfScope`: the out-of-scope class outweighs every intent, or the best intent is below `outOfScopeBelow`,
 *   - `abstain`: out of scope, or the best intent is below `abstainBelow` (the precision-targeted threshold).
 * `hidden` classes (an account's disabled intents) are never listed; their probability is not moved to the
 * others, so a text about a disabled intent has a low best intent and abstains or goes out of scope.
 */
export function decide(
  probabilities: ArrayLike<number>,
  config: Pick<IntentModelConfig, "labels" | "outOfScopeLabel" | "thresholds">,
  hidden?: ReadonlySet<number>,
): Omit<IntentPrediction, "modelVersion"> {
  const outOfScopeIndex = config.outOfScopeLabel === null ? -1 : config.labels.indexOf(config.outOfScopeLabel);
  const ranked: number[] = [];
  for (let i = 0; i < probabilities.length; i++) if (i !== outOfScopeIndex && !hidden?.has(i)) ranked.push(i);
  // Ties broken by label order, so the answer is a pure function of the probabilities.
  ranked.sort((a, b) => probabilities[b]! - probabilities[a]! || a - b);
  const top = ranked.slice(0, TOP_LABELS).map((index) => ({
    label: config.labels[index]!,
    probability: probabilities[index]!,
  }));
  const best = top[0]?.probability ?? 0;
  const second = top[1]?.probability ?? 0;
  const outOfScopeProbability = outOfScopeIndex >= 0 ? probabilities[outOfScopeIndex]! : 0;
  const outOfScope = outOfScopeProbability > best || best < config.thresholds.outOfScopeBelow;
  return {
    top,
    margin: best - second,
    outOfScope,
    abstain: outOfScope || best < config.thresholds.abstainBelow,
  };
}

/** The single label a prediction stands for: the out-of-scope label when flagged, else the top intent. */
export function decidedLabel(prediction: Pick<IntentPrediction, "top" | "outOfScope">, outOfScopeLabel: string | null): string {
  if (prediction.outOfScope && outOfScopeLabel !== null) return outOfScopeLabel;
  return prediction.top[0]?.label ?? "";
}
