import { and, desc, eq, sql } from "drizzle-orm";
import { writebacks } from "../../db/schema/index";
import type { Database } from "./db";

export type WritebackRow = typeof writebacks.$inferSelect;
export type WritebackStatus = WritebackRow["status"];

export async function ensureWriteback(
  db: Database,
  w: { accountId: string; ticketId: number; decisionId: number; request: WritebackRow["request"]; status?: WritebackStatus },
): Promise<WritebackRow> {
  const inserted = await db
    .insert(writebacks)
    .values({ accountId: w.accountId, ticketId: w.ticketId, decisionId: w.decisionId, request: w.request, status: w.status ?? "pending" })
    .onConflictDoNothing({ target: writebacks.decisionId })
    .returning()
    .get();
  return inserted ?? (await db.select().from(writebacks).where(eq(writebacks.decisionId, w.decisionId)).get())!;
}

/** Records one attempt's outcome (attempts counts every try, successful or not). */
export async function recordAttempt(
  db: Database,
  id: number,
  outcome: { status: WritebackStatus; httpStatus: number | null; error: string | null },
): Promise<void> {
  await db
    .update(writebacks)
    .set({
      status: outcome.status,
      lastHttpStatus: outcome.httpStatus,
      error: outcome.error,
      attempts: sql`${writebacks.attempts} + 1`,
      updatedAt: new Date().toISOString(),
    })
    .where(eq(writebacks.id, id))
    .run();
}

export async function markWriteback(db: Database, decisionId: number, status: WritebackStatus, error: string | null): Promise<void> {
  await db.update(writebacks).set({ status, error, updatedAt: new Date().toISOString() }).where(eq(writebacks.decisionId, decisionId)).run();
}

export async function latestWriteback(db: Database, accountId: string, ticketId: number): Promise<WritebackRow | undefined> {
  return db
    .select()
    .from(writebacks)
    .where(and(eq(writebacks.accountId, accountId), eq(writebacks.ticketId, ticketId)))
    .orderBy(desc(writebacks.id))
    .limit(1)
    .get();
}
