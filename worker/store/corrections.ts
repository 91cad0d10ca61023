/** Agents' intent corrections (training data) and the intents an account has used. */
import { and, desc, eq, gte, isNotNull } from "drizzle-orm";
import { corrections, decisions } from "../../db/schema/index";
import type { Database } from "./db";

export type CorrectionRow = typeof corrections.$inferSelect;
export type NewCorrection = Omit<typeof corrections.$inferInsert, "id" | "zendeskStatus" | "zendeskError" | "createdAt">;
export type CorrectionZendeskStatus = "tagged" | "failed" | "skipped";

export async function insertCorrection(db: Database, values: NewCorrection): Promise<CorrectionRow> {
  return db.insert(corrections).values(values).returning().get();
}

/** How the re-tag in Zendesk ended (the row starts as `pending`). */
export async function setCorrectionZendeskStatus(
  db: Database,
  accountId: string,
  id: number,
  status: CorrectionZendeskStatus,
  error: string | null,
): Promise<CorrectionRow> {
  return db
    .update(corrections)
    .set({ zendeskStatus: status, zendeskError: error })
    .where(and(eq(corrections.accountId, accountId), eq(corrections.id, id)))
    .returning()
    .get();
}

export async function latestCorrection(db: Database, accountId: string, ticketId: number): Promise<CorrectionRow | undefined> {
  return db
    .select()
    .from(corrections)
    .where(and(eq(corrections.accountId, accountId), eq(corrections.ticketId, ticketId)))
    .orderBy(desc(corrections.id))
    .limit(1)
    .get();
}

/** An account's corrections, newest first (optionally only those made at or after `since`, an ISO time). */
export async function correctionsFor(db: Database, accountId: string, opts: { since?: string; limit?: number } = {}): Promise<CorrectionRow[]> {
  const where = opts.since ? and(eq(corrections.accountId, accountId), gte(corrections.createdAt, opts.since)) : eq(corrections.accountId, accountId);
  return db
    .select()
    .from(corrections)
    .where(where)
    .orderBy(desc(corrections.id))
    .limit(opts.limit ?? 100_000)
    .all();
}

/** The distinct intents of this account's decisions and corrections (up to 500 of each), unvalidated. */
export async function usedIntents(db: Database, accountId: string): Promise<string[]> {
  const seen = await db
    .selectDistinct({ intent: decisions.intent })
    .from(decisions)
    .where(and(eq(decisions.accountId, accountId), isNotNull(decisions.intent)))
    .limit(500)
    .all();
  const corrected = await db.selectDistinct({ intent: corrections.newIntent }).from(corrections).where(eq(corrections.accountId, accountId)).limit(500).all();
  return [...seen, ...corrected].map((r) => r.intent).filter((i): i is string => Boolean(i));
}
