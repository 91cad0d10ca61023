/**
 * One queued event, end to end: refresh the ticket, triage it (pure core), store the decision, write it back.
 * Idempotent: a redelivered message finds the stored decision and write-back and only finishes what is left.
 */
import type { Env, TriageMessage } from "../env/bindings";
import { isFinalStatus } from "../insight/accuracy";
import { recordOutcomeAtClose } from "../insight/record-outcome";
import { parseTicketEvent, triageReason } from "../intake/payload";
import { sha256Hex } from "../lib/hash";
import { errorMessage, log } from "../lib/log";
import { loadAccount, type AccountWithSecrets } from "../store/accounts";
import { database, type Database } from "../store/db";
import { decisionForEvent, latestDecision, saveDecision, toDecision } from "../store/decisions";
import { getEvent, setEventStatus } from "../store/events";
import { currentRuleTable, EMPTY_TABLE } from "../store/rules";
import { currentTaxonomy } from "../store/intents";
import { saveTicket, toSnapshot } from "../store/tickets";
import { ensureWriteback, recordAttempt } from "../store/writebacks";
import { conditionFieldsUsed } from "../triage/rules/schema";
import { cascadeContext, recordTrainingLabel, runCascade, type CascadeContext, type CascadeTiers } from "./cascade";
import { startFollowUp } from "./follow-up";
import type { TicketSnapshot, TriageDecision } from "../triage/types";
import { ZendeskApiError, zendeskClientFor, type ZendeskClient, type ZendeskTicket } from "../zendesk/client";
import { buildTicketUpdate, writeDecision } from "../zendesk/writeback";

/** Ask the queue to deliver the message again later. */
export class RetryLater extends Error {
  constructor(
    message: string,
    readonly delaySeconds: number,
  ) {
    super(message);
  }
}

export type ProcessOutcome = "triaged" | "skipped" | "failed" | "missing";

/** Processes one queued event; the message names its account, so the event is only ever read inside it. */
export async function processEvent(env: Env, message: TriageMessage, tiers: CascadeTiers, attempt = 1): Promise<ProcessOutcome> {
  const { eventId, accountId } = message;
  const db = database(env.DB);
  const event = await getEvent(db, accountId, eventId);
  if (!event) return "missing";
  if (event.status === "triaged" || event.status === "skipped" || event.status === "dead" || event.status === "failed")
    return event.status === "dead" ? "failed" : (event.status as ProcessOutcome);

  const account = await loadAccount(db, env.SECRETS_KEY, event.accountId);
  if (!account) {
    await setEventStatus(db, accountId, eventId, "failed", `account ${event.accountId} no longer exists`);
    return "failed";
  }
  const payload = parseTicketEvent(JSON.parse(event.payload));
  await saveTicket(db, account.id, payload.ticketId, {
    ...payload.ticket,
    zendeskUpdatedAt: payload.updatedAt,
    comment:
      payload.comment && triageReason(payload)
        ? { id: payload.comment.id, body: payload.comment.body.slice(0, 8000), createdAt: payload.updatedAt }
        : undefined,
  });

  // A solved or closed ticket is not triaged again: its stored decision is judged against what the agents left.
  if (event.eventType !== "manual" && isFinalStatus(payload.ticket.status)) {
    try {
      const outcome = await recordOutcomeAtClose(db, account, zendeskClientFor(account), payload.ticketId, {
        closedAt: payload.updatedAt,
        traceId: message.traceId ?? null,
      });
      log.info("ticket closed", { account: account.id, ticket: payload.ticketId, outcome: outcome.kind });
      await setEventStatus(db, accountId, eventId, "skipped", `ticket ${payload.ticket.status}: outcome ${outcome.kind.replace("_", " ")}`);
      return "skipped";
    } catch (error) {
      return handleZendeskError(db, accountId, eventId, null, error, attempt);
    }
  }

  const reason = event.eventType === "manual" ? "triage requested" : triageReason(payload);
  if (!reason) {
    await setEventStatus(db, accountId, eventId, "skipped", `${payload.eventType}: not a change triage reads`);
    return "skipped";
  }

  const stored = await currentRuleTable(db, account.id);
  const table = stored?.table ?? EMPTY_TABLE;
  let client: ZendeskClient;
  let remote: ZendeskTicket;
  try {
    client = zendeskClientFor(account);
    remote = await client.getTicket(payload.ticketId);
  } catch (error) {
    return handleZendeskError(db, accountId, eventId, null, error, attempt);
  }

  const used = conditionFieldsUsed(table);
  const snapshotRow = await saveTicket(db, account.id, payload.ticketId, {
    subject: remote.subject ?? undefined,
    description: remote.description ?? undefined,
    status: remote.status,
    priority: remote.priority,
    channel: remote.via?.channel ?? undefined,
    tags: remote.tags,
    requesterId: remote.requester_id,
    organizationId: remote.organization_id,
    zendeskUpdatedAt: remote.updated_at,
    // Only spend API calls on requester/organization tags when a rule reads them.
    requesterTags: used.has("requester_tags") && remote.requester_id ? await client.getUserTags(remote.requester_id).catch(() => undefined) : undefined,
    organizationTags:
      used.has("organization_tags") && remote.organization_id ? await client.getOrganizationTags(remote.organization_id).catch(() => undefined) : undefined,
  });
  const snapshot = toSnapshot(snapshotRow);

  let decisionRow = await decisionForEvent(db, accountId, eventId);
  if (!decisionRow) {
    const context = await cascadeContext(db, account.id, payload.ticketId);
    const inputHash = await triageInputHash(snapshot, stored?.version ?? 0, context);
    const previous = await latestDecision(db, account.id, payload.ticketId);
    if (previous && previous.inputHash === inputHash) {
      await setEventStatus(db, accountId, eventId, "skipped", `unchanged since decision ${previous.id}`);
      return "skipped";
    }
    const started = performance.now();
    const decision = await runCascade(
      env,
      db,
      { account, snapshot, table, rulesVersion: stored?.version ?? null, requesterId: remote.requester_id ?? null },
      context,
      tiers,
    );
    // Workers clocks only advance across I/O, so in production this is coarse; bench/ measures it precisely.
    const latencyMs = performance.now() - started;
    decisionRow = await saveDecision(db, {
      accountId: account.id,
      ticketId: payload.ticketId,
      eventId,
      decision,
      inputHash,
      latencyMs,
      traceId: message.traceId,
    });
    await recordTrainingLabel(db, account.id, snapshot, decision, decisionRow.id);
    log.info("ticket triaged", { account: account.id, ticket: payload.ticketId, decision: decisionRow.id, route: decision.route, tier: decision.tier, reason });
  }
  // On a retry the decision is already stored: both steps below are idempotent and finish what is left.
  await startFollowUp(env, db, account, decisionRow, reason);
  return writeBack(db, account, client, remote, toDecision(decisionRow), decisionRow.id, eventId, attempt);
}

