/**
 * Retrying a write-back that the pipeline gave up on: `dead` (the queue's retries ran out, e.g. a Zendesk outage)
 * or `failed` (a 401/422 an admin has since fixed). Used by the admin API, the CLI (through the admin API), the
 * sidebar's "Retry write-back" and the scheduled sweep.
 *
 * Exactly once: the row is claimed in D1 first (one conditional UPDATE, so of concurrent retries one writes and
 * the others answer `in_progress`), a succeeded write-back is never claimable, and the update is rebuilt from the
 * stored decision with the account's current settings (a fixed field mapping applies), then written against a
 * fresh read of the ticket with safe_update.
 */
import type { Env } from "../env/bindings";
import { errorMessage, log } from "../lib/log";
import { loadAccount, type AccountWithSecrets } from "../store/accounts";
import { audit } from "../store/audit";
import { database, type Database } from "../store/db";
import { decisionById, latestDecision, toDecision } from "../store/decisions";
import { getEvent, setEventStatus } from "../store/events";
import { currentTaxonomy } from "../store/intents";
import { claimWritebackRetry, latestWriteback, markWriteback, recordAttempt, type WritebackRow, type WritebackStatus } from "../store/writebacks";
import { ZendeskApiError, zendeskClientFor } from "../zendesk/client";
import { buildTicketUpdate, writeDecision } from "../zendesk/writeback";

/** A person may retry what the queue gave up on and what Zendesk refused; the sweep only retries outages (`dead`). */
export const RETRYABLE_BY_HAND: readonly WritebackStatus[] = ["dead", "failed"];
export const RETRYABLE_BY_SWEEP: readonly WritebackStatus[] = ["dead"];

export type RetryError =
  | "writeback_not_found"
  | "already_succeeded"
  | "not_retryable"
  | "in_progress"
  | "superseded"
  | "write_back_disabled"
  | "zendesk_failed";

export type RetryResult =
  | { ok: true; writeback: WritebackRow; conflicts: number }
  | { ok: false; status: 404 | 409 | 502; error: RetryError; message: string; writeback?: WritebackRow; retryable?: boolean };

/** The latest write-back of one ticket (the one the sidebar and the admin ticket view show). */
export async function retryTicketWriteback(env: Env, accountId: string, ticketId: number, actor: string): Promise<RetryResult> {
  const db = database(env.DB);
  const row = await latestWriteback(db, accountId, ticketId);
  const account = row ? await loadAccount(db, env.SECRETS_KEY, accountId) : null;
  if (!row || !account)
    return {
      ok: false,
      status: 404,
      error: "writeback_not_found",
      message: `No write-back is recorded for ticket ${ticketId}: it was never triaged here, so use Triage now.`,
    };
  return retryWritebackRow(db, account, row, actor, RETRYABLE_BY_HAND);
}

