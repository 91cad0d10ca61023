import { and, asc, desc, eq, inArray, lt, or, sql } from "drizzle-orm";
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

/** Records one attempt's outcome (attempts counts every try, successful or not); a retry also stores the request it sent. */
export async function recordAttempt(
  db: Database,
  accountId: string,
  id: number,
  outcome: { status: WritebackStatus; httpStatus: number | null; error: string | null; request?: WritebackRow["request"] },
): Promise<void> {
  await db
    .update(writebacks)
    .set({
      status: outcome.status,
      ...(outcome.request ? { request: outcome.request } : {}),
      lastHttpStatus: outcome.httpStatus,
      error: outcome.error,
      attempts: sql`${writebacks.attempts} + 1`,
      updatedAt: new Date().toISOString(),
    })
    .where(and(eq(writebacks.accountId, accountId), eq(writebacks.id, id)))
    .run();
}

export async function markWriteback(db: Database, accountId: string, decisionId: number, status: WritebackStatus, error: string | null): Promise<void> {
  await db
    .update(writebacks)
    .set({ status, error, updatedAt: new Date().toISOString() })
    .where(and(eq(writebacks.accountId, accountId), eq(writebacks.decisionId, decisionId)))
    .run();
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

export async function writebackById(db: Database, accountId: string, id: number): Promise<WritebackRow | undefined> {
  return db
    .select()
    .from(writebacks)
    .where(and(eq(writebacks.accountId, accountId), eq(writebacks.id, id)))
    .get();
}

/** What a retry claim writes into `error` while it runs, so a claim is told apart from a pipeline write in flight. */
export const RETRY_CLAIM = "retry in progress";
/** A claim older than this was abandoned (the isolate died mid-retry) and may be claimed again. */
export const RETRY_CLAIM_STALE_MS = 15 * 60_000;

/**
 * Claims a write-back for one retry: a single conditional UPDATE moves it from one of `from` (or from an abandoned
 * claim) to `pending`, so of concurrent retries exactly one gets the row back and sends the update; the others get
 * undefined. A succeeded write-back is never in `from`, so it is never sent again.
 */
export async function claimWritebackRetry(
  db: Database,
  w: { accountId: string; id: number; from: readonly WritebackStatus[]; nowMs?: number },
): Promise<WritebackRow | undefined> {
  const nowMs = w.nowMs ?? Date.now();
  const staleBefore = new Date(nowMs - RETRY_CLAIM_STALE_MS).toISOString();
  return db
    .update(writebacks)
    .set({ status: "pending", error: RETRY_CLAIM, updatedAt: new Date(nowMs).toISOString() })
    .where(
      and(
        eq(writebacks.accountId, w.accountId),
        eq(writebacks.id, w.id),
        or(
          inArray(writebacks.status, [...w.from]),
          and(eq(writebacks.status, "pending"), eq(writebacks.error, RETRY_CLAIM), lt(writebacks.updatedAt, staleBefore)),
        ),
      ),
    )
    .returning()
    .get();
}

/** Write-backs in one of `statuses`, least recently tried first (optionally one account's, or under an attempt cap). */
export async function writebacksInStatus(
  db: Database,
  q: { statuses: readonly WritebackStatus[]; accountId?: string; belowAttempts?: number; limit: number },
): Promise<WritebackRow[]> {
  return db
    .select()
    .from(writebacks)
    .where(
      and(
        inArray(writebacks.status, [...q.statuses]),
        q.accountId === undefined ? undefined : eq(writebacks.accountId, q.accountId),
        q.belowAttempts === undefined ? undefined : lt(writebacks.attempts, q.belowAttempts),
      ),
    )
    .orderBy(asc(writebacks.updatedAt), asc(writebacks.id))
    .limit(q.limit)
    .all();
}