async function writeBack(
  db: Database,
  account: AccountWithSecrets,
  client: ZendeskClient,
  remote: ZendeskTicket,
  decision: TriageDecision,
  decisionId: number,
  eventId: number,
  attempt: number,
): Promise<ProcessOutcome> {
  // The taxonomy maps intents to their Zendesk tag and field value (and says which mapped tags are stale).
  const { taxonomy } = await currentTaxonomy(db, account.id);
  const update = buildTicketUpdate(decision, account.settings, taxonomy);
  const skip = decision.route === "ignore" ? "route ignore" : !account.settings.writeBack ? "write-back disabled (shadow mode)" : null;
  const row = await ensureWriteback(db, { accountId: account.id, ticketId: remote.id, decisionId, request: update, status: skip ? "skipped" : "pending" });
  if (row.status === "succeeded" || row.status === "skipped") {
    await setEventStatus(db, account.id, eventId, "triaged", skip);
    return "triaged";
  }
  try {
    const { conflicts } = await writeDecision(client, remote, row.request, taxonomy);
    await recordAttempt(db, account.id, row.id, {
      status: "succeeded",
      httpStatus: 200,
      error: conflicts ? `succeeded after ${conflicts} safe-update conflict(s)` : null,
    });
    await setEventStatus(db, account.id, eventId, "triaged");
    return "triaged";
  } catch (error) {
    return handleZendeskError(db, account.id, eventId, row.id, error, attempt);
  }
}

/** 429/5xx/409/network → retry later (the queue's retries end in the dead-letter queue); other errors are final. */
async function handleZendeskError(
  db: Database,
  accountId: string,
  eventId: number,
  writebackId: number | null,
  error: unknown,
  attempt: number,
): Promise<ProcessOutcome> {
  const apiError = error instanceof ZendeskApiError ? error : null;
  const message = errorMessage(error);
  if (apiError?.retryable) {
    if (writebackId !== null) await recordAttempt(db, accountId, writebackId, { status: "retrying", httpStatus: apiError.status || null, error: message });
    await setEventStatus(db, accountId, eventId, "queued", message);
    const delay = apiError.retryAfterSeconds ?? Math.min(300, 2 ** attempt * 5);
    throw new RetryLater(message, Math.max(1, Math.ceil(delay)));
  }
  if (writebackId !== null) await recordAttempt(db, accountId, writebackId, { status: "failed", httpStatus: apiError?.status ?? null, error: message });
  await setEventStatus(db, accountId, eventId, "failed", message);
  log.error("write-back failed permanently", { event: eventId, status: apiError?.status ?? null, error: apiError?.code ?? "error" });
  return "failed";
}

async function triageInputHash(s: TicketSnapshot, rulesVersion: number, context: CascadeContext): Promise<string> {
  return sha256Hex(
    JSON.stringify([
      rulesVersion,
      context.taxonomy.version,
      context.pinned?.correctionId ?? null,
      s.subject,
      s.description,
      s.comments.map((c) => c.body),
      s.channel,
      s.requesterTags,
      s.organizationTags,
    ]),
  );
}
