/**
 * Live accuracy and the insight dashboard's API: tickets go through the real webhook → queue → pipeline, agents
 * change (or keep) their values in the fake Zendesk and solve them, the status_changed webhook arrives, and each
 * decision's outcome at close is stored and counted. The dashboard route is for Zendesk admins only: the Worker
 * asks the fake's Users API for the token user's role. Drift and the week axis are checked as pure functions.
 */
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { InsightStats, InsightWeek } from "../../contract/insight-api";
import { compareAtClose, finalValues, firstResponseMinutes, labelSourceFor } from "../../worker/insight/accuracy";
import { detectDrift, totalVariation } from "../../worker/insight/drift";
import { modelFitView } from "../../worker/insight/model-fit";
import { isoWeekLabel, lastWeeks } from "../../worker/insight/weeks";
import type { ReplayReport } from "../../worker/replay/report";
import { signSidebarToken } from "../../worker/sidebar/token";
import { database } from "../../worker/store/db";
import { latestDecision } from "../../worker/store/decisions";
import { outcomeForDecision } from "../../worker/store/insight";
import { parseTaxonomy } from "../../worker/triage/intents/schema";
import {
  ADMIN,
  adminTicket,
  createAccount,
  postWebhook,
  putRules,
  seedTicket,
  seedZendeskUser,
  ticketEvent,
  uniqueAccountId,
  uniqueTicketId,
  waitFor,
  ZENDESK_TEST_SECRET,
} from "./helpers";

const account = uniqueAccountId("insight");
const SECRET = "insight-sidebar-secret-0123456789abcdef";

const RULES = `
rules:
  - id: parcel
    when: { text: { keywords: [parcel] } }
    then: { intent: track_order, route: auto, priority: high }
`;

const AGENT_AUTH = { Authorization: `Basic ${btoa("agent@example.com/token:x")}`, "Content-Type": "application/json" };

async function agentUpdate(ticketId: number, ticket: Record<string, unknown>) {
  const res = await fetch(`${env.FAKE_ZENDESK_URL}/api/v2/tickets/${ticketId}.json`, { method: "PUT", headers: AGENT_AUTH, body: JSON.stringify({ ticket }) });
  if (!res.ok) throw new Error(`agent update ${ticketId}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { ticket: { status: string; tags: string[]; updated_at: string } }).ticket;
}

async function triaged(subject: string, createdAt: string): Promise<number> {
  const id = uniqueTicketId();
  const description = "The parcel I ordered two weeks ago has not arrived yet.";
  await seedTicket({ id, subject, description, tags: ["web"], created_at: createdAt });
  expect((await postWebhook(JSON.stringify(ticketEvent(id, { subject, description })), { account })).status).toBe(202);
  await waitFor(async () => ((await adminTicket(account, id)).writeback?.status === "succeeded" ? true : undefined), `triage of ${id}`);
  return id;
}

/** What Zendesk's event subscription sends when a ticket is solved (the fake sends the same: dev/fakes/zendesk/webhooks.ts). */
async function statusChanged(ticketId: number, ticket: { status: string; tags: string[]; updated_at: string }) {
  const body = ticketEvent(ticketId, { type: "zen:event-type:ticket.status_changed", updatedAt: ticket.updated_at });
  const payload = {
    ...body,
    detail: { ...body.detail, status: ticket.status.toUpperCase(), tags: ticket.tags },
    event: { current: "SOLVED", previous: "OPEN" },
  };
  expect((await postWebhook(JSON.stringify(payload), { account })).status).toBe(202);
}

async function outcome(ticketId: number) {
  const db = database(env.DB);
  const decision = (await latestDecision(db, account, ticketId))!;
  return waitFor(() => outcomeForDecision(db, account, decision.id), `outcome of ${ticketId}`);
}

async function appStats(userId: number, path = "/app/insight/stats"): Promise<Response> {
  const token = await signSidebarToken(
    SECRET,
    { account, sub: String(userId), name: "Someone", req: `GET ${path}` },
    { nowS: Math.floor(Date.now() / 1000), expiresInS: 300 },
  );
  return SELF.fetch(`http://worker${path}`, { headers: { Authorization: `Bearer ${token}` } });
}

let kept = 0;
let relabelled = 0;

beforeAll(async () => {
  await createAccount(account, { secrets: { webhookSigningSecret: ZENDESK_TEST_SECRET, apiToken: "test-api-token", sidebarSecret: SECRET } });
  expect((await putRules(account, RULES)).status).toBe(200);
  const hourAgo = new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d+Z$/, "Z");
  kept = await triaged("Parcel missing", hourAgo);
  relabelled = await triaged("Parcel question", hourAgo);

  // Agent 1 answers publicly and solves, leaving triage's intent and priority as they were.
  const a = await agentUpdate(kept, { comment: { body: "It is on its way.", public: true }, status: "solved" });
  // Agent 2 relabels the ticket (the intent tag, as the sidebar's correction would), lowers the priority, solves.
  const b = await agentUpdate(relabelled, {
    remove_tags: ["intent__track_order"],
    additional_tags: ["intent__get_refund"],
    priority: "normal",
    status: "solved",
  });
  await statusChanged(kept, a);
  await statusChanged(relabelled, b);
}, 60_000);

