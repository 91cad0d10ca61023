/**
 * Escalation summaries (worker/escalation-summary): taken from the thread without an LLM, written by the LLM when
 * one is configured (redacted, in the ledger, falling back to the thread when the call fails), stored with the
 * escalation, copied into the account's mapped Zendesk field, and shown in the Slack message.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { EscalationSummary } from "../../contract/app-api";
import { extractiveSummary, requestSentence, soFar } from "../../worker/escalation-summary/extractive";
import { summaryText } from "../../worker/escalation-summary/format";
import { escalationMessage } from "../../worker/slack/views/index";
import { loadAccount } from "../../worker/store/accounts";
import { database } from "../../worker/store/db";
import { escalationFor } from "../../worker/store/escalations";
import { escalateTicket } from "../../worker/workflows/escalation";
import { llmRequests, llmSettings, marker, scriptLlm, ticket } from "./drafting-fixtures";
import { createAccount, fakeRequests, seedTicket, testDecision, uniqueAccountId, uniqueTicketId, ZENDESK_TEST_SECRET } from "./helpers";

const NOW = new Date("2026-12-03T12:00:00Z");

describe("the summary taken from the thread", () => {
  it("quotes the customer's ask, not their greeting", () => {
    const t = ticket("Hello there. I bought a kettle last month and it leaks. Can you send me a replacement by Friday? Thanks.");
    expect(requestSentence(t)).toBe("Can you send me a replacement by Friday?");
  });

  it("says what happened: messages, drafts and what people did with them", () => {
    const t = ticket("Where is my parcel?", { comments: [{ id: "2", body: "Still nothing. I want my money back." }] });
    const text = soFar({
      ticket: t,
      decision: testDecision({ reasons: ["priority high: repeat contact, still unresolved"] }),
      drafts: [
        { status: "rejected", decidedBy: "Alex Agent (U0DEMOAGNT)", rejectReason: "wrong carrier", createdAt: "2026-12-03T10:00:00Z", decidedAt: null },
        { status: "expired", decidedBy: "timeout", rejectReason: null, createdAt: "2026-12-03T11:00:00Z", decidedAt: null },
      ],
    });
    expect(text).toBe(
      "2 customer messages; triage reads it as a repeat contact; a drafted reply was rejected by Alex Agent (“wrong carrier”); a drafted reply got no decision in time; no reply has been sent yet.",
    );
  });

  it("counts the wait from the first message and keeps the reasons that matter", () => {
    const s = extractiveSummary({
      ticket: ticket("My lawyer will hear about this. Refund me now."),
      decision: testDecision({
        sentiment: "negative",
        reasons: ["decided by rule", 'sentiment negative: "legal threat" -2', 'rule legal (#1) "Legal threats": route=escalate', "language en"],
      }),
      reason: "route escalate",
      ticketUrl: "https://acme.zendesk.com/agent/tickets/7",
      firstSeenAt: "2026-12-03T09:30:00Z",
      drafts: [],
      now: NOW,
    });
    expect(s).toMatchObject({
      wants: "“Refund me now.” (intent: order status)",
      sentiment: 'Negative: "legal threat" -2',
      waitedMinutes: 150,
      source: "extractive",
    });
    expect(s.reasons).toEqual(["route escalate", 'sentiment negative: "legal threat" -2', 'rule legal (#1) "Legal threats": route=escalate']);
    expect(summaryText(s)).toContain("Waiting: 3 h (first message 2026-12-03 09:30 UTC)");
  });
});

async function escalationAccount(settings: Record<string, unknown>): Promise<string> {
  const id = uniqueAccountId("escsum");
  await createAccount(id, { secrets: { webhookSigningSecret: ZENDESK_TEST_SECRET, apiToken: "test-api-token", llmApiKey: "sk-test" }, settings });
  return id;
}

async function escalate(accountId: string, text: string, ticketId = uniqueTicketId()) {
  const db = database(env.DB);
  const account = (await loadAccount(db, env.SECRETS_KEY, accountId))!;
  await escalateTicket(env, account, { ticket: ticket(text, { id: ticketId }), decision: testDecision({ sentiment: "negative" }), reason: "route escalate" });
  return (await escalationFor(db, accountId, ticketId))!;
}

describe("the LLM's summary", () => {
  it("is written from the redacted thread, recorded in the ledger, and stored with the escalation", async () => {
    const mk = marker("sum");
    const id = await escalationAccount({ llm: llmSettings({ displayName: "local stand-in model (not a real LLM)" }) });
    const row = await escalate(id, `${mk} I was charged twice. Please refund the second charge; write to jane.doe@example.com.`);
    expect(row.summary).toMatchObject({ source: "llm", model: "local stand-in model (not a real LLM)", note: null });
    expect(row.summary?.wants).toContain("Please refund the second charge");
    // The placeholder came back as the address in the stored summary; the LLM never saw it.
    const requests = await llmRequests(mk);
    expect(requests).toHaveLength(1);
    expect(JSON.stringify(requests[0]!.body)).not.toContain("jane.doe@example.com");
    expect(JSON.stringify(requests[0]!.body)).toContain("[EMAIL_1]");
    const ledger = await env.DB.prepare("select purpose, outcome from llm_attempts where account_id = ?").bind(id).all();
    expect(ledger.results).toEqual([{ purpose: "summarize", outcome: "answer" }]);
  });

  it("falls back to the thread, and says why, when the LLM fails", async () => {
    const mk = marker("sumfail");
    const id = await escalationAccount({ llm: llmSettings({ maxRetries: 0 }) });
    await scriptLlm(mk, [{ error: { status: 400, message: "model overloaded" } }]);
    const row = await escalate(id, `${mk} The blender broke after two days. I need a new one.`);
    expect(row.summary).toMatchObject({ source: "extractive", wants: "“I need a new one.” (intent: order status)" });
    expect(row.summary?.note).toMatch(/^the LLM summary failed \(LLM rejected the request \(400: .*model overloaded.*\)\), so it is taken from the thread$/);
  });

  it("is never asked when the account chose extractive summaries", async () => {
    const mk = marker("sumoff");
    const id = await escalationAccount({ llm: llmSettings(), escalation: { summary: "extractive" } });
    const row = await escalate(id, `${mk} Cancel my subscription today.`);
    expect(row.summary).toMatchObject({ source: "extractive", note: null });
    expect(await llmRequests(mk)).toHaveLength(0);
  });
});

describe("where the summary goes", () => {
  it("into the account's mapped Zendesk field, as text", async () => {
    const id = await escalationAccount({ escalation: { summaryField: 360001234 } });
    const ticketId = uniqueTicketId();
    await seedTicket({ id: ticketId, subject: "Broken lamp", description: "The lamp arrived broken. I want a refund." });
    const row = await escalate(id, "The lamp arrived broken. I want a refund.", ticketId);
    const puts = await fakeRequests({ method: "PUT", path: `/api/v2/tickets/${ticketId}.json` });
    expect(puts).toHaveLength(1);
    const sent = (puts[0]!.body as { ticket: { custom_fields: { id: number; value: string }[]; safe_update: boolean } }).ticket;
    expect(sent.safe_update).toBe(true);
    expect(sent.custom_fields).toEqual([{ id: 360001234, value: summaryText(row.summary as EscalationSummary) }]);
    expect(sent.custom_fields[0]!.value).toContain("Wants: “I want a refund.”");
  });

  it("is still stored, saying the field was not written, when Zendesk refuses it", async () => {
    const id = await escalationAccount({ escalation: { summaryField: 360001234 } });
    // The ticket was never seeded in the fake Zendesk: reading it answers 404.
    const row = await escalate(id, "Nobody answers my emails. I want to talk to a manager.");
    expect(row.summary?.note).toMatch(/not written to Zendesk field 360001234/);
  });

  it("into the Slack message: wants, so far, waiting, reasons and who wrote it", () => {
    const summary = extractiveSummary({
      ticket: ticket("Third time asking. Where is order 55010?"),
      decision: testDecision(),
      reason: "route escalate",
      ticketUrl: "https://acme.zendesk.com/agent/tickets/9",
      firstSeenAt: "2026-12-01T12:00:00Z",
      drafts: [],
      now: NOW,
    });
    const view = escalationMessage({
      ticket: { id: 9, subject: "Order", description: "Third time asking. Where is order 55010?", comments: [] },
      decision: testDecision(),
      reason: "route escalate",
      zendeskTicketUrl: "https://acme.zendesk.com/agent/tickets/9",
      summary,
    });
    const text = JSON.stringify(view.blocks);
    expect(text).toContain("*Wants:* “Where is order 55010?”");
    expect(text).toContain("*So far:* 1 customer message; no reply has been sent yet.");
    expect(text).toContain("*Waiting*\\n2 days");
    expect(text).toContain("Summary taken from the thread (no LLM)");
  });
});
