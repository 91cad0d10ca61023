/**
 * End to end, in Debian's Chromium: the demo desk (playing Zendesk) hosts the real sidebar app through the mock
 * ZAF parent; tickets go through the fake Zendesk's signed webhook, the real intake, queue, triage pipeline and
 * ticket workflow (offline template drafter: no LLM configured). Screenshots land in test-output/e2e/.
 * The app and the desk are built once by test/e2e/global-setup.ts.
 */
import { appendFileSync, mkdirSync, rmSync } from "node:fs";
import { waitFor } from "../wait-for";
import { join } from "node:path";
import type { Browser, FrameLocator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SIDEBAR_SECRET } from "../../dev/desk/config";
import { launchChromium } from "./browser";
import { ROOT, startStack, type Stack } from "./stack";

const OUT = join(ROOT, "test-output", "e2e");
const STATE = join(OUT, `state-${process.pid}`);
let stack: Stack;
let browser: Browser;
let page: Page;
const bodies: string[] = [];

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  rmSync(STATE, { recursive: true, force: true });
  stack = await startStack({ persistTo: STATE, llm: true, log: process.env.E2E_VERBOSE ? (line) => process.stdout.write(`${line}\n`) : undefined });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  // The browser's console and page errors (the app's too) go to a log beside the screenshots.
  const consoleLog = join(OUT, "browser-console.log");
  page.on("console", (m) => appendFileSync(consoleLog, `[${m.type()}] ${m.location().url} ${m.text()}\n`));
  page.on("pageerror", (e) => appendFileSync(consoleLog, `[pageerror] ${e.message}\n`));
  page.on("response", (res) => {
    if (res.url().includes("/demo/") || res.url().includes("/app/"))
      void res.text().then(
        (t) => bodies.push(t),
        () => undefined,
      );
  });
}, 300_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state === "fail" && page)
    await page.screenshot({ path: join(OUT, `failed-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, "-")}.png`), fullPage: true }).catch(() => undefined);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(STATE, { recursive: true, force: true });
});

const app = (): FrameLocator => page.frameLocator('[data-testid="app-iframe"]');

async function shot(name: string) {
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
  await page.locator('[data-testid="app-iframe"]').screenshot({ path: join(OUT, `${name}-sidebar.png`) });
}

async function fake<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(`${stack.fakeZendeskUrl}${path}`, init);
  if (!res.ok) throw new Error(`fake ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function admin<T>(path: string): Promise<T> {
  const res = await fetch(`${stack.workerUrl}/admin${path}`, { headers: { Authorization: `Bearer ${stack.adminToken}` } });
  if (!res.ok) throw new Error(`admin ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

interface Recorded {
  method: string;
  path: string;
  status: number;
  body: { ticket?: { comment?: { body: string; public: boolean; author_id?: number }; additional_tags?: string[]; remove_tags?: string[] } };
}

async function putsFor(ticketId: number): Promise<Recorded[]> {
  const { requests } = await fake<{ requests: Recorded[] }>(`/__fake/requests?method=PUT&path=${encodeURIComponent(`/api/v2/tickets/${ticketId}.json`)}`);
  return requests;
}

function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 60_000): Promise<T> {
  return waitFor(check, what, { timeoutMs, intervalMs: 250, context: () => stack.output().slice(-3000) });
}

let ticketId = 0;

