/**
 * Zendesk placeholders (`{{ticket.requester.first_name}}`) inside saved replies. Zendesk renders them when an
 * agent applies a macro; a draft posted as a comment would show them raw. The prompt and the offline template
 * fill the ones we know; whatever is left is reported so the draft is never sent with a `{{...}}` in it.
 */

export interface PlaceholderValues {
  /** The requester's first name, or the PII placeholder standing in for it in a prompt ("[NAME_1]"). */
  requesterFirstName?: string | null;
  /** The agent side: "the Support Team" unless the account signs differently. */
  agentName?: string | null;
  ticketId?: number | null;
}

const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;

export function fillZendeskPlaceholders(text: string, values: PlaceholderValues): { text: string; unfilled: string[] } {
  const unfilled: string[] = [];
  const out = text.replace(PLACEHOLDER, (whole, name: string) => {
    if (/^ticket\.requester\.(first_name|name)$/.test(name)) return values.requesterFirstName || "there";
    if (/^(current_user|ticket\.assignee)\.(first_name|name)$/.test(name)) return values.agentName || "the Support Team";
    if (name === "ticket.id" && values.ticketId) return String(values.ticketId);
    if (!unfilled.includes(whole)) unfilled.push(whole);
    return whole;
  });
  return { text: out, unfilled };
}

/** The `{{...}}` placeholders still in a text (a draft must not be approved with one). */
export function unfilledPlaceholders(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[0]))];
}

/** "Ada" from "Ada Lovelace"; null when there is nothing name-like. */
export function firstNameOf(name: string | null | undefined): string | null {
  const first = name?.trim().split(/[\s,]+/)[0] ?? "";
  return /^[\p{L}][\p{L}'-]{0,40}$/u.test(first) ? first : null;
}
