/**
 * Approve / edit / reject / escalate from Slack: the buttons, the modals, the approver check, exactly-once decisions
 * (double click, Slack and the sidebar at once) and the outcome shown on the message.
 */
import { env } from "cloudflare:test";
import { distance } from "fastest-levenshtein";
import { describe, expect, it } from "vitest";
import { FakeSlackControl } from "../../dev/fakes/slack/client";
import type { SlackMessage } from "../../dev/fakes/slack/identity";
import { blockActionsBody, blockActionsPayload, fakeTriggerId, viewSubmissionPayload } from "../../dev/fakes/slack/sign";
import { decideDraft } from "../../worker/approval/lifecycle";
import { postApprovalRequest } from "../../worker/slack/notify";
import { loadAccount } from "../../worker/store/accounts";
import { database } from "../../worker/store/db";
import { approvalActionsFor, getDraft, updateDraft, type DraftRow } from "../../worker/store/drafts";
import { getTicket, toSnapshot } from "../../worker/store/tickets";
import { createSlackAccount, postSlack, seedPendingDraft, seedZendeskUser, slackId, waitFor, type SlackTestAccount } from "./helpers";

const slack = new FakeSlackControl(env.FAKE_SLACK_URL);
const db = () => database(env.DB);

interface Setup {
  t: SlackTestAccount;
  approver: string;
  draft: DraftRow;
  message: SlackMessage;
  ticketId: number;
}

/** An account with one approver (mapped to Zendesk user 501) and a pending draft posted to its approval channel. */
async function setup(
  opts: { approvers?: string[]; approverGroup?: string; zendeskUsers?: Record<string, number>; body?: string; postAs?: "public" | "internal" } = {},
): Promise<Setup> {
  const approver = slackId("U");
  const t = await createSlackAccount(
    {
      approvers: opts.approvers ?? [approver],
      ...(opts.approverGroup ? { approverGroup: opts.approverGroup } : {}),
      zendeskUsers: opts.zendeskUsers ?? { [approver]: 501 },
    },
    { postAs: opts.postAs ?? "public" },
  );
  const seeded = await seedPendingDraft(t.account, opts.body ? { body: opts.body } : {});
  const account = (await loadAccount(db(), env.SECRETS_KEY, t.account))!;
  const ticket = toSnapshot((await getTicket(db(), t.account, seeded.ticketId))!);
  const posted = await postApprovalRequest(env, account, {
    ticket,
    decision: seeded.decision,
    draft: seeded.draft,
    zendeskTicketUrl: `https://${t.account}.zendesk.com/agent/tickets/${seeded.ticketId}`,
  });
  expect(posted?.channel).toBe(t.approvalChannel);
  await updateDraft(db(), seeded.draft.accountId, seeded.draft.id, { slackChannel: posted!.channel, slackTs: posted!.ts });
  const message = (await slack.message(posted!.channel, posted!.ts))!;
  return { t, approver, draft: (await getDraft(db(), seeded.draft.accountId, seeded.draft.id))!, message, ticketId: seeded.ticketId };
}

function click(s: Setup, actionId: string, user: string, triggerId = fakeTriggerId()): string {
  return blockActionsBody(
    blockActionsPayload({
      user: { id: user, name: `user-${user.toLowerCase()}` },
      channel: s.t.approvalChannel,
      message: s.message,
      actionId,
      triggerId,
      team: { id: s.t.teamId, domain: "test" },
    }),
  );
}

async function press(s: Setup, actionId: string, user: string, triggerId?: string): Promise<Response> {
  const res = await postSlack("/slack/interactions", click(s, actionId, user, triggerId), { secret: s.t.signingSecret });
  expect(res.status).toBe(200);
  return res;
}

async function decided(draft: DraftRow): Promise<DraftRow> {
  return waitFor(async () => {
    const d = await getDraft(db(), draft.accountId, draft.id);
    return d && d.status !== "pending" ? d : undefined;
  }, `draft ${draft.id} decided`);
}

/** Waits until the approval message has no buttons any more; returns it. */
async function outcome(s: Setup): Promise<SlackMessage> {
  return waitFor(async () => {
    const m = await slack.message(s.t.approvalChannel, s.message.ts);
    return m && !(m.blocks ?? []).some((b) => (b as { type: string }).type === "actions") ? m : undefined;
  }, "the outcome on the message");
}

function blockText(m: SlackMessage): string {
  return JSON.stringify(m.blocks ?? []);
}

async function ephemeralFor(channel: string, user: string) {
  return (await slack.ephemeral(channel)).filter((e) => e.user === user);
}

