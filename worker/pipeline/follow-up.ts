/**
 * What a decision sets in motion beyond tags: a drafted reply (route draft) or a Slack escalation (route
 * escalate, and any later event on an already escalated ticket, which goes to the escalation's thread).
 * Idempotent: one draft per decision, deterministic workflow ids, so a retried event starts nothing twice.
 */
import { openDraft } from "../approval/lifecycle";
import type { Env, TicketWorkflowParams } from "../env/bindings";
import type { Database } from "../store/db";
import type { DecisionRow } from "../store/decisions";
import { escalationFor } from "../store/escalations";

async function startWorkflow(env: Env, id: string, params: TicketWorkflowParams): Promise<void> {
  try {
    await env.TICKET_WORKFLOW.create({ id, params });
  } catch (error) {
    // Already started by an earlier delivery of this event: that instance carries on.
    const existing = await env.TICKET_WORKFLOW.get(id).catch(() => null);
    if (!existing) throw error;
  }
}

export async function startFollowUp(env: Env, db: Database, decision: DecisionRow, reason: string): Promise<void> {
  const base = { accountId: decision.accountId, ticketId: decision.ticketId, decisionId: decision.id };
  if (decision.route === "draft") {
    // Supersedes the ticket's earlier open drafts: at most one active draft per ticket.
    const draft = await openDraft(env, db, decision);
    await startWorkflow(env, draft.workflowId, { ...base, draftId: draft.id });
    return;
  }
  const escalated = await escalationFor(db, decision.accountId, decision.ticketId);
  if (decision.route === "escalate" || escalated)
    await startWorkflow(env, `escalate-${decision.id}`, { ...base, draftId: null, reason: decision.route === "escalate" ? "route escalate" : `update on an escalated ticket: ${reason}` });
}
