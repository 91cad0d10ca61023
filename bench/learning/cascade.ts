/**
 * One ticket through the cascade as worker/pipeline/cascade.ts runs it (the pure core twice: without the LLM,
 * then with its answer when llmTierNeed says to ask), with the account's current edge model and the simulated
 * LLM in place of the D1-backed model loader and the HTTP LLM client. Also the tallies the bench prints.
 */
import type { IntentClassifier } from "../../models/shared/types.js";
import type { IntentTaxonomy } from "../../worker/triage/intents/schema";
import { llmTierNeed } from "../../worker/triage/engine/cascade";
import { isHeldOut } from "../../worker/lib/held-out";
import { triage } from "../../worker/triage/engine/triage";
import type { RuleTable } from "../../worker/triage/rules/schema";
import { modelText } from "../../worker/triage/ticket-text";
import type { Tier } from "../../worker/triage/types";
import type { CollectedLabel } from "./edge-model.js";
import type { LabelledTicket } from "./scenario.js";
import type { SimulatedLlm } from "./simulated-llm.js";

/** The bench account's id: with the ticket id it decides which labels are held out, as in the product. */
export const ACCOUNT_ID = "bench-learning";

export interface Account {
  readonly table: RuleTable;
  readonly taxonomy: IntentTaxonomy;
  readonly llm: SimulatedLlm;
}

export interface TicketOutcome {
  readonly tier: Tier;
  readonly intent: string | null;
  readonly right: boolean;
  readonly llmCalled: boolean;
  readonly costUsd: number;
  /** What the cascade keeps as a training example (recordTrainingLabel), if anything. */
  readonly label: CollectedLabel | null;
}

/** `stream`/`index` pick the simulated LLM's answer (see SimulatedLlm.classify). */
export async function runTicket(account: Account, model: IntentClassifier | null, item: LabelledTicket, stream: number, index: number): Promise<TicketOutcome> {
  const text = modelText(item.ticket);
  const prediction = model ? await model.predict(text) : null;
  const base = { ticket: item.ticket, table: account.table, rulesVersion: 1, prediction, taxonomy: account.taxonomy };
  const first = triage(base);
  const need = llmTierNeed(first, prediction);
  let decision = first;
  let costUsd = 0;
  if (need.ask) {
    const llm = account.llm.classify(stream, index, item.truth);
    costUsd = llm.costUsd;
    decision = triage({ ...base, llm });
  }
  const llm = decision.cascade.llm;
  const heldOut = isHeldOut(ACCOUNT_ID, item.ticket.id);
  let label: CollectedLabel | null = null;
  if (decision.intent && decision.tier === "rule") label = { text, intent: decision.intent, source: "rule", confidence: null, heldOut };
  if (decision.intent && decision.tier === "llm" && llm?.ran) label = { text, intent: decision.intent, source: "llm", confidence: llm.confidence, heldOut };
  return { tier: decision.tier, intent: decision.intent, right: decision.intent === item.truth, llmCalled: need.ask, costUsd, label };
}

export const COUNTED_TIERS = ["rule", "model", "llm", "none"] as const;
type CountedTier = (typeof COUNTED_TIERS)[number];

export interface Tally {
  tickets: number;
  right: number;
  llmCalls: number;
  costUsd: number;
  decided: Record<CountedTier, number>;
  rightBy: Record<CountedTier, number>;
}

export function emptyTally(): Tally {
  return { tickets: 0, right: 0, llmCalls: 0, costUsd: 0, decided: { rule: 0, model: 0, llm: 0, none: 0 }, rightBy: { rule: 0, model: 0, llm: 0, none: 0 } };
}

export function count(tally: Tally, outcome: TicketOutcome): void {
  // No agent corrections are replayed, so every ticket lands in one of the four counted tiers.
  const tier = outcome.tier === "agent" ? "none" : outcome.tier;
  tally.tickets++;
  tally.decided[tier]++;
  if (outcome.right) {
    tally.right++;
    tally.rightBy[tier]++;
  }
  if (outcome.llmCalled) tally.llmCalls++;
  tally.costUsd += outcome.costUsd;
}

/** Share of the tally's tickets a tier decided. */
export function share(tally: Tally, tier: CountedTier): number | null {
  return tally.tickets ? tally.decided[tier] / tally.tickets : null;
}

/** Accuracy of a tier on the tickets it decided (null when it decided none). */
export function accuracy(tally: Tally, tier: CountedTier): number | null {
  return tally.decided[tier] ? tally.rightBy[tier] / tally.decided[tier] : null;
}

/** Runs every ticket of a fixed set (the test split) with one model; nothing is learned from them. */
export async function scoreSet(account: Account, model: IntentClassifier | null, items: readonly LabelledTicket[], stream: number): Promise<Tally> {
  const tally = emptyTally();
  for (let i = 0; i < items.length; i++) count(tally, await runTicket(account, model, items[i]!, stream, i));
  return tally;
}
