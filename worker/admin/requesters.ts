/**
 * A requester's deletion request (GDPR art. 17 and the like): remove their text from everything this Worker stores.
 *   POST /admin/requesters/:id/forget?account=[&after=]   by Zendesk user id
 *   POST /admin/requesters/forget?account=[&after=]       {"email": "..."}: looked up in Zendesk (Search Users), and
 *                                                        every stored webhook payload that mentions the address
 * Their tickets (the snapshots' requester_id) are worked through in chunks, at most FORGET_TICKETS_PER_CALL per call:
 * `next` is the cursor for the following call (`?after=`), null when done; `npm run privacy -- forget` follows it.
 * What is removed per table is in worker/store/privacy.ts and docs/pii.md. The audit entry names the requester's
 * Zendesk id and the counts, never the e-mail address.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../http/app-env";
import { apiError } from "../http/errors";
import { idParam, idQuery, jsonBody, withAccountFromQuery } from "../http/middleware";
import { errorMessage, log } from "../lib/log";
import { unlockAccount } from "../store/accounts";
import { audit } from "../store/audit";
import type { Database } from "../store/db";
import {
  addCounts,
  removeDraftText,
  removePayloadsMentioning,
  removeRawPayloads,
  removeTicketText,
  removeTrainingText,
  ticketsOfRequester,
  type RemovalCounts,
} from "../store/privacy";
import { searchUsersByEmail } from "../zendesk/users";

export const adminRequesters = new Hono<AppEnv>();

/** Tickets per statement (D1 binds at most 100 values) and per call (a call stays far inside the D1 query limit). */
const CHUNK = 50;
export const FORGET_TICKETS_PER_CALL = 500;
/** Payload scans for an e-mail address, per call. */
const PAYLOAD_BATCH = 100;
const PAYLOAD_BATCHES = 10;

interface ForgetResult {
  tickets: number;
  removed: RemovalCounts;
  /** The last ticket id done when the call stopped early; null when every ticket of the requester is done. */
  next: number | null;
}

/** Every table's text for one requester's tickets after `after` (ticket ids ascending), FORGET_TICKETS_PER_CALL at most. */
async function forgetRequester(db: Database, accountId: string, requesterId: number, after: number): Promise<ForgetResult> {
  const removed: RemovalCounts = {};
  let tickets = 0;
  let cursor = after;
  while (tickets < FORGET_TICKETS_PER_CALL) {
    const ticketIds = await ticketsOfRequester(db, accountId, requesterId, cursor, CHUNK);
    if (!ticketIds.length) return { tickets, removed, next: null };
    const scope = { ticketIds };
    addCounts(removed, await removeRawPayloads(db, accountId, scope));
    addCounts(removed, await removeTicketText(db, accountId, scope));
    addCounts(removed, await removeDraftText(db, accountId, scope));
    addCounts(removed, await removeTrainingText(db, accountId, scope));
    tickets += ticketIds.length;
    cursor = ticketIds[ticketIds.length - 1]!;
    if (ticketIds.length < CHUNK) return { tickets, removed, next: null };
  }
  return { tickets, removed, next: cursor };
}

async function forgetAndAudit(db: Database, accountId: string, requesterIds: number[], after: number, extra: RemovalCounts, byEmail: boolean) {
  const removed: RemovalCounts = { ...extra };
  let tickets = 0;
  let next: number | null = null;
  for (const requesterId of requesterIds) {
    const done = await forgetRequester(db, accountId, requesterId, after);
    addCounts(removed, done.removed);
    tickets += done.tickets;
    // Several Zendesk users for one address are rare; a cursor is per requester, so stop at the first unfinished one.
    if (done.next !== null) {
      next = done.next;
      break;
    }
  }
  await audit(db, {
    accountId,
    actor: "admin",
    action: "requester.forgotten",
    subject: requesterIds.length ? requesterIds.map((id) => `requester:${id}`).join(",") : "requester:unknown",
    details: { requesterIds, byEmail, tickets, removed, finished: next === null },
  });
  log.info("requester forgotten", { account: accountId, requesters: requesterIds.length, tickets, finished: next === null });
  return { account: accountId, requesterIds, tickets, removed, next };
}

adminRequesters.post("/requesters/:id/forget", withAccountFromQuery, async (c) => {
  const requesterId = idParam(c, "id", "requester");
  return c.json(await forgetAndAudit(c.var.db, c.var.account.id, [requesterId], idQuery(c, "after") ?? 0, {}, false));
});

const byEmail = z.object({ email: z.email().max(320) }).strict();

adminRequesters.post(
  "/requesters/forget",
  withAccountFromQuery,
  jsonBody(byEmail, { error: "invalid_body", message: 'Send {"email": "<the requester\'s address>"}.' }),
  async (c) => {
    const { db, account: row, body } = c.var;
    const email = body.email.trim().toLowerCase();
    let requesterIds: number[];
    try {
      const account = await unlockAccount(row, c.env.SECRETS_KEY);
      requesterIds = (await searchUsersByEmail(account, email)).map((u) => u.id).sort((a, b) => a - b);
    } catch (error) {
      log.warn("requester lookup failed", { account: row.id, error: errorMessage(error).slice(0, 120) });
      apiError(502, "zendesk_lookup_failed", "Zendesk did not answer the user search; nothing was removed. Try again, or forget by Zendesk user id.");
    }
    const extra: RemovalCounts = {};
    // Deliveries for tickets never snapshotted (or of a user Zendesk no longer has) can still carry the address.
    for (let i = 0; i < PAYLOAD_BATCHES; i++) {
      const n = await removePayloadsMentioning(db, row.id, email, PAYLOAD_BATCH);
      addCounts(extra, { eventsMentioningEmail: n });
      if (n < PAYLOAD_BATCH) break;
    }
    return c.json(await forgetAndAudit(db, row.id, requesterIds, idQuery(c, "after") ?? 0, extra, true));
  },
);
