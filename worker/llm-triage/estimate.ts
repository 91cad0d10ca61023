/**
 * What one LLM classification would cost, without calling: the same prompt classify.ts would send, its tokens
 * counted the way the cost ledger counts them when a server reports no usage (worker/drafting/prompt.ts
 * estimateTokens, plus the schema for json_schema), the answer at its token ceiling, priced with the account's
 * price table (worker/drafting/loop.ts priceOf). Used by the replay's `llm: "estimate"`.
 */
import { estimateTokens } from "../drafting/prompt";
import { priceOf } from "../drafting/loop";
import { redactText } from "../pii/index";
import { resolveLlmSettings } from "../settings/drafting";
import type { AccountWithSecrets } from "../store/accounts";
import type { IntentTaxonomy } from "../triage/intents/schema";
import { buildClassificationPrompt } from "./prompt";

export interface ClassificationEstimate {
  model: string;
  promptTokens: number;
  /** The classification's maxTokens: an upper bound (a real answer is a short JSON object). */
  completionTokens: number;
  costUsd: number;
  /** The model has no price in settings.llm.prices: counted, at 0 USD. */
  unpriced: boolean;
}

/** null when the account's LLM would not be asked at all (none configured, or classification turned off). */
export function estimateClassification(account: Pick<AccountWithSecrets, "settings">, taxonomy: IntentTaxonomy, text: string): ClassificationEstimate | null {
  const configured = account.settings.llm;
  if (!configured?.baseUrl) return null;
  const settings = resolveLlmSettings(configured);
  const c = settings.classification;
  if (!c.enabled) return null;
  const model = c.model ?? settings.smallModel;
  const prompt = buildClassificationPrompt({ taxonomy, text: redactText(text), maxExamplesPerIntent: c.maxExamplesPerIntent, maxTextChars: c.maxTextChars });
  const promptTokens = estimateTokens(prompt.messages) + Math.ceil(JSON.stringify(prompt.schema).length / 4);
  const completionTokens = c.maxTokens;
  const price = priceOf(settings, model, promptTokens, completionTokens);
  return { model, promptTokens, completionTokens, costUsd: price.costUsd, unpriced: price.unpriced };
}
