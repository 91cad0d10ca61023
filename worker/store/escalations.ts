import { and, asc, eq, isNull, min } from "drizzle-orm";
import type { EscalationSummary } from "../../contract/app-api";
import { drafts, escalations, events } from "../../db/schema/index";
import type { Database } from "./db";

export type EscalationRow = typeof escalations.$inferSelect;

/**
 * Records the ticket's escalation once (one row per ticket, unique index): `first` is true only for the caller
 * whose insert created the row; everyone else gets the existing row, whose reason stays the first one.
 */
export async function claimEscalation(
  db: Database,
  e: { accountId: string; ticketId: number; reason: string },
): Promise<{ row: EscalationRow; first: boolean }> {
  const claimed = await db
    .insert(escalations)
    .values({ accountId: e.accountId, ticketId: e.ticketId, reason: e.reason.slice(0, 2000) })
    .onConflictDoNothing({ target: [escalations.accountId, escalations.ticketId] })
    .returning()
    .get();
  if (claimed) return { row: claimed, first: true };
  const existing = await escalationFor(db, e.accountId, e.ticketId);
  if (!existing) throw new Error(`escalation of ticket ${e.ticketId} vanished`);
  return { row: existing, first: false };
}

/** Remembers the Slack message of the escalation; the first message posted wins. */
export async function setEscalationThread(db: Database, accountId: string, id: number, thread: { channel: string; ts: string }): Promise<void> {
  await db
    .update(escalations)
    .set({ slackChannel: thread.channel, slackTs: thread.ts })
    .where(and(eq(escalations.accountId, accountId), eq(escalations.id, id), isNull(escalations.slackTs)))
    .run();
}

export async function escalationFor(db: Database, accountId: string, ticketId: number): Promise<EscalationRow | undefined> {
  return db
    .select()
    .from(escalations)
    .where(and(eq(escalations.accountId, accountId), eq(escalations.ticketId, ticketId)))
    .get();
}

/** Stores the latest summary of the ticket's escalation (each escalation event refreshes it). */
export async function setEscalationSummary(db: Database, accountId: string, id: number, summary: EscalationSummary): Promise<void> {
  await db
    .update(escalations)
    .set({ summary })
    .where(and(eq(escalations.accountId, accountId), eq(escalations.id, id)))
    .run();
}

/** What a summary says happened: when the first event for the ticket arrived, and its drafts, oldest first. */
export async function escalationHistory(db: Database, accountId: string, ticketId: number) {
  const [first, ticketDrafts] = await Promise.all([
    db
      .select({ at: min(events.receivedAt) })
      .from(events)
      .where(and(eq(events.accountId, accountId), eq(events.ticketId, ticketId)))
      .get(),
    db
      .select({
        status: drafts.status,
        decidedBy: drafts.decidedBy,
        rejectReason: drafts.rejectReason,
        createdAt: drafts.createdAt,
        decidedAt: drafts.decidedAt,
      })
      .from(drafts)
      .where(and(eq(drafts.accountId, accountId), eq(drafts.ticketId, ticketId)))
      .orderBy(asc(drafts.id))
      .limit(20)
      .all(),
  ]);
  return { firstSeenAt: first?.at ?? null, drafts: ticketDrafts };
}
