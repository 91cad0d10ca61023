/** Shared helpers for workerd tests: accounts, signed webhooks, the fake Zendesk's control API, polling. */
import { env, SELF } from "cloudflare:test";
import { signZendeskPayload } from "../../worker/intake/signature";
import { TEST_BINDINGS } from "../bindings";
import { waitFor as pollUntil } from "../wait-for";
import { makeDecision } from "../../worker/triage/make-decision";
import type { decisionView, writebackView } from "../../worker/http/views";
import type { eventsForTicket } from "../../worker/store/events";
import type { TicketSnapshot } from "../../worker/triage/types";
import { signedSlackRequest } from "../../dev/fakes/slack/sign";

export const ADMIN = { Authorization: `Bearer ${TEST_BINDINGS.ADMIN_TOKEN}` };
export const ZENDESK_TEST_SECRET = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==";

let counter = 0;
/** Ticket ids unique per test file run, so parallel files never share fake-Zendesk state. */
export function uniqueTicketId(): number {
  return 200_000 + Math.floor(Math.random() * 700_000_000) + counter++;
}

export function uniqueAccountId(prefix = "acct"): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
}

export async function createAccount(id: string, extra: Record<string, unknown> = {}): Promise<void> {
  const res = await SELF.fetch(`http://worker/admin/accounts/${id}`, {
    method: "PUT",
    headers: { ...ADMIN, "Content-Type": "application/json" },
    body: JSON.stringify({
      name: `Test ${id}`,
      apiBaseUrl: env.FAKE_ZENDESK_URL,
      apiEmail: "agent@example.com",
      secrets: { webhookSigningSecret: ZENDESK_TEST_SECRET, apiToken: "test-api-token" },
      ...extra,
    }),
  });
  if (res.status !== 201 && res.status !== 200) throw new Error(`createAccount ${id}: ${res.status} ${await res.text()}`);
}

export async function putRules(account: string, source: string): Promise<Response> {
  return SELF.fetch(`http://worker/admin/rules?account=${account}`, { method: "PUT", headers: { ...ADMIN, "Content-Type": "application/yaml" }, body: source });
}

export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

export async function signedHeaders(rawBody: string, opts: { secret?: string; timestampMs?: number } = {}): Promise<Record<string, string>> {
  const timestamp = isoSeconds(opts.timestampMs ?? Date.now());
  return {
    "Content-Type": "application/json",
    "X-Zendesk-Webhook-Signature": await signZendeskPayload(opts.secret ?? ZENDESK_TEST_SECRET, timestamp, rawBody),
    "X-Zendesk-Webhook-Signature-Timestamp": timestamp,
  };
}

export async function postWebhook(
  rawBody: string,
  opts: { account?: string; secret?: string; timestampMs?: number; headers?: Record<string, string> } = {},
): Promise<Response> {
  const query = opts.account ? `?account=${opts.account}` : "";
  return SELF.fetch(`http://worker/webhooks/zendesk${query}`, {
    method: "POST",
    headers: { ...(await signedHeaders(rawBody, opts)), ...opts.headers },
    body: rawBody,
  });
}

/** A Zendesk event-subscription payload (ticket.created unless overridden). */
export function ticketEvent(
  ticketId: number,
  overrides: {
    type?: string;
    id?: string;
    accountId?: number;
    subject?: string;
    description?: string;
    comment?: Record<string, unknown>;
    updatedAt?: string;
  } = {},
) {
  return {
    type: overrides.type ?? "zen:event-type:ticket.created",
    account_id: overrides.accountId ?? 1,
    id: overrides.id ?? crypto.randomUUID(),
    time: new Date().toISOString(),
    zendesk_event_version: "2022-11-06",
    subject: `zen:ticket:${ticketId}`,
    detail: {
      id: String(ticketId),
      subject: overrides.subject ?? "Where is my order?",
      description: overrides.description ?? "I ordered a lamp two weeks ago and it has not arrived.",
      status: "NEW",
      priority: null,
      tags: [],
      requester_id: "9000000001",
      organization_id: null,
      updated_at: overrides.updatedAt ?? new Date().toISOString(),
      via: { channel: "web" },
    },
    event: overrides.comment ? { comment: overrides.comment } : {},
  };
}

// --- the fake Zendesk's control API ---------------------------------------------------------------

