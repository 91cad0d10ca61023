/**
 * What the API returns, built in one place from store rows. The sidebar's shapes are checked against the API
 * contract (contract/app-api.ts) with `satisfies`, so the Worker and the Zendesk app cannot drift apart.
 * Customer text is not included in the ticket view: the agent already sees the ticket.
 */
import { parseDecidedBy } from "../approval/decided-by";
import type { CorrectionView, DecisionView, DraftView, TicketView, TriageState, WritebackView } from "../../contract/app-api";
import type { CorrectionRow } from "../store/corrections";
import type { DecisionRow } from "../store/decisions";
import type { DraftRow } from "../store/drafts";
import type { EscalationRow } from "../store/escalations";
import type { EventRow } from "../store/events";
import type { HistoryImportRow } from "../store/history";
import type { TicketRow } from "../store/tickets";
import type { WritebackRow } from "../store/writebacks";

export function decisionView(row: DecisionRow) {
  return {
    id: row.id,
    eventId: row.eventId,
    intent: row.intent,
    confidence: row.confidence,
    priority: row.priority,
    priorityFromRule: row.priorityFromRule,
    sentiment: row.sentiment,
    language: row.language,
    tags: row.tags,
    route: row.route,
    groupId: row.groupId,
    customFields: row.customFields,
    reasons: row.reasons,
    ruleHits: row.ruleHits,
    rulesVersion: row.rulesVersion,
    modelVersion: row.modelVersion,
    model: row.modelOutput,
    tier: row.tier,
    tierSummary: row.cascade?.summary ?? "decided before the cascade was recorded",
    llm: row.cascade?.llm?.ran
      ? {
          model: row.cascade.llm.model,
          confidence: row.cascade.llm.confidence,
          reason: row.cascade.llm.reason,
          cached: row.cascade.llm.cached,
          costUsd: row.cascade.llm.costUsd,
        }
      : null,
    latencyMs: row.latencyMs,
    traceId: row.traceId,
    createdAt: row.createdAt,
  } satisfies DecisionView;
}

export function draftView(row: DraftRow) {
  return {
    id: row.id,
    ticketId: row.ticketId,
    status: row.status,
    body: row.body,
    finalText: row.finalText,
    citations: row.citations,
    confidence: row.confidence,
    needsHuman: row.needsHuman,
    reason: row.reason,
    source: row.source,
    model: row.model,
    modelLabel: row.modelLabel ?? row.model,
    costUsd: row.costUsd,
    note: row.note,
    decidedBy: row.decidedBy,
    decidedByName: parseDecidedBy(row.decidedBy).name,
    decidedVia: row.decidedVia,
    decidedAt: row.decidedAt,
    rejectReason: row.rejectReason,
    replyState: row.replyState,
    createdAt: row.createdAt,
  } satisfies DraftView;
}

export function correctionView(row: CorrectionRow) {
  return {
    id: row.id,
    ticketId: row.ticketId,
    decisionId: row.decisionId,
    modelVersion: row.modelVersion,
    oldIntent: row.oldIntent,
    newIntent: row.newIntent,
    actor: row.actor,
    actorName: row.actorName,
    via: row.via,
    zendeskStatus: row.zendeskStatus,
    zendeskError: row.zendeskError,
    createdAt: row.createdAt,
  } satisfies CorrectionView;
}

/** Admin only: the write-back's state and the request it sends (tags, fields, note). */
export function writebackView(row: WritebackRow) {
  return {
    id: row.id,
    decisionId: row.decisionId,
    status: row.status,
    attempts: row.attempts,
    lastHttpStatus: row.lastHttpStatus,
    error: row.error,
    request: row.request,
    updatedAt: row.updatedAt,
  };
}

/** The sidebar's write-back state: no request body (the agent sees the ticket's tags); retryable when dead or failed. */
export function sidebarWritebackView(row: WritebackRow) {
  return {
    status: row.status,
    attempts: row.attempts,
    lastHttpStatus: row.lastHttpStatus,
    error: row.error,
    updatedAt: row.updatedAt,
    retryable: row.status === "dead" || row.status === "failed",
  } satisfies WritebackView;
}

