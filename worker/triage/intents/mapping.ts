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

/** The tags the taxonomy maps intents to: like intent__ tags they are ours, removed when the intent changes. */
export function mappedIntentTags(taxonomy: IntentTaxonomy | null): Set<string> {
  return new Set((taxonomy?.intents ?? []).flatMap((i) => (i.zendesk?.tag ? [i.zendesk.tag] : [])));
}

/** Whether a ticket tag names an intent: the default intent__ prefix, or a tag the taxonomy maps. */
export function isIntentTag(tag: string, mapped: ReadonlySet<string>): boolean {
  return tag.startsWith("intent__") || mapped.has(tag);
}
