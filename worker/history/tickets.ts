/**
 * An exported Zendesk ticket and its comments → the history row the replay reads: the thread in order with who
 * wrote each message (the requester is the customer, anyone else an agent) and the values agents left on it.
 * Pure.
 */
import type { NewHistoryTicket } from "../store/history";
import type { CustomFieldValue } from "../triage/types";
import type { ExportedComment, ExportedTicket } from "../zendesk/incremental-export";
import { FINAL_STATUSES } from "./labels";

/** A history message is kept up to this many characters (a pasted log is not what the replay needs). */
export const MAX_COMMENT_CHARS = 8_000;
export const MAX_COMMENTS = 100;

function fieldValue(value: unknown): CustomFieldValue | CustomFieldValue[] {
  if (Array.isArray(value)) return value.filter((v): v is CustomFieldValue => v === null || ["string", "number", "boolean"].includes(typeof v));
  return value === null || ["string", "number", "boolean"].includes(typeof value) ? (value as CustomFieldValue) : null;
}

export function historyTicketRow(accountId: string, importId: string, ticket: ExportedTicket, comments: readonly ExportedComment[]): NewHistoryTicket {
  const requester = ticket.requester_id ?? null;
  const customFields: NewHistoryTicket["customFields"] = {};
  for (const f of ticket.custom_fields ?? []) if (f.value !== null && f.value !== undefined) customFields[String(f.id)] = fieldValue(f.value);
  const status = ticket.status ?? "unknown";
  return {
    accountId,
    ticketId: ticket.id,
    importId,
    subject: ticket.subject ?? "",
    description: ticket.description ?? "",
    comments: comments.slice(0, MAX_COMMENTS).map((c) => ({
      author: requester !== null && c.author_id === requester ? "customer" : "agent",
      public: c.public,
      body: (c.plain_body ?? c.body ?? "").slice(0, MAX_COMMENT_CHARS),
      createdAt: c.created_at ?? null,
    })),
    tags: ticket.tags ?? [],
    customFields,
    groupId: ticket.group_id ?? null,
    priority: ticket.priority ?? null,
    status,
    channel: ticket.via?.channel ?? null,
    requesterId: requester,
    createdAt: ticket.created_at ?? null,
    // Zendesk's ticket carries no solved time: the last change the export saw while solved/closed stands in for it.
    solvedAt: FINAL_STATUSES.includes(status) ? (ticket.updated_at ?? null) : null,
  };
}

/** The row back in the export's shape, for the label lookup (worker/history/labels.ts). */
export function asExported(row: Pick<NewHistoryTicket, "tags" | "customFields">): Pick<ExportedTicket, "tags" | "custom_fields"> {
  return { tags: row.tags, custom_fields: Object.entries(row.customFields).map(([id, value]) => ({ id: Number(id), value })) };
}
