/**
 * "Correct intent": store what the agent says the ticket is about (training data: the exact text the model
 * classified, the old and new intent, the model version, who and when), then re-tag the ticket in Zendesk
 * (remove every other intent__ tag, add the new one; set the mapped intent field). The correction is stored
 * first, so a Zendesk failure never loses it; its `zendeskStatus` says whether the re-tag happened.
 */
import { and, desc, eq, gte } from "drizzle-orm";
import { corrections } from "../../db/schema/index";
import type { Env } from "../env/bindings";
import { errorMessage, log } from "../lib/log";
import { loadAccount } from "../store/accounts";
import { audit } from "../store/audit";
import { database, type Database } from "../store/db";
import { latestDecision } from "../store/decisions";
import { getTicket, saveTicket, toSnapshot } from "../store/tickets";
import { toTagValue } from "../triage/tags";
import { modelText } from "../triage/ticket-text";
import { zendeskClientFor, type ZendeskTicketUpdate } from "../zendesk/client";
import type { SidebarAgent } from "./auth";
import { knownIntents } from "./intents";

export type CorrectionRow = typeof corrections.$inferSelect;

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
  };
}

export async function latestCorrection(db: Database, accountId: string, ticketId: number): Promise<CorrectionRow | undefined> {
  return db.select().from(corrections).where(and(eq(corrections.accountId, accountId), eq(corrections.ticketId, ticketId))).orderBy(desc(corrections.id)).limit(1).get();
}

/** An account's corrections, newest first (optionally only those made at or after `since`, an ISO time). */
export async function correctionsFor(db: Database, accountId: string, opts: { since?: string; limit?: number } = {}): Promise<CorrectionRow[]> {
  const where = opts.since ? and(eq(corrections.accountId, accountId), gte(corrections.createdAt, opts.since)) : eq(corrections.accountId, accountId);
  return db.select().from(corrections).where(where).orderBy(desc(corrections.id)).limit(opts.limit ?? 100_000).all();
}

/** The ticket's intent as the agent should see it: a correction made after the latest decision wins. */
export function currentIntent(decision: { id: number; intent: string | null } | undefined, correction: CorrectionRow | undefined): { intent: string | null; source: "correction" | "triage" | null } {
  if (correction && (!decision || correction.decisionId === decision.id)) return { intent: correction.newIntent, source: "correction" };
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
  const { labels } = await knownIntents(db, agent.accountId);
  if (!labels.includes(newIntent)) return { ok: false, status: 400, error: "unknown_intent", message: `'${newIntent}' is not a known intent.` };

  const decision = await latestDecision(db, agent.accountId, ticketId);
  const previous = await latestCorrection(db, agent.accountId, ticketId);
  const current = currentIntent(decision, previous);
  if (current.intent === newIntent) return { ok: true, status: 200, correction: null, unchanged: true };

  let row = await db
    .insert(corrections)
    .values({
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
    })
    .returning()
    .get();
  await audit(db, { accountId: agent.accountId, actor: `sidebar:${agent.userId}`, action: "ticket.intent_corrected", subject: `ticket:${ticketId}`, details: { correctionId: row.id, from: current.intent, to: newIntent } });

  const account = await loadAccount(db, env.SECRETS_KEY, agent.accountId);
  if (!account) return { ok: false, status: 404, error: "account_not_found", message: "The account no longer exists." };
  const newTag = `intent__${toTagValue(newIntent)}`;
  if (!account.settings.writeBack) {
    row = await setZendeskStatus(db, row.id, "skipped", "write-back disabled (shadow mode)");
    return { ok: true, status: 201, correction: row, tags: { added: [], removed: [] } };
  }
  try {
    const client = zendeskClientFor(account);
    const remote = await client.getTicket(ticketId);
    const removed = remote.tags.filter((t) => t.startsWith("intent__") && t !== newTag);
    // additional_tags/remove_tags change only these tags, so an agent's concurrent edit is never clobbered.
    const update: ZendeskTicketUpdate = { additional_tags: [newTag] };
    if (removed.length) update.remove_tags = removed;
    if (account.settings.fields.intent) update.custom_fields = [{ id: account.settings.fields.intent, value: newIntent }];
    const updated = await client.updateTicket(ticketId, update);
    await saveTicket(db, agent.accountId, ticketId, { tags: updated.tags, zendeskUpdatedAt: updated.updated_at });
    row = await setZendeskStatus(db, row.id, "tagged", null);
    return { ok: true, status: 201, correction: row, tags: { added: [newTag], removed } };
  } catch (error) {
    const message = errorMessage(error);
    log.warn("re-tag after intent correction failed", { account: agent.accountId, ticket: ticketId, error: message });
    row = await setZendeskStatus(db, row.id, "failed", message.slice(0, 500));
    return { ok: false, status: 502, error: "zendesk_failed", message: `The correction is stored, but re-tagging the ticket in Zendesk failed: ${message}`, correction: row };
  }
}

async function setZendeskStatus(db: Database, id: number, status: "tagged" | "failed" | "skipped", error: string | null): Promise<CorrectionRow> {
  return db.update(corrections).set({ zendeskStatus: status, zendeskError: error }).where(eq(corrections.id, id)).returning().get();
}
