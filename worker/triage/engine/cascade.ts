/**
 * When the cascade asks the LLM tier (pure; the call itself is in worker/pipeline/cascade.ts): only when no
 * earlier tier placed the ticket, no rule routed it to `ignore`, and the edge model is not sure it is out of scope.
 * A model is never sure about a language it was not trained on: its out-of-scope verdict on, say, a German
 * ticket only means it does not know German, so the LLM is asked (and its label teaches the account's model).
 */
import type { IntentPrediction, TriageDecision } from "../types";
import { languageUnknownToModel } from "./triage";

/** The edge model's out-of-scope verdict is trusted (no LLM call) when its best intent is below this. */
export const DEFAULT_OUT_OF_SCOPE_TRUST_BELOW = 0.05;

export type LlmTierNeed = { ask: true } | { ask: false; reason: string };

export function llmTierNeed(
  first: TriageDecision,
  prediction: IntentPrediction | null,
  opts: { modelLanguages?: readonly string[] | null; outOfScopeTrustBelow?: number } = {},
): LlmTierNeed {
  if (first.tier !== "none") return { ask: false, reason: `the ${first.tier} tier decided` };
  if (first.route === "ignore") return { ask: false, reason: "a rule routed the ticket to ignore" };
  const best = prediction?.top[0]?.probability ?? 0;
  const knowsLanguage = languageUnknownToModel(first.language, opts.modelLanguages) === null;
  if (prediction?.outOfScope && knowsLanguage && best < (opts.outOfScopeTrustBelow ?? DEFAULT_OUT_OF_SCOPE_TRUST_BELOW))
    return { ask: false, reason: "the edge model is sure the ticket is out of scope" };
  return { ask: true };
}
