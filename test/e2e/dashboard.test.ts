/**
 * End to end, in Debian's Chromium: the insight dashboard (the app's nav_bar location) in the demo desk's Insight
 * tab. Tickets go through the fake Zendesk's signed webhooks and the real pipeline; drafts are decided through the
 * desk's ZAF proxy; agents solve tickets in the fake Zendesk, which sends ticket.status_changed, and the Worker
 * records each decision's outcome at close. The dashboard must show those figures with its charts drawn, the trace
 * ids of the decisions, refuse an agent (app and Worker), and draw a replay report ("Model fit") when one exists.
 * The full-page screenshot goes to test-output/e2e/dashboard.png; with UPDATE_DOCS_SCREENSHOTS=1 it also replaces
 * docs/images/dashboard.png (a plain test run leaves the checkout clean).
 */
import { appendFileSync, copyFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Browser, FrameLocator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DEMO_TICKETS } from "../../dev/desk/demo-tickets";
import type { InsightStats } from "../../contract/insight-api";
import type { ReplayReport } from "../../worker/replay/report";
import { waitFor } from "../wait-for";
import { launchChromium } from "./browser";
import { ROOT, startStack, type Stack } from "./stack";

const OUT = join(ROOT, "test-output", "e2e");
const STATE = join(OUT, `state-dashboard-${process.pid}`);
const RILEY = { id: 9100000001, name: "Riley Support", email: "riley@demo-support.example" };
const AVERY = { id: 9100000009, name: "Avery Admin" };
let stack: Stack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  rmSync(STATE, { recursive: true, force: true });
  stack = await startStack({ persistTo: STATE, llm: true, log: process.env.E2E_VERBOSE ? (line) => process.stdout.write(`${line}\n`) : undefined });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const consoleLog = join(OUT, "dashboard-console.log");
  page.on("console", (m) => appendFileSync(consoleLog, `[${m.type()}] ${m.location().url} ${m.text()}\n`));
  page.on("pageerror", (e) => appendFileSync(consoleLog, `[pageerror] ${e.message}\n`));
}, 300_000);

afterEach(async (ctx) => {
  if (ctx.task.result?.state === "fail" && page)
    await page
      .screenshot({ path: join(OUT, `failed-dashboard-${ctx.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, "-")}.png`), fullPage: true })
      .catch(() => undefined);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  rmSync(STATE, { recursive: true, force: true });
});

const app = (): FrameLocator => page.frameLocator('[data-testid="insight-iframe"]');

function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 90_000): Promise<T> {
  return waitFor(check, what, { timeoutMs, intervalMs: 300, context: () => stack.output().slice(-3000) });
}

