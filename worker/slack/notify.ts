/**
 * The Slack messages the ticket workflow sends: the approval request, the outcome (chat.update), the reminder and
 * the escalation (first a message in the escalation channel, later updates in its thread). They only post: what a
 * message means is recorded by their callers (the escalation itself: worker/workflows/escalation.ts). Every function
 * is a no-op returning null when the account has no Slack configured (settings.slack absent or no bot token).
 */
import { approvalMessage, escalationMessage, escalationUpdateMessage, outcomeMessage, reminderMessage, type EscalationInput } from "./views/index";
import type { Env } from "../env/bindings";
import type { AccountWithSecrets } from "../store/accounts";
import { database } from "../store/db";
import { approvalActionsFor, type DraftRow } from "../store/drafts";
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

export interface SlackMessageRef {
  channel: string;
  ts: string;
}

/**
 * An escalation: without `thread`, a new message in the escalation channel (the approval channel if none is set);
 * with the thread of the ticket's first escalation message, a reply in it. Returns the message posted.
 */
export async function postEscalation(
  env: Env,
  account: AccountWithSecrets,
  e: EscalationInput,
  thread: SlackMessageRef | null,
): Promise<SlackMessageRef | null> {
  const slack = slackFor(env, account);
  if (!slack) return null;
  const posted = thread
    ? await slack.api.postMessage({ channel: thread.channel, thread_ts: thread.ts, ...escalationUpdateMessage(e) })
    : await slack.api.postMessage({ channel: slack.settings.escalationChannel ?? slack.settings.approvalChannel, ...escalationMessage(e) });
  return { channel: posted.channel, ts: posted.ts };
}
