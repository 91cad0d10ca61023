/**
 * End to end, in Debian's Chromium: the local Slack stand-in's page (dev/fakes/slack/workspace-page.ts) shows the
 * approval requests the Worker posts, and its buttons and modals send real signed interaction payloads to
 * /slack/interactions. Four tickets that need a reply: one approved through the confirm dialog, one edited in the
 * modal, one rejected with a reason, one escalated; the fake Zendesk receives exactly the replies a human sent.
 * Screenshots land in test-output/e2e/slack-*.png.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SLACK_CHANNELS } from "../../dev/fakes/slack/demo-workspace";
import { waitFor } from "../wait-for";
import { launchChromium } from "./browser";
import { ROOT, startStack, type Stack } from "./stack";

const OUT = join(ROOT, "test-output", "e2e");
const STATE = join(OUT, `slack-state-${process.pid}`);
let stack: Stack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  rmSync(STATE, { recursive: true, force: true });
  stack = await startStack({
    persistTo: STATE,
    llm: true,
    slack: true,
    log: process.env.E2E_VERBOSE ? (line) => process.stdout.write(`${line}\n`) : undefined,
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1300, height: 950 } });
}, 300_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state === "fail" && page)
    await page.screenshot({ path: join(OUT, `slack-failed-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, "-")}.png`) }).catch(() => undefined);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(STATE, { recursive: true, force: true });
});

interface FakeComment {
  body: string;
  public: boolean;
}

async function customerTicket(subject: string, body: string): Promise<number> {
  const res = await fetch(`${stack.fakeZendeskUrl}/__fake/customer-tickets`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ subject, body, requester: { name: "Ada Lovelace", email: "ada@example.com" } }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { ticket: { id: number } }).ticket.id;
}

/** Public replies the fake Zendesk holds for a ticket, after the customer's own first comment. */
async function publicReplies(ticketId: number): Promise<string[]> {
  const res = await fetch(`${stack.fakeZendeskUrl}/api/v2/tickets/${ticketId}/comments.json`, { headers: { Authorization: "Bearer e2e" } });
  const comments = ((await res.json()) as { comments: FakeComment[] }).comments;
  return comments
    .slice(1)
    .filter((c) => c.public)
    .map((c) => c.body);
}

/** The approval message of a ticket in the page, once the Worker has posted it and the page has polled it. */
async function approvalMessage(ticketId: number): Promise<Locator> {
  const msg = page.locator(".msg", { hasText: `Draft reply for ticket #${ticketId}` });
  await msg.getByRole("button", { name: "Approve & send" }).waitFor({ timeout: 90_000 });
  return msg;
}