async function openedView(triggerId: string) {
  return waitFor(async () => (await slack.views()).find((v) => v.trigger_id === triggerId), "views.open");
}

describe("the approval message", () => {
  it("shows the ticket, the triage summary, the draft, its sources and cost, and four buttons", async () => {
    const s = await setup();
    const text = blockText(s.message);
    expect(s.message.text).toContain(`ticket #${s.ticketId}`);
    expect(text).toContain(`/agent/tickets/${s.ticketId}|#${s.ticketId} Where is my order?`);
    expect(text).toContain("order status (87%)");
    expect(text).toContain("*Sentiment*\\nnegative");
    expect(text).toContain("*Language*\\nen");
    expect(text).toContain("rule where-is-my-order matched");
    expect(text).toContain("Your order A-1001 shipped on Monday");
    expect(text).toContain("<https://help.example.com/articles/1|Shipping times>");
    expect(text).toContain("Cost $0.0012");
    const actions = (s.message.blocks as { type: string; elements?: { action_id: string; value?: string; confirm?: unknown; style?: string }[] }[]).find(
      (b) => b.type === "actions",
    )!;
    expect(actions.elements!.map((e) => e.action_id)).toEqual(["draft_approve", "draft_edit", "draft_reject", "draft_escalate"]);
    expect(actions.elements!.every((e) => e.value === String(s.draft.id))).toBe(true);
    expect(actions.elements![0]!.confirm).toBeDefined();
    expect(actions.elements![0]!.style).toBe("primary");
  });
});

describe("Approve & send", () => {
  it("decides once, authored by the mapped Zendesk user; chat.update shows who and when, buttons gone", async () => {
    const s = await setup();
    const started = Date.now();
    await press(s, "draft_approve", s.approver);
    expect(Date.now() - started).toBeLessThan(3000);
    const d = await decided(s.draft);
    expect(d.status).toBe("approved");
    expect(d.finalText).toBe(s.draft.body);
    expect(d.replyAuthorId).toBe(501);
    expect(d.decidedVia).toBe("slack");
    expect(d.decidedBy).toContain(s.approver);
    const m = await outcome(s);
    expect(blockText(m)).toContain(`Approved* by <@${s.approver}>`);
    expect(blockText(m)).toContain("<!date^");
    expect(blockText(m)).toContain("Posting to Zendesk as a public reply");
    const actions = await approvalActionsFor(db(), s.t.account, { draftId: s.draft.id });
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ action: "approve", applied: true, via: "slack", actor: s.approver, editDistance: 0, intent: "order_status" });
  });

  it("a double click decides once; the second click is told who decided", async () => {
    const s = await setup();
    await Promise.all([press(s, "draft_approve", s.approver), press(s, "draft_approve", s.approver)]);
    await decided(s.draft);
    const actions = await waitFor(async () => {
      const a = await approvalActionsFor(db(), s.t.account, { draftId: s.draft.id });
      return a.length === 2 ? a : undefined;
    }, "both clicks processed");
    expect(actions.filter((a) => a.applied)).toHaveLength(1);
    expect(actions.map((a) => a.action).sort()).toEqual(["approve", "approve:refused"]);
    const notes = await waitFor(async () => {
      const e = await ephemeralFor(s.t.approvalChannel, s.approver);
      return e.length > 0 ? e : undefined;
    }, "the ephemeral notice");
    expect(notes[0]!.text).toContain("already approved");
    expect((await getDraft(db(), s.draft.accountId, s.draft.id))?.status).toBe("approved");
  });

  it("Slack and the sidebar approving at the same moment: exactly one decision", async () => {
    const s = await setup();
    const [, sidebar] = await Promise.all([
      press(s, "draft_approve", s.approver),
      decideDraft(env, {
        accountId: s.t.account,
        draftId: s.draft.id,
        action: "approve",
        actor: { via: "sidebar", id: "9001", name: "Zed Agent", zendeskUserId: 9001 },
      }),
    ]);
    await decided(s.draft);
    const actions = await waitFor(async () => {
      const a = await approvalActionsFor(db(), s.t.account, { draftId: s.draft.id });
      return a.length === 2 ? a : undefined;
    }, "both decisions processed");
    expect(actions.filter((a) => a.applied)).toHaveLength(1);
    const d = (await getDraft(db(), s.draft.accountId, s.draft.id))!;
    expect(d.status).toBe("approved");
    expect(d.decidedVia).toBe(sidebar.ok ? "sidebar" : "slack");
    // Whoever won, the Slack message ends up showing the outcome.
    expect(blockText(await outcome(s))).toContain(sidebar.ok ? "Zed Agent (Zendesk sidebar)" : `<@${s.approver}>`);
  });

  it("maps the approver to a Zendesk agent by email when no mapping is configured", async () => {
    const approver = slackId("U");
    const email = `approver-${approver.toLowerCase()}@example.com`;
    await slack.addUsers([{ id: approver, name: "alex.agent", real_name: "Alex Agent", email }]);
    const zendeskId = await seedZendeskUser({ name: "Alex Agent", email });
    const s = await setup({ approvers: [approver], zendeskUsers: {} });
    await press(s, "draft_approve", approver);
    const d = await decided(s.draft);
    expect(d.replyAuthorId).toBe(zendeskId);
  });
});

