/**
 * The one owner of escalating a ticket to a human (route escalate, a draft escalated by a human or by the timeout,
 * and later events on an escalated ticket). The escalation is recorded in D1 first (one escalations row per ticket,
 * claimed by its unique index), so the sidebar and the admin API show it whether or not the account has Slack.
 * Then its summary is written (worker/escalation-summary: the LLM's, or taken from the thread), stored, and copied
 * into the account's mapped Zendesk field. Then, when Slack is configured, the first escalation posts a message and
 * its channel/ts are stored; later ones reply in that thread. Safe to retry: the claim is idempotent, the summary is
 * simply written again, and a post that failed is posted again.
 */
import type { EscalationSummary } from "../../contract/app-api";
import type { Env } from "../env/bindings";
import { escalationSummary } from "../escalation-summary/summarize";
import { summaryText } from "../escalation-summary/format";
import { errorMessage, log } from "../lib/log";
import { postEscalation } from "../slack/notify";
import { slackFor } from "../slack/context";
import type { AccountWithSecrets } from "../store/accounts";
import { database, type Database } from "../store/db";
import { claimEscalation, escalationHistory, setEscalationSummary, setEscalationThread, type EscalationRow } from "../store/escalations";
import { getTicket } from "../store/tickets";
import type { TicketSnapshot, TriageDecision } from "../triage/types";
import { zendeskTicketUrl } from "../zendesk/links";
import { userName } from "../zendesk/users";
import { writeTextField } from "../zendesk/writeback";

export interface EscalationRequest {
  ticket: TicketSnapshot;
  decision: TriageDecision | null;
  reason: string;
}

async function summarize(db: Database, account: AccountWithSecrets, e: EscalationRequest, ticketUrl: string): Promise<EscalationSummary> {
  const history = await escalationHistory(db, account.id, e.ticket.id);
  const requesterId = (await getTicket(db, account.id, e.ticket.id))?.requesterId;
  const requester = requesterId ? await userName(account, requesterId) : null;
  const summary = await escalationSummary(
    db,
    account,
    { ticket: e.ticket, decision: e.decision, reason: e.reason, ticketUrl, firstSeenAt: history.firstSeenAt, drafts: history.drafts, now: new Date() },
    requester,
  );
  const field = account.settings.escalation.summaryField;
  if (field === undefined || !account.settings.writeBack) return summary;
  try {
    await writeTextField(account, e.ticket.id, field, summaryText(summary));
    return summary;
  } catch (error) {
    // The escalation must still reach a person: the field is best effort, and the summary says it is missing.
    log.warn("escalation summary field not written", { account: account.id, ticket: e.ticket.id, field, error: errorMessage(error).slice(0, 200) });
    const note = `not written to Zendesk field ${field} (${errorMessage(error).slice(0, 120)})`;
    return { ...summary, note: summary.note ? `${summary.note}; ${note}` : note };
  }
}

export async function escalateTicket(env: Env, account: AccountWithSecrets, e: EscalationRequest): Promise<EscalationRow> {
  const db = database(env.DB);
  const { row } = await claimEscalation(db, { accountId: account.id, ticketId: e.ticket.id, reason: e.reason });
  const ticketUrl = zendeskTicketUrl(account, e.ticket.id);
  const summary = await summarize(db, account, e, ticketUrl);
  await setEscalationSummary(db, account.id, row.id, summary);
  // Without a stored message (first time, or an earlier post failed before Slack answered) this posts a new one.
  const thread = row.slackChannel && row.slackTs ? { channel: row.slackChannel, ts: row.slackTs } : null;
  const posted = await postEscalation(env, account, { ...e, summary, zendeskTicketUrl: ticketUrl }, thread);
  if (posted && !thread) await setEscalationThread(db, account.id, row.id, posted);
  return { ...row, summary };
}

/**
 * Whether a later event on an escalated ticket has anywhere to go (the escalation's Slack thread). Without Slack the
 * escalation is already recorded and shown, so no workflow is started for it.
 */
export function escalationUpdatesNotify(env: Env, account: AccountWithSecrets): boolean {
  return slackFor(env, account) !== null;
}
