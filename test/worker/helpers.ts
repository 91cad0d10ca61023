/** Shared helpers for workerd tests: accounts, signed webhooks, the fake Zendesk's control API, polling. */
import { env, SELF } from "cloudflare:test";
import { signZendeskPayload } from "../../worker/intake/signature";
import { TEST_BINDINGS } from "../bindings";

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

export async function postWebhook(rawBody: string, opts: { account?: string; secret?: string; timestampMs?: number; headers?: Record<string, string> } = {}): Promise<Response> {
  const query = opts.account ? `?account=${opts.account}` : "";
  return SELF.fetch(`http://worker/webhooks/zendesk${query}`, {
    method: "POST",
    headers: { ...(await signedHeaders(rawBody, opts)), ...opts.headers },
    body: rawBody,
  });
}

/** A Zendesk event-subscription payload (ticket.created unless overridden). */
export function ticketEvent(ticketId: number, overrides: { type?: string; id?: string; accountId?: number; subject?: string; description?: string; comment?: Record<string, unknown>; updatedAt?: string } = {}) {
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
}

export async function fakeRequests(filter: { method?: string; path: string }): Promise<RecordedRequest[]> {
  const q = new URLSearchParams({ path: filter.path, ...(filter.method ? { method: filter.method } : {}) });
  const res = await fake(`/__fake/requests?${q}`);
  return ((await res.json()) as { requests: RecordedRequest[] }).requests;
}

export async function injectFault(fault: { method?: string; path: string; status: number; times?: number; retryAfter?: number }): Promise<void> {
  const res = await fake("/__fake/faults", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(fault) });
  if (!res.ok) throw new Error(`injectFault: ${res.status} ${await res.text()}`);
}

export async function fakeTicket(id: number): Promise<Record<string, any>> {
  const res = await fake(`/api/v2/tickets/${id}.json`, { headers: { Authorization: `Basic ${btoa("agent@example.com/token:x")}` } });
  return ((await res.json()) as { ticket: Record<string, any> }).ticket;
}

export async function adminTicket(account: string, ticketId: number): Promise<Record<string, any>> {
  const res = await SELF.fetch(`http://worker/admin/tickets/${ticketId}?account=${account}`, { headers: ADMIN });
  return (await res.json()) as Record<string, any>;
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
}
