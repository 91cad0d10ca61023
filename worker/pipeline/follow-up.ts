/**
 * What a decision sets in motion beyond tags: a drafted reply (route draft) or an escalation (route escalate,
 * recorded with or without Slack; a later event on an already escalated ticket goes to the escalation's Slack
 * thread when there is one). Idempotent: one draft per decision, deterministic workflow ids, so a retried event
 * starts nothing twice.
 */
import { openDraft } from "../approval/lifecycle";
import type { Env, TicketWorkflowParams } from "../env/bindings";
import { currentTraceId } from "../lib/trace";
import type { AccountWithSecrets } from "../store/accounts";
import type { Database } from "../store/db";
import type { DecisionRow } from "../store/decisions";
import { escalationFor } from "../store/escalations";
import { escalationUpdatesNotify } from "../workflows/escalation";

async function startWorkflow(env: Env, id: string, params: TicketWorkflowParams): Promise<void> {
  try {
    await env.TICKET_WORKFLOW.create({ id, params });
  } catch (error) {
    // Already started by an earlier delivery of this event: that instance carries on.
    const existing = await env.TICKET_WORKFLOW.get(id).catch(() => null);
    if (!existing) throw error;
  }
}

export async function startFollowUp(env: Env, db: Database, account: AccountWithSecrets, decision: DecisionRow, reason: string): Promise<void> {
  // The workflow continues the decision's trace (a re-triage of an older decision: the current one).
  const traceId = decision.traceId ?? currentTraceId() ?? undefined;
  const base = { accountId: decision.accountId, ticketId: decision.ticketId, decisionId: decision.id, traceId };
  if (decision.route === "draft") {
    // Supersedes the ticket's earlier open drafts: at most one active draft per ticket.
    const draft = await openDraft(env, db, decision);
    await startWorkflow(env, draft.workflowId, { ...base, draftId: draft.id });
    return;
  }
  if (decision.route === "escalate") {
    await startWorkflow(env, `escalate-${decision.id}`, { ...base, draftId: null, reason: "route escalate" });
    return;
  }
  if (escalationUpdatesNotify(env, account) && (await escalationFor(db, decision.accountId, decision.ticketId)))
    await startWorkflow(env, `escalate-${decision.id}`, { ...base, draftId: null, reason: `update on an escalated ticket: ${reason}` });
}
