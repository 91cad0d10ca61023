/** How an intent shows in Zendesk: its tag and its intent-field value, from the taxonomy's mapping or the defaults. */
import { toTagValue } from "../tags";
import { findIntent, type IntentTaxonomy } from "./schema";

/** `intent__<id>` unless the taxonomy maps the intent to its own tag. */
export function intentTagFor(intent: string, taxonomy: IntentTaxonomy | null): string {
  return (taxonomy && findIntent(taxonomy, intent)?.zendesk?.tag) || `intent__${toTagValue(intent)}`;
}

/** The value for the account's intent custom field: the mapped value, or the intent id. */
export function intentFieldValueFor(intent: string, taxonomy: IntentTaxonomy | null): string {
  return (taxonomy && findIntent(taxonomy, intent)?.zendesk?.field_value) || intent;
}

/** Whether the taxonomy lets an intent be decided (no taxonomy: every intent is allowed). */
export function isEnabledIntent(intent: string, taxonomy: IntentTaxonomy | null): boolean {
  if (!taxonomy) return true;
  return findIntent(taxonomy, intent)?.enabled === true;
}
