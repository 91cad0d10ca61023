import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { beforeAll, describe, expect, it, vi } from "vitest";
import worker from "../../worker/index";
import type { TriageMessage } from "../../worker/env/bindings";
import { database } from "../../worker/store/db";
import { recordEvent } from "../../worker/store/events";
import {
  adminTicket,
  createAccount,
  fakeRequests,
  fakeTicket,
  injectFault,
  postWebhook,
  putRules,
  seedTicket,
  ticketEvent,
  uniqueAccountId,
  uniqueTicketId,
  waitFor,
  ZENDESK_TEST_SECRET,
} from "./helpers";

const account = uniqueAccountId("pipe");
const RULES = `
rules:
  - id: refunds
    description: Refunds need words
    when: { text: { keywords: [refund] } }
    then: { route: draft, tags: [refund_request], custom_fields: { "360001": "refund" } }
  - id: lawyer
    when: { text: { keywords: [lawyer] } }
    then: { priority: urgent, route: escalate, group_id: 77, tags: [legal_risk], stop: true }
  - id: spam
    when: { subject: { keywords: [unsubscribe] } }
    then: { route: ignore }
`;

beforeAll(async () => {
  await createAccount(account, { settings: { fields: { intent: 360010, sentiment: 360011 }, writeBack: true, internalNote: true } });
  const res = await putRules(account, RULES);
  expect(res.status).toBe(200);
});

async function seed(subject: string, description: string, extra: Record<string, unknown> = {}) {
  const id = uniqueTicketId();
  const ticket = await seedTicket({ id, subject, description, tags: ["vip_customer"], updated_at: "2026-11-01T10:00:00Z", ...extra });
  return { id, ticket };
}

async function settled(ticketId: number, status = "succeeded") {
  return waitFor(async () => {
    const view = await adminTicket(account, ticketId);
    return view.writeback?.status === status ? view : undefined;
  }, `write-back ${status} for ticket ${ticketId}`);
}