async function fake(path: string, init?: RequestInit): Promise<Response> {
  return fetch(`${env.FAKE_ZENDESK_URL}${path}`, init);
}

export async function seedTicket(ticket: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await fake("/__fake/tickets", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(ticket) });
  if (!res.ok) throw new Error(`seedTicket: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { ticket: Record<string, unknown> }).ticket;
}

export interface RecordedRequest {
  method: string;
  path: string;
  status: number;
  body: unknown;
  auth?: { kind: string; user?: string };
}

export async function fakeRequests(filter: { method?: string; path: string }): Promise<RecordedRequest[]> {
  const q = new URLSearchParams({ path: filter.path, ...(filter.method ? { method: filter.method } : {}) });
  const res = await fake(`/__fake/requests?${q}`);
  return ((await res.json()) as { requests: RecordedRequest[] }).requests;
}

export async function injectFault(fault: {
  method?: string;
  path: string;
  status: number;
  times?: number;
  retryAfter?: number;
  body?: unknown;
}): Promise<void> {
  const res = await fake("/__fake/faults", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(fault) });
  if (!res.ok) throw new Error(`injectFault: ${res.status} ${await res.text()}`);
}

/** A ticket in the fake Zendesk: the fields tests read, the rest as stored. */
export type FakeTicket = { id: number; tags: string[]; priority: string | null; group_id: number | null } & Record<string, unknown>;

export async function fakeTicket(id: number): Promise<FakeTicket> {
  const res = await fake(`/api/v2/tickets/${id}.json`, { headers: { Authorization: `Basic ${btoa("agent@example.com/token:x")}` } });
  return ((await res.json()) as { ticket: FakeTicket }).ticket;
}

/**
 * GET /admin/tickets/:id (worker/admin/tickets.ts) as JSON. `decision`, `writeback` and `escalation` are null until
 * the pipeline has made them; they are typed non-null because tests wait for them (waitFor) before reading fields.
 */
export interface AdminTicketView {
  account: string;
  ticket: TicketSnapshot & { zendeskUpdatedAt: string | null; updatedAt: string };
  decision: ReturnType<typeof decisionView>;
  writeback: ReturnType<typeof writebackView>;
  escalation: {
    reason: string;
    at: string;
    slackChannel: string | null;
    slackTs: string | null;
    summary: import("../../contract/app-api").EscalationSummary | null;
  };
  events: Awaited<ReturnType<typeof eventsForTicket>>;
}

export async function adminTicket(account: string, ticketId: number): Promise<AdminTicketView> {
  const res = await SELF.fetch(`http://worker/admin/tickets/${ticketId}?account=${account}`, { headers: ADMIN });
  return (await res.json()) as AdminTicketView;
}

/** Polls until `check` returns a value; `timeoutMs` defaults to 20 s. */
export function waitFor<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  return pollUntil(check, what, { timeoutMs });
}

// --- Slack: an account connected to the fake Slack, and requests signed as Slack ----------------------------------

/** A random Slack-style id with the given prefix (C channel, U user, T team, S user group). */
export function slackId(prefix: "C" | "U" | "T" | "S"): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return prefix + Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}

export interface SlackTestAccount {
  account: string;
  teamId: string;
  approvalChannel: string;
  escalationChannel: string;
  signingSecret: string;
  botToken: string;
}

/** Creates an account whose Slack settings point at the fake Slack, in its own team and channels. */
export async function createSlackAccount(
  slack: { approvers?: string[]; approverGroup?: string; zendeskUsers?: Record<string, number>; escalationChannel?: string | null } = {},
  opts: { postAs?: "public" | "internal"; timeoutMinutes?: number } = {},
): Promise<SlackTestAccount> {
  const account = uniqueAccountId("slack");
  const t: SlackTestAccount = {
    account,
    teamId: slackId("T"),
    approvalChannel: slackId("C"),
    escalationChannel: slack.escalationChannel === null ? "" : (slack.escalationChannel ?? slackId("C")),
    signingSecret: `signing-secret-${account}`,
    botToken: `xoxb-test-${account}`,
  };
  await createAccount(account, {
    secrets: { webhookSigningSecret: ZENDESK_TEST_SECRET, apiToken: "test-api-token", slackBotToken: t.botToken, slackSigningSecret: t.signingSecret },
    settings: {
      approval: { postAs: opts.postAs ?? "public", timeoutMinutes: opts.timeoutMinutes ?? 60 },
      slack: {
        teamId: t.teamId,
        approvalChannel: t.approvalChannel,
        ...(t.escalationChannel ? { escalationChannel: t.escalationChannel } : {}),
        approvers: slack.approvers ?? [],
        ...(slack.approverGroup ? { approverGroup: slack.approverGroup } : {}),
        zendeskUsers: slack.zendeskUsers ?? {},
        apiBaseUrl: env.FAKE_SLACK_URL,
      },
    },
  });
  return t;
}

