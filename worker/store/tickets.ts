import { and, desc, eq } from "drizzle-orm";
import { tickets } from "../../db/schema/index";
import type { CustomerComment, TicketSnapshot } from "../triage/types";
import type { Database } from "./db";

export type TicketRow = typeof tickets.$inferSelect;

/** How many later customer comments a snapshot keeps (triage reads the newest). */
export const MAX_COMMENTS = 10;

export function toSnapshot(row: TicketRow): TicketSnapshot {
  return {
    id: row.ticketId,
    subject: row.subject,
    description: row.description,
    comments: row.comments,
    status: row.status,
    priority: row.priority,
    channel: row.channel,
    tags: row.tags,
    requesterTags: row.requesterTags,
    organizationTags: row.organizationTags,
  };
}

export async function getTicket(db: Database, accountId: string, ticketId: number): Promise<TicketRow | undefined> {
  return db
    .select()
    .from(tickets)
    .where(and(eq(tickets.accountId, accountId), eq(tickets.ticketId, ticketId)))
    .get();
}

/** Ticket fields as Zendesk reports them (a webhook payload or the Ticket API); absent = unknown. */
export interface TicketFields {
  subject?: string;
  description?: string;
  status?: string | null;
  priority?: string | null;
  channel?: string | null;
  tags?: string[];
  requesterId?: number | null;
  organizationId?: number | null;
}

export interface TicketChanges extends TicketFields {
  requesterTags?: string[];
  organizationTags?: string[];
  zendeskUpdatedAt?: string | null;
  /** A customer comment to append (ignored if already present). */
  comment?: CustomerComment;
}

/** Merges what an event or the API says about a ticket into the stored snapshot; returns the new row. */
export async function saveTicket(db: Database, accountId: string, ticketId: number, changes: TicketChanges): Promise<TicketRow> {
  const existing = await getTicket(db, accountId, ticketId);
  let comments = existing?.comments ?? [];
  if (changes.comment && !comments.some((c) => c.id === changes.comment!.id)) comments = [...comments, changes.comment].slice(-MAX_COMMENTS);
  const defined = <T>(value: T | undefined, fallback: T): T => (value === undefined ? fallback : value);
  const values = {
    accountId,
    ticketId,
    subject: defined(changes.subject, existing?.subject ?? ""),
    description: defined(changes.description, existing?.description ?? ""),
    comments,
    status: defined(changes.status, existing?.status ?? null),
    priority: defined(changes.priority, existing?.priority ?? null),
    channel: defined(changes.channel, existing?.channel ?? null),
    requesterId: defined(changes.requesterId, existing?.requesterId ?? null),
    organizationId: defined(changes.organizationId, existing?.organizationId ?? null),
    tags: changes.tags ?? existing?.tags ?? [],
    requesterTags: changes.requesterTags ?? existing?.requesterTags ?? [],
    organizationTags: changes.organizationTags ?? existing?.organizationTags ?? [],
    zendeskUpdatedAt: defined(changes.zendeskUpdatedAt, existing?.zendeskUpdatedAt ?? null),
    updatedAt: new Date().toISOString(),
  };
  return db
    .insert(tickets)
    .values(values)
    .onConflictDoUpdate({ target: [tickets.accountId, tickets.ticketId], set: values })
    .returning()
    .get();
}

/** The most recently updated tickets of an account (for dry-runs). */
export async function recentTickets(db: Database, accountId: string, limit: number): Promise<TicketRow[]> {
  return db.select().from(tickets).where(eq(tickets.accountId, accountId)).orderBy(desc(tickets.updatedAt)).limit(limit).all();
}
