/**
 * The intents an agent may pick in "Correct intent": the shipped model's labels (models/support/config.json),
 * plus intents already used by this account's decisions and corrections (rules can set intents the model lacks).
 */
import modelConfig from "../../models/support/config.json";
import { usedIntents } from "../store/corrections";
import type { Database } from "../store/db";

const INTENT = /^[a-z0-9][a-z0-9_-]{0,99}$/;

function shippedLabels(): { labels: string[]; version: string | null } {
  const config = modelConfig as { labels?: unknown; version?: unknown };
  const labels = Array.isArray(config.labels) ? config.labels.filter((l): l is string => typeof l === "string" && INTENT.test(l)) : [];
  return { labels, version: typeof config.version === "string" ? config.version : null };
}

export interface IntentList {
  labels: string[];
  /** Labels the shipped model knows (the rest come from this account's decisions and corrections). */
  modelLabels: string[];
  modelVersion: string | null;
}

export async function knownIntents(db: Database, accountId: string): Promise<IntentList> {
  const shipped = shippedLabels();
  const all = new Set(shipped.labels);
  for (const intent of await usedIntents(db, accountId)) if (INTENT.test(intent)) all.add(intent);
  return { labels: [...all].sort(), modelLabels: shipped.labels, modelVersion: shipped.version };
}

export function isIntentName(value: unknown): value is string {
  return typeof value === "string" && INTENT.test(value);
}
