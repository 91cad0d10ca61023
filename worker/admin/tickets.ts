/** What happened to a ticket: snapshot, latest decision, write-back status, escalation, recent events. */
import { Hono } from "hono";
import type { AppEnv } from "../http/app-env";
import { apiError } from "../http/errors";
import { auditEntries } from "../store/audit";
import { latestDecision } from "../store/decisions";
import { escalationFor } from "../store/escalations";
import { eventsForTicket } from "../store/events";
import { getTicket, toSnapshot } from "../store/tickets";
import { latestWriteback } from "../store/writebacks";
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
  const limit = Math.min(Number(c.req.query("limit") ?? 100) || 100, 1000);
  return c.json({ account: account.id, entries: await auditEntries(db, account.id, limit) });
});
