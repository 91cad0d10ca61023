/**
 * Trace ids (worker/lib/trace.ts): minted at intake or taken from `traceparent` / `cf-ray`, echoed in `x-trace-id`
 * and error bodies, carried on the queue message, stored with the event and the decision, passed into the ticket
 * workflow and its LLM calls (ledger rows, the `traceparent` the LLM receives), and on every log line on the way.
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult, SELF } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import worker from "../../worker/index";
import { createApp } from "../../worker/app";
import type { TriageMessage } from "../../worker/env/bindings";
import { isTraceId, newTraceId, traceIdFromHeaders, traceparent } from "../../worker/lib/trace";
import { draftingAccount, llmRequests, marker } from "./drafting-fixtures";
import { ADMIN, adminTicket, putRules, seedTicket, signedHeaders, ticketEvent, uniqueTicketId, waitFor } from "./helpers";

const headers = (h: Record<string, string>) => (name: string) => h[name];

describe("where a trace id comes from", () => {
  it("takes a valid traceparent's trace-id, else cf-ray padded to 32 digits, else nothing", () => {
    const id = "4bf92f3577b34da6a3ce929d0e0e4736";
    expect(traceIdFromHeaders(headers({ traceparent: `00-${id}-00f067aa0ba902b7-01` }))).toBe(id);
    // All-zero ids, a zero parent id, other versions and junk are not W3C trace contexts.
    for (const bad of [
      `00-${"0".repeat(32)}-00f067aa0ba902b7-01`,
      `00-${id}-${"0".repeat(16)}-01`,
      `01-${id}-00f067aa0ba902b7-01`,
      "x",
      `00-${id.toUpperCase()}-00f067aa0ba902b7-01`,
    ])
      expect(traceIdFromHeaders(headers({ traceparent: bad }))).toBeNull();
    expect(traceIdFromHeaders(headers({ "cf-ray": "8A1B2C3D4E5F6789-FRA" }))).toBe(`${"0".repeat(16)}8a1b2c3d4e5f6789`);
    expect(traceIdFromHeaders(headers({ traceparent: "junk", "cf-ray": "8a1b2c3d4e5f6789" }))).toBe(`${"0".repeat(16)}8a1b2c3d4e5f6789`);
    expect(traceIdFromHeaders(headers({ "cf-ray": "not-a-ray" }))).toBeNull();
    expect(isTraceId(newTraceId())).toBe(true);
    expect(traceparent(id)).toMatch(new RegExp(`^00-${id}-[0-9a-f]{16}-01$`));
  });
});

describe("every request", () => {
  it("answers with x-trace-id, continues an incoming traceparent, and names the id in error bodies", async () => {
    const minted = await SELF.fetch("http://worker/health");
    expect(isTraceId(minted.headers.get("x-trace-id"))).toBe(true);

    const id = newTraceId();
    const res = await SELF.fetch("http://worker/admin/accounts/nobody-here", { headers: { ...ADMIN, traceparent: traceparent(id) } });
    expect(res.status).toBe(404);
    expect(res.headers.get("x-trace-id")).toBe(id);
    expect(await res.json()).toMatchObject({ error: "account_not_found", traceId: id });

    const unauthorized = await SELF.fetch("http://worker/admin/accounts", { headers: { traceparent: traceparent(id) } });
    expect(unauthorized.status).toBe(401);
    expect(await unauthorized.json()).toMatchObject({ error: "unauthorized", traceId: id });
    const notFound = await SELF.fetch("http://worker/no/such/route");
    const body = (await notFound.json()) as { traceId: string };
    expect(body.traceId).toBe(notFound.headers.get("x-trace-id"));
  });
});

describe("one webhook's trace", () => {
  afterEach(() => vi.restoreAllMocks());

  it("is on the queue message, the stored event and decision, the workflow's ledger rows, the LLM request and the log lines", async () => {
    const account = await draftingAccount({ prefix: "trace" });
    expect(
      (
        await putRules(
          account,
          `
rules:
  - id: refunds
    when: { text: { keywords: [refund] } }
    then: { route: draft, intent: get_refund }
`,
        )
      ).status,
    ).toBe(200);
    const m = marker();
    const ticketId = uniqueTicketId();
    await seedTicket({ id: ticketId, subject: "Refund please", description: `I would like a refund for my order ${m}.`, updated_at: "2026-11-01T10:00:00Z" });

    const lines: Record<string, unknown>[] = [];
    const capture = (...args: unknown[]) => {
      try {
        lines.push(JSON.parse(String(args[0])) as Record<string, unknown>);
      } catch {
        // not one of ours
      }
    };
    vi.spyOn(console, "log").mockImplementation(capture);
    vi.spyOn(console, "warn").mockImplementation(capture);
    vi.spyOn(console, "error").mockImplementation(capture);

    // Intake with a captured queue, so the message itself can be inspected, then the real consumer runs it.
    const traceId = newTraceId();
    const sent: TriageMessage[] = [];
    const rawBody = JSON.stringify(ticketEvent(ticketId, { description: `I would like a refund for my order ${m}.` }));
    const res = await createApp().fetch(
      new Request(`http://worker/webhooks/zendesk?account=${account}`, {
        method: "POST",
        headers: { ...(await signedHeaders(rawBody)), traceparent: traceparent(traceId) },
        body: rawBody,
      }),
      { ...env, TRIAGE_QUEUE: { send: async (message: TriageMessage) => void sent.push(message) } },
      createExecutionContext(),
    );
    expect(res.status).toBe(202);
    expect(res.headers.get("x-trace-id")).toBe(traceId);
    const { eventId } = (await res.json()) as { eventId: number };
    expect(sent).toEqual([{ eventId, accountId: account, traceId }]);

    const batch = createMessageBatch<TriageMessage>("triage-events", [{ id: "trace-msg", timestamp: new Date(), attempts: 1, body: sent[0]! }]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toEqual(["trace-msg"]);

    await waitFor(async () => {
      const draft = await env.DB.prepare("SELECT status FROM drafts WHERE account_id = ? AND ticket_id = ?")
        .bind(account, ticketId)
        .first<{ status: string }>();
      return draft?.status === "pending" ? draft : undefined;
    }, "a composed draft");
    const view = await adminTicket(account, ticketId);
    expect(view.decision.traceId).toBe(traceId);
    const event = await env.DB.prepare("SELECT trace_id FROM events WHERE account_id = ? AND id = ?").bind(account, eventId).first<{ trace_id: string }>();
    expect(event?.trace_id).toBe(traceId);

    // The workflow composed the draft with the LLM: each of its ledger rows, and the request the LLM got, carry the id.
    const attempts = await env.DB.prepare("SELECT purpose, trace_id FROM llm_attempts WHERE account_id = ? AND ticket_id = ?")
      .bind(account, ticketId)
      .all<{ purpose: string; trace_id: string | null }>();
    expect(attempts.results.length).toBeGreaterThan(0);
    expect(attempts.results.some((r) => r.purpose === "draft")).toBe(true);
    for (const row of attempts.results) expect(row.trace_id).toBe(traceId);
    const [request] = await llmRequests(m);
    expect((request as unknown as { headers: Record<string, string> }).headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));

    // Intake, consumer and workflow steps all logged under the same trace; the workflow's lines name their step.
    const ours = lines.filter((l) => l.trace === traceId);
    const messages = ours.map((l) => l.message);
    expect(messages).toEqual(expect.arrayContaining(["webhook accepted", "ticket triaged"]));
    expect(ours.some((l) => l.step === "compose draft")).toBe(true);
    expect(lines.filter((l) => l.message === "ticket triaged" && l.ticket === ticketId).every((l) => l.trace === traceId)).toBe(true);
  });
});