async function adminPost<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(`${stack.workerUrl}/admin${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${stack.adminToken}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`admin POST ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function admin<T>(path: string): Promise<T> {
  const res = await fetch(`${stack.workerUrl}/admin${path}`, { headers: { Authorization: `Bearer ${stack.adminToken}` } });
  if (!res.ok) throw new Error(`admin ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A request from the app as a given Zendesk user, through the desk's ZAF proxy (which signs the JWT on the server). */
async function appCall(method: "GET" | "POST", path: string, user: { id: number; name: string }, body?: unknown) {
  const res = await fetch(`${stack.workerUrl}/demo/api/zaf/request`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      url: `${stack.workerUrl}${path}`,
      type: method,
      contentType: "application/json",
      ...(body !== undefined ? { data: JSON.stringify(body) } : {}),
      headers: { Authorization: "Bearer {{jwt.token}}" },
      secure: true,
      jwt: {
        algorithm: "HS256",
        secret_key: "{{setting.shared_secret}}",
        expiry: 300,
        claims: { account: "demo", sub: String(user.id), name: user.name, req: `${method} ${path}` },
      },
    }),
  });
  const out = (await res.json()) as { status: number; body: string };
  return { status: out.status, json: JSON.parse(out.body) as Record<string, unknown> };
}

/** What an agent does in Zendesk: a PUT through the API as Riley (the fake then sends its webhooks). */
async function agentPut(ticketId: number, ticket: Record<string, unknown>) {
  const res = await fetch(`${stack.fakeZendeskUrl}/api/v2/tickets/${ticketId}.json`, {
    method: "PUT",
    headers: { "Content-Type": "application/json", Authorization: `Basic ${Buffer.from(`${RILEY.email}/token:x`).toString("base64")}` },
    body: JSON.stringify({ ticket }),
  });
  if (!res.ok) throw new Error(`agent PUT ${ticketId}: ${res.status} ${await res.text()}`);
}

interface AdminTicket {
  decision: { id: number; intent: string | null; route: string; traceId?: string | null } | null;
}

let stats: InsightStats;

describe("the insight dashboard in the demo desk", () => {
  it("builds a week of work: triage, decided drafts, tickets solved with and without changes", async () => {
    const keys = ["order-late", "refund-cracked", "password", "change-size", "double-charge", "spanish-cancel"];
    const ids: number[] = [];
    for (const key of keys) {
      const t = DEMO_TICKETS.find((d) => d.key === key)!;
      const res = await fetch(`${stack.fakeZendeskUrl}/__fake/customer-tickets`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ subject: t.subject, body: t.body, requester: t.requester }),
      });
      ids.push(((await res.json()) as { ticket: { id: number } }).ticket.id);
    }
    const decisions = new Map<number, NonNullable<AdminTicket["decision"]>>();
    for (const id of ids)
      decisions.set(
        id,
        await eventually(async () => (await admin<AdminTicket>(`/tickets/${id}?account=demo`).catch(() => null))?.decision ?? undefined, `triage of ${id}`),
      );

    // Decide the drafts: the first approved as written, the second edited.
    const drafted = ids.filter((id) => decisions.get(id)!.route === "draft");
    expect(drafted.length).toBeGreaterThanOrEqual(2);
    for (const [n, id] of drafted.slice(0, 2).entries()) {
      const draftId = await eventually(async () => {
        const view = await appCall("GET", `/app/tickets/${id}`, RILEY);
        const draft = view.json.draft as { id: number; status: string } | null;
        return draft?.status === "pending" ? draft.id : undefined;
      }, `pending draft on ${id}`);
      const decided =
        n === 0
          ? await appCall("POST", `/app/drafts/${draftId}/approve`, RILEY, {})
          : await appCall("POST", `/app/drafts/${draftId}/edit`, RILEY, {
              text: "Thanks for writing in! We have looked into it and will get back to you today.",
            });
      expect(decided.status).toBe(200);
    }

    // Agents solve four tickets: one relabelled first (its intent changed by close), the others as triaged.
    const toSolve = ids.slice(0, 4);
    const relabel = toSolve[2]!;
    const inDesk = toSolve[3]!;
    for (const id of toSolve) {
      if (id === inDesk) continue;
      if (id === relabel) {
        const old = decisions.get(id)!.intent;
        await agentPut(id, { ...(old ? { remove_tags: [`intent__${old}`] } : {}), additional_tags: ["intent__complaint"] });
      }
      await agentPut(id, { status: "solved", ...(drafted.includes(id) ? {} : { comment: { body: "We have sorted this out for you.", public: true } }) });
    }
    // The last one as an agent would in the desk: a public reply and "Submit as Solved".
    await page.goto(`${stack.workerUrl}/demo#/tickets/${inDesk}`);
    await page.locator('[data-testid="composer"]').fill("All sorted, thanks for your patience.");
    await page.locator('[data-testid="submit-solved"]').click();
    stats = await eventually(async () => {
      const s = await admin<InsightStats>("/insight/stats?account=demo");
      return s.weeks.at(-1)!.closed >= 4 ? s : undefined;
    }, "outcomes at close in the stats");
    const week = stats.weeks.at(-1)!;
    expect(week.decisions).toBe(6);
    expect(week.correct).toBeLessThan(week.closed);
    expect(stats.recent.find((r) => r.ticketId === relabel)).toMatchObject({ outcome: "changed", finalIntent: "complaint" });
    expect(stats.drafts.overall).toMatchObject({ approved: 1, edited: 1, decided: 2 });
    expect(stats.modelFit).toBeNull();
  }, 300_000);

  it("shows the figures with every chart drawn and each decision's trace id", async () => {
    await page.goto(`${stack.workerUrl}/demo#/insight`);
    await app().locator('[data-testid="dashboard"]').waitFor({ timeout: 30_000 });
    const closed = stats.weeks.reduce((s, w) => s + w.closed, 0);
    const correct = stats.weeks.reduce((s, w) => s + w.correct, 0);
    expect(await app().locator('[data-testid="fig-accuracy-value"]').textContent()).toBe(`${Math.round((correct / closed) * 100)}%`);
    for (const chart of ["chart-trend", "chart-volume", "chart-drafts", "chart-response"])
      await app().locator(`[data-testid="${chart}"][data-ready="true"]`).waitFor({ timeout: 20_000 });
    // No replay has run on this account: the section says how to run one.
    expect(await app().locator('[data-testid="model-fit-empty"]').textContent()).toContain("No replay yet — run npm run history -- replay");
    const traces = await app().locator('[data-testid="trace-id"]').allTextContents();
    for (const r of stats.recent) expect(traces).toContain(r.traceId);
    for (const t of traces) expect(t).toMatch(/^[0-9a-f]{32}$/);
    expect(await app().locator('[data-testid="recent-outcome"]').allTextContents()).toContain("changed to complaint");
  });

  it("refuses an agent: the app shows admins only, and the Worker answers 403 whatever the app claims", async () => {
    await page.locator('[data-testid="view-as"]').click();
    await app().locator('[data-testid="admins-only"]').waitFor({ timeout: 20_000 });
    const refused = await appCall("GET", "/app/insight/stats", RILEY);
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ error: "admin_only" });
    expect((await appCall("GET", "/app/insight/stats", AVERY)).status).toBe(200);
    await page.locator('[data-testid="view-as"]').click();
    await app().locator('[data-testid="dashboard"]').waitFor({ timeout: 20_000 });
  });

  it("draws the replay of the demo history in Model fit, and the full page is kept for the docs", async () => {
    // What an admin does before go-live (`npm run history -- import`, then `-- replay`), through the admin API:
    // import the fake Zendesk's seeded history, replay the cascade over it, and the dashboard shows that report.
    const since = new Date(Date.now() - 150 * 86_400_000).toISOString().slice(0, 10);
    const run = await adminPost<{ id: string }>(`/history/imports?account=demo`, { labelTagPrefix: "intent__", since });
    await eventually(async () => {
      const view = await admin<{ status: string; lastError: string | null }>(`/history/imports/${run.id}?account=demo`);
      if (view.status === "failed") throw new Error(`history import failed: ${view.lastError}`);
      return view.status === "done" ? view : undefined;
    }, "the history import done");
    const report = await adminPost<ReplayReport>(`/history/replays?account=demo`, { importId: run.id });
    expect(report.overall.tickets).toBeGreaterThan(100);
    await page.reload();
    await app().locator('[data-testid="model-fit"]').waitFor({ timeout: 30_000 });
    const pct = (rate: number | null) => (rate === null ? "–" : `${Math.round(rate * 100)}%`);
    expect(await app().locator('[data-testid="fit-overall"]').textContent()).toBe(
      `Coverage ${pct(report.overall.coverage)}, accuracy ${pct(report.overall.accuracy)} on ${report.overall.tickets} past tickets`,
    );
    for (const chart of ["chart-trend", "chart-volume", "chart-drafts", "chart-response", "chart-fit-intents", "chart-fit-tiers"])
      await app().locator(`[data-testid="${chart}"][data-ready="true"]`).waitFor({ timeout: 20_000 });
    // The frame grows to the dashboard's height (the desk answers the app's resize), so the page shot holds it all.
    await eventually(
      async () => {
        const frame = await page.locator('[data-testid="insight-iframe"]').boundingBox();
        const inner = await app().locator('[data-testid="dashboard"]').boundingBox();
        return frame && inner && frame.height >= inner.height ? true : undefined;
      },
      "the frame sized to the dashboard",
      20_000,
    );
    // Chromium paints an iframe only where the viewport reaches: make the viewport the whole page before the shot,
    // else everything below the first screen comes out blank.
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: 1400, height });
    await app()
      .locator("body")
      .evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    await app().locator('[data-testid="recent-decisions"]').waitFor({ timeout: 10_000 });
    const shot = join(OUT, "dashboard.png");
    await page.screenshot({ path: shot, fullPage: true });
    if (process.env.UPDATE_DOCS_SCREENSHOTS === "1") copyFileSync(shot, join(ROOT, "docs", "images", "dashboard.png"));
  });
});