describe("the sidebar app in the demo desk", () => {
  it("opens a demo ticket and shows its triage", async () => {
    await page.goto(`${stack.workerUrl}/demo`);
    await page.getByRole("button", { name: "Pick a demo ticket" }).click();
    await page.getByRole("menuitem", { name: "Order not arrived" }).click();
    await page.waitForURL(/#\/tickets\/\d+$/, { timeout: 20_000 });
    ticketId = Number(page.url().match(/#\/tickets\/(\d+)$/)![1]);

    await app().locator('[data-testid="triaged"]').waitFor({ timeout: 60_000 });
    expect(await app().locator('[data-testid="route"]').textContent()).toBe("Draft for approval");
    expect(await app().locator('[data-testid="language"]').textContent()).toBe("en");
    expect(await app().locator('[data-testid="priority"]').textContent()).toBe("Normal");
    // No rule set the priority, so Zendesk's own field (the desk header) was left alone, and the sidebar says so.
    expect(await app().locator('[data-testid="priority-note"]').textContent()).toBe("suggested by triage; not set in Zendesk");
    expect(await app().locator('[data-testid="rule-hit"]').allTextContents()).toContain("order-and-delivery");
    await page.locator('[data-testid="ticket-tags"] [data-tag="order_status"]').waitFor({ timeout: 20_000 });
    await shot("01-triage");
  });

  it("inserts the draft into the reply, then edits and approves it: the fake Zendesk receives exactly one reply", async () => {
    const draft = app().locator('[data-testid="draft"][data-status="pending"]');
    await draft.waitFor({ timeout: 60_000 });
    const original = await app().locator('[data-testid="draft-text"]').inputValue();
    expect(original.length).toBeGreaterThan(20);
    // The demo's LLM is the local stand-in, and the sidebar says so; the confidence is the drafting run's.
    expect(await app().locator('[data-testid="draft-meta"]').textContent()).toMatch(
      /^Written by local stand-in model \(not a real LLM\) · Draft confidence \d+%$/,
    );

    await app().locator('[data-testid="insert"]').click();
    await eventually(
      async () => ((await page.locator('[data-testid="composer"]').inputValue()) === original ? true : undefined),
      "comment.appendText into the composer",
      10_000,
    );
    await shot("02-draft-inserted");

    const edited = `${original}\n\nP.S. Your parcel left our warehouse this morning.`;
    await app().locator('[data-testid="draft-text"]').fill(edited);
    const approve = app().locator('[data-testid="approve"]');
    expect(await approve.textContent()).toBe("Send edited reply");
    await approve.click();
    // Nothing is sent until the agent confirms.
    const confirm = app().locator('[data-testid="approve-confirm"]');
    expect(await confirm.textContent()).toContain(`Send your edited reply to the customer on ticket #${ticketId}?`);
    await shot("03-confirm");
    expect((await putsFor(ticketId)).filter((r) => r.body.ticket?.comment?.public === true)).toHaveLength(0);
    await app().locator('[data-testid="approve-send"]').click();

    await eventually(
      async () =>
        (await app().locator('[data-testid="reply-state"]').textContent({ timeout: 1000 })) === "The reply was posted to the ticket." ? true : undefined,
      "the reply to be posted",
    );
    const replies = (await putsFor(ticketId)).filter((r) => r.body.ticket?.comment?.public === true);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.status).toBe(200);
    expect(replies[0]!.body.ticket!.comment!.body).toBe(edited.trim());
    await page.locator('[data-testid="comment"]', { hasText: "Your parcel left our warehouse this morning." }).waitFor({ timeout: 20_000 });
    // The approver by name, not "Name (id)".
    expect(await app().locator('[data-testid="draft-outcome"]').textContent()).toMatch(/^Edited and approved by [^()]+$/);
    await shot("04-approved");

    // Still exactly one a little later (no retry or second workflow posts it again).
    await new Promise((r) => setTimeout(r, 2000));
    expect((await putsFor(ticketId)).filter((r) => r.body.ticket?.comment?.public === true)).toHaveLength(1);
  });

  it("corrects the intent: the correction is stored and the ticket's intent tag changes", async () => {
    const before = await fake<{ ticket: { tags: string[] } }>(`/__fake/tickets/${ticketId}`);
    const oldIntentTags = before.ticket.tags.filter((t) => t.startsWith("intent__"));
    const current = (await app().locator('[data-testid="intent-value"]').count()) ? await app().locator('[data-testid="intent-value"]').textContent() : null;

    // Garden's combobox shows its input once the field is focused: click the field, pick a label (the list leaves
    // out the current intent), then narrow the list by typing, as an agent would.
    await app().locator('[data-testid="correct-intent"] [data-garden-id="dropdowns.combobox.trigger"]').click();
    const target = (await app().getByRole("option").nth(1).textContent())!.trim();
    expect(target).not.toBe(current);
    await page.keyboard.type(target.slice(0, 8));
    await app().getByRole("option", { name: target, exact: true }).click();
    await app().locator('[data-testid="correct-save"]').click();
    const notice = app().locator('[data-testid="correct-notice"]');
    await notice.waitFor({ timeout: 20_000 });
    expect(await notice.textContent()).toContain(`intent__${target}`);

    const { corrections } = await admin<{
      corrections: { ticketId: number; newIntent: string; oldIntent: string | null; text: string; via: string; zendeskStatus: string }[];
    }>("/corrections?account=demo");
    expect(corrections[0]).toMatchObject({ ticketId, newIntent: target, oldIntent: current, via: "sidebar", zendeskStatus: "tagged" });
    expect(corrections[0]!.text).toContain("Where is my order #4471?");

    const after = await fake<{ ticket: { tags: string[] } }>(`/__fake/tickets/${ticketId}`);
    expect(after.ticket.tags).toContain(`intent__${target}`);
    for (const old of oldIntentTags) expect(after.ticket.tags).not.toContain(old);
    await page.locator(`[data-testid="ticket-tags"] [data-tag="intent__${target}"]`).waitFor({ timeout: 20_000 });
    await eventually(
      async () => ((await app().locator('[data-testid="intent-value"]').textContent({ timeout: 1000 })) === target ? true : undefined),
      "the corrected intent in the app",
    );
    await shot("04-corrected");

    const jsonl = await fetch(`${stack.workerUrl}/admin/corrections.jsonl?account=demo`, { headers: { Authorization: `Bearer ${stack.adminToken}` } }).then(
      (r) => r.text(),
    );
    expect(
      jsonl
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l)),
    ).toContainEqual({ text: corrections[0]!.text, label: target });
  });

  it("shows 'not triaged yet' for a ticket the Worker never saw, and Triage now triages it", async () => {
    const { ticket } = await fake<{ ticket: { id: number } }>("/__fake/tickets", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        subject: "Forgot my password",
        description: "I forgot my password and the reset email never arrives. Please help me reset my password.",
        requester_id: 9100000003,
      }),
    });
    await page.goto(`${stack.workerUrl}/demo/#/tickets/${ticket.id}`);
    const empty = app().locator('[data-testid="empty"]');
    await empty.waitFor({ timeout: 30_000 });
    expect(await empty.textContent()).toContain("Not triaged yet");
    await shot("05-not-triaged");

    await app().getByRole("button", { name: "Triage now" }).click();
    await app().locator('[data-testid="triaged"]').waitFor({ timeout: 60_000 });
    expect(await app().locator('[data-testid="rule-hit"]').allTextContents()).toContain("account-access");
    await shot("06-triaged-now");
  });

  it("shows a refused write-back, and Retry write-back tags the ticket exactly once", async () => {
    const { ticket } = await fake<{ ticket: { id: number } }>("/__fake/tickets", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        subject: "Refund for order 7781",
        description: "The lamp arrived broken. I would like a refund please.",
        requester_id: 9100000003,
      }),
    });
    const path = `/api/v2/tickets/${ticket.id}.json`;
    await fake("/__fake/faults", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ method: "PUT", path, status: 422, times: 1 }),
    });
    await page.goto(`${stack.workerUrl}/demo/#/tickets/${ticket.id}`);
    await app().locator('[data-testid="empty"]').waitFor({ timeout: 30_000 });
    await app().getByRole("button", { name: "Triage now" }).click();
    const failed = app().locator('[data-testid="writeback-failed"]');
    await failed.waitFor({ timeout: 60_000 });
    expect(await failed.textContent()).toContain("Zendesk refused the update (status 422)");
    await shot("07-writeback-failed");

    await app().locator('[data-testid="writeback-retry"]').click();
    await failed.waitFor({ state: "detached", timeout: 30_000 });
    const written = (await putsFor(ticket.id)).filter((r) => r.status === 200);
    expect(written).toHaveLength(1);
    expect(written[0]!.body.ticket?.additional_tags?.length).toBeGreaterThan(0);
    await shot("08-writeback-retried");
  });

  it("never lets the shared secret reach the browser", async () => {
    expect(bodies.length).toBeGreaterThan(5);
    for (const body of bodies) expect(body).not.toContain(DEMO_SIDEBAR_SECRET);
    expect(await page.content()).not.toContain(DEMO_SIDEBAR_SECRET);
    expect(await app().locator("html").innerHTML()).not.toContain(DEMO_SIDEBAR_SECRET);
  });
});
