import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { createAccount, isoSeconds, postWebhook, signedHeaders, ticketEvent, uniqueAccountId, uniqueTicketId } from "./helpers";

const account = uniqueAccountId("intake");

beforeAll(async () => {
  await createAccount(account, { zendeskAccountId: 4242 });
});

async function eventRows(ticketId: number) {
  return (await env.DB.prepare("select id, dedupe_key, duplicates, status from events where account_id = ? and ticket_id = ?").bind(account, ticketId).all())
    .results;
}

describe("POST /webhooks/zendesk: signatures", () => {
  it("accepts a correctly signed delivery with 202 and stores it", async () => {
    const id = uniqueTicketId();
    const res = await postWebhook(JSON.stringify(ticketEvent(id, { accountId: 4242 })));
    expect(res.status).toBe(202);
    const body = await res.json<{ status: string; eventId: number }>();
    expect(body.status).toBe("accepted");
    expect(await eventRows(id)).toHaveLength(1);
  });

  it("identifies the account by ?account= as well as by account_id", async () => {
    const id = uniqueTicketId();
    const res = await postWebhook(JSON.stringify({ ticket: { id: String(id), subject: "Hi", description: "Hello", updated_at: "2026-11-01T10:00:00Z" } }), {
      account,
    });
    expect(res.status).toBe(202);
  });

  it("rejects a bad signature with 401 and stores nothing", async () => {
    const id = uniqueTicketId();
    const res = await postWebhook(JSON.stringify(ticketEvent(id, { accountId: 4242 })), { secret: "not-the-secret-at-all" });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: "invalid_signature", message: "signature does not match" });
    expect(await eventRows(id)).toHaveLength(0);
  });

  it("rejects a body altered after signing", async () => {
    const raw = JSON.stringify(ticketEvent(uniqueTicketId(), { accountId: 4242 }));
    const headers = await signedHeaders(raw);
    const res = await SELF.fetch("http://worker/webhooks/zendesk", { method: "POST", headers, body: raw.replace("lamp", "LAMP") });
    expect(res.status).toBe(401);
  });

  it("rejects missing signature headers", async () => {
    const raw = JSON.stringify(ticketEvent(uniqueTicketId(), { accountId: 4242 }));
    const res = await SELF.fetch("http://worker/webhooks/zendesk", { method: "POST", headers: { "Content-Type": "application/json" }, body: raw });
    expect(res.status).toBe(401);
    expect((await res.json<{ message: string }>()).message).toMatch(/missing X-Zendesk-Webhook-Signature/);
  });

  it("rejects stale and far-future timestamps (replays)", async () => {
    const raw = JSON.stringify(ticketEvent(uniqueTicketId(), { accountId: 4242 }));
    const stale = await postWebhook(raw, { timestampMs: Date.now() - 6 * 60 * 1000 });
    expect(stale.status).toBe(401);
    expect((await stale.json<{ message: string }>()).message).toMatch(/stale or replayed/);
    const future = await postWebhook(raw, { timestampMs: Date.now() + 6 * 60 * 1000 });
    expect(future.status).toBe(401);
    const garbage = await postWebhook(raw, { headers: { "X-Zendesk-Webhook-Signature-Timestamp": "yesterday" } });
    expect(garbage.status).toBe(401);
  });

  it("verifies with Zendesk's documented test secret for the demo account format", async () => {
    // The same algorithm Zendesk documents: base64(HMAC-SHA256(secret, timestamp + body)).
    const raw = '{"ticket":{"id":"1"}}';
    const ts = isoSeconds(Date.now());
    const key = await crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode("dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ=="),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(ts + raw)));
    const expected = btoa(String.fromCharCode(...mac));
    expect((await signedHeaders(raw, { timestampMs: Date.parse(ts) }))["X-Zendesk-Webhook-Signature"]).toBe(expected);
  });
});

