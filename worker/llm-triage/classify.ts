/**
 * STUB (contract for the cascade; the LLM-tier helper fills it in): the cascade's LLM classification tier.
 * Never throws: every failure is an outcome `{ ran: false, reason }` that the decision records.
 */
import type { Env } from "../env/bindings";
import type { AccountWithSecrets } from "../store/accounts";
import type { Database } from "../store/db";
import type { IntentTaxonomy } from "../triage/intents/schema";
import type { LlmTierOutcome } from "../triage/types";

export interface LlmClassifyRequest {
  ticketId: number;
  /** The text the edge model classified (worker/triage/ticket-text.ts modelText); redacted here before any call. */
  text: string;
  taxonomy: IntentTaxonomy;
  taxonomyVersion: number | null;
}

export async function classifyWithLlm(_env: Env, _db: Database, _account: AccountWithSecrets, _request: LlmClassifyRequest): Promise<LlmTierOutcome> {
  return { ran: false, reason: "the LLM tier is not built yet" };
}