describe("the local Slack workspace", () => {
  const tickets: Record<"approve" | "edit" | "reject" | "escalate", number> = { approve: 0, edit: 0, reject: 0, escalate: 0 };

  it("shows each approval request as Slack renders it", async () => {
    tickets.approve = await customerTicket("Where is my order?", "I ordered a desk lamp two weeks ago (order 88213) and it has not arrived.");
    tickets.edit = await customerTicket("Parcel missing", "My parcel (order 77120) has not arrived yet, where is my order?");
    tickets.reject = await customerTicket("Refund please", "I want a refund for the kettle, order 66001, it arrived cracked.");
    tickets.escalate = await customerTicket("Still no parcel", "Where is my order 55010? The tracking number does not work.");
    await page.goto(stack.slack!.pageUrl);
    expect(await page.locator("nav").textContent()).toContain("Local Slack stand-in");
    for (const id of Object.values(tickets)) await approvalMessage(id);
    const first = await approvalMessage(tickets.approve);
    expect(await first.locator(".fields").textContent()).toContain("Intent");
    expect(await first.getByRole("button", { name: "Reject" }).getAttribute("class")).toMatch(/danger/);
    await page.screenshot({ path: join(OUT, "slack-approvals.png") });
  });

  it("Approve & send asks first, then the reply lands in Zendesk and the message changes in place", async () => {
    const msg = await approvalMessage(tickets.approve);
    await msg.getByRole("button", { name: "Approve & send" }).click();
    const dialog = page.locator(".dialog");
    expect(await dialog.textContent()).toContain("Send this reply?");
    await page.screenshot({ path: join(OUT, "slack-confirm.png") });
    await dialog.getByRole("button", { name: "Send" }).click();
    await page.locator("#status", { hasText: "200 OK" }).waitFor({ timeout: 20_000 });
    const replies = await waitFor(
      async () => ((await publicReplies(tickets.approve)).length ? publicReplies(tickets.approve) : undefined),
      "the approved reply",
    );
    expect(replies).toHaveLength(1);
    const updated = page.locator(".msg", { hasText: `ticket #${tickets.approve}` });
    await updated.filter({ hasText: "Approved" }).waitFor({ timeout: 20_000 });
    expect(await updated.getByRole("button", { name: "Approve & send" }).count()).toBe(0);
  });

  it("Edit opens the modal; the edited text is what the customer gets", async () => {
    const msg = await approvalMessage(tickets.edit);
    await msg.getByRole("button", { name: "Edit" }).click();
    const modal = page.locator(".dialog", { hasText: "Edit draft reply" });
    await modal.waitFor({ timeout: 20_000 });
    const text = "Hi Ada,\n\nYour parcel (order 77120) left our warehouse yesterday; the tracking link is in your e-mail.\n\nRiley";
    await modal.locator("textarea").fill(text);
    await page.screenshot({ path: join(OUT, "slack-edit-modal.png") });
    await modal.getByRole("button", { name: "Approve & send" }).click();
    await modal.waitFor({ state: "detached", timeout: 20_000 });
    const replies = await waitFor(async () => ((await publicReplies(tickets.edit)).length ? publicReplies(tickets.edit) : undefined), "the edited reply");
    expect(replies).toEqual([text]);
    await page
      .locator(".msg", { hasText: `ticket #${tickets.edit}` })
      .filter({ hasText: "Edited and approved" })
      .waitFor({ timeout: 20_000 });
  });

  it("Reject asks for a reason and sends nothing", async () => {
    const msg = await approvalMessage(tickets.reject);
    await msg.getByRole("button", { name: "Reject" }).click();
    const modal = page.locator(".dialog", { hasText: "Reject draft" });
    await modal.waitFor({ timeout: 20_000 });
    await modal.locator("textarea, input").first().fill("Wrong policy: cracked items get a replacement first.");
    await modal.getByRole("button", { name: "Reject" }).click();
    await modal.waitFor({ state: "detached", timeout: 20_000 });
    await page
      .locator(".msg", { hasText: `ticket #${tickets.reject}` })
      .filter({ hasText: "Rejected" })
      .waitFor({ timeout: 20_000 });
    expect(await publicReplies(tickets.reject)).toEqual([]);
    await page.screenshot({ path: join(OUT, "slack-rejected.png") });
  });

  it("Escalate asks first, then the ticket appears in the escalation channel and no reply is sent", async () => {
    const msg = await approvalMessage(tickets.escalate);
    await msg.getByRole("button", { name: "Escalate" }).click();
    const dialog = page.locator(".dialog", { hasText: "Escalate this ticket?" });
    await dialog.getByRole("button", { name: "Escalate" }).click();
    await page.getByRole("button", { name: `# ${DEMO_SLACK_CHANNELS.escalation.name}` }).click();
    await page
      .locator("#log .msg", { hasText: `#${tickets.escalate}` })
      .first()
      .waitFor({ timeout: 30_000 });
    expect(await publicReplies(tickets.escalate)).toEqual([]);
    const escalation = page.locator("#log .msg", { hasText: `#${tickets.escalate}` }).first();
    // The message carries the summary a person picking it up needs, and says who wrote it.
    expect(await escalation.textContent()).toMatch(/Wants:.*So far:/s);
    expect(await escalation.textContent()).toContain("Summary written by local stand-in model (not a real LLM)");
    await page.screenshot({ path: join(OUT, "slack-escalations.png") });

    // The sidebar shows the same summary on the ticket.
    await page.goto(`${stack.workerUrl}/demo#/tickets/${tickets.escalate}`);
    const summary = page.frameLocator('[data-testid="app-iframe"]').locator('[data-testid="escalation-summary"]');
    await summary.waitFor({ timeout: 30_000 });
    expect(await summary.textContent()).toMatch(/Wants:.*So far:.*Waiting:/s);
    await page.screenshot({ path: join(OUT, "sidebar-escalation-summary.png"), fullPage: true });
  });
});