describe("who may decide", () => {
  it("anyone else gets an ephemeral 'not allowed' and nothing changes", async () => {
    const s = await setup();
    const stranger = slackId("U");
    const trigger = fakeTriggerId();
    await press(s, "draft_approve", stranger);
    await press(s, "draft_edit", stranger, trigger);
    const notes = await waitFor(async () => {
      const e = await ephemeralFor(s.t.approvalChannel, stranger);
      return e.length === 2 ? e : undefined;
    }, "two 'not allowed' notices");
    expect(notes.every((n) => n.text.includes("not allowed"))).toBe(true);
    expect(JSON.stringify(notes[0]!.blocks)).toContain(`<@${s.approver}>`);
    expect((await getDraft(db(), s.draft.accountId, s.draft.id))?.status).toBe("pending");
    expect((await slack.views()).some((v) => v.trigger_id === trigger)).toBe(false);
    const m = await slack.message(s.t.approvalChannel, s.message.ts);
    expect(m?.edited).toBeUndefined();
    const actions = await approvalActionsFor(db(), s.t.account, { draftId: s.draft.id });
    expect(actions.map((a) => [a.action, a.applied, a.actor])).toEqual([
      ["refused", false, stranger],
      ["refused", false, stranger],
    ]);
  });

  it("members of the approver user group may approve", async () => {
    const member = slackId("U");
    const group = slackId("S");
    await slack.addUsergroups([{ id: group, handle: "approvers", users: [member] }]);
    const s = await setup({ approvers: [], approverGroup: group, zendeskUsers: { [member]: 777 } });
    await press(s, "draft_approve", member);
    const d = await decided(s.draft);
    expect(d.status).toBe("approved");
    expect(d.replyAuthorId).toBe(777);
  });
});

describe("Edit", () => {
  it("opens a modal with the draft; submitting it approves the edited text", async () => {
    const s = await setup();
    const trigger = fakeTriggerId();
    await press(s, "draft_edit", s.approver, trigger);
    const view = await openedView(trigger);
    expect(view.callback_id).toBe("draft_edit_submit");
    expect(JSON.parse(view.private_metadata)).toMatchObject({ d: s.draft.id, c: s.t.approvalChannel, t: s.message.ts });
    expect(JSON.stringify(view.blocks)).toContain(JSON.stringify(s.draft.body).slice(1, -1));

    const edited = `${s.draft.body} Sorry for the wait!`;
    const body = blockActionsBody(
      viewSubmissionPayload({
        user: { id: s.approver, name: "alex" },
        view: view as never,
        values: { draft_text: { text: edited } },
        team: { id: s.t.teamId, domain: "test" },
      }),
    );
    const res = await postSlack("/slack/interactions", body, { secret: s.t.signingSecret });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(""); // an empty ack closes the modal
    const d = await decided(s.draft);
    expect(d.status).toBe("edited");
    expect(d.finalText).toBe(edited);
    expect(d.replyAuthorId).toBe(501);
    const [action] = await approvalActionsFor(db(), s.t.account, { draftId: s.draft.id });
    expect(action).toMatchObject({
      action: "edit",
      applied: true,
      originalText: s.draft.body,
      finalText: edited,
      editDistance: distance(s.draft.body!, edited),
    });
    const m = await outcome(s);
    expect(blockText(m)).toContain(`Edited and approved* by <@${s.approver}>`);
    expect(blockText(m)).toContain("Sorry for the wait!");
    expect(blockText(m)).toContain(`Edit distance from the draft: ${distance(s.draft.body!, edited)}`);
  });

  it("keeps the modal open with an error for an empty reply, and when the draft was decided meanwhile", async () => {
    const s = await setup();
    const trigger = fakeTriggerId();
    await press(s, "draft_edit", s.approver, trigger);
    const view = await openedView(trigger);
    const submit = (text: string) =>
      postSlack(
        "/slack/interactions",
        blockActionsBody(
          viewSubmissionPayload({ user: s.approver, view: view as never, values: { draft_text: { text } }, team: { id: s.t.teamId, domain: "test" } }),
        ),
        { secret: s.t.signingSecret },
      );
    const empty = await submit("   ");
    expect(await empty.json()).toEqual({ response_action: "errors", errors: { draft_text: "The reply cannot be empty." } });
    await decideDraft(env, {
      accountId: s.t.account,
      draftId: s.draft.id,
      action: "reject",
      reason: "wrong policy",
      actor: { via: "sidebar", id: "9001", name: "Zed" },
    });
    const late = (await (await submit("A new text")).json()) as { response_action: string; errors: Record<string, string> };
    expect(late.response_action).toBe("errors");
    expect(late.errors.draft_text).toContain("already rejected");
    expect((await getDraft(db(), s.draft.accountId, s.draft.id))?.status).toBe("rejected");
  });

  it("an unchanged text counts as a plain approval", async () => {
    const s = await setup();
    const trigger = fakeTriggerId();
    await press(s, "draft_edit", s.approver, trigger);
    const view = await openedView(trigger);
    await postSlack(
      "/slack/interactions",
      blockActionsBody(
        viewSubmissionPayload({
          user: s.approver,
          view: view as never,
          values: { draft_text: { text: s.draft.body! } },
          team: { id: s.t.teamId, domain: "test" },
        }),
      ),
      { secret: s.t.signingSecret },
    );
    expect((await decided(s.draft)).status).toBe("approved");
  });
});

