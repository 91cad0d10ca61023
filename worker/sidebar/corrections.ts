/**
 * "Correct intent": store what the agent says the ticket is about (training data: the exact text the model
 * classified, the old and new intent, the model version, who and when), then re-tag the ticket in Zendesk
 * (remove every other intent tag, intent__ or taxonomy-mapped, add the new one's; set the intent field to its
 * mapped value). The correction is stored
 * first, so a Zendesk failure never loses it; its `zendeskStatus` says whether the re-tag happened.
 */
import type { Env } from "../env/bindings";
import { errorMessage, log } from "../lib/log";
import { loadAccount } from "../store/accounts";
import { audit } from "../store/audit";
import { insertCorrection, latestCorrection, setCorrectionZendeskStatus, type CorrectionRow } from "../store/corrections";
import { database } from "../store/db";
import { latestDecision } from "../store/decisions";
import { currentTaxonomy } from "../store/intents";
import { getTicket, saveTicket, toSnapshot } from "../store/tickets";
import { upsertTrainingExample } from "../store/training-examples";
import { intentTagFor } from "../triage/intents/mapping";
import { modelText } from "../triage/ticket-text";
import { zendeskClientFor } from "../zendesk/client";
import { buildIntentUpdate, staleIntentTags, writeTicketUpdate } from "../zendesk/writeback";
import type { SidebarAgent } from "./auth";
import { knownIntents } from "./intents";

/**
 * The ticket's intent as the agent should see it: a correction made after the latest decision wins, and a later
 * decision that kept the correction (tier agent) still shows it as the agent's.
 */
export function currentIntent(
  decision: { id: number; intent: string | null; cascade?: { correctionId: number | null } | null } | undefined,
  correction: CorrectionRow | undefined,
): { intent: string | null; source: "correction" | "triage" | null } {
  if (correction && (!decision || correction.decisionId === decision.id || decision.cascade?.correctionId === correction.id))
    return { intent: correction.newIntent, source: "correction" };
  if (decision) return { intent: decision.intent, source: "triage" };
  return { intent: null, source: null };
}

export type CorrectOutcome =
  | { ok: true; status: 201; correction: CorrectionRow; tags: { added: string[]; removed: string[] } }
  | { ok: true; status: 200; correction: null; unchanged: true }
  | { ok: false; status: 400 | 404 | 502; error: string; message: string; correction?: CorrectionRow };

export async function correctIntent(env: Env, agent: SidebarAgent, ticketId: number, newIntent: string): Promise<CorrectOutcome> {
  const db = database(env.DB);
  const ticket = await getTicket(db, agent.accountId, ticketId);
  if (!ticket) return { ok: false, status: 404, error: "ticket_not_triaged", message: `Ticket ${ticketId} has not been triaged yet; triage it first.` };
  const stored = await currentTaxonomy(db, agent.accountId);
  const { labels } = await knownIntents(db, agent.accountId, stored);
  if (!labels.includes(newIntent)) return { ok: false, status: 400, error: "unknown_intent", message: `'${newIntent}' is not a known intent.` };

  const decision = await latestDecision(db, agent.accountId, ticketId);
  const previous = await latestCorrection(db, agent.accountId, ticketId);
  const current = currentIntent(decision, previous);
  if (current.intent === newIntent) return { ok: true, status: 200, correction: null, unchanged: true };

  let row = await insertCorrection(db, {
    accountId: agent.accountId,
    ticketId,
    decisionId: decision?.id ?? null,
    modelVersion: decision?.modelVersion ?? null,
    oldIntent: current.intent,
    newIntent,
    text: modelText(toSnapshot(ticket)),
    actor: agent.userId,
    actorName: agent.name,
    via: "sidebar",
  });
  // The strongest training label there is: it replaces the LLM's or a rule's label of this ticket in training.
  await upsertTrainingExample(db, { accountId: agent.accountId, ticketId, text: row.text, intent: newIntent, source: "correction", correctionId: row.id });
  await audit(db, {
    accountId: agent.accountId,
    actor: `sidebar:${agent.userId}`,
    action: "ticket.intent_corrected",
    subject: `ticket:${ticketId}`,
    details: { correctionId: row.id, from: current.intent, to: newIntent },
  });

  const account = await loadAccount(db, env.SECRETS_KEY, agent.accountId);
  if (!account) return { ok: false, status: 404, error: "account_not_found", message: "The account no longer exists." };
  if (!account.settings.writeBack) {
    row = await setCorrectionZendeskStatus(db, agent.accountId, row.id, "skipped", "write-back disabled (shadow mode)");
    return { ok: true, status: 201, correction: row, tags: { added: [], removed: [] } };
  }
  try {
    const client = zendeskClientFor(account);
    const remote = await client.getTicket(ticketId);
    // The same safe_update write as a triage decision: a concurrent agent edit is re-read, never clobbered.
    const { ticket: updated, removed } = await writeTicketUpdate(client, remote, buildIntentUpdate(newIntent, account.settings, stored.taxonomy), {
      staleTags: (current, update) => staleIntentTags(current, update, stored.taxonomy),
    });
    await saveTicket(db, agent.accountId, ticketId, { tags: updated.tags, zendeskUpdatedAt: updated.updated_at });
    row = await setCorrectionZendeskStatus(db, agent.accountId, row.id, "tagged", null);
    return { ok: true, status: 201, correction: row, tags: { added: [intentTagFor(newIntent, stored.taxonomy)], removed } };
  } catch (error) {
    const message = errorMessage(error);
    log.warn("re-tag after intent correction failed", { account: agent.accountId, ticket: ticketId, error: message });
    row = await setCorrectionZendeskStatus(db, agent.accountId, row.id, "failed", message.slice(0, 500));
    return {
      ok: false,
      status: 502,
      error: "zendesk_failed",
      message: `The correction is stored, but re-tagging the ticket in Zendesk failed: ${message}`,
      correction: row,
    };
  }
}
