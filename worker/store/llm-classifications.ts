/**
 * The LLM tier's answer cache (llm_classifications): one row per account and content hash, the hash covering the
 * redacted ticket text, the intents as the prompt showed them and the model (worker/llm-triage/classify.ts). A
 * hit answers a re-triage of unchanged text without a call. Only valid answers are stored.
 */
import { and, eq } from "drizzle-orm";
import { llmClassifications } from "../../db/schema/index";
import type { Database } from "./db";

export type CachedClassification = Pick<typeof llmClassifications.$inferSelect, "intent" | "confidence" | "reason" | "model" | "costUsd">;

export async function cachedClassification(db: Database, accountId: string, contentHash: string): Promise<CachedClassification | undefined> {
  return db
    .select({
      intent: llmClassifications.intent,
      confidence: llmClassifications.confidence,
      reason: llmClassifications.reason,
      model: llmClassifications.model,
      costUsd: llmClassifications.costUsd,
    })
    .from(llmClassifications)
    .where(and(eq(llmClassifications.accountId, accountId), eq(llmClassifications.contentHash, contentHash)))
    .get();
}

/** Two isolates classifying the same text at once both store; the first row stays (the answers are equivalent). */
export async function saveClassification(
  db: Database,
  accountId: string,
  contentHash: string,
  answer: CachedClassification,
  ticketId: number | null = null,
): Promise<void> {
  await db
    .insert(llmClassifications)
    .values({ accountId, contentHash, ...answer, ticketId })
    .onConflictDoNothing({ target: [llmClassifications.accountId, llmClassifications.contentHash] })
    .run();
}
