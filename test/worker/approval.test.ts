import { env, introspectWorkflow } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { decideDraft, type Actor } from "../../worker/approval/lifecycle";
import { database } from "../../worker/store/db";
import { approvalActionsFor, getDraft, latestDraft, type DraftRow } from "../../worker/store/drafts";
import {
  createAccount,
  fakeRequests,
  postWebhook,
  putRules,
  seedTicket,
  seedZendeskUser,
  slackId,
  ticketEvent,
  uniqueAccountId,
  uniqueTicketId,
  waitFor,
  ZENDESK_TEST_SECRET,
} from "./helpers";

const RULES = `
rules:
  - id: refunds
    when: { text: { keywords: [refund] } }
    then: { route: draft, tags: [refund] }
`;

interface Setup {
  account: string;
  approver: string;
  approverZendeskId: number;
  approvalChannel: string;
  escalationChannel: string;
}

async function setup(opts: { postAs?: "public" | "internal"; timeoutMinutes?: number } = {}): Promise<Setup> {
  const account = uniqueAccountId("appr");
  const approver = slackId("U");
  const approverZendeskId = await seedZendeskUser({ name: "Lead Agent", email: `${approver.toLowerCase()}@example.com` });
  const s = { account, approver, approverZendeskId, approvalChannel: slackId("C"), escalationChannel: slackId("C") };
  await createAccount(account, {
    secrets: { webhookSigningSecret: ZENDESK_TEST_SECRET, apiToken: "test-api-token", slackBotToken: `xoxb-${account}`, slackSigningSecret: `sign-${account}` },
    settings: {
      approval: { postAs: opts.postAs ?? "public", timeoutMinutes: opts.timeoutMinutes ?? 60 },
      slack: {
        teamId: slackId("T"),
        approvalChannel: s.approvalChannel,
        escalationChannel: s.escalationChannel,
        approvers: [approver],
        zendeskUsers: { [approver]: approverZendeskId },
        apiBaseUrl: env.FAKE_SLACK_URL,
      },
      llm: { baseUrl: env.FAKE_LLM_URL, smallModel: "fake-small", prices: { "fake-small": { inputPerMTok: 0.15, outputPerMTok: 0.6 } } },
    },
  });
  expect((await putRules(account, RULES)).status).toBe(200);
  return s;
}

async function ticketNeedingWords(account: string, text = "Hello, I would like a refund for the broken kettle, order 88213.") {
  const id = uniqueTicketId();
  await seedTicket({ id, subject: `Refund request ${id}`, description: text });
  expect((await postWebhook(JSON.stringify(ticketEvent(id, { subject: `Refund request ${id}`, description: text })), { account })).status).toBe(202);
  return id;
}

async function pendingDraft(account: string, ticketId: number): Promise<DraftRow> {
  return waitFor(
    async () => {
      const d = await latestDraft(database(env.DB), account, ticketId);
      return d?.status === "pending" && d.slackTs ? d : undefined;
    },
    `a pending draft for ticket ${ticketId}`,
    30_000,
  );
}

async function slackCalls(method: string, channel: string) {
  const origin = new URL(env.FAKE_SLACK_URL).origin;
  const res = await fetch(`${origin}/__fake/calls?method=${method}&channel=${channel}`);
  return ((await res.json()) as { calls: { method: string; args: Record<string, unknown>; status: number }[] }).calls;
}

const publicReplies = async (ticketId: number) =>
  (await fakeRequests({ method: "PUT", path: `/api/v2/tickets/${ticketId}.json` })).filter((r) => {
    const comment = (r.body as { ticket?: { comment?: { public?: boolean } } }).ticket?.comment;
    return r.status === 200 && comment && comment.public !== false;
  });