export async function retryWritebackRow(
  db: Database,
  account: AccountWithSecrets,
  row: WritebackRow,
  actor: string,
  from: readonly WritebackStatus[],
): Promise<RetryResult> {
  if (row.status === "succeeded")
    return { ok: false, status: 409, error: "already_succeeded", message: "This write-back already succeeded; it is never sent twice.", writeback: row };
  if (row.status === "skipped")
    return { ok: false, status: 409, error: "not_retryable", message: `This write-back was skipped (${row.error ?? "nothing to write"}).`, writeback: row };
  if (!account.settings.writeBack)
    return { ok: false, status: 409, error: "write_back_disabled", message: "Write-back is off for this account (shadow mode).", writeback: row };

  const claimed = await claimWritebackRetry(db, { accountId: account.id, id: row.id, from });
  if (!claimed) {
    const inFlight = row.status === "pending" || row.status === "retrying";
    return inFlight || from.includes(row.status)
      ? { ok: false, status: 409, error: "in_progress", message: "This write-back is being written right now.", writeback: row }
      : { ok: false, status: 409, error: "not_retryable", message: `A ${row.status} write-back is not retried here.`, writeback: row };
  }

  // A newer decision has its own write-back: sending this older one would put stale tags back on the ticket.
  const latest = await latestDecision(db, account.id, row.ticketId);
  const decision = latest?.id === row.decisionId ? latest : await decisionById(db, account.id, row.decisionId);
  if (!decision || (latest && latest.id !== row.decisionId)) {
    const why = latest ? `superseded by decision ${latest.id}` : "its decision no longer exists";
    await markWriteback(db, account.id, row.decisionId, "skipped", why);
    return { ok: false, status: 409, error: "superseded", message: `Not retried: ${why}.`, writeback: { ...claimed, status: "skipped", error: why } };
  }

  // As the pipeline writes it: the taxonomy maps intents to their Zendesk tag and field value, and names stale tags.
  const { taxonomy } = await currentTaxonomy(db, account.id);
  const update = buildTicketUpdate(toDecision(decision), account.settings, taxonomy);
  try {
    const client = zendeskClientFor(account);
    const remote = await client.getTicket(row.ticketId);
    const { conflicts } = await writeDecision(client, remote, update, taxonomy);
    const note = `retried by ${actor}${conflicts ? ` after ${conflicts} safe-update conflict(s)` : ""}`;
    await recordAttempt(db, account.id, row.id, { status: "succeeded", httpStatus: 200, error: note, request: update });
    // The event that gave up is now done: the sidebar and the admin view stop showing it as failed.
    const event = decision.eventId === null ? undefined : await getEvent(db, account.id, decision.eventId);
    if (event && (event.status === "dead" || event.status === "failed")) await setEventStatus(db, account.id, event.id, "triaged");
    await audit(db, {
      accountId: account.id,
      actor,
      action: "writeback.retried",
      subject: `ticket:${row.ticketId}`,
      details: { writeback: row.id, conflicts },
    });
    log.info("write-back retried", { account: account.id, ticket: row.ticketId, writeback: row.id, actor });
    return {
      ok: true,
      writeback: { ...claimed, status: "succeeded", error: note, request: update, lastHttpStatus: 200, attempts: claimed.attempts + 1 },
      conflicts,
    };
  } catch (error) {
    const apiError = error instanceof ZendeskApiError ? error : null;
    // An outage stays `dead` (the sweep tries again with back-off); a refusal (401, 404, 422) needs a person.
    const retryable = apiError ? apiError.retryable : true;
    const message = errorMessage(error);
    const status: WritebackStatus = retryable ? "dead" : "failed";
    await recordAttempt(db, account.id, row.id, { status, httpStatus: apiError?.status || null, error: `retry by ${actor}: ${message}` });
    log.warn("write-back retry failed", { account: account.id, ticket: row.ticketId, writeback: row.id, status: apiError?.status ?? null, retryable });
    return {
      ok: false,
      status: 502,
      error: "zendesk_failed",
      message: `Zendesk did not take the update: ${message}`,
      retryable,
      writeback: { ...claimed, status, error: `retry by ${actor}: ${message}`, lastHttpStatus: apiError?.status || null, attempts: claimed.attempts + 1 },
    };
  }
}

export interface BulkRetrySummary {
  tried: number;
  succeeded: number;
  failed: number;
  /** Claimed by another retry, superseded, or write-back switched off. */
  skipped: number;
  /** Accounts whose Zendesk still failed with an outage: their remaining rows wait for the next run. */
  stillDown: string[];
  writebacks: { id: number; ticketId: number; accountId: string; outcome: "succeeded" | RetryError }[];
}

/**
 * Retries a list of write-backs in order. The first outage-type failure for an account stops that account's
 * batch (Zendesk is still down; hammering it helps nobody); refusals and successes go on.
 */
export async function retryWritebacks(env: Env, rows: WritebackRow[], actor: string, from: readonly WritebackStatus[]): Promise<BulkRetrySummary> {
  const db = database(env.DB);
  const summary: BulkRetrySummary = { tried: 0, succeeded: 0, failed: 0, skipped: 0, stillDown: [], writebacks: [] };
  const accounts = new Map<string, AccountWithSecrets | null>();
  for (const row of rows) {
    if (summary.stillDown.includes(row.accountId)) continue;
    if (!accounts.has(row.accountId)) accounts.set(row.accountId, await loadAccount(db, env.SECRETS_KEY, row.accountId));
    const account = accounts.get(row.accountId);
    if (!account) continue;
    summary.tried++;
    const result = await retryWritebackRow(db, account, row, actor, from);
    summary.writebacks.push({ id: row.id, ticketId: row.ticketId, accountId: row.accountId, outcome: result.ok ? "succeeded" : result.error });
    if (result.ok) summary.succeeded++;
    else if (result.error === "zendesk_failed") {
      summary.failed++;
      if (result.retryable) summary.stillDown.push(row.accountId);
    } else summary.skipped++;
  }
  return summary;
}