describe("ticket created → triaged → written back", () => {
  it("sends exactly one safe_update PUT with tags, mapped fields and a private why-note", async () => {
    const { id, ticket } = await seed("Refund for order 1234", "Hello, I would like a refund for my broken lamp please.");
    expect((await postWebhook(JSON.stringify(ticketEvent(id)), { account })).status).toBe(202);
    const view = await settled(id);

    expect(view.decision).toMatchObject({ route: "draft", priority: "normal", language: "en", ruleHits: [{ ruleId: "refunds", index: 0 }], rulesVersion: 1 });
    expect(view.decision.reasons.join("\n")).toMatch(/rule refunds \(#0\)/);

    const puts = await fakeRequests({ method: "PUT", path: `/api/v2/tickets/${id}.json` });
    expect(puts).toHaveLength(1);
    expect(puts[0]!.status).toBe(200);
    const tags: string[] = view.decision.tags;
    expect(tags).toEqual(expect.arrayContaining(["refund_request", "priority__normal", "language__en", `sentiment__${view.decision.sentiment}`]));
    expect(puts[0]!.body).toEqual({
      ticket: {
        additional_tags: tags,
        // Mapped fields (intent → 360010 when the model names one, sentiment → 360011) and the rule's field.
        custom_fields: [
          { id: 360001, value: "refund" },
          ...(view.decision.intent ? [{ id: 360010, value: view.decision.intent }] : []),
          { id: 360011, value: view.decision.sentiment },
        ],
        comment: { body: expect.stringContaining("Edge triage → route: draft"), public: false },
        safe_update: true,
        updated_stamp: ticket.updated_at,
      },
    });
    const note = (puts[0]!.body as { ticket: { comment: { body: string } } }).ticket.comment.body;
    expect(note).toContain("rule refunds (#0)");
    expect(note).toContain("Rules v1");

    // The ticket's own tags survive (additional_tags never clobbers), the note is private.
    const after = await fakeTicket(id);
    expect(after.tags).toEqual(expect.arrayContaining(["vip_customer", "refund_request"]));
    expect(view.writeback).toMatchObject({ status: "succeeded", attempts: 1 });
  });

  it("writes priority and group only when a rule sets them", async () => {
    const { id } = await seed("Formal complaint", "My lawyer will contact you about this refund.");
    await postWebhook(JSON.stringify(ticketEvent(id)), { account });
    await settled(id);
    const [put] = await fakeRequests({ method: "PUT", path: `/api/v2/tickets/${id}.json` });
    expect(put!.body).toMatchObject({ ticket: { priority: "urgent", group_id: 77 } });
    const after = await fakeTicket(id);
    expect(after.priority).toBe("urgent");
    expect(after.group_id).toBe(77);
  });

  it("triages a duplicate delivery once", async () => {
    const { id } = await seed("Refund?", "Can I get a refund?");
    const raw = JSON.stringify(ticketEvent(id, { id: `dup-${id}` }));
    await Promise.all([postWebhook(raw, { account }), postWebhook(raw, { account })]);
    await settled(id);
    await new Promise((r) => setTimeout(r, 1500));
    const decisions = await env.DB.prepare("select count(*) as n from decisions where account_id = ? and ticket_id = ?")
      .bind(account, id)
      .first<{ n: number }>();
    expect(decisions!.n).toBe(1);
    expect(await fakeRequests({ method: "PUT", path: `/api/v2/tickets/${id}.json` })).toHaveLength(1);
  });

  it("does not re-triage on its own internal note, but does on a customer reply", async () => {
    const { id } = await seed("Thanks", "Thank you so much, the order arrived and I love it!");
    await postWebhook(JSON.stringify(ticketEvent(id)), { account });
    const first = await settled(id);

    const note = ticketEvent(id, {
      type: "zen:event-type:ticket.comment_added",
      comment: { id: "c-note", body: "Edge triage → route: auto", is_public: false, author: { id: "1", is_staff: true } },
    });
    expect((await postWebhook(JSON.stringify(note), { account })).status).toBe(202);
    await waitFor(
      async () => ((await adminTicket(account, id)).events as { status: string }[]).every((e) => e.status !== "queued" && e.status !== "received") || undefined,
      "note event processed",
    );
    expect((await adminTicket(account, id)).decision.id).toBe(first.decision.id);

    const reply = ticketEvent(id, {
      type: "zen:event-type:ticket.comment_added",
      comment: { id: "c-2", body: "Actually it is broken. I want a refund NOW, this is terrible!!!", is_public: true, author: { id: "9", is_staff: false } },
    });
    await postWebhook(JSON.stringify(reply), { account });
    const second = await waitFor(async () => {
      const v = await adminTicket(account, id);
      return v.decision.id !== first.decision.id && v.writeback?.status === "succeeded" ? v : undefined;
    }, "re-triage after the customer reply");
    expect(second.decision.route).toBe("draft");
    expect(second.ticket.comments).toHaveLength(1);
    const puts = await fakeRequests({ method: "PUT", path: `/api/v2/tickets/${id}.json` });
    expect(puts).toHaveLength(2);
    // A changed sentiment replaces the old managed tag instead of piling up.
    if (first.decision.sentiment !== second.decision.sentiment)
      expect((puts[1]!.body as { ticket: { remove_tags?: string[] } }).ticket.remove_tags).toContain(`sentiment__${first.decision.sentiment}`);
  });

  it("records but never writes back route ignore", async () => {
    const { id } = await seed("Please unsubscribe me", "Remove me from your list.");
    await postWebhook(JSON.stringify(ticketEvent(id)), { account });
    const view = await settled(id, "skipped");
    expect(view.decision.route).toBe("ignore");
    expect(await fakeRequests({ method: "PUT", path: `/api/v2/tickets/${id}.json` })).toHaveLength(0);
  });
});

describe("Zendesk API failures", () => {
  it("re-reads and retries after a 409 safe-update conflict", async () => {
    const { id } = await seed("Refund", "I need a refund");
    await injectFault({ method: "PUT", path: `/api/v2/tickets/${id}.json`, status: 409, times: 1 });
    await postWebhook(JSON.stringify(ticketEvent(id)), { account });
    const view = await settled(id);
    const puts = await fakeRequests({ method: "PUT", path: `/api/v2/tickets/${id}.json` });
    expect(puts.map((p) => p.status)).toEqual([409, 200]);
    expect(await fakeRequests({ method: "GET", path: `/api/v2/tickets/${id}.json` })).toHaveLength(2);
    expect(view.writeback.error).toMatch(/1 safe-update conflict/);
  });

  it("honours Retry-After on 429 and succeeds on the queue's retry", async () => {
    const { id } = await seed("Refund", "Refund please");
    await injectFault({ method: "PUT", path: `/api/v2/tickets/${id}.json`, status: 429, retryAfter: 1, times: 1 });
    await postWebhook(JSON.stringify(ticketEvent(id)), { account });
    const view = await settled(id);
    const puts = await fakeRequests({ method: "PUT", path: `/api/v2/tickets/${id}.json` });
    expect(puts.map((p) => p.status)).toEqual([429, 200]);
    expect(view.writeback.attempts).toBe(2);
    const decisions = await env.DB.prepare("select count(*) as n from decisions where ticket_id = ?").bind(id).first<{ n: number }>();
    expect(decisions!.n).toBe(1);
  });

  it("keeps a permanent failure visible with its error", async () => {
    const { id } = await seed("Refund", "Refund please");
    await injectFault({ method: "PUT", path: `/api/v2/tickets/${id}.json`, status: 422, times: 5 });
    await postWebhook(JSON.stringify(ticketEvent(id)), { account });
    const view = await settled(id, "failed");
    expect(view.writeback).toMatchObject({ status: "failed", lastHttpStatus: 422 });
    expect(view.writeback.error).toMatch(/422/);
    expect(view.events[0]).toMatchObject({ status: "failed" });
  });

  it("retries 5xx through the queue and dead-letters after the last retry", async () => {
    const { id } = await seed("Refund", "Refund please");
    await injectFault({ method: "PUT", path: `/api/v2/tickets/${id}.json`, status: 503, times: 20 });
    // Store the event without the live queue so this test drives the consumer itself.
    const stored = await recordEvent(database(env.DB), {
      accountId: account,
      dedupeKey: `manual-${id}`,
      eventType: "zen:event-type:ticket.created",
      ticketId: id,
      payload: JSON.stringify(ticketEvent(id)),
    });
    const message = { id: `m-${id}`, timestamp: new Date(), attempts: 1, body: { eventId: stored.id, accountId: account } };

    const batch = createMessageBatch<TriageMessage>("triage-events", [message]);
    const ctx = createExecutionContext();
    // Observe the delay the consumer asks for (the platform's result only lists which messages retried).
    const delays: (number | undefined)[] = [];
    const observed = {
      ...batch,
      queue: batch.queue,
      messages: batch.messages.map((m) => ({
        id: m.id,
        timestamp: m.timestamp,
        body: m.body,
        attempts: m.attempts,
        ack: () => m.ack(),
        retry: (o?: QueueRetryOptions) => {
          delays.push(o?.delaySeconds);
          m.retry(o);
        },
      })),
    };
    await worker.queue(observed as MessageBatch<TriageMessage>, env);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toEqual([{ msgId: message.id }]);
    expect(delays).toEqual([10]);
    expect((await adminTicket(account, id)).writeback).toMatchObject({ status: "retrying", lastHttpStatus: 503 });

    // After max_retries the platform moves the message to the dead-letter queue.
    const dlq = createMessageBatch<TriageMessage>("triage-events-dlq", [{ ...message, attempts: 6 }]);
    const dlqCtx = createExecutionContext();
    await worker.queue(dlq, env);
    expect((await getQueueResult(dlq, dlqCtx)).explicitAcks).toEqual([message.id]);
    const view = await adminTicket(account, id);
    expect(view.writeback.status).toBe("dead");
    expect(view.writeback.error).toMatch(/gave up after retries.*503/);
    expect(view.events.find((e: { id: number }) => e.id === stored.id)).toMatchObject({ status: "dead" });
  });
});

describe("logs", () => {
  it("never contain ticket text, customer PII or secrets, also when things fail", async () => {
    const lines: string[] = [];
    const capture = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
    const spies = [
      vi.spyOn(console, "log").mockImplementation(capture),
      vi.spyOn(console, "warn").mockImplementation(capture),
      vi.spyOn(console, "error").mockImplementation(capture),
    ];
    try {
      const secretText = "my card 4111 1111 1111 1111, email jane.doe@example.org, refund now";
      const { id } = await seed("Refund for jane.doe@example.org", secretText);
      await injectFault({ method: "PUT", path: `/api/v2/tickets/${id}.json`, status: 429, retryAfter: 1, times: 1 });
      await postWebhook(JSON.stringify(ticketEvent(id, { description: secretText })), { account });
      await postWebhook(JSON.stringify(ticketEvent(id, { description: secretText })), { account, secret: "wrong-secret-wrong" });
      await settled(id);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    const all = lines.join("\n");
    expect(lines.length).toBeGreaterThan(0);
    for (const needle of ["jane.doe@example.org", "4111 1111", "refund now", ZENDESK_TEST_SECRET, "test-api-token", "wrong-secret-wrong"])
      expect(all).not.toContain(needle);
  });
});
