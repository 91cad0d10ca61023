/**
 * The Slack messages the ticket workflow sends: the approval request, the outcome (chat.update), the reminder and
 * the escalation (first a message in the escalation channel, later updates in its thread). Every function is a
 * no-op returning null when the account has no Slack configured (settings.slack absent or no bot token).
 */
import {
  approvalMessage,
  escalationMessage,
  escalationUpdateMessage,
  outcomeMessage,
  reminderMessage,
  type EscalationInput,
} from "./views/index";
import type { Env } from "../env/bindings";
import type { AccountWithSecrets } from "../store/accounts";
import { database } from "../store/db";
import { approvalActionsFor, type DraftRow } from "../store/drafts";
import { claimEscalation, setEscalationThread } from "../store/escalations";
import { getTicket } from "../store/tickets";
import type { TicketSnapshot, TriageDecision } from "../triage/types";
import { slackFor, zendeskTicketUrl } from "./context";

async function ticketHeading(env: Env, account: AccountWithSecrets, ticketId: number): Promise<{ id: number; subject: string }> {
  const row = await getTicket(database(env.DB), account.id, ticketId);
  return { id: ticketId, subject: row?.subject ?? "" };
}

export async function postApprovalRequest(
  env: Env,
  account: AccountWithSecrets,
  a: { ticket: TicketSnapshot; decision: TriageDecision; draft: DraftRow; zendeskTicketUrl: string },
): Promise<{ channel: string; ts: string } | null> {
  const slack = slackFor(env, account);
  if (!slack) return null;
  const view = approvalMessage({
    ticket: { id: a.ticket.id, subject: a.ticket.subject },
    zendeskTicketUrl: a.zendeskTicketUrl,
    decision: a.decision,
    draft: a.draft,
    postAs: account.settings.approval.postAs,
  });
  const posted = await slack.api.postMessage({ channel: slack.settings.approvalChannel, ...view });
  return { channel: posted.channel, ts: posted.ts };
}

/** chat.update of the approval message: who did what and when, buttons removed. Skips undecided drafts. */
export async function showDraftOutcome(env: Env, account: AccountWithSecrets, draft: DraftRow): Promise<void> {
  const slack = slackFor(env, account);
  if (!slack || !draft.slackChannel || !draft.slackTs) return;
  if (draft.status === "pending" || draft.status === "drafting") return;
  let editDistance: number | null = null;
  if (draft.status === "edited") {
    const actions = await approvalActionsFor(database(env.DB), account.id, { draftId: draft.id, limit: 50 });
    editDistance = actions.find((x) => x.applied && x.action === "edit")?.editDistance ?? null;
  }
  const view = outcomeMessage({
    ticket: await ticketHeading(env, account, draft.ticketId),
    zendeskTicketUrl: zendeskTicketUrl(account, draft.ticketId),
    draft,
    postAs: account.settings.approval.postAs,
    editDistance,
  });
  await slack.api.update({ channel: draft.slackChannel, ts: draft.slackTs, ...view });
}

/** One nudge in the approval message's thread (or the approval channel if the message is unknown). */
export async function postReminder(env: Env, account: AccountWithSecrets, draft: DraftRow): Promise<void> {
  const slack = slackFor(env, account);
  if (!slack) return;
  const view = reminderMessage({
    ticket: await ticketHeading(env, account, draft.ticketId),
    zendeskTicketUrl: zendeskTicketUrl(account, draft.ticketId),
    escalatesInMinutes: account.settings.approval.timeoutMinutes,
    approvers: slack.settings.approvers,
    approverGroup: slack.settings.approverGroup,
  });
  if (draft.slackChannel && draft.slackTs) await slack.api.postMessage({ channel: draft.slackChannel, thread_ts: draft.slackTs, ...view });
  else await slack.api.postMessage({ channel: slack.settings.approvalChannel, ...view });
}

/**
 * First escalation of a ticket: a new message in the escalation channel, recorded in `escalations` (one row per
 * ticket, claimed before posting). Later calls for the same ticket: a reply in that message's thread.
 * Returns the message posted (the thread reply for later calls).
 */
export async function postEscalation(
  env: Env,
  account: AccountWithSecrets,
  e: { ticket: TicketSnapshot; decision: TriageDecision | null; reason: string; zendeskTicketUrl: string },
): Promise<{ channel: string; ts: string } | null> {
  const slack = slackFor(env, account);
  if (!slack) return null;
  const db = database(env.DB);
  const input: EscalationInput = { ticket: e.ticket, decision: e.decision, reason: e.reason, zendeskTicketUrl: e.zendeskTicketUrl };
  const { row } = await claimEscalation(db, { accountId: account.id, ticketId: e.ticket.id, reason: e.reason });
  if (row.slackChannel && row.slackTs) {
    const reply = await slack.api.postMessage({ channel: row.slackChannel, thread_ts: row.slackTs, ...escalationUpdateMessage(input) });
    return { channel: reply.channel, ts: reply.ts };
  }
  // First time (or an earlier attempt failed before Slack answered): post the escalation itself.
  const channel = slack.settings.escalationChannel ?? slack.settings.approvalChannel;
  const posted = await slack.api.postMessage({ channel, ...escalationMessage(input) });
  await setEscalationThread(db, row.id, { channel: posted.channel, ts: posted.ts });
  return { channel: posted.channel, ts: posted.ts };
}
