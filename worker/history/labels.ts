/**
 * What one exported Zendesk ticket gives the account's training data: the agents' final intent (from a custom
 * field or a tag prefix) and exactly the text the edge model classifies. Pure: ticket + taxonomy in, verdict out.
 */
import type { IntentTaxonomy } from "../triage/intents/schema";
import { toTagValue } from "../triage/tags";
import { modelText } from "../triage/ticket-text";
import type { TicketSnapshot } from "../triage/types";
import type { ExportedTicket } from "../zendesk/incremental-export";

/** Where the agents kept the intent: a custom field's value, or a tag after a prefix (`intent__refund` → `refund`). */
export type LabelSource = { kind: "field"; fieldId: number } | { kind: "tag"; prefix: string };

/** Only these statuses carry the agents' final values; a ticket still being worked on may yet be re-labelled. */
export const FINAL_STATUSES: readonly string[] = ["solved", "closed"];

export type SkipReason = "unlabelled" | "unknownIntent" | "empty";

export type HistoryVerdict =
  | { kind: "example"; ticketId: number; text: string; intent: string }
  | { kind: "skipped"; reason: SkipReason }
  /** Not solved or closed: passed over without a count (it comes back in a later export once it is). */
  | { kind: "not_final" };

/** How the labels of one taxonomy are looked up: the id, its tag form and (for fields) its mapped field value. */
export function labelIndex(taxonomy: IntentTaxonomy, source: LabelSource): Map<string, string> {
  const index = new Map<string, string>();
  for (const intent of taxonomy.intents) {
    // A disabled intent is not one the account decides any more: its old labels are counted as unknown.
    if (!intent.enabled) continue;
    const keys = [intent.id, toTagValue(intent.id)];
    if (source.kind === "field" && intent.zendesk?.field_value) keys.push(intent.zendesk.field_value);
    for (const key of keys) if (!index.has(key.toLowerCase())) index.set(key.toLowerCase(), intent.id);
  }
  return index;
}

function rawLabels(ticket: Pick<ExportedTicket, "tags" | "custom_fields">, source: LabelSource): string[] {
  if (source.kind === "tag") {
    return (ticket.tags ?? []).filter((t) => t.startsWith(source.prefix) && t.length > source.prefix.length).map((t) => t.slice(source.prefix.length));
  }
  const value = ticket.custom_fields?.find((f) => f.id === source.fieldId)?.value;
  // Drop-down and multi-select fields hold option values (strings); a number field its number.
  const values = Array.isArray(value) ? value : [value];
  return values.filter((v): v is string | number => (typeof v === "string" && v.trim() !== "") || typeof v === "number").map((v) => String(v).trim());
}

/** The text the edge model classifies, from what the export carries: the subject and the first message. */
export function historyText(ticket: ExportedTicket): string {
  const snapshot: TicketSnapshot = {
    id: ticket.id,
    subject: ticket.subject ?? "",
    description: ticket.description ?? "",
    comments: [],
    status: ticket.status,
    priority: ticket.priority ?? null,
    channel: ticket.via?.channel ?? null,
    tags: ticket.tags ?? [],
    requesterTags: [],
    organizationTags: [],
  };
  return modelText(snapshot);
}

/** The agents' final intent on a ticket (whatever its status), or why there is none. */
export function agentIntent(
  ticket: Pick<ExportedTicket, "tags" | "custom_fields">,
  source: LabelSource,
  index: Map<string, string>,
): { intent: string } | { skipped: "unlabelled" | "unknownIntent" } {
  const labels = rawLabels(ticket, source);
  if (labels.length === 0) return { skipped: "unlabelled" };
  const known = new Set(labels.map((l) => index.get(l.toLowerCase())).filter((id): id is string => id !== undefined));
  if (known.size === 0) return { skipped: "unknownIntent" };
  // Two different known intents on one ticket: no single answer to learn from.
  if (known.size > 1) return { skipped: "unlabelled" };
  const [intent] = known;
  return { intent: intent as string };
}

export function readHistoryTicket(ticket: ExportedTicket, source: LabelSource, index: Map<string, string>): HistoryVerdict {
  if (!FINAL_STATUSES.includes(ticket.status ?? "")) return { kind: "not_final" };
  const label = agentIntent(ticket, source, index);
  if ("skipped" in label) return { kind: "skipped", reason: label.skipped };
  const text = historyText(ticket);
  if (!text) return { kind: "skipped", reason: "empty" };
  return { kind: "example", ticketId: ticket.id, text, intent: label.intent };
}
