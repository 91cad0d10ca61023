/**
 * The intents an agent may pick in "Correct intent": the shipped model's labels (models/support/config.json),
 * plus intents already used by this account's decisions and corrections (rules can set intents the model lacks).
 */
import { eq, isNotNull, and } from "drizzle-orm";
import modelConfig from "../../models/support/config.json";
import { corrections, decisions } from "../../db/schema/index";
import type { Database } from "../store/db";

const INTENT = /^[a-z0-9][a-z0-9_\-]{0,99}$/;

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
  const seen = await db
    .selectDistinct({ intent: decisions.intent })
    .from(decisions)
    .where(and(eq(decisions.accountId, accountId), isNotNull(decisions.intent)))
    .limit(500)
    .all();
  const corrected = await db.selectDistinct({ intent: corrections.newIntent }).from(corrections).where(eq(corrections.accountId, accountId)).limit(500).all();
  const all = new Set(shipped.labels);
  for (const { intent } of [...seen, ...corrected]) if (intent && INTENT.test(intent)) all.add(intent);
  return { labels: [...all].sort(), modelLabels: shipped.labels, modelVersion: shipped.version };
}

export function isIntentName(value: unknown): value is string {
  return typeof value === "string" && INTENT.test(value);
}
