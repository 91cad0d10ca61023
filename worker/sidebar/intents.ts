/**
 * The intents an agent may pick in "Correct intent": the account's enabled taxonomy intents (the shipped default
 * until it pushes one), plus intents already used by its decisions and corrections (a rule can set an intent the
 * taxonomy lacks). An intent the taxonomy disables is never offered, even if it was used before.
 */
import type { IntentList } from "../../contract/app-api";
import modelConfig from "../../models/support/config.json";
import { usedIntents } from "../store/corrections";
import type { Database } from "../store/db";
import { currentTaxonomy, type StoredTaxonomy } from "../store/intents";
import { INTENT_ID } from "../triage/intents/schema";

function shippedLabels(): { labels: string[]; version: string | null } {
  const config = modelConfig as { labels?: unknown; version?: unknown };
  const labels = Array.isArray(config.labels) ? config.labels.filter((l): l is string => typeof l === "string" && INTENT_ID.test(l)) : [];
  return { labels, version: typeof config.version === "string" ? config.version : null };
}

/** `stored`: the taxonomy when the caller has it already (a correction reads it for the re-tag too). */
export async function knownIntents(db: Database, accountId: string, stored?: StoredTaxonomy): Promise<IntentList> {
  const [{ version, taxonomy }, used] = await Promise.all([stored ?? currentTaxonomy(db, accountId), usedIntents(db, accountId)]);
  const disabled = new Set(taxonomy.intents.filter((i) => !i.enabled).map((i) => i.id));
  const enabled = taxonomy.intents.filter((i) => i.enabled);
  const all = new Set(enabled.map((i) => i.id));
  for (const intent of used) if (INTENT_ID.test(intent) && !disabled.has(intent)) all.add(intent);
  const labels = [...all].sort();
  const shipped = shippedLabels();
  return {
    labels,
    modelLabels: shipped.labels.filter((l) => all.has(l)),
    modelVersion: shipped.version,
    taxonomyVersion: version,
    intents: enabled.map((i) => ({ id: i.id, name: i.name, description: i.description })),
  };
}

export function isIntentName(value: unknown): value is string {
  return typeof value === "string" && INTENT_ID.test(value);
}
