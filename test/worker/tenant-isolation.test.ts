/**
 * Tenant isolation (issue #13 item 5): two accounts hold the same Zendesk ticket id, each with its own ticket,
 * decision and pending draft. Through /app (each account's ZAF token), /admin (?account=) and Slack (each team's
 * signed buttons), neither account reads or decides the other's data. A workflow started for one account with the
 * other's ids changes nothing, because every store query that reads or writes tenant rows takes the account id.
 */
import { env, introspectWorkflow, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { blockActionsBody, blockActionsPayload } from "../../dev/fakes/slack/sign";
import { signSidebarToken } from "../../worker/sidebar/token";
import { database } from "../../worker/store/db";
import { decisionById } from "../../worker/store/decisions";
import { claimReply, getDraft, transitionDraft, updateDraft } from "../../worker/store/drafts";
import { ADMIN, createAccount, postSlack, seedPendingDraft, slackId, uniqueAccountId, uniqueTicketId, ZENDESK_TEST_SECRET } from "./helpers";

const SHARED_TICKET = uniqueTicketId();
const AGENT = { sub: "9100000321", name: "Tenant Tester" };

interface Tenant {
  account: string;
  sidebarSecret: string;
  slackSecret: string;
  team: string;
  approver: string;
  draftId: number;
  decisionId: number;
  subject: string;
}

const tenants: Record<"a" | "b", Tenant> = {} as Record<"a" | "b", Tenant>;

async function tenant(key: "a" | "b"): Promise<Tenant> {
  const account = uniqueAccountId(`tenant-${key}`);
  const t = {
    account,
    sidebarSecret: `tenant-${key}-sidebar-secret-${crypto.randomUUID()}`,
    slackSecret: `tenant-${key}-slack-${crypto.randomUUID()}`,
    team: slackId("T"),
    approver: slackId("U"),
    subject: `Subject only ${key.toUpperCase()} may see`,
  };
  await createAccount(account, {
    secrets: {
      webhookSigningSecret: ZENDESK_TEST_SECRET,
      apiToken: "test-api-token",
      sidebarSecret: t.sidebarSecret,
      slackSigningSecret: t.slackSecret,
      slackBotToken: `xoxb-${account}`,
    },
    settings: { slack: { teamId: t.team, approvalChannel: slackId("C"), approvers: [t.approver], zendeskUsers: {}, apiBaseUrl: env.FAKE_SLACK_URL } },
  });
  const seeded = await seedPendingDraft(account, { ticketId: SHARED_TICKET, subject: t.subject, body: `Draft text of ${key.toUpperCase()}` });
  return { ...t, draftId: seeded.draft.id, decisionId: seeded.draft.decisionId! };
}

async function app(t: Tenant, method: string, path: string, body?: unknown): Promise<Response> {
  const token = await signSidebarToken(
    t.sidebarSecret,
    { account: t.account, ...AGENT, req: `${method} ${path}` },
    { nowS: Math.floor(Date.now() / 1000), expiresInS: 300 },
  );
  return SELF.fetch(`http://worker${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function draftStatus(t: Tenant): Promise<string | undefined> {
  return (await getDraft(database(env.DB), t.account, t.draftId))?.status;
}

beforeAll(async () => {
  tenants.a = await tenant("a");
  tenants.b = await tenant("b");
});

describe("two accounts with the same ticket id", () => {
  it("each sidebar sees only its own ticket, decision and draft", async () => {
    for (const [self, other] of [
      [tenants.a, tenants.b],
      [tenants.b, tenants.a],
    ] as const) {
      const res = await app(self, "GET", `/app/tickets/${SHARED_TICKET}`);
      expect(res.status).toBe(200);
      const text = await res.text();
      const view = JSON.parse(text) as { account: string; draft: { id: number } | null };
      expect(view.account).toBe(self.account);
      expect(view.draft?.id).toBe(self.draftId);
      expect(text).toContain(self.subject.slice(0, 12));
      expect(text).not.toContain(other.subject);
      expect(text).not.toContain(other.account);
    }
  });

  it("a sidebar cannot decide the other account's draft, by id or with the other's token shape", async () => {
    for (const action of ["approve", "edit", "reject"]) {
      const res = await app(tenants.b, "POST", `/app/drafts/${tenants.a.draftId}/${action}`, action === "edit" ? { text: "hijacked" } : {});
      expect(res.status).toBe(404);
      expect(((await res.json()) as { error: string }).error).toBe("draft_not_found");
    }
    // B's secret signing a token that claims A's account is refused outright.
    const forged = await signSidebarToken(
      tenants.b.sidebarSecret,
      { account: tenants.a.account, ...AGENT, req: `POST /app/drafts/${tenants.a.draftId}/approve` },
      { nowS: Math.floor(Date.now() / 1000), expiresInS: 300 },
    );
    const res = await SELF.fetch(`http://worker/app/drafts/${tenants.a.draftId}/approve`, { method: "POST", headers: { Authorization: `Bearer ${forged}` } });
    expect(res.status).toBe(401);
    expect(await draftStatus(tenants.a)).toBe("pending");
  });

  it("the admin API scopes every read to ?account=", async () => {
    const a = (await (await SELF.fetch(`http://worker/admin/tickets/${SHARED_TICKET}?account=${tenants.a.account}`, { headers: ADMIN })).json()) as {
      account: string;
      ticket: { subject: string };
    };
    const b = (await (await SELF.fetch(`http://worker/admin/tickets/${SHARED_TICKET}?account=${tenants.b.account}`, { headers: ADMIN })).json()) as {
      account: string;
      ticket: { subject: string };
    };
    expect([a.account, a.ticket.subject]).toEqual([tenants.a.account, tenants.a.subject]);
    expect([b.account, b.ticket.subject]).toEqual([tenants.b.account, tenants.b.subject]);
    // A's draft id asked for under B finds nothing.
    const approvals = (await (
      await SELF.fetch(`http://worker/admin/approvals?account=${tenants.b.account}&draft=${tenants.a.draftId}`, { headers: ADMIN })
    ).json()) as {
      actions: unknown[];
    };
    expect(approvals.actions).toEqual([]);
    const attempts = await SELF.fetch(`http://worker/admin/llm/attempts?account=${tenants.b.account}&draft=${tenants.a.draftId}`, { headers: ADMIN });
    expect(JSON.stringify(await attempts.json())).not.toContain(tenants.a.account);
  });

  it("Slack buttons from one team never decide the other account's draft", async () => {
    // B's approver, signed with B's secret, clicks Approve with A's draft id in the button value.
    const body = blockActionsBody(
      blockActionsPayload({
        user: { id: tenants.b.approver, name: "b-approver" },
        channel: slackId("C"),
        messageTs: "1700000000.000100",
        actionId: "draft_approve",
        value: String(tenants.a.draftId),
        team: { id: tenants.b.team, domain: "b" },
      }),
    );
    expect((await postSlack("/slack/interactions", body, { secret: tenants.b.slackSecret })).status).toBe(200);
    // A's team id signed with B's secret does not verify for A.
    const spoofed = blockActionsBody(
      blockActionsPayload({
        user: { id: tenants.a.approver, name: "a-approver" },
        channel: slackId("C"),
        messageTs: "1700000000.000200",
        actionId: "draft_approve",
        value: String(tenants.a.draftId),
        team: { id: tenants.a.team, domain: "a" },
      }),
    );
    expect((await postSlack("/slack/interactions", spoofed, { secret: tenants.b.slackSecret })).status).toBe(401);
    // The after-ack work runs in waitUntil: give it time, then A's draft is still pending.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await draftStatus(tenants.a)).toBe("pending");
    // The same click on B's own draft is decided (the path works; only the tenant check stopped the first).
    const own = blockActionsBody(
      blockActionsPayload({
        user: { id: tenants.b.approver, name: "b-approver" },
        channel: slackId("C"),
        messageTs: "1700000000.000300",
        actionId: "draft_approve",
        value: String(tenants.b.draftId),
        team: { id: tenants.b.team, domain: "b" },
      }),
    );
    expect((await postSlack("/slack/interactions", own, { secret: tenants.b.slackSecret })).status).toBe(200);
    const deadline = Date.now() + 15_000;
    while ((await draftStatus(tenants.b)) === "pending" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await draftStatus(tenants.b)).not.toBe("pending");
    expect(await draftStatus(tenants.a)).toBe("pending");
  });

  it("the store answers nothing and changes nothing when asked for one account's row under the other", async () => {
    const db = database(env.DB);
    const before = await getDraft(db, tenants.a.account, tenants.a.draftId);
    expect(before?.status).toBe("pending");
    expect(await getDraft(db, tenants.b.account, tenants.a.draftId)).toBeUndefined();
    expect(await decisionById(db, tenants.b.account, tenants.a.decisionId)).toBeUndefined();
    expect(await transitionDraft(db, tenants.b.account, tenants.a.draftId, ["pending"], "approved")).toBeUndefined();
    expect(await claimReply(db, tenants.b.account, tenants.a.draftId)).toBe(false);
    await updateDraft(db, tenants.b.account, tenants.a.draftId, { body: "hijacked" });
    expect(await getDraft(db, tenants.a.account, tenants.a.draftId)).toEqual(before);
  });

  it("a workflow run for one account, given the other account's draft and decision ids, leaves them alone", async () => {
    await using introspector = await introspectWorkflow(env.TICKET_WORKFLOW);
    await introspector.modifyAll(async (m) => {
      await m.forceEventTimeout({ name: "wait for a human" });
      await m.forceEventTimeout({ name: "wait after the reminder" });
    });
    const db = database(env.DB);
    const before = await getDraft(db, tenants.a.account, tenants.a.draftId);
    // B's account with the shared ticket id, but A's draft: as if a workflow's parameters named the wrong tenant.
    await env.TICKET_WORKFLOW.create({
      id: `tenant-cross-${crypto.randomUUID()}`,
      params: { accountId: tenants.b.account, ticketId: SHARED_TICKET, decisionId: tenants.b.decisionId, draftId: tenants.a.draftId },
    });
    const [instance] = introspector.get();
    await instance!.waitForStatus("complete");
    // Compose found no draft of B's with that id and stopped: A's draft is exactly as it was, nothing was posted.
    expect(await getDraft(db, tenants.a.account, tenants.a.draftId)).toEqual(before);
    const escalations = (await (await SELF.fetch(`http://worker/admin/tickets/${SHARED_TICKET}?account=${tenants.a.account}`, { headers: ADMIN })).json()) as {
      escalation: unknown;
    };
    expect(escalations.escalation).toBeNull();
  });
});
