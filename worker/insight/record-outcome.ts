/**
 * The adapter behind live accuracy: when Zendesk says a ticket was solved or closed, read the agents' final values
 * from the Ticket API (the webhook carries tags and priority but not custom fields or the group), judge the stored
 * decision with the pure comparison (./accuracy.ts) and store the outcome. Idempotent: one row per decision.
 */
import type { AccountWithSecrets } from "../store/accounts";
import type { Database } from "../store/db";
import { draftPostedOn, latestTriageDecision, saveOutcome } from "../store/insight";
import { currentTaxonomy } from "../store/intents";
import type { ZendeskClient } from "../zendesk/client";
import { compareAtClose, finalValues, firstResponseMinutes, labelSourceFor } from "./accuracy";

export type OutcomeResult =
  | { kind: "recorded"; decisionId: number; correct: boolean | null }
  /** The ticket is open again by the time we read it: a later solve records it. */
  | { kind: "not_final" }
  | { kind: "no_decision" };

export async function recordOutcomeAtClose(
  db: Database,
  account: AccountWithSecrets,
  client: ZendeskClient,
  ticketId: number,
  opts: { closedAt: string | null; traceId: string | null },
): Promise<OutcomeResult> {
  const decision = await latestTriageDecision(db, account.id, ticketId);
  if (!decision) return { kind: "no_decision" };
  const remote = await client.getTicket(ticketId);
  const { taxonomy } = await currentTaxonomy(db, account.id);
  const final = finalValues(remote, taxonomy, labelSourceFor(account.settings.fields.intent));
  if (!final) return { kind: "not_final" };
  const verdicts = compareAtClose({ intent: decision.intent, priority: decision.priority, groupId: decision.groupId }, final);
  // The first response time is a nicety: a failed comments read leaves it unknown rather than failing the outcome.
  const comments = await client.listComments(ticketId).catch(() => []);
  const row = await saveOutcome(db, {
    accountId: account.id,
    ticketId,
    decisionId: decision.id,
    status: remote.status ?? "solved",
    intent: decision.intent,
    priority: decision.priority,
    groupId: decision.groupId,
    finalIntent: final.intent,
    finalPriority: final.priority,
    finalGroupId: final.groupId,
    intentVerdict: verdicts.intent,
    priorityVerdict: verdicts.priority,
    groupVerdict: verdicts.group,
    correct: verdicts.correct,
    firstResponseMinutes: firstResponseMinutes(remote.created_at, remote.requester_id, comments),
    drafted: await draftPostedOn(db, account.id, ticketId),
    closedAt: validIso(opts.closedAt) ?? new Date().toISOString(),
    traceId: opts.traceId,
  });
  return { kind: "recorded", decisionId: row.decisionId, correct: row.correct };
}

function validIso(value: string | null): string | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}
