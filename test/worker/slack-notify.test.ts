/** The Slack functions the ticket workflow calls: approval request, outcome, reminder, escalation (+ thread), 429. */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { FakeSlackControl } from "../../dev/fakes/slack/client";
import { postApprovalRequest, postEscalation, postReminder, showDraftOutcome } from "../../worker/slack/notify";
import { loadAccount } from "../../worker/store/accounts";
import { database } from "../../worker/store/db";
import { getDraft, transitionDraft, updateDraft } from "../../worker/store/drafts";
import { escalationFor } from "../../worker/store/escalations";
import { getTicket, toSnapshot } from "../../worker/store/tickets";
import { escalateTicket } from "../../worker/workflows/escalation";
import { createAccount, createSlackAccount, seedPendingDraft, testDecision, uniqueAccountId, type SlackTestAccount } from "./helpers";

const slack = new FakeSlackControl(env.FAKE_SLACK_URL);
const db = () => database(env.DB);

async function posted(t: SlackTestAccount, body?: string) {
  const seeded = await seedPendingDraft(t.account, body ? { body } : {});
  const account = (await loadAccount(db(), env.SECRETS_KEY, t.account))!;
  const ticket = toSnapshot((await getTicket(db(), t.account, seeded.ticketId))!);
  const url = `https://${t.account}.zendesk.com/agent/tickets/${seeded.ticketId}`;
  const msg = (await postApprovalRequest(env, account, { ticket, decision: seeded.decision, draft: seeded.draft, zendeskTicketUrl: url }))!;
  await updateDraft(db(), seeded.draft.accountId, seeded.draft.id, { slackChannel: msg.channel, slackTs: msg.ts });
  return { account, ticket, url, msg, draftId: seeded.draft.id, decision: seeded.decision };
}

describe("showDraftOutcome", () => {
  it("retries chat.update after a 429, honouring Retry-After", async () => {
    const t = await createSlackAccount();
    const p = await posted(t);
    await slack.fault({ method: "chat.update", status: 429, retryAfter: 1, times: 1, match: { channel: t.approvalChannel } });
    const moved = (await transitionDraft(db(), p.account.id, p.draftId, ["pending"], "approved", {
      decidedBy: "alex (U0ALEX0001)",
      decidedVia: "slack",
      decidedAt: new Date().toISOString(),
      finalText: "ok",
    }))!;
    const started = Date.now();
    await showDraftOutcome(env, p.account, moved);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const calls = await slack.calls({ method: "chat.update", channel: t.approvalChannel });
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    const m = await slack.message(t.approvalChannel, p.msg.ts);
    expect(JSON.stringify(m?.blocks)).toContain("Approved* by <@U0ALEX0001>");
  });

  it("gives up on a Retry-After beyond its bound (the workflow step retries later)", async () => {
    const t = await createSlackAccount();
    const p = await posted(t);
    await slack.fault({ method: "chat.update", status: 429, retryAfter: 120, times: 1, match: { channel: t.approvalChannel } });
    const moved = (await transitionDraft(db(), p.account.id, p.draftId, ["pending"], "rejected", {
      decidedBy: "U0ALEX0001",
      decidedVia: "slack",
      decidedAt: new Date().toISOString(),
    }))!;
    await expect(showDraftOutcome(env, p.account, moved)).rejects.toThrow(/ratelimited/);
  });

  it("shows expired and superseded drafts without buttons, and skips undecided ones", async () => {
    const t = await createSlackAccount();
    const p = await posted(t);
    await showDraftOutcome(env, p.account, (await getDraft(db(), p.account.id, p.draftId))!);
    expect(await slack.calls({ method: "chat.update", channel: t.approvalChannel })).toHaveLength(0);
    const expired = (await transitionDraft(db(), p.account.id, p.draftId, ["pending"], "expired", {
      decidedBy: "timeout",
      decidedVia: "system",
      decidedAt: new Date().toISOString(),
    }))!;
    await showDraftOutcome(env, p.account, expired);
    const m = (await slack.message(t.approvalChannel, p.msg.ts))!;
    expect(JSON.stringify(m.blocks)).toContain("Expired*");
    expect(JSON.stringify(m.blocks)).toContain("escalated");
    expect(m.blocks!.some((b) => (b as { type: string }).type === "actions")).toBe(false);

    const q = await posted(t);
    const superseded = (await transitionDraft(db(), q.account.id, q.draftId, ["pending"], "superseded", {
      decidedBy: "a newer customer message",
      decidedVia: "system",
      decidedAt: new Date().toISOString(),
    }))!;
    await showDraftOutcome(env, q.account, superseded);
    expect(JSON.stringify((await slack.message(t.approvalChannel, q.msg.ts))!.blocks)).toContain("Superseded*");
  });

  it("shows that the reply was posted to Zendesk once the workflow has posted it", async () => {
    const t = await createSlackAccount({}, { postAs: "internal" });
    const p = await posted(t);
    await transitionDraft(db(), p.account.id, p.draftId, ["pending"], "approved", {
      decidedBy: "alex (U0ALEX0001)",
      decidedVia: "slack",
      decidedAt: new Date().toISOString(),
      finalText: "ok",
    });
    await updateDraft(db(), p.account.id, p.draftId, { replyState: "posted", replyPostedAt: new Date().toISOString() });
    await showDraftOutcome(env, p.account, (await getDraft(db(), p.account.id, p.draftId))!);
    expect(JSON.stringify((await slack.message(t.approvalChannel, p.msg.ts))!.blocks)).toContain("Posted to Zendesk as an internal note");
  });
});

