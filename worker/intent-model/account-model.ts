/**
 * STUB (contract for the cascade; the models helper fills it in): the edge model an account runs — its live
 * version from R2 (cached per isolate), or the shipped model — adapted with the taxonomy's example phrases.
 */
import type { Env } from "../env/bindings";
import type { Database } from "../store/db";
import type { IntentTaxonomy } from "../triage/intents/schema";
import type { IntentClassifier } from "../../models/shared/types";

export interface AccountClassifier {
  /** null: no model could be loaded at all (triage runs on rules and the LLM tier). */
  classifier: IntentClassifier | null;
  /** Why the account's own model is not the one answering (it failed to load, say), or null. */
  fallback: string | null;
}

export async function classifierForAccount(
  _env: Env,
  _db: Database,
  _accountId: string,
  _taxonomy: { version: number | null; taxonomy: IntentTaxonomy },
): Promise<AccountClassifier> {
  throw new Error("not implemented yet");
}
