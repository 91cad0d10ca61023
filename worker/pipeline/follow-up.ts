/**
 * What a decision sets in motion beyond tags: a drafted reply (route draft) or a Slack escalation (route
 * escalate, and any later event on an already escalated ticket, which goes to the escalation's thread).
 * Idempotent: one draft per decision, deterministic workflow ids, so a retried event starts nothing twice.
 */
import { notifyWorkflow } from "../approval/decide";
import type { Env, TicketWorkflowParams } from "../env/bindings";
import type { Database } from "../store/db";
import type { DecisionRow } from "../store/decisions";
import { draftForDecision, openDrafts, transitionDraft, updateDraft } from "../store/drafts";
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
    // A new customer message makes earlier drafts stale: at most one active draft per ticket.
    for (const old of await openDrafts(db, decision.accountId, decision.ticketId)) {
      if (old.decisionId === decision.id) continue;
      const moved = await transitionDraft(db, old.id, ["drafting", "pending"], "superseded", { decidedBy: "a newer customer message", decidedVia: "system", decidedAt: new Date().toISOString() });
      if (moved) await notifyWorkflow(env, moved, "superseded");
    }
    const draft = await draftForDecision(db, base);
    const workflowId = `draft-${draft.id}`;
    if (!draft.workflowId) await updateDraft(db, draft.id, { workflowId });
    await startWorkflow(env, workflowId, { ...base, draftId: draft.id });
    return;
  }
  const escalated = await escalationFor(db, decision.accountId, decision.ticketId);
  if (decision.route === "escalate" || escalated)
    await startWorkflow(env, `escalate-${decision.id}`, { ...base, draftId: null, reason: decision.route === "escalate" ? "route escalate" : `update on an escalated ticket: ${reason}` });
}
