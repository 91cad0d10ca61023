/**
 * What the sidebar shows for one ticket: triage (intent, confidence, model top-3, priority, sentiment,
 * language, route, reasons, rule hits, versions), the current draft, the escalation state, and whether a
 * triage is still in flight. Customer text is not included: the agent already sees the ticket.
 */
import { latestCorrection } from "../store/corrections";
import { decisionView, latestDecision } from "../store/decisions";
import { draftView, latestDraft } from "../store/drafts";
import { escalationFor } from "../store/escalations";
import { eventsForTicket } from "../store/events";
import { getTicket } from "../store/tickets";
import type { Database } from "../store/db";
import { correctionView, currentIntent } from "./corrections";

export type TriageState = "not_triaged" | "pending" | "triaged";

export async function sidebarTicketView(db: Database, accountId: string, ticketId: number) {
  const [row, decision, draft, correction, escalation, events] = await Promise.all([
    getTicket(db, accountId, ticketId),
    latestDecision(db, accountId, ticketId),
    latestDraft(db, accountId, ticketId),
    latestCorrection(db, accountId, ticketId),
    escalationFor(db, accountId, ticketId),
    eventsForTicket(db, accountId, ticketId, 1),
  ]);
  const lastEvent = events[0] ?? null;
  const inFlight = lastEvent !== null && (lastEvent.status === "received" || lastEvent.status === "queued");
  const state: TriageState = inFlight ? "pending" : decision ? "triaged" : "not_triaged";
  const intent = currentIntent(decision, correction);
  const escalated = Boolean(escalation) || decision?.route === "escalate" || draft?.status === "escalated" || draft?.status === "expired";
  return {
    account: accountId,
    ticketId,
    state,
    lastEvent: lastEvent ? { id: lastEvent.id, type: lastEvent.eventType, status: lastEvent.status, error: lastEvent.error, receivedAt: lastEvent.receivedAt, processedAt: lastEvent.processedAt } : null,
    ticket: row ? { id: row.ticketId, subject: row.subject, status: row.status, priority: row.priority, channel: row.channel, tags: row.tags, updatedAt: row.updatedAt } : null,
    decision: decision ? decisionView(decision) : null,
    intent,
    correction: correction && intent.source === "correction" ? correctionView(correction) : null,
    draft: draft ? draftView(draft) : null,
    escalation: {
      escalated,
      reason: escalation?.reason ?? (decision?.route === "escalate" ? "route escalate" : draft?.status === "escalated" ? (draft.rejectReason ?? "escalated by an agent") : draft?.status === "expired" ? "no decision in time" : null),
      at: escalation?.createdAt ?? null,
      slackThread: Boolean(escalation?.slackTs),
    },
  };
}

export type SidebarTicketView = Awaited<ReturnType<typeof sidebarTicketView>>;
