/**
 * Escalation without Slack: the escalation is recorded in D1 before anyone is notified, so an account with no Slack
 * settings still sees it in the sidebar (GET /app/tickets/:id) and the admin API (GET /admin/tickets/:id), for a
 * ticket that routes `escalate` and for a draft the timeout escalated (workflow introspection).
 */
import { env, introspectWorkflow, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { signSidebarToken } from "../../worker/sidebar/token";
import type { TicketView as SidebarTicketView } from "../../contract/app-api";
import { database } from "../../worker/store/db";
import { latestDraft } from "../../worker/store/drafts";
import {
  adminTicket,
  createAccount,
  postWebhook,
  putRules,
  seedTicket,
  ticketEvent,
  uniqueAccountId,
  uniqueTicketId,
  waitFor,
  ZENDESK_TEST_SECRET,
} from "./helpers";

const account = uniqueAccountId("esc");
const SIDEBAR_SECRET = "sidebar-secret-for-escalation-tests-0123";

const RULES = `
rules:
  - id: lawyer
    when: { text: { keywords: [lawyer] } }
    then: { route: escalate, tags: [legal_risk] }
  - id: refunds
    when: { text: { keywords: [refund] } }
    then: { route: draft }
`;

beforeAll(async () => {
  // No slack settings and no Slack tokens: nothing can be posted anywhere.
  await createAccount(account, {
    secrets: { webhookSigningSecret: ZENDESK_TEST_SECRET, apiToken: "test-api-token", sidebarSecret: SIDEBAR_SECRET },
    settings: { approval: { timeoutMinutes: 30 } },
  });
  expect((await putRules(account, RULES)).status).toBe(200);
});

async function sidebarView(ticketId: number): Promise<SidebarTicketView> {
  const path = `/app/tickets/${ticketId}`;
  const token = await signSidebarToken(
    SIDEBAR_SECRET,
    { account, sub: "9100000007", name: "Sam Support", req: `GET ${path}` },
    { nowS: Math.floor(Date.now() / 1000), expiresInS: 300 },
  );
  const res = await SELF.fetch(`http://worker${path}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return res.json<SidebarTicketView>();
}

async function newTicket(subject: string, description: string): Promise<number> {
  const id = uniqueTicketId();
  await seedTicket({ id, subject, description });
  expect((await postWebhook(JSON.stringify(ticketEvent(id, { subject, description })), { account })).status).toBe(202);
  return id;
}

describe("escalation without Slack", () => {
  it("a ticket that routes escalate is recorded and shown in the sidebar and the admin API", async () => {
    const id = await newTicket("My lawyer will call you", "I have asked my lawyer to look at your terms.");
    const admin = await waitFor(async () => {
      const view = await adminTicket(account, id);
      return view.escalation?.summary ? view : undefined;
    }, `the escalation of ticket ${id}`);
    expect(admin.decision).toMatchObject({ route: "escalate" });
    expect(admin.escalation).toEqual({ reason: "route escalate", at: expect.any(String), slackChannel: null, slackTs: null, summary: expect.any(Object) });
    // No LLM on this account: the summary is taken from the thread, and says so.
    expect(admin.escalation.summary).toMatchObject({
      wants: "“I have asked my lawyer to look at your terms.”",
      soFar: "1 customer message; no reply has been sent yet.",
      source: "extractive",
      note: "no LLM is configured, so the summary is taken from the thread",
      waitedMinutes: expect.any(Number),
      waitingSince: expect.any(String),
    });
    expect(admin.escalation.summary?.reasons[0]).toBe("route escalate");
    expect(admin.escalation.summary?.reasons.some((r) => r.startsWith("rule lawyer"))).toBe(true);

    const sidebar = await sidebarView(id);
    expect(sidebar.escalation).toEqual({
      escalated: true,
      reason: "route escalate",
      at: admin.escalation.at,
      slackThread: false,
      summary: admin.escalation.summary,
    });
  });

  it("a draft nobody decided expires and is escalated (workflow introspection)", async () => {
    await using introspector = await introspectWorkflow(env.TICKET_WORKFLOW);
    await introspector.modifyAll(async (m) => {
      await m.forceEventTimeout({ name: "wait for a human" });
      await m.forceEventTimeout({ name: "wait after the reminder" });
    });
    const id = await newTicket(`Refund ${uniqueTicketId()}`, "I would like a refund for the kettle, please.");
    const [instance] = await waitFor(async () => (introspector.get().length ? introspector.get() : undefined), "the workflow instance");
    await instance!.waitForStatus("complete");

    expect(await latestDraft(database(env.DB), account, id)).toMatchObject({ status: "expired", decidedBy: "timeout" });
    const admin = await adminTicket(account, id);
    expect(admin.escalation).toMatchObject({ reason: "no human decision within 60 minutes", slackTs: null });
    const sidebar = await sidebarView(id);
    expect(sidebar.escalation).toMatchObject({ escalated: true, reason: "no human decision within 60 minutes", at: admin.escalation.at, slackThread: false });
    expect(sidebar.draft).toMatchObject({ status: "expired" });
    // What happened is in the summary a person picking it up reads.
    expect(sidebar.escalation.summary?.soFar).toBe("1 customer message; a drafted reply got no decision in time; no reply has been sent yet.");
    expect(sidebar.escalation.summary?.wants).toContain("I would like a refund for the kettle, please.");
  });
});
