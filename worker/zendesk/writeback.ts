/**
 * Writing back to Zendesk, a triage decision or an agent's intent correction: tags (never clobbering the
 * ticket's own), mapped custom fields, the private "why" note, with safe_update so an agent's concurrent edit
 * is never overwritten. The account's taxonomy says how an intent shows: its tag and its intent-field value
 * (worker/triage/intents/mapping.ts); without one, intent__<id> and the id.
 */
import { intentFieldValueFor, intentTagFor, isIntentTag, mappedIntentTags } from "../triage/intents/mapping";
import type { IntentTaxonomy } from "../triage/intents/schema";
import { isManagedTag } from "../triage/tags";
import { decisionNote } from "../triage/note";
import type { TriageDecision } from "../triage/types";
import type { AccountSettings } from "../settings/account";
import { ZendeskApiError, zendeskClientFor, type ZendeskClient, type ZendeskTicket, type ZendeskTicketUpdate } from "./client";
import type { ZendeskCredentials } from "./http";

/** The update without the safe-update stamp (which depends on the ticket's state at write time). */
export function buildTicketUpdate(decision: TriageDecision, settings: AccountSettings, taxonomy: IntentTaxonomy | null = null): ZendeskTicketUpdate {
  const update: ZendeskTicketUpdate = { additional_tags: decision.tags };
  if (decision.removeTags.length) update.remove_tags = decision.removeTags;
  if (decision.priorityFromRule) update.priority = decision.priority;
  if (decision.groupId !== null) update.group_id = decision.groupId;

  const fields: Record<string, string | number | boolean | null> = {};
  const map = settings.fields;
  if (map.intent && decision.intent) fields[map.intent] = intentFieldValueFor(decision.intent, taxonomy);
  if (map.confidence && decision.confidence !== null) fields[map.confidence] = Math.round(decision.confidence * 1000) / 1000;
  if (map.priority) fields[map.priority] = decision.priority;
  if (map.sentiment) fields[map.sentiment] = decision.sentiment;
  if (map.language) fields[map.language] = decision.language;
  if (map.route) fields[map.route] = decision.route;
  Object.assign(fields, decision.customFields);
  const customFields = Object.entries(fields).map(([id, value]) => ({ id: Number(id), value }));
  if (customFields.length) update.custom_fields = customFields;

  if (settings.internalNote) update.comment = { body: decisionNote(decision), public: false };
  return update;
}

/** Managed tags from an earlier triage that this decision no longer carries (the old intent__ or mapped tag...). */
export function staleManagedTags(ticket: ZendeskTicket, update: ZendeskTicketUpdate, taxonomy: IntentTaxonomy | null = null): string[] {
  const keep = new Set(update.additional_tags ?? []);
  const mapped = mappedIntentTags(taxonomy);
  return ticket.tags.filter((t) => (isManagedTag(t) || mapped.has(t)) && !keep.has(t));
}

/** The re-tag after an agent corrects the intent: the intent's tag and the mapped intent field, nothing else. */
export function buildIntentUpdate(newIntent: string, settings: AccountSettings, taxonomy: IntentTaxonomy | null = null): ZendeskTicketUpdate {
  const update: ZendeskTicketUpdate = { additional_tags: [intentTagFor(newIntent, taxonomy)] };
  if (settings.fields.intent) update.custom_fields = [{ id: settings.fields.intent, value: intentFieldValueFor(newIntent, taxonomy) }];
  return update;
}

/** The ticket's other intent tags, intent__ and mapped (only those: a correction leaves priority__... alone). */
export function staleIntentTags(ticket: ZendeskTicket, update: ZendeskTicketUpdate, taxonomy: IntentTaxonomy | null = null): string[] {
  const keep = new Set(update.additional_tags ?? []);
  const mapped = mappedIntentTags(taxonomy);
  return ticket.tags.filter((t) => isIntentTag(t, mapped) && !keep.has(t));
}

export const MAX_CONFLICT_RETRIES = 3;

/**
 * PUT with safe_update; on 409 re-read the ticket and try again (a few times). `staleTags` names, for the
 * ticket as last read, the tags to remove besides `update.remove_tags` (recomputed after each re-read).
 * Other errors propagate: the queue consumer turns 429/5xx into a delayed retry and records permanent failures.
 */
export async function writeTicketUpdate(
  client: ZendeskClient,
  ticket: ZendeskTicket,
  update: ZendeskTicketUpdate,
  opts: { staleTags: (current: ZendeskTicket, update: ZendeskTicketUpdate) => string[] },
): Promise<{ ticket: ZendeskTicket; conflicts: number; removed: string[] }> {
  let current = ticket;
  for (let conflicts = 0; ; conflicts++) {
    const removed = [...new Set([...(update.remove_tags ?? []), ...opts.staleTags(current, update)])];
    const body: ZendeskTicketUpdate = { ...update, remove_tags: removed, safe_update: true, updated_stamp: current.updated_at };
    if (removed.length === 0) delete body.remove_tags;
    try {
      return { ticket: await client.updateTicket(ticket.id, body), conflicts, removed };
    } catch (error) {
      if (!(error instanceof ZendeskApiError) || error.status !== 409 || conflicts >= MAX_CONFLICT_RETRIES) throw error;
      current = await client.getTicket(ticket.id);
    }
  }
}

/** A triage decision's write-back: stale managed (and taxonomy-mapped) tags from an earlier triage are removed. */
export function writeDecision(
  client: ZendeskClient,
  ticket: ZendeskTicket,
  update: ZendeskTicketUpdate,
  taxonomy: IntentTaxonomy | null = null,
): Promise<{ ticket: ZendeskTicket; conflicts: number }> {
  return writeTicketUpdate(client, ticket, update, { staleTags: (current, u) => staleManagedTags(current, u, taxonomy) });
}

/** The escalation summary into the account's mapped text field, with safe_update (an agent's edit is never lost). */
export async function writeTextField(account: ZendeskCredentials, ticketId: number, fieldId: number, text: string): Promise<void> {
  const client = zendeskClientFor(account);
  const ticket = await client.getTicket(ticketId);
  await writeTicketUpdate(client, ticket, { custom_fields: [{ id: fieldId, value: text }] }, { staleTags: () => [] });
}
