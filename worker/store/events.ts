import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { events } from "../../db/schema/index";
import type { Database } from "./db";

export type EventRow = typeof events.$inferSelect;
export type EventStatus = EventRow["status"];

/**
 * Stores a delivery once per (account, dedupeKey). A repeat only bumps the `duplicates` counter, atomically,
 * so two concurrent deliveries of one event cannot both be enqueued.
 */
export async function recordEvent(
  db: Database,
  e: { accountId: string; dedupeKey: string; eventType: string; ticketId: number; payload: string; status?: EventStatus; traceId?: string | null },
): Promise<{ id: number; duplicate: boolean; status: EventStatus }> {
  const row = await db
    .insert(events)
    .values(e)
    .onConflictDoUpdate({ target: [events.accountId, events.dedupeKey], set: { duplicates: sql`${events.duplicates} + 1` } })
    .returning({ id: events.id, duplicates: events.duplicates, status: events.status })
    .get();
  return { id: row.id, duplicate: row.duplicates > 0, status: row.status };
}

export async function getEvent(db: Database, accountId: string, id: number): Promise<EventRow | undefined> {
  return db
    .select()
    .from(events)
    .where(and(eq(events.accountId, accountId), eq(events.id, id)))
    .get();
}

export async function setEventStatus(db: Database, accountId: string, id: number, status: EventStatus, error: string | null = null): Promise<void> {
  const done = status === "triaged" || status === "skipped" || status === "dead" || status === "failed";
  await db
    .update(events)
    .set({ status, error, ...(done ? { processedAt: new Date().toISOString() } : {}) })
    .where(and(eq(events.accountId, accountId), eq(events.id, id)))
    .run();
}

/**
 * Events that will not be processed unless re-enqueued: never handed to the queue (status received, older than
 * `receivedBefore`), or marked queued but untouched far longer than all queue retries take (`queuedBefore`:
 * the Worker died between storing and sending). Re-processing is idempotent.
 */
export async function strandedEvents(db: Database, cutoffs: { receivedBefore: string; queuedBefore: string }, limit = 100): Promise<EventRow[]> {
  return db
    .select()
    .from(events)
    .where(
      or(
        and(eq(events.status, "received"), lt(events.receivedAt, cutoffs.receivedBefore)),
        and(eq(events.status, "queued"), isNull(events.error), lt(events.receivedAt, cutoffs.queuedBefore)),
      ),
    )
    .limit(limit)
    .all();
}

export async function eventsForTicket(db: Database, accountId: string, ticketId: number, limit = 20) {
  return db
    .select({
      id: events.id,
      eventType: events.eventType,
      status: events.status,
      duplicates: events.duplicates,
      error: events.error,
      receivedAt: events.receivedAt,
      processedAt: events.processedAt,
    })
    .from(events)
    .where(and(eq(events.accountId, accountId), eq(events.ticketId, ticketId)))
    .orderBy(sql`${events.id} desc`)
    .limit(limit)
    .all();
}
