import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeZendesk, type FakeZendesk } from "../../dev/fakes/zendesk/server";

const EMAIL = "triage-bot@example.com";
const TOKEN = "tok-3f9a1c77e2d84b6b";
const BASIC = `Basic ${Buffer.from(`${EMAIL}/token:${TOKEN}`).toString("base64")}`;
const WEBHOOK_SECRET = "whsec-test-8c1d0e";

// Response bodies are untyped JSON, asserted field by field.
// biome-ignore lint/suspicious/noExplicitAny: deep reads of arbitrary response JSON (50+ paths); expect() checks each at run time.
type Json = any;

async function call(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { Authorization: BASIC, ...(body !== undefined ? { "Content-Type": "application/json" } : {}), ...headers },
    ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let json: Json;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, headers: res.headers, json };
}

async function waitFor<T>(fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 25));
  }
}

interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
  json: Json;
}

/** A webhook receiver: answers with the queued statuses (then 200) and keeps what it got. */
async function startReceiver() {
  const received: Received[] = [];
  const statuses: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      received.push({ headers: req.headers, raw, json: JSON.parse(raw) });
      res.writeHead(statuses.shift() ?? 200, { "Content-Type": "application/json" });
      res.end("{}");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/zendesk/webhook`;
  return {
    url,
    received,
    statuses,
    forTicket: (id: number, type: string) => received.filter((r) => r.json.subject === `zen:ticket:${id}` && r.json.type === type),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

function verifySignature(r: Received, secret: string): boolean {
  const ts = r.headers["x-zendesk-webhook-signature-timestamp"];
  const sig = r.headers["x-zendesk-webhook-signature"];
  if (typeof ts !== "string" || typeof sig !== "string") return false;
  const expected = createHmac("sha256", secret)
    .update(ts + r.raw)
    .digest();
  const given = Buffer.from(sig, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe("fake Zendesk", () => {
  let fake: FakeZendesk;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const logs: string[] = [];
  const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(fake.url, method, path, body, headers);
  const control = (method: string, path: string, body?: unknown) => call(fake.url, method, `/__fake${path}`, body);

  beforeAll(async () => {
    receiver = await startReceiver();
    fake = await startFakeZendesk({
      subdomain: "acme",
      accountId: 4242,
      webhook: { url: receiver.url, secret: WEBHOOK_SECRET },
      webhookRetryDelaysMs: [20, 20],
      log: (line) => logs.push(line),
      seed: {
        users: [{ id: 501, name: "Casey Customer", email: "casey@customer.example", organization_id: 601 }],
        organizations: [{ id: 601, name: "Customer Co", tags: ["gold"] }],
      },
    });
  });

  afterAll(async () => {
    await fake?.close();
    await receiver?.close();
  });

  it("listens on 127.0.0.1 and answers JSON 404 for unknown routes", async () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await api("GET", "/api/v2/nothing-here.json");
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.json).toEqual({ error: "InvalidEndpoint", description: "Not found" });
  });

  it("requires authentication", async () => {
    await control("POST", "/tickets", { id: 10001, subject: "Auth", description: "hi", requester_id: 501 });
    for (const header of [undefined, "Basic !!!", `Basic ${Buffer.from("no-token-form:pw").toString("base64")}`, "Token abc", "Bearer"]) {
      const res = await fetch(`${fake.url}/api/v2/tickets/10001.json`, header ? { headers: { Authorization: header } } : {});
      expect(res.status, String(header)).toBe(401);
      expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(await res.json()).toEqual({ error: "Couldn't authenticate you" });
    }
    expect((await api("GET", "/api/v2/tickets/10001.json")).status).toBe(200);
    expect((await api("GET", "/api/v2/tickets/10001.json", undefined, { Authorization: "Bearer oauth-xyz" })).status).toBe(200);
    const missing = await api("GET", "/api/v2/tickets/99999999.json");
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: "RecordNotFound", description: "Not found" });
  });

  it("is strict about credentials when given credentials", async () => {
    const strict = await startFakeZendesk({ credentials: { email: EMAIL, apiToken: TOKEN } });
    try {
      const wrong = `Basic ${Buffer.from(`${EMAIL}/token:nope`).toString("base64")}`;
      expect((await call(strict.url, "GET", "/api/v2/users/me.json", undefined, { Authorization: wrong })).status).toBe(401);
      expect((await call(strict.url, "GET", "/api/v2/users/me.json", undefined, { Authorization: "Bearer x" })).status).toBe(401);
      const me = await call(strict.url, "GET", "/api/v2/users/me.json");
      expect(me.status).toBe(200);
      expect(me.json.user).toMatchObject({ email: EMAIL, role: "agent" });
    } finally {
      await strict.close();
    }
  });

  it("creates, reads and updates a ticket with Zendesk's shapes", async () => {
    const created = await api("POST", "/api/v2/tickets.json", {
      ticket: {
        subject: "My printer is on fire",
        comment: { body: "The smoke is very colorful." },
        requester: { name: "Pat Printer", email: "pat@printer.example" },
        priority: "high",
        tags: ["hardware", "Fire"],
        custom_fields: [{ id: 360001, value: "emea" }],
      },
    });
    expect(created.status).toBe(201);
    const t = created.json.ticket;
    expect(created.headers.get("location")).toBe(t.url);
    expect(t).toMatchObject({
      id: expect.any(Number),
      url: `${fake.url}/api/v2/tickets/${t.id}.json`,
      external_id: null,
      type: null,
      subject: "My printer is on fire",
      raw_subject: "My printer is on fire",
      description: "The smoke is very colorful.",
      priority: "high",
      status: "new",
      assignee_id: null,
      group_id: null,
      organization_id: null,
      tags: ["hardware", "fire"],
      custom_fields: [{ id: 360001, value: "emea" }],
      via: { channel: "api", source: { from: {}, to: {}, rel: null } },
    });
    expect(t.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(t.updated_at).toBe(t.created_at);
    expect(created.json.audit).toMatchObject({ ticket_id: t.id, events: expect.any(Array) });

    const requester = await api("GET", `/api/v2/users/${t.requester_id}.json`);
    expect(requester.json.user).toMatchObject({ name: "Pat Printer", email: "pat@printer.example", role: "end-user" });

    const got = await api("GET", `/api/v2/tickets/${t.id}.json`);
    expect(got.json).toEqual({ ticket: t });

    const updated = await api("PUT", `/api/v2/tickets/${t.id}.json`, {
      ticket: {
        additional_tags: ["intent__outage", "priority__p1"],
        remove_tags: ["hardware"],
        priority: "urgent",
        status: "open",
        group_id: 777,
        custom_fields: [{ id: 360002, value: "billing" }],
        comment: { body: "Triage: outage (rule R12)", public: false },
      },
    });
    expect(updated.status).toBe(200);
    const u = updated.json.ticket;
    expect(u.tags).toEqual(["fire", "intent__outage", "priority__p1"]);
    expect(u).toMatchObject({ priority: "urgent", status: "open", group_id: 777 });
    expect(u.custom_fields).toEqual([
      { id: 360001, value: "emea" },
      { id: 360002, value: "billing" },
    ]);
    const audit = updated.json.audit;
    expect(audit).toMatchObject({ ticket_id: t.id, author_id: expect.any(Number), created_at: u.updated_at });
    expect(audit.events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: "Change", field_name: "tags", previous_value: ["hardware", "fire"] }),
        expect.objectContaining({ type: "Change", field_name: "priority", value: "urgent", previous_value: "high" }),
        expect.objectContaining({ type: "Comment", body: "Triage: outage (rule R12)", public: false }),
      ]),
    );

    const comments = await api("GET", `/api/v2/tickets/${t.id}/comments.json`);
    expect(comments.status).toBe(200);
    expect(comments.json).toMatchObject({ next_page: null, previous_page: null, count: 2 });
    expect(comments.json.comments[0]).toMatchObject({
      type: "Comment",
      body: "The smoke is very colorful.",
      plain_body: "The smoke is very colorful.",
      html_body: expect.stringContaining("<p>The smoke is very colorful.</p>"),
      public: true,
      via: { channel: "api" },
    });
    const me = (await api("GET", "/api/v2/users/me.json")).json.user;
    expect(comments.json.comments[1]).toMatchObject({ body: "Triage: outage (rule R12)", public: false, author_id: me.id });
    expect(Object.keys(comments.json.comments[1]).sort()).toEqual(
      expect.arrayContaining(["id", "type", "author_id", "body", "html_body", "plain_body", "public", "created_at", "via"]),
    );
  });

  it("turns html_body into body and honours author_id", async () => {
    await control("POST", "/tickets", { id: 10002, subject: "HTML", description: "hi", requester_id: 501 });
    const res = await api("PUT", "/api/v2/tickets/10002.json", {
      ticket: { comment: { html_body: "<p>Hello <b>there</b> &amp; welcome</p>", author_id: 501 } },
    });
    expect(res.status).toBe(200);
    const comments = (await api("GET", "/api/v2/tickets/10002/comments.json")).json.comments;
    expect(comments[1]).toMatchObject({ body: "Hello there & welcome", author_id: 501, public: true });
  });

  it("safe_update: 409 on a stale stamp, success with a fresh one", async () => {
    await control("POST", "/tickets", { id: 10003, subject: "Safe", description: "hi", requester_id: 501 });
    const first = (await api("GET", "/api/v2/tickets/10003.json")).json.ticket;
    const bump = await api("PUT", "/api/v2/tickets/10003.json", { ticket: { additional_tags: ["someone_else"] } });
    expect(bump.status).toBe(200);

    const stale = await api("PUT", "/api/v2/tickets/10003.json", {
      ticket: { additional_tags: ["mine"], safe_update: true, updated_stamp: first.updated_at },
    });
    expect(stale.status).toBe(409);
    expect(stale.json).toEqual({
      error: "UpdateConflict",
      description: "Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again.",
    });
    expect((await api("GET", "/api/v2/tickets/10003.json")).json.ticket.tags).not.toContain("mine");

    const fresh = (await api("GET", "/api/v2/tickets/10003.json")).json.ticket;
    const ok = await api("PUT", "/api/v2/tickets/10003.json", {
      ticket: { additional_tags: ["mine"], safe_update: true, updated_stamp: fresh.updated_at },
    });
    expect(ok.status).toBe(200);
    expect(ok.json.ticket.tags).toContain("mine");
    expect(ok.json.ticket.tags).toContain("someone_else");
  });

  it("bumps updated_at strictly, even within one second", async () => {
    await control("POST", "/tickets", { id: 10004, subject: "Clock", description: "hi", requester_id: 501 });
    const stamps: string[] = [(await api("GET", "/api/v2/tickets/10004.json")).json.ticket.updated_at];
    for (let i = 0; i < 4; i++) {
      const res = await api("PUT", "/api/v2/tickets/10004.json", { ticket: { comment: { body: `note ${i}`, public: false } } });
      stamps.push(res.json.ticket.updated_at);
    }
    for (let i = 1; i < stamps.length; i++) {
      expect(Date.parse(stamps[i] as string)).toBeGreaterThan(Date.parse(stamps[i - 1] as string));
      expect(stamps[i]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
    // A no-op update changes nothing.
    const last = stamps[stamps.length - 1];
    const noop = await api("PUT", "/api/v2/tickets/10004.json", { ticket: { status: "new" } });
    expect(noop.json.ticket.updated_at).toBe(last);
  });

  it("answers 422 for invalid fields and 400 for malformed JSON", async () => {
    await control("POST", "/tickets", { id: 10005, subject: "Invalid", description: "hi", requester_id: 501 });
    const cases: Array<[unknown, string]> = [
      [{ ticket: { priority: "super-high" } }, "priority"],
      [{ ticket: { status: "done" } }, "status"],
      [{ ticket: { tags: "a,b" } }, "tags"],
      [{ ticket: { additional_tags: "a" } }, "additional_tags"],
      [{ ticket: { comment: { public: false } } }, "comment"],
      [{ ticket: { comment: { body: "   " } } }, "comment"],
      [{ ticket: { custom_fields: [{ value: 1 }] } }, "custom_fields"],
    ];
    for (const [body, field] of cases) {
      const res = await api("PUT", "/api/v2/tickets/10005.json", body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.json).toMatchObject({ error: "RecordInvalid", description: "Record validation errors" });
      expect(res.json.details[field]?.[0]?.description, JSON.stringify(body)).toEqual(expect.any(String));
    }
    const createNoComment = await api("POST", "/api/v2/tickets.json", { ticket: { subject: "x" } });
    expect(createNoComment.status).toBe(422);
    expect(createNoComment.json.details.description).toBeDefined();

    const malformed = await api("PUT", "/api/v2/tickets/10005.json", "{ticket: nope");
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect((await api("PUT", "/api/v2/tickets/10005.json", { nothing: 1 })).status).toBe(400);
    expect((await api("PUT", "/api/v2/tickets/10005.json", [1, 2])).status).toBe(400);
    // Nothing was applied.
    const comments = (await api("GET", "/api/v2/tickets/10005/comments.json")).json;
    expect(comments.count).toBe(1);
  });

  it("refuses bodies over the size limit with 413", async () => {
    const big = JSON.stringify({ ticket: { comment: { body: "x".repeat(1024 * 1024 + 10) } } });
    const res = await api("PUT", "/api/v2/tickets/10005.json", big);
    expect(res.status).toBe(413);
    // The server still serves afterwards.
    expect((await api("GET", "/api/v2/users/me.json")).status).toBe(200);
  });

  it("faults: 429 with Retry-After, then the real answer", async () => {
    await control("POST", "/tickets", { id: 10006, subject: "Faults", description: "hi", requester_id: 501 });
    const added = await control("POST", "/faults", { method: "PUT", path: "/api/v2/tickets/10006.json", status: 429, retryAfter: 7 });
    expect(added.status).toBe(201);
    // A different ticket is not affected.
    await control("POST", "/tickets", { id: 10007, subject: "Bystander", description: "hi", requester_id: 501 });
    expect((await api("PUT", "/api/v2/tickets/10007.json", { ticket: { additional_tags: ["x"] } })).status).toBe(200);

    const limited = await api("PUT", "/api/v2/tickets/10006.json", { ticket: { additional_tags: ["x"] } });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
    expect(limited.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect((await api("GET", "/api/v2/tickets/10006.json")).json.ticket.tags).toEqual([]);
    const ok = await api("PUT", "/api/v2/tickets/10006.json", { ticket: { additional_tags: ["x"] } });
    expect(ok.status).toBe(200);
    expect(ok.json.ticket.tags).toEqual(["x"]);

    const recorded = (await control("GET", "/requests?method=PUT&path=/api/v2/tickets/10006.json")).json.requests;
    expect(recorded.map((r: Json) => r.status)).toEqual([429, 200]);
  });

  it("faults: 500 N times by regex, then success", async () => {
    await control("POST", "/tickets", { id: 10008, subject: "Flaky", description: "hi", requester_id: 501 });
    await control("POST", "/faults", { path: "^/api/v2/tickets/10008(/comments)?\\.json$", pathRegex: true, status: 500, times: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await api("GET", "/api/v2/tickets/10008.json")).status);
    expect(statuses).toEqual([500, 500, 500, 200]);
    const faults = (await control("GET", "/faults")).json.faults;
    expect(faults.filter((f: Json) => f.path.includes("10008"))).toEqual([]);
  });

  it("records requests without tokens, and never logs them", async () => {
    await control("POST", "/tickets", { id: 10009, subject: "Rec", description: "hi", requester_id: 501 });
    await api("PUT", "/api/v2/tickets/10009.json?async=false", { ticket: { additional_tags: ["rec"] } });
    await api("GET", "/api/v2/tickets/10009.json", undefined, { Authorization: "Bearer oauth-secret-999" });
    const all = (await control("GET", "/requests?pathPrefix=/api/v2/tickets/10009")).json.requests;
    expect(all).toHaveLength(2);
    expect(all[0]).toMatchObject({
      seq: expect.any(Number),
      method: "PUT",
      path: "/api/v2/tickets/10009.json",
      query: { async: "false" },
      auth: { kind: "basic", user: EMAIL },
      body: { ticket: { additional_tags: ["rec"] } },
      status: 200,
      at: expect.any(String),
    });
    expect(all[1].auth).toEqual({ kind: "bearer" });
    const everything = JSON.stringify((await control("GET", "/requests")).json) + logs.join("\n");
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain("oauth-secret-999");
    expect(everything).not.toContain(Buffer.from(`${EMAIL}/token:${TOKEN}`).toString("base64"));
    expect(logs.join("\n")).not.toContain(WEBHOOK_SECRET);

    const removed = await control("DELETE", "/requests?pathPrefix=/api/v2/tickets/10009");
    expect(removed.json.removed).toBe(2);
  });

  it("sends a signed ticket.created webhook in Zendesk's event shape", async () => {
    const created = await api("POST", "/api/v2/tickets.json", {
      ticket: { subject: "Webhook please", comment: { body: "Where is my refund?" }, requester_id: 501, priority: "high" },
    });
    const t = created.json.ticket;
    const got = await waitFor(() => receiver.forTicket(t.id, "zen:event-type:ticket.created")[0]);
    expect(verifySignature(got, WEBHOOK_SECRET)).toBe(true);
    expect(verifySignature(got, "wrong-secret")).toBe(false);
    expect(got.headers["content-type"]).toBe("application/json");
    expect(got.headers["user-agent"]).toBe("Zendesk Webhook");
    expect(got.headers["x-zendesk-webhook-signature-timestamp"]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(got.headers["x-zendesk-webhook-id"]).toMatch(/^01[0-9A-Z]{24}$/);
    expect(got.headers["x-zendesk-webhook-invocation-id"]).toEqual(expect.any(String));
    expect(got.json).toEqual({
      type: "zen:event-type:ticket.created",
      account_id: 4242,
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      time: expect.any(String),
      zendesk_event_version: "2022-11-06",
      subject: `zen:ticket:${t.id}`,
      detail: {
        actor_id: expect.any(String),
        assignee_id: null,
        brand_id: expect.any(String),
        created_at: t.created_at,
        custom_status: expect.any(String),
        description: "Where is my refund?",
        external_id: null,
        form_id: expect.any(String),
        group_id: null,
        id: String(t.id),
        is_public: true,
        organization_id: "601",
        priority: "HIGH",
        requester_id: "501",
        status: "NEW",
        subject: "Webhook please",
        submitter_id: expect.any(String),
        tags: [],
        type: null,
        updated_at: t.updated_at,
        via: { channel: "web_service" },
      },
      event: { meta: { sequence: { id: expect.any(String), position: 1, total: 1 } } },
    });
    const deliveries = (await control("GET", `/webhook-deliveries?ticket_id=${t.id}`)).json.deliveries;
    expect(deliveries[0]).toMatchObject({ type: "zen:event-type:ticket.created", status: 200, ok: true, attempt: 1 });
    expect(JSON.stringify(deliveries)).not.toContain(WEBHOOK_SECRET);
  });

  it("sends comment_added for PUT comments (internal notes too) with the author", async () => {
    await control("POST", "/tickets", { id: 10010, subject: "Notes", description: "hi", requester_id: 501 });
    await api("PUT", "/api/v2/tickets/10010.json", { ticket: { comment: { body: "internal triage note", public: false } } });
    const got = await waitFor(() => receiver.forTicket(10010, "zen:event-type:ticket.comment_added")[0]);
    expect(verifySignature(got, WEBHOOK_SECRET)).toBe(true);
    expect(got.json.event.comment).toMatchObject({
      body: "internal triage note",
      is_public: false,
      id: expect.any(String),
      author: { id: expect.any(String), is_staff: true, name: expect.any(String) },
    });
    // Seeding through the control API sends nothing.
    expect(receiver.forTicket(10010, "zen:event-type:ticket.created")).toHaveLength(0);
  });

  it("customer-reply adds a public end-user comment and fires comment_added", async () => {
    await control("POST", "/tickets", { id: 10011, subject: "Reply", description: "hi", requester_id: 501, status: "pending" });
    const reply = await control("POST", "/tickets/10011/customer-reply", { body: "Still broken, please help!" });
    expect(reply.status).toBe(201);
    expect(reply.json.ticket.status).toBe("open");
    const got = await waitFor(() => receiver.forTicket(10011, "zen:event-type:ticket.comment_added")[0]);
    expect(verifySignature(got, WEBHOOK_SECRET)).toBe(true);
    expect(got.json.detail).toMatchObject({ id: "10011", status: "OPEN", requester_id: "501", actor_id: "501" });
    expect(got.json.event.comment).toEqual({
      id: String(reply.json.comment.id),
      body: "Still broken, please help!",
      is_public: true,
      author: { id: "501", is_staff: false, name: "Casey Customer" },
    });
    const comments = (await api("GET", "/api/v2/tickets/10011/comments.json")).json.comments;
    expect(comments.at(-1)).toMatchObject({ author_id: 501, public: true, via: { channel: "web" } });
  });

  it("retries a failing webhook delivery and records each attempt", async () => {
    await control("GET", "/webhook-deliveries?wait=1"); // nothing else in flight takes the 503
    receiver.statuses.push(503);
    await control("POST", "/tickets", { id: 10012, subject: "Retry", description: "hi", requester_id: 501 });
    await control("POST", "/tickets/10012/customer-reply", { body: "hello?" });
    await waitFor(() => (receiver.forTicket(10012, "zen:event-type:ticket.comment_added").length >= 2 ? true : undefined));
    const deliveries = (await control("GET", "/webhook-deliveries?ticket_id=10012&wait=1")).json.deliveries;
    expect(deliveries.map((d: Json) => [d.attempt, d.status, d.ok])).toEqual([
      [1, 503, false],
      [2, 200, true],
    ]);
    const [a, b] = receiver.forTicket(10012, "zen:event-type:ticket.comment_added");
    expect(a?.json.id).toBe(b?.json.id);
  });

  it("lists tickets newest first with pagination", async () => {
    const page = await api("GET", "/api/v2/tickets.json?per_page=2");
    expect(page.status).toBe(200);
    expect(page.json.tickets).toHaveLength(2);
    expect(page.json.count).toBeGreaterThan(2);
    expect(page.json.previous_page).toBeNull();
    expect(page.json.next_page).toBe(`${fake.url}/api/v2/tickets.json?per_page=2&page=2`);
    const [x, y] = page.json.tickets;
    expect(x.created_at >= y.created_at).toBe(true);
    const next = await api("GET", new URL(page.json.next_page).pathname + new URL(page.json.next_page).search);
    expect(next.json.previous_page).toContain("page=1");
  });

  it("serves users, user search, organizations", async () => {
    const user = await api("GET", "/api/v2/users/501.json");
    expect(user.json.user).toMatchObject({
      id: 501,
      name: "Casey Customer",
      email: "casey@customer.example",
      role: "end-user",
      tags: [],
      organization_id: 601,
    });
    const found = await api("GET", `/api/v2/users/search.json?query=${encodeURIComponent("email:casey@customer.example")}`);
    expect(found.json).toMatchObject({ count: 1, users: [{ id: 501 }] });
    const none = await api("GET", "/api/v2/users/search.json?query=email:nobody@x.example");
    expect(none.json).toMatchObject({ count: 0, users: [] });
    const org = await api("GET", "/api/v2/organizations/601.json");
    expect(org.json.organization).toMatchObject({ id: 601, name: "Customer Co", tags: ["gold"] });
    expect((await api("GET", "/api/v2/organizations/999.json")).status).toBe(404);
  });

  it("paginates Help Center articles, overall and by locale", async () => {
    const seeded = await control(
      "POST",
      "/articles",
      Array.from({ length: 5 }, (_, i) => ({ title: `Article ${i}`, body: `<p>Body ${i}</p>`, locale: i === 4 ? "de" : "en-us" })),
    );
    expect(seeded.status).toBe(201);
    const p1 = await api("GET", "/api/v2/help_center/articles.json?per_page=2");
    expect(p1.json).toMatchObject({ page: 1, per_page: 2, page_count: 3, count: 5, previous_page: null });
    expect(p1.json.next_page).toContain("page=2");
    expect(p1.json.articles[0]).toMatchObject({
      id: expect.any(Number),
      url: expect.stringContaining("/api/v2/help_center/en-us/articles/"),
      html_url: expect.stringMatching(/^https:\/\/acme\.zendesk\.com\/hc\/en-us\/articles\/\d+-article-0$/),
      title: "Article 0",
      body: "<p>Body 0</p>",
      locale: "en-us",
      section_id: expect.any(Number),
      draft: false,
      updated_at: expect.any(String),
    });
    const p3 = await api("GET", "/api/v2/help_center/articles.json?per_page=2&page=3");
    expect(p3.json).toMatchObject({ page: 3, next_page: null, articles: [{ title: "Article 4" }] });
    expect(p3.json.previous_page).toContain("page=2");
    const en = await api("GET", "/api/v2/help_center/en-us/articles.json");
    expect(en.json).toMatchObject({ count: 4, page_count: 1, next_page: null });
    const de = await api("GET", "/api/v2/help_center/de/articles.json");
    expect(de.json.articles.map((a: Json) => a.title)).toEqual(["Article 4"]);
  });

  it("lists macros and active macros", async () => {
    await control("POST", "/macros", [
      { title: "Refund", comment: "We refunded you.", description: "refund reply" },
      { title: "Old", comment: "old text", active: false },
    ]);
    const all = await api("GET", "/api/v2/macros.json");
    expect(all.json).toMatchObject({ count: 2, next_page: null, previous_page: null });
    expect(all.json.macros[0]).toMatchObject({
      id: expect.any(Number),
      title: "Refund",
      description: "refund reply",
      active: true,
      actions: [{ field: "comment_value", value: "We refunded you." }],
      updated_at: expect.any(String),
    });
    const active = await api("GET", "/api/v2/macros/active.json");
    expect(active.json.macros.map((m: Json) => m.title)).toEqual(["Refund"]);
  });

  it("customer-tickets opens a ticket as an end-user and fires ticket.created", async () => {
    const res = await control("POST", "/customer-tickets", {
      subject: "Cannot log in",
      body: "I forgot my password",
      requester: { name: "Lee", email: "lee@example.net" },
    });
    expect(res.status).toBe(201);
    const t = res.json.ticket;
    expect(t).toMatchObject({ status: "new", via: { channel: "web" } });
    expect(t.submitter_id).toBe(t.requester_id);
    const got = await waitFor(() => receiver.forTicket(t.id, "zen:event-type:ticket.created")[0]);
    expect(got.json.detail).toMatchObject({ via: { channel: "web_form" }, actor_id: String(t.requester_id) });
  });

  it("never crashes on odd input", async () => {
    const odd: Array<[string, string, unknown]> = [
      ["PUT", "/api/v2/tickets/abc.json", { ticket: {} }],
      ["PUT", "/api/v2/tickets/99999999999999999999.json", { ticket: {} }],
      ["POST", "/api/v2/tickets.json", "null"],
      ["POST", "/api/v2/tickets.json", { ticket: { comment: "text", requester_id: "x" } }],
      ["POST", "/api/v2/tickets.json", { ticket: { comment: { body: 5 } } }],
      ["GET", "/api/v2/help_center/articles.json?page=-1&per_page=abc", undefined],
      ["GET", "/api/v2/tickets.json?page[after]=%%%", undefined],
      ["DELETE", "/api/v2/tickets/1.json", undefined],
    ];
    for (const [method, path, body] of odd) {
      const res = await api(method, path, body);
      expect(res.status, `${method} ${path}`).toBeGreaterThanOrEqual(200);
      expect(res.status, `${method} ${path}`).toBeLessThan(500);
    }
    for (const [method, path, body] of [
      ["POST", "/__fake/tickets", "[1,"],
      ["POST", "/__fake/faults", { path: "(", pathRegex: true, status: 500 }],
      ["POST", "/__fake/faults", { path: "/x", status: 99 }],
      ["POST", "/__fake/users", { name: 5 }],
      ["POST", "/__fake/tickets/1/customer-reply", { body: "" }],
      ["POST", "/__fake/webhook", { url: "ftp://x", secret: "s" }],
      ["POST", "/__fake/seed", { users: 5 }],
    ] as Array<[string, string, unknown]>) {
      const res = await call(fake.url, method, path, body);
      expect(res.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${method} ${path}`).toBeLessThan(500);
    }
    expect((await api("GET", "/api/v2/users/me.json")).status).toBe(200);
  });
});