/** POSTs a body to the Worker's Slack endpoint, signed with `secret` (or unsigned, or with a given timestamp). */
export async function postSlack(
  path: "/slack/interactions" | "/slack/events",
  body: string,
  opts: { secret?: string; timestamp?: number; unsigned?: boolean; headers?: Record<string, string> } = {},
): Promise<Response> {
  const url = `http://worker${path}`;
  if (opts.unsigned || !opts.secret) {
    const contentType = body.trimStart().startsWith("{") ? "application/json" : "application/x-www-form-urlencoded";
    return SELF.fetch(url, { method: "POST", headers: { "Content-Type": contentType, ...opts.headers }, body });
  }
  const request = await signedSlackRequest(url, opts.secret, body, {
    ...(opts.timestamp !== undefined ? { timestamp: opts.timestamp } : {}),
    ...(opts.headers ? { headers: opts.headers } : {}),
  });
  return SELF.fetch(request);
}

/** Creates a Zendesk user in the fake Zendesk; returns its id. */
export async function seedZendeskUser(user: { name: string; email: string; role?: "agent" | "admin" | "end-user" }): Promise<number> {
  const res = await fetch(`${env.FAKE_ZENDESK_URL}/__fake/users`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ user: { role: "agent", ...user } }),
  });
  if (!res.ok) throw new Error(`seedZendeskUser: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { user: { id: number } }).user.id;
}

/** A triage decision for tests (route draft unless overridden). */
export function testDecision(overrides: Partial<import("../../worker/triage/types").TriageDecision> = {}): import("../../worker/triage/types").TriageDecision {
  return makeDecision({
    intent: "order_status",
    confidence: 0.87,
    sentiment: "negative",
    language: "en",
    route: "draft",
    reasons: ["rule where-is-my-order matched", "model: order_status 0.87"],
    ...overrides,
  });
}

/**
 * A pending draft in D1 for Slack-side tests (no workflow): the ticket snapshot, a decision (for the intent) and the
 * draft. Returns the ids and the decision.
 */
export async function seedPendingDraft(
  account: string,
  opts: {
    body?: string;
    subject?: string;
    intent?: string;
    citations?: { id: string; title: string; url?: string }[];
    costUsd?: number;
    ticketId?: number;
  } = {},
) {
  const { database } = await import("../../worker/store/db");
  const { saveTicket } = await import("../../worker/store/tickets");
  const { saveDecision } = await import("../../worker/store/decisions");
  const { drafts } = await import("../../db/schema/index");
  const db = database(env.DB);
  const ticketId = opts.ticketId ?? uniqueTicketId();
  const subject = opts.subject ?? "Where is my order?";
  await saveTicket(db, account, ticketId, { subject, description: "I ordered a lamp two weeks ago and it has not arrived. Order #A-1001." });
  const decision = testDecision(opts.intent ? { intent: opts.intent } : {});
  const decisionRow = await saveDecision(db, { accountId: account, ticketId, eventId: null, decision, inputHash: `test-${ticketId}`, latencyMs: 1 });
  const draft = await db
    .insert(drafts)
    .values({
      accountId: account,
      ticketId,
      decisionId: decisionRow.id,
      status: "pending",
      body: opts.body ?? "Hello! Your order A-1001 shipped on Monday and should arrive by Friday. Tracking: 1Z999.",
      citations: opts.citations ?? [{ id: "kb-1", title: "Shipping times", url: "https://help.example.com/articles/1" }],
      confidence: 0.8,
      source: "llm",
      model: "test-model",
      costUsd: opts.costUsd ?? 0.0012,
    })
    .returning()
    .get();
  return { ticketId, subject, decision, draft };
}