describe("accuracy at close", () => {
  it("stores a correct outcome for a ticket solved with triage's values", async () => {
    const row = await outcome(kept);
    expect(row).toMatchObject({
      ticketId: kept,
      status: "solved",
      intent: "track_order",
      finalIntent: "track_order",
      intentVerdict: "correct",
      priority: "high",
      finalPriority: "high",
      priorityVerdict: "correct",
      // No rule set a group: nothing of triage's to judge.
      groupVerdict: "unknown",
      correct: true,
      drafted: false,
    });
    // The agent's public reply came about an hour after the ticket was created.
    expect(row.firstResponseMinutes).toBeGreaterThan(55);
    expect(row.firstResponseMinutes).toBeLessThan(75);
  });

  it("stores what agents changed by close: the intent tag and the priority", async () => {
    const row = await outcome(relabelled);
    expect(row).toMatchObject({
      intent: "track_order",
      finalIntent: "get_refund",
      intentVerdict: "changed",
      priorityVerdict: "changed",
      finalPriority: "normal",
      correct: false,
      firstResponseMinutes: null,
    });
  });

  it("does not triage a solved ticket again, and records one outcome per decision on redelivery", async () => {
    const before = await outcome(kept);
    const ticket = await adminTicket(account, kept);
    const statusEvents = ticket.events.filter((e) => e.eventType === "zen:event-type:ticket.status_changed");
    expect(statusEvents.length).toBeGreaterThanOrEqual(1);
    await waitFor(async () => {
      const events = (await adminTicket(account, kept)).events.filter((e) => e.eventType === "zen:event-type:ticket.status_changed");
      return events.every((e) => e.status === "skipped") ? events : undefined;
    }, "status events settled");
    expect(ticket.decision?.id).toBe(before.decisionId);
  });

  it("counts them in the dashboard's figures: accuracy 1 of 2 this week, and each decision with its trace id", async () => {
    const res = await SELF.fetch(`http://worker/admin/insight/stats?account=${account}`, { headers: ADMIN });
    expect(res.status).toBe(200);
    const stats = (await res.json()) as InsightStats;
    expect(stats.weeks).toHaveLength(8);
    const week = stats.weeks.at(-1)!;
    expect(week).toMatchObject({ week: isoWeekLabel(Date.now()), decisions: 2, decided: 2, coverage: 1, closed: 2, correct: 1, accuracy: 0.5 });
    expect(stats.containment).toEqual({ tickets: 2, contained: 2, rate: 1 });
    expect(stats.modelFit).toBeNull();
    const recent = stats.recent.filter((r) => r.ticketId === kept || r.ticketId === relabelled);
    expect(recent.map((r) => r.outcome).sort()).toEqual(["changed", "correct"]);
    for (const r of recent) expect(r.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(recent.find((r) => r.ticketId === relabelled)?.finalIntent).toBe("get_refund");
  });
});

describe("the dashboard route is for admins only", () => {
  it("answers an admin", async () => {
    const adminId = await seedZendeskUser({ name: "Avery Admin", email: `avery-${account}@example.com`, role: "admin" });
    const res = await appStats(adminId);
    expect(res.status).toBe(200);
    expect(((await res.json()) as InsightStats).accountId).toBe(account);
  });

  it("refuses an agent with 403 JSON, whatever the app claims about the role", async () => {
    const agentId = await seedZendeskUser({ name: "Riley Agent", email: `riley-${account}@example.com`, role: "agent" });
    const token = await signSidebarToken(
      SECRET,
      { account, sub: String(agentId), name: "Riley", role: "admin", req: "GET /app/insight/stats" },
      { nowS: Math.floor(Date.now() / 1000), expiresInS: 300 },
    );
    const res = await SELF.fetch("http://worker/app/insight/stats", { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(403);
    expect(res.headers.get("Content-Type")).toContain("application/json");
    expect(await res.json()).toMatchObject({ error: "admin_only" });
  });

  it("refuses a user Zendesk does not know", async () => {
    const res = await appStats(987654321012);
    expect(res.status).toBe(403);
  });

  it("still needs a valid ZAF token", async () => {
    const res = await SELF.fetch("http://worker/app/insight/stats");
    expect(res.status).toBe(401);
  });
});

describe("pure parts", () => {
  const taxonomy = parseTaxonomy({
    intents: [
      { id: "track_order", name: "Track order", description: "Where is my order" },
      { id: "get_refund", name: "Refund", description: "Money back", zendesk: { field_value: "refund_me" } },
    ],
  });

  it("reads the final intent from the intent field when the account maps one", () => {
    const ticket = {
      id: 1,
      subject: "s",
      description: "d",
      status: "closed",
      priority: "low",
      tags: ["intent__track_order"],
      group_id: 7,
      custom_fields: [{ id: 55, value: "refund_me" }],
    };
    const final = finalValues(ticket, taxonomy, labelSourceFor(55))!;
    expect(final).toEqual({ intent: "get_refund", priority: "low", groupId: 7 });
    expect(compareAtClose({ intent: "get_refund", priority: "low", groupId: 7 }, final)).toMatchObject({ intent: "correct", group: "correct", correct: true });
    expect(compareAtClose({ intent: "get_refund", priority: "low", groupId: 8 }, final)).toMatchObject({ group: "changed", correct: false });
    expect(finalValues({ ...ticket, status: "open" }, taxonomy, labelSourceFor(55))).toBeNull();
  });

  it("leaves two intent tags (no single answer) unknown rather than wrong", () => {
    const ticket = { id: 1, subject: "s", description: "d", status: "solved", tags: ["intent__track_order", "intent__get_refund"] };
    const final = finalValues(ticket, taxonomy, labelSourceFor(undefined))!;
    expect(compareAtClose({ intent: "track_order", priority: null, groupId: null }, final)).toMatchObject({ intent: "unknown", correct: null });
  });

  it("times the first public reply by anyone but the requester", () => {
    const comments = [
      { author_id: 1, public: true, created_at: "2026-12-01T10:00:00Z" },
      { author_id: 2, public: false, created_at: "2026-12-01T10:05:00Z" },
      { author_id: 2, public: true, created_at: "2026-12-01T10:30:00Z" },
    ];
    expect(firstResponseMinutes("2026-12-01T10:00:00Z", 1, comments)).toBe(30);
    expect(firstResponseMinutes("2026-12-01T10:00:00Z", 1, comments.slice(0, 2))).toBeNull();
  });

  it("numbers ISO weeks (Monday start, the year of the week's Thursday)", () => {
    expect(isoWeekLabel(Date.parse("2026-12-03T12:00:00Z"))).toBe("2026-W49");
    expect(isoWeekLabel(Date.parse("2027-01-01T12:00:00Z"))).toBe("2026-W53");
    expect(lastWeeks(Date.parse("2026-12-03T12:00:00Z"), 2).map((w) => w.start)).toEqual(["2026-11-23", "2026-11-30"]);
  });

  const week = (w: string, closed: number, correct: number, decided = 20): InsightWeek => ({
    week: w,
    start: "",
    decisions: decided,
    decided,
    coverage: 1,
    closed,
    correct,
    accuracy: closed ? correct / closed : null,
  });

  it("flags a 10-point drop in accuracy week over week, only with enough closed tickets", () => {
    const mix = new Map([
      ["W1", new Map([["a", 20]])],
      ["W2", new Map([["a", 20]])],
    ]);
    expect(detectDrift([week("W1", 20, 18), week("W2", 20, 16)], mix)).toMatchObject({ flagged: true, signals: [{ kind: "accuracy_drop", week: "W2" }] });
    expect(detectDrift([week("W1", 20, 18), week("W2", 20, 17)], mix).signals).toEqual([]);
    expect(detectDrift([week("W1", 20, 18), week("W2", 5, 1)], mix).signals).toEqual([]);
  });

  it("flags a shift in the intent mix (total variation ≥ 30%)", () => {
    const a = new Map([
      ["x", 10],
      ["y", 10],
    ]);
    const b = new Map([
      ["x", 17],
      ["y", 3],
    ]);
    expect(totalVariation(a, b)).toBeCloseTo(0.35);
    const drift = detectDrift(
      [week("W1", 0, 0), week("W2", 0, 0)],
      new Map([
        ["W1", a],
        ["W2", b],
      ]),
    );
    expect(drift.signals).toMatchObject([{ kind: "intent_mix_shift", week: "W2" }]);
  });

  it("turns a replay report into the model-fit view with tier shares", () => {
    const figures = (tickets: number, correct: number) => ({ tickets, labelled: tickets, decided: tickets, correct, coverage: 1, accuracy: correct / tickets });
    const report = {
      replayId: "r1",
      accountId: account,
      importId: "i1",
      createdAt: "2026-12-01T00:00:00Z",
      modelVersion: "m1",
      rulesVersion: 1,
      taxonomyVersion: 1,
      llmMode: "estimate",
      overall: figures(10, 8),
      perIntent: [{ intent: "track_order", name: "Track order", ...figures(10, 8) }],
      tiers: { rule: figures(2, 2), model: figures(6, 5), llm: figures(2, 1), none: figures(0, 0) },
      routes: { auto: 10, draft: 0, escalate: 0, ignore: 0 },
      priority: { compared: 0, matched: 0, accuracy: null },
      group: { compared: 0, matched: 0, accuracy: null },
      llm: { calls: 2, costUsd: 0.001 },
      ruleHits: [],
      misses: [],
    } satisfies ReplayReport;
    const view = modelFitView(report);
    expect(view.tierShares).toEqual([
      { tier: "rule", tickets: 2, share: 0.2 },
      { tier: "model", tickets: 6, share: 0.6 },
      { tier: "llm", tickets: 2, share: 0.2 },
      { tier: "none", tickets: 0, share: 0 },
    ]);
  });
});
