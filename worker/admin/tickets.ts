/**
 * What happened to a ticket: snapshot, latest decision, write-back status, escalation, recent events; and
 * retrying write-backs the pipeline gave up on (one ticket's, or an account's dead/failed ones in bulk).
 */
import { Hono } from "hono";
import type { AppEnv } from "../http/app-env";
import { apiError } from "../http/errors";
import { auditEntries } from "../store/audit";
import { latestDecision } from "../store/decisions";
import { escalationFor } from "../store/escalations";
import { eventsForTicket } from "../store/events";
import { getTicket, toSnapshot } from "../store/tickets";
import { latestWriteback, writebacksInStatus } from "../store/writebacks";
import { retryTicketWriteback, retryWritebacks, RETRYABLE_BY_HAND } from "../pipeline/retry-writeback";
import { adminEscalationView, decisionView, writebackView } from "../http/views";
import { idParam, withAccountFromQuery } from "../http/middleware";

export const adminTickets = new Hono<AppEnv>();

adminTickets.get("/tickets/:id", withAccountFromQuery, async (c) => {
  const ticketId = idParam(c, "id", "ticket");
  const { db, account } = c.var;
  const row = await getTicket(db, account.id, ticketId);
  if (!row) apiError(404, "ticket_not_found", `Ticket ${ticketId} has not reached account '${account.id}'.`);
  const decision = await latestDecision(db, account.id, ticketId);
  const writeback = await latestWriteback(db, account.id, ticketId);
  const escalation = await escalationFor(db, account.id, ticketId);
  return c.json({
    account: account.id,
    ticket: { ...toSnapshot(row), zendeskUpdatedAt: row.zendeskUpdatedAt, updatedAt: row.updatedAt },
    decision: decision ? decisionView(decision) : null,
    writeback: writeback ? writebackView(writeback) : null,
    escalation: escalation ? adminEscalationView(escalation) : null,
    events: await eventsForTicket(db, account.id, ticketId),
  });
});

adminTickets.get("/audit", withAccountFromQuery, async (c) => {
  const { db, account } = c.var;
  const limit = Math.min(Math.trunc(Math.abs(Number(c.req.query("limit") ?? 100))) || 100, 1000);
  return c.json({ account: account.id, entries: await auditEntries(db, account.id, limit) });
});

adminTickets.post("/tickets/:id/writeback/retry", withAccountFromQuery, async (c) => {
  const ticketId = idParam(c, "id", "ticket");
  const result = await retryTicketWriteback(c.env, c.var.account.id, ticketId, "admin");
  if (!result.ok) apiError(result.status, result.error, result.message, result.writeback ? { writeback: writebackView(result.writeback) } : undefined);
  return c.json({ account: c.var.account.id, ticketId, writeback: writebackView(result.writeback) });
});

/** At most this many per call: each retry is a read and a write to Zendesk. Call again for the rest. */
const MAX_BULK_RETRIES = 100;

function statusQuery(raw: string | undefined): "dead" | "failed" {
  const status = raw ?? "dead";
  if (status !== "dead" && status !== "failed") apiError(400, "invalid_status", "status is dead or failed.");
  return status;
}

function limitQuery(raw: string | undefined, fallback: number): number {
  const text = raw ?? String(fallback);
  if (!/^[1-9][0-9]{0,2}$/.test(text) || Number(text) > MAX_BULK_RETRIES) apiError(400, "invalid_limit", `limit is 1-${MAX_BULK_RETRIES}.`);
  return Number(text);
}

/** What is waiting for a retry: an account's dead or failed write-backs, least recently tried first. */
adminTickets.get("/writebacks", withAccountFromQuery, async (c) => {
  const { db, account } = c.var;
  const status = statusQuery(c.req.query("status"));
  const rows = await writebacksInStatus(db, { statuses: [status], accountId: account.id, limit: limitQuery(c.req.query("limit"), MAX_BULK_RETRIES) });
  return c.json({ account: account.id, status, writebacks: rows.map((row) => ({ ticketId: row.ticketId, ...writebackView(row) })) });
});

adminTickets.post("/writebacks/retry", withAccountFromQuery, async (c) => {
  const { db, account } = c.var;
  const status = statusQuery(c.req.query("status"));
  const rows = await writebacksInStatus(db, { statuses: [status], accountId: account.id, limit: limitQuery(c.req.query("limit"), 25) });
  const summary = await retryWritebacks(c.env, rows, "admin", RETRYABLE_BY_HAND);
  // Counted up to MAX_BULK_RETRIES + 1 ("more than a call's worth"); failed retries of outages stay dead and count.
  const remaining = (await writebacksInStatus(db, { statuses: [status], accountId: account.id, limit: MAX_BULK_RETRIES + 1 })).length;
  return c.json({ account: account.id, status, ...summary, stillDown: summary.stillDown.length > 0, remaining });
});