describe("postReminder", () => {
  it("nudges the approvers in the approval message's thread", async () => {
    const t = await createSlackAccount({ approvers: ["U0REMIND01"], approverGroup: "S0REMIND01" }, { timeoutMinutes: 30 });
    const p = await posted(t);
    await postReminder(env, p.account, (await getDraft(db(), p.account.id, p.draftId))!);
    const replies = (await slack.messages(t.approvalChannel)).filter((m) => m.thread_ts === p.msg.ts && m.ts !== p.msg.ts);
    expect(replies).toHaveLength(1);
    const text = JSON.stringify(replies[0]!.blocks);
    expect(text).toContain("<!subteam^S0REMIND01>");
    expect(text).toContain("<@U0REMIND01>");
    expect(text).toContain("about 30 minutes");
  });
});

describe("escalateTicket", () => {
  it("records the escalation, posts a summary to the escalation channel once; later events go to its thread", async () => {
    const t = await createSlackAccount();
    const p = await posted(t);
    const ticket = { ...p.ticket, comments: [{ id: "c1", body: "This is the THIRD time I write. I want a refund now!" }] };
    const decision = testDecision({ sentiment: "very_negative", priority: "urgent", reasons: ["rule angry-customer matched", "repeat contact"] });
    await escalateTicket(env, p.account, { ticket, decision, reason: "no human decision within 120 minutes" });
    const row = (await escalationFor(db(), t.account, ticket.id))!;
    expect(row).toMatchObject({ slackChannel: t.escalationChannel, slackTs: expect.any(String), reason: "no human decision within 120 minutes" });
    const msg = (await slack.message(t.escalationChannel, row.slackTs!))!;
    const text = JSON.stringify(msg.blocks);
    const head = (msg.blocks![1] as { text: { text: string } }).text.text.split("\n");
    expect(head).toHaveLength(2);
    expect(head[0]).toContain(`#${ticket.id} Where is my order?`);
    expect(head[1]).toContain("no human decision within 120 minutes");
    // The summary: the customer's ask in their words, what happened, sentiment, and who wrote it (no LLM here).
    const summary = (msg.blocks![2] as { text: { text: string } }).text.text;
    expect(summary).toContain("*Wants:* “I want a refund now!”");
    expect(summary).toContain("*So far:* 2 customer messages;");
    expect(text).toContain("*Sentiment*\\nVery negative");
    expect(text).toContain("Summary taken from the thread (no LLM)");
    expect(row.summary).toMatchObject({ source: "extractive" });
    expect(row.summary?.reasons).toEqual(["no human decision within 120 minutes", "rule angry-customer matched"]);
    expect(text).toContain(p.url);

    await escalateTicket(env, p.account, { ticket, decision, reason: "update on an escalated ticket: customer replied" });
    await escalateTicket(env, p.account, { ticket, decision: null, reason: "update on an escalated ticket: status changed" });
    // One row per ticket: the first reason and the first message stay; the summary is refreshed.
    const after = (await escalationFor(db(), t.account, ticket.id))!;
    expect(after).toMatchObject({ id: row.id, reason: row.reason, slackChannel: row.slackChannel, slackTs: row.slackTs });
    expect(after.summary?.reasons[0]).toBe("update on an escalated ticket: status changed");
    const channel = await slack.messages(t.escalationChannel);
    const top = channel.filter((m) => !m.thread_ts || m.thread_ts === m.ts);
    expect(top.map((m) => m.ts)).toEqual([row.slackTs]);
    const thread = channel.filter((m) => m.thread_ts === row.slackTs && m.ts !== row.slackTs);
    expect(thread).toHaveLength(2);
    expect(JSON.stringify(thread[0]!.blocks)).toContain("customer replied");
    expect(JSON.stringify(thread[1]!.blocks)).toContain("status changed");
  });

  it("uses the approval channel when no escalation channel is set, and posts again if the first post failed", async () => {
    const t = await createSlackAccount({ escalationChannel: null });
    const p = await posted(t);
    await slack.fault({ method: "chat.postMessage", error: "channel_not_found", times: 1, match: { channel: t.approvalChannel } });
    await expect(escalateTicket(env, p.account, { ticket: p.ticket, decision: p.decision, reason: "route escalate" })).rejects.toThrow(/channel_not_found/);
    // Recorded before Slack was asked, so the failed post lost nothing.
    expect(await escalationFor(db(), t.account, p.ticket.id)).toMatchObject({ reason: "route escalate", slackTs: null });
    await escalateTicket(env, p.account, { ticket: p.ticket, decision: p.decision, reason: "route escalate" });
    const row = (await escalationFor(db(), t.account, p.ticket.id))!;
    expect(row.slackChannel).toBe(t.approvalChannel);
    expect(await slack.message(t.approvalChannel, row.slackTs!)).toBeTruthy();
  });
});