describe("approval workflow", () => {
  it("a draft is composed, posted to Slack, and approved exactly once despite a double click and a concurrent sidebar approval", async () => {
    const s = await setup();
    const ticketId = await ticketNeedingWords(s.account);
    const draft = await pendingDraft(s.account, ticketId);
    expect(draft.body).toBeTruthy();
    expect(draft.source).toBe("llm");
    const [posted] = await slackCalls("chat.postMessage", s.approvalChannel);
    expect(posted?.args.blocks).toBeDefined();

    const slack: Actor = { via: "slack", id: s.approver, name: "Lead Agent", zendeskUserId: s.approverZendeskId };
    const sidebar: Actor = { via: "sidebar", id: String(s.approverZendeskId + 1), name: "Other Agent", zendeskUserId: s.approverZendeskId + 1 };
    const results = await Promise.all([
      decideDraft(env, { accountId: s.account, draftId: draft.id, action: "approve", actor: slack }),
      decideDraft(env, { accountId: s.account, draftId: draft.id, action: "approve", actor: slack }),
      decideDraft(env, { accountId: s.account, draftId: draft.id, action: "approve", actor: sidebar }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.error)).toEqual(["already_decided", "already_decided"]);

    const done = await waitFor(
      async () => {
        const d = await getDraft(database(env.DB), draft.accountId, draft.id);
        return d?.replyState === "posted" ? d : undefined;
      },
      "the reply to be posted",
      30_000,
    );
    await new Promise((r) => setTimeout(r, 1000));
    const replies = await publicReplies(ticketId);
    expect(replies).toHaveLength(1);
    const winner = results.find((r) => r.ok)!;
    expect(replies[0]!.body).toEqual({ ticket: { comment: { body: done.finalText, public: true, author_id: winner.ok ? winner.draft.replyAuthorId : null } } });

    // Slack shows who did what; the buttons are gone.
    const updates = await waitFor(async () => {
      const u = await slackCalls("chat.update", s.approvalChannel);
      return u.length ? u : undefined;
    }, "chat.update with the outcome");
    const last = updates.at(-1)!;
    expect(JSON.stringify(last.args.blocks)).not.toContain('"type":"actions"');
    const audit = await approvalActionsFor(database(env.DB), s.account, { draftId: draft.id });
    expect(audit.filter((a) => a.applied && a.action === "approve")).toHaveLength(1);
    expect(audit.filter((a) => !a.applied)).toHaveLength(2);
  });

  it("an edited draft sends the edited text (as an internal note when the account says so) and records the edit distance", async () => {
    const s = await setup({ postAs: "internal" });
    const ticketId = await ticketNeedingWords(s.account);
    const draft = await pendingDraft(s.account, ticketId);
    const edited = `${draft.body}\n\nP.S. We have also added a 10% voucher to your account.`;
    const result = await decideDraft(env, {
      accountId: s.account,
      draftId: draft.id,
      action: "edit",
      text: edited,
      actor: { via: "sidebar", id: "42", name: "Agent", zendeskUserId: s.approverZendeskId },
    });
    expect(result.ok).toBe(true);
    await waitFor(
      async () => ((await getDraft(database(env.DB), draft.accountId, draft.id))?.replyState === "posted" ? true : undefined),
      "the edited reply to be posted",
      30_000,
    );
    const puts = (await fakeRequests({ method: "PUT", path: `/api/v2/tickets/${ticketId}.json` })).filter(
      (r) => (r.body as { ticket: { comment?: { body: string } } }).ticket.comment?.body === edited,
    );
    expect(puts).toHaveLength(1);
    expect(puts[0]!.body).toMatchObject({ ticket: { comment: { public: false, author_id: s.approverZendeskId } } });
    const [action] = await approvalActionsFor(database(env.DB), s.account, { draftId: draft.id });
    expect(action).toMatchObject({ action: "edit", applied: true, editDistance: edited.length - draft.body!.length });
  });

  it("a rejected draft sends nothing", async () => {
    const s = await setup();
    const ticketId = await ticketNeedingWords(s.account);
    const draft = await pendingDraft(s.account, ticketId);
    const result = await decideDraft(env, {
      accountId: s.account,
      draftId: draft.id,
      action: "reject",
      reason: "wrong policy",
      actor: { via: "slack", id: s.approver },
    });
    expect(result.ok).toBe(true);
    await waitFor(async () => ((await slackCalls("chat.update", s.approvalChannel)).length ? true : undefined), "the outcome in Slack");
    expect(await publicReplies(ticketId)).toHaveLength(0);
    expect(await getDraft(database(env.DB), draft.accountId, draft.id)).toMatchObject({ status: "rejected", rejectReason: "wrong policy", replyState: "none" });
  });

  it("times out, sends one reminder, then expires and escalates (workflow introspection)", async () => {
    await using introspector = await introspectWorkflow(env.TICKET_WORKFLOW);
    await introspector.modifyAll(async (m) => {
      await m.forceEventTimeout({ name: "wait for a human" });
      await m.forceEventTimeout({ name: "wait after the reminder" });
    });
    const s = await setup({ timeoutMinutes: 30 });
    const ticketId = await ticketNeedingWords(s.account, "I want a refund, order 99812, nobody answers.");
    const [instance] = await waitFor(async () => (introspector.get().length ? introspector.get() : undefined), "the workflow instance");
    await instance!.waitForStatus("complete");

    const draft = (await latestDraft(database(env.DB), s.account, ticketId))!;
    expect(draft).toMatchObject({ status: "expired", decidedBy: "timeout" });
    const actions = (await approvalActionsFor(database(env.DB), s.account, { draftId: draft.id })).map((a) => a.action);
    expect(actions.sort()).toEqual(["expire", "remind"]);
    expect((await slackCalls("chat.postMessage", s.approvalChannel)).length).toBeGreaterThanOrEqual(2); // request + reminder
    const escalation = await slackCalls("chat.postMessage", s.escalationChannel);
    expect(escalation).toHaveLength(1);
    expect(JSON.stringify(escalation[0]!.args)).toContain("60 minutes");
    expect(await publicReplies(ticketId)).toHaveLength(0);
  });

  it("a new customer reply supersedes the open draft: one active draft per ticket", async () => {
    const s = await setup();
    const ticketId = await ticketNeedingWords(s.account);
    const first = await pendingDraft(s.account, ticketId);
    const reply = ticketEvent(ticketId, {
      type: "zen:event-type:ticket.comment_added",
      comment: { id: `c-${ticketId}`, body: "Also, can you refund the shipping fee?", is_public: true, author: { id: "9", is_staff: false } },
    });
    await postWebhook(JSON.stringify(reply), { account: s.account });
    const second = await waitFor(
      async () => {
        const d = await latestDraft(database(env.DB), s.account, ticketId);
        return d && d.id !== first.id && d.status === "pending" ? d : undefined;
      },
      "the second draft",
      30_000,
    );
    expect((await getDraft(database(env.DB), first.accountId, first.id))?.status).toBe("superseded");
    expect(second.status).toBe("pending");
    const late = await decideDraft(env, { accountId: s.account, draftId: first.id, action: "approve", actor: { via: "slack", id: s.approver } });
    expect(late).toMatchObject({ ok: false, error: "already_decided" });
  });
});
