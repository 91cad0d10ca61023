/**
 * STUB (contract for the cascade; the intents helper fills it in): an account's intent taxonomy, versioned in D1
 * like the rule table. An account that never pushed one runs the shipped default.
 */
import type { IntentTaxonomy } from "../triage/intents/schema";
import type { Database } from "./db";

export interface StoredTaxonomy {
  /** null: the shipped default (the account never pushed a taxonomy). */
  version: number | null;
  taxonomy: IntentTaxonomy;
}

export async function currentTaxonomy(_db: Database, _accountId: string): Promise<StoredTaxonomy> {
  throw new Error("not implemented yet");
}
