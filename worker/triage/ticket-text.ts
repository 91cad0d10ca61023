/** What text triage reads from a ticket. Capped so a hostile 1 MB comment cannot slow every regex down. */
import type { TicketSnapshot } from "./types";

export const MAX_TEXT_CHARS = 8_000;

function clean(text: string): string {
  return text.replace(/\s+/g, " ").trim().slice(0, MAX_TEXT_CHARS);
}

/** The newest thing the customer wrote: the latest end-user comment, else the first message. */
export function latestCustomerMessage(ticket: TicketSnapshot): string {
  const last = ticket.comments.at(-1);
  return clean(last ? last.body : ticket.description);
}

/** Everything the customer wrote, oldest first (description, then later comments). */
export function customerBody(ticket: TicketSnapshot): string {
  return clean([ticket.description, ...ticket.comments.map((c) => c.body)].join("\n"));
}

/** The text the intent model classifies: the subject plus the newest customer message. */
export function modelText(ticket: TicketSnapshot): string {
  return clean(`${ticket.subject}\n${latestCustomerMessage(ticket)}`);
}