/**
 * Escalated when an escalation is recorded, and also as soon as the decision or the draft says so (the
 * workflow records the escalation a moment later).
 */
export function escalationView(escalation: EscalationRow | undefined, decision: DecisionRow | undefined, draft: DraftRow | undefined) {
  const byRoute = decision?.route === "escalate";
  const byDraft = draft?.status === "escalated" || draft?.status === "expired";
  const fallbackReason = byRoute
    ? "route escalate"
    : draft?.status === "escalated"
      ? (draft.rejectReason ?? "escalated by an agent")
      : draft?.status === "expired"
        ? "no decision in time"
        : null;
  return {
    escalated: Boolean(escalation) || byRoute || byDraft,
    reason: escalation?.reason ?? fallbackReason,
    at: escalation?.createdAt ?? null,
    slackThread: Boolean(escalation?.slackTs),
    summary: escalation?.summary ?? null,
  } satisfies TicketView["escalation"];
}

/** Admin only: the recorded escalation with its Slack message, if one was posted. */
export function adminEscalationView(row: EscalationRow) {
  return { reason: row.reason, at: row.createdAt, slackChannel: row.slackChannel, slackTs: row.slackTs, summary: row.summary };
}

export interface TicketViewRows {
  accountId: string;
  ticketId: number;
  ticket: TicketRow | undefined;
  decision: DecisionRow | undefined;
  draft: DraftRow | undefined;
  correction: CorrectionRow | undefined;
  /** The intent to show (a correction after the latest decision wins: see sidebar/corrections.ts). */
  intent: TicketView["intent"];
  escalation: EscalationRow | undefined;
  /** Shown only when it belongs to the latest decision (an older decision's write-back says nothing now). */
  writeback: WritebackRow | undefined;
  lastEvent: Pick<EventRow, "id" | "eventType" | "status" | "error" | "receivedAt" | "processedAt"> | undefined;
}

/** GET /app/tickets/:id */
export function ticketView(r: TicketViewRows): TicketView {
  const inFlight = r.lastEvent !== undefined && (r.lastEvent.status === "received" || r.lastEvent.status === "queued");
  const state: TriageState = inFlight ? "pending" : r.decision ? "triaged" : "not_triaged";
  const e = r.lastEvent;
  const t = r.ticket;
  return {
    account: r.accountId,
    ticketId: r.ticketId,
    state,
    lastEvent: e ? { id: e.id, type: e.eventType, status: e.status, error: e.error, receivedAt: e.receivedAt, processedAt: e.processedAt } : null,
    ticket: t ? { id: t.ticketId, subject: t.subject, status: t.status, priority: t.priority, channel: t.channel, tags: t.tags, updatedAt: t.updatedAt } : null,
    decision: r.decision ? decisionView(r.decision) : null,
    intent: r.intent,
    correction: r.correction && r.intent.source === "correction" ? correctionView(r.correction) : null,
    draft: r.draft ? draftView(r.draft) : null,
    escalation: escalationView(r.escalation, r.decision, r.draft),
    writeback: r.writeback && r.decision && r.writeback.decisionId === r.decision.id ? sidebarWritebackView(r.writeback) : null,
  };
}

/** A history import run and its progress (counts and the cursor; never ticket text). */
export function historyImportView(row: HistoryImportRow) {
  return {
    id: row.id,
    accountId: row.accountId,
    status: row.status,
    labelSource: row.labelSource,
    since: row.since,
    limit: row.ticketLimit,
    perPage: row.perPage,
    pages: row.pages,
    ticketsStored: row.ticketsStored,
    examplesStored: row.examplesStored,
    skipped: row.skipped,
    rateLimitWaits: row.rateLimitWaits,
    cursor: row.cursor,
    lastError: row.lastError,
    attempts: row.attempts,
    startedAt: row.startedAt,
    updatedAt: row.updatedAt,
    finishedAt: row.finishedAt,
  };
}
