/**
 * The one owner of escalating a ticket to a human (route escalate, a draft escalated by a human or by the timeout,
 * and later events on an escalated ticket). The escalation is recorded in D1 first (one escalations row per ticket,
 * claimed by its unique index), so the sidebar and the admin API show it whether or not the account has Slack.
 * Then, when Slack is configured, the first escalation posts a message and its channel/ts are stored; later ones
 * reply in that thread. Safe to retry: the claim is idempotent, and a post that failed is simply posted again.
 */
import type { Env } from "../env/bindings";
import { postEscalation } from "../slack/notify";
import { slackFor } from "../slack/context";
import type { AccountWithSecrets } from "../store/accounts";
import { database } from "../store/db";
import { claimEscalation, setEscalationThread, type EscalationRow } from "../store/escalations";
import type { TicketSnapshot, TriageDecision } from "../triage/types";
import { zendeskTicketUrl } from "../zendesk/links";

export async function escalateTicket(
  env: Env,
  account: AccountWithSecrets,
  e: { ticket: TicketSnapshot; decision: TriageDecision | null; reason: string },
): Promise<EscalationRow> {
  const db = database(env.DB);
  const { row } = await claimEscalation(db, { accountId: account.id, ticketId: e.ticket.id, reason: e.reason });
  // Without a stored message (first time, or an earlier post failed before Slack answered) this posts a new one.
  const thread = row.slackChannel && row.slackTs ? { channel: row.slackChannel, ts: row.slackTs } : null;
  const posted = await postEscalation(env, account, { ...e, zendeskTicketUrl: zendeskTicketUrl(account, e.ticket.id) }, thread);
  if (posted && !thread) await setEscalationThread(db, account.id, row.id, posted);
  return row;
}

/**
 * Whether a later event on an escalated ticket has anywhere to go (the escalation's Slack thread). Without Slack the
 * escalation is already recorded and shown, so no workflow is started for it.
 */
export function escalationUpdatesNotify(env: Env, account: AccountWithSecrets): boolean {
  return slackFor(env, account) !== null;
}
