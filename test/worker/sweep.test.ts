import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import worker from "../../worker/index";
import { enqueueManualTriage } from "../../worker/pipeline/manual";
import { database } from "../../worker/store/db";
import { getEvent, recordEvent } from "../../worker/store/events";
import { adminTicket, createAccount, seedTicket, ticketEvent, uniqueAccountId, uniqueTicketId, waitFor } from "./helpers";

const account = uniqueAccountId("sweep");

beforeAll(async () => {
  await createAccount(account);
});

describe("nothing is lost", () => {
  it("the scheduled sweep re-enqueues events that were stored but never queued", async () => {
    const id = uniqueTicketId();
    await seedTicket({ id, subject: "Stuck", description: "This event never reached the queue." });
    const db = database(env.DB);
    const stored = await recordEvent(db, {
      accountId: account,
      dedupeKey: `stuck-${id}`,
      eventType: "zen:event-type:ticket.created",
      ticketId: id,
      payload: JSON.stringify(ticketEvent(id)),
    });
    // As if the enqueue had failed two minutes ago.
    await env.DB.prepare("update events set created_at = ? where id = ?")
      .bind(new Date(Date.now() - 120_000).toISOString(), stored.id)
      .run();

    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: "*/5 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    expect((await getEvent(db, account, stored.id))?.status).not.toBe("received");
    await waitFor(async () => ((await getEvent(db, account, stored.id))?.status === "triaged" ? true : undefined), "the swept event to be triaged");
  });

  it("Triage now stores a synthetic event and triages the ticket from the Zendesk API", async () => {
    const id = uniqueTicketId();
    await seedTicket({ id, subject: "Refund please", description: "I would like my money back for order 5521." });
    const { eventId } = await enqueueManualTriage(env, account, id);
    const view = await waitFor(async () => {
      const v = await adminTicket(account, id);
      return v.decision ? v : undefined;
    }, "manual triage");
    expect(view.decision.eventId).toBe(eventId);
    expect(view.ticket.subject).toBe("Refund please");
  });
});