describe("Reject and Escalate", () => {
  it("Reject asks a reason; the reason is stored and shown", async () => {
    const s = await setup();
    const trigger = fakeTriggerId();
    await press(s, "draft_reject", s.approver, trigger);
    const view = await openedView(trigger);
    expect(view.callback_id).toBe("draft_reject_submit");
    const submit = (reason: string) =>
      postSlack(
        "/slack/interactions",
        blockActionsBody(
          viewSubmissionPayload({ user: s.approver, view: view as never, values: { reject_reason: { reason } }, team: { id: s.t.teamId, domain: "test" } }),
        ),
        { secret: s.t.signingSecret },
      );
    expect(((await (await submit("")).json()) as { response_action: string }).response_action).toBe("errors");
    expect((await submit("Wrong refund policy <for> this region")).status).toBe(200);
    const d = await decided(s.draft);
    expect(d.status).toBe("rejected");
    expect(d.rejectReason).toBe("Wrong refund policy <for> this region");
    expect(d.finalText).toBeNull();
    const m = await outcome(s);
    expect(blockText(m)).toContain(`Rejected* by <@${s.approver}>`);
    expect(blockText(m)).toContain("Wrong refund policy &lt;for&gt; this region");
    expect(blockText(m)).toContain("Draft (not sent)");
  });

  it("Escalate moves the draft to escalated and shows it", async () => {
    const s = await setup();
    await press(s, "draft_escalate", s.approver);
    const d = await decided(s.draft);
    expect(d.status).toBe("escalated");
    expect(blockText(await outcome(s))).toContain(`Escalated* by <@${s.approver}>`);
  });

  it("Edit or Reject on a draft that is already decided tells the user and opens nothing", async () => {
    const s = await setup();
    await decideDraft(env, { accountId: s.t.account, draftId: s.draft.id, action: "approve", actor: { via: "sidebar", id: "9001", name: "Zed" } });
    const trigger = fakeTriggerId();
    await press(s, "draft_reject", s.approver, trigger);
    const notes = await waitFor(async () => {
      const e = await ephemeralFor(s.t.approvalChannel, s.approver);
      return e.length > 0 ? e : undefined;
    }, "the notice");
    expect(notes[0]!.text).toContain("already approved");
    expect((await slack.views()).some((v) => v.trigger_id === trigger)).toBe(false);
    await outcome(s);
  });
});

describe("acknowledging within 3 seconds", () => {
  it("answers at once even when Slack is slow; the work finishes after the answer", async () => {
    const s = await setup();
    await slack.fault({ method: "chat.update", delayMs: 3500, match: { channel: s.t.approvalChannel } });
    const started = Date.now();
    await press(s, "draft_approve", s.approver);
    expect(Date.now() - started).toBeLessThan(2000);
    await outcome(s);
  });

  it("a 429 on chat.update after a click is retried and the outcome still lands", async () => {
    const s = await setup();
    await slack.fault({ method: "chat.update", status: 429, retryAfter: 1, times: 1, match: { channel: s.t.approvalChannel } });
    await press(s, "draft_approve", s.approver);
    await outcome(s);
    const calls = await slack.calls({ method: "chat.update", channel: s.t.approvalChannel });
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
  });
});
