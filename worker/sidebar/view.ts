/**
 * What the sidebar shows for one ticket (GET /app/tickets/:id): the rows it is built from, read in parallel;
 * the shape itself is built by ticketView (worker/http/views.ts) against the API contract.
 */
import type { TicketView } from "../../contract/app-api";
import { ticketView } from "../http/views";
import { latestCorrection } from "../store/corrections";
import type { Database } from "../store/db";
import { latestDecision } from "../store/decisions";
import { latestDraft } from "../store/drafts";
import { escalationFor } from "../store/escalations";
import { eventsForTicket } from "../store/events";
import { getTicket } from "../store/tickets";
import { latestWriteback } from "../store/writebacks";
import { currentIntent } from "./corrections";

export async function sidebarTicketView(db: Database, accountId: string, ticketId: number): Promise<TicketView> {
  const [ticket, decision, draft, correction, escalation, events, writeback] = await Promise.all([
    getTicket(db, accountId, ticketId),
    latestDecision(db, accountId, ticketId),
    latestDraft(db, accountId, ticketId),
    latestCorrection(db, accountId, ticketId),
    escalationFor(db, accountId, ticketId),
    eventsForTicket(db, accountId, ticketId, 1),
    latestWriteback(db, accountId, ticketId),
  ]);
  return ticketView({
    accountId,
    ticketId,
    ticket,
    decision,
    draft,
    correction,
    intent: currentIntent(decision, correction),
    escalation,
    writeback,
    lastEvent: events[0],
  });
}
