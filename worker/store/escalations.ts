import { and, eq, isNull } from "drizzle-orm";
import { escalations } from "../../db/schema/index";
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