describe("POST /webhooks/zendesk: bad input", () => {
  it("answers 404 for an unknown account", async () => {
    const res = await postWebhook(JSON.stringify(ticketEvent(uniqueTicketId(), { accountId: 999_999 })));
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: "account_not_found" });
    expect((await postWebhook("{}", { account: "no-such-account" })).status).toBe(404);
  });

  it("answers 400 for malformed JSON, naming the problem", async () => {
    const res = await postWebhook('{"type": "zen:event-type:ticket.created",', { account });
    expect(res.status).toBe(400);
    const body = await res.json<{ error: string; message: string }>();
    expect(body.error).toBe("malformed_json");
    expect(body.message).toMatch(/not valid JSON/);
  });

  it("answers 400 for unknown shapes and wrong types, naming the field", async () => {
    const unknownShape = await postWebhook(JSON.stringify({ hello: "world" }), { account });
    expect(unknownShape.status).toBe(400);
    expect((await unknownShape.json<{ message: string }>()).message).toMatch(/unknown payload shape/);

    const wrongType: { detail: Record<string, unknown> } = ticketEvent(uniqueTicketId(), { accountId: 4242 });
    wrongType.detail.id = { nested: true };
    const res = await postWebhook(JSON.stringify(wrongType));
    expect(res.status).toBe(400);
    expect((await res.json<{ message: string }>()).message).toMatch(/detail\.id/);

    const notTicket = { ...ticketEvent(uniqueTicketId(), { accountId: 4242 }), type: "zen:event-type:user.created" };
    expect((await postWebhook(JSON.stringify(notTicket))).status).toBe(400);
    expect((await postWebhook("[1,2,3]", { account })).status).toBe(400);
    expect((await postWebhook("null", { account })).status).toBe(400);
  });

  it("answers 413 for bodies over 1 MiB", async () => {
    const huge = JSON.stringify(ticketEvent(uniqueTicketId(), { accountId: 4242, description: "x".repeat(1024 * 1024 + 10) }));
    const res = await postWebhook(huge);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: "payload_too_large" });
  });

  it("stores hostile but valid text (unicode, control characters, long strings) without breaking", async () => {
    const id = uniqueTicketId();
    const weird = `😡 Ｒｅｆｕｎｄ!!! \u0000\u202e ‮ <script>alert(1)</script> ' OR 1=1; -- ${"ß".repeat(50_000)}`;
    const res = await postWebhook(JSON.stringify(ticketEvent(id, { accountId: 4242, subject: weird, description: weird })));
    expect(res.status).toBe(202);
    expect(await eventRows(id)).toHaveLength(1);
  });

  it("rejects an account_id that does not belong to the ?account= named", async () => {
    const res = await postWebhook(JSON.stringify(ticketEvent(uniqueTicketId(), { accountId: 7777 })), { account });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "account_mismatch" });
  });
});

describe("POST /webhooks/zendesk: duplicates", () => {
  it("records a repeated event id once and counts the repeat", async () => {
    const id = uniqueTicketId();
    const raw = JSON.stringify(ticketEvent(id, { accountId: 4242, id: `evt-${id}` }));
    const [a, b, c] = await Promise.all([postWebhook(raw), postWebhook(raw), postWebhook(raw)]);
    const statuses = [a!.status, b!.status, c!.status].sort();
    expect(statuses).toEqual([200, 200, 202]);
    const rows = await eventRows(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ duplicates: 2 });
  });

  it("treats the same ticket + updated_at from a trigger as one delivery", async () => {
    const id = uniqueTicketId();
    const body = (subject: string) => JSON.stringify({ ticket: { id: String(id), subject, description: "Hello", updated_at: "2026-11-02T09:00:00Z" } });
    expect((await postWebhook(body("first"), { account })).status).toBe(202);
    expect((await postWebhook(body("first"), { account })).status).toBe(200);
    expect(await eventRows(id)).toHaveLength(1);
  });
});

describe("POST /webhooks/zendesk: secret rotation", () => {
  it("accepts the new signing secret at once, although the account is cached", async () => {
    const rotating = uniqueAccountId("rotate");
    await createAccount(rotating);
    expect((await postWebhook(JSON.stringify(ticketEvent(uniqueTicketId())), { account: rotating })).status).toBe(202);
    await createAccount(rotating, { secrets: { webhookSigningSecret: "the-new-signing-secret", apiToken: "test-api-token" } });
    const res = await postWebhook(JSON.stringify(ticketEvent(uniqueTicketId())), { account: rotating, secret: "the-new-signing-secret" });
    expect(res.status).toBe(202);
    expect((await postWebhook(JSON.stringify(ticketEvent(uniqueTicketId())), { account: rotating })).status).toBe(401);
  });
});