describe("an account without Slack", () => {
  it("makes every notify function a no-op", async () => {
    const id = uniqueAccountId("noslack");
    await createAccount(id);
    const seeded = await seedPendingDraft(id);
    const account = (await loadAccount(db(), env.SECRETS_KEY, id))!;
    const ticket = toSnapshot((await getTicket(db(), id, seeded.ticketId))!);
    const before = (await slack.calls()).length;
    expect(await postApprovalRequest(env, account, { ticket, decision: seeded.decision, draft: seeded.draft, zendeskTicketUrl: "https://x" })).toBeNull();
    expect(await postEscalation(env, account, { ticket, decision: null, reason: "x", zendeskTicketUrl: "https://x" }, null)).toBeNull();
    await postReminder(env, account, seeded.draft);
    await showDraftOutcome(env, account, { ...seeded.draft, status: "approved", slackChannel: "C0NOPE0001", slackTs: "1.2" });
    // Other test files share the fake Slack, so only check that nothing was sent for this account's channels.
    const calls = (await slack.calls()).slice(before);
    expect(calls.filter((c) => c.args.channel === "C0NOPE0001")).toHaveLength(0);
  });

  it("still records an escalation, once per ticket", async () => {
    const id = uniqueAccountId("noslack");
    await createAccount(id);
    const seeded = await seedPendingDraft(id);
    const account = (await loadAccount(db(), env.SECRETS_KEY, id))!;
    const ticket = toSnapshot((await getTicket(db(), id, seeded.ticketId))!);
    await escalateTicket(env, account, { ticket, decision: seeded.decision, reason: "route escalate" });
    await escalateTicket(env, account, { ticket, decision: null, reason: "update on an escalated ticket: customer replied" });
    expect(await escalationFor(db(), id, ticket.id)).toMatchObject({ reason: "route escalate", slackChannel: null, slackTs: null });
  });
});
