/** What happened to a ticket: snapshot, latest decision, write-back status, recent events. */
import { Hono } from "hono";
import type { AppEnv } from "../http/app-env";
import { jsonError } from "../http/errors";
import { auditEntries } from "../store/audit";
import { database } from "../store/db";
import { decisionView, latestDecision } from "../store/decisions";
import { eventsForTicket } from "../store/events";
import { getTicket, toSnapshot } from "../store/tickets";
import { latestWriteback, writebackView } from "../store/writebacks";
import { accountFromQuery } from "./account-param";

export const adminTickets = new Hono<AppEnv>();

adminTickets.get("/tickets/:id", async (c) => {
  const ticketId = Number(c.req.param("id"));
  if (!Number.isSafeInteger(ticketId) || ticketId <= 0) return jsonError(c, 400, "invalid_ticket_id", "The ticket id is a positive integer.");
  const db = database(c.env.DB);
  const account = await accountFromQuery(c, db);
  if (account instanceof Response) return account;
  const row = await getTicket(db, account.id, ticketId);
  if (!row) return jsonError(c, 404, "ticket_not_found", `Ticket ${ticketId} has not reached account '${account.id}'.`);
  const decision = await latestDecision(db, account.id, ticketId);
  const writeback = await latestWriteback(db, account.id, ticketId);
  return c.json({
    account: account.id,
    ticket: { ...toSnapshot(row), zendeskUpdatedAt: row.zendeskUpdatedAt, updatedAt: row.updatedAt },
    decision: decision ? decisionView(decision) : null,
    writeback: writeback ? writebackView(writeback) : null,
    events: await eventsForTicket(db, account.id, ticketId),
  });
});

adminTickets.get("/audit", async (c) => {
  const db = database(c.env.DB);
  const account = await accountFromQuery(c, db);
  if (account instanceof Response) return account;
  const limit = Math.min(Number(c.req.query("limit") ?? 100) || 100, 1000);
  return c.json({ account: account.id, entries: await auditEntries(db, account.id, limit) });
});
