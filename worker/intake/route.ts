/**
 * POST /webhooks/zendesk: verify, dedupe, store, enqueue, answer 202. Triage happens in the queue consumer so
 * Zendesk gets its answer in milliseconds whatever the Zendesk API or the model are doing.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../http/app-env";
import { jsonError } from "../http/errors";
import { sha256Hex } from "../lib/hash";
import { log } from "../lib/log";
import { recordEvent, setEventStatus } from "../store/events";
import { decryptSecrets } from "../store/secrets";
import { lookupAccount, type AccountLookup } from "./account-cache";
import { dedupeKey, parseTicketEvent, PayloadInvalid, subdomainFromUrl, type TicketEvent } from "./payload";
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyZendeskSignature } from "./signature";

export const MAX_WEBHOOK_BYTES = 1024 * 1024;

export const intake = new Hono<AppEnv>();

intake.post(
  "/webhooks/zendesk",
  bodyLimit({
    maxSize: MAX_WEBHOOK_BYTES,
    onError: (c) => jsonError(c, 413, "payload_too_large", `Webhook bodies are limited to ${MAX_WEBHOOK_BYTES} bytes.`),
  }),
  async (c) => {
    const rawBody = await c.req.text();
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      // Not the parser's message: V8 quotes the body around the error ("…" is not valid JSON).
      return jsonError(c, 400, "malformed_json", "The body is not valid JSON.");
    }

    // Identify the account before verifying: each account signs with its own secret.
    const db = c.var.db;
    const queryAccount = c.req.query("account");
    const bodyAccountId = typeof body === "object" && body !== null ? (body as { account_id?: unknown }).account_id : undefined;
    const zendeskAccountId =
      typeof bodyAccountId === "number" || (typeof bodyAccountId === "string" && /^\d{1,16}$/.test(bodyAccountId)) ? Number(bodyAccountId) : undefined;
    const urlSubdomain = subdomainFromUrl((body as { ticket?: { url?: unknown } } | null)?.ticket?.url);
    if (!queryAccount && zendeskAccountId === undefined && !urlSubdomain)
      return jsonError(c, 400, "account_unknown", "Cannot tell which account this is: add ?account=<subdomain> to the webhook URL, or send account_id.");
    const lookup: AccountLookup = queryAccount
      ? { id: queryAccount.toLowerCase() }
      : zendeskAccountId !== undefined
        ? { zendeskAccountId }
        : { id: urlSubdomain! };
    const nowMs = Date.now();
    let found = await lookupAccount(db, lookup, nowMs);
    if (!found) return jsonError(c, 404, "account_not_found", "No connected account matches this webhook.");

    const verify = async (row: { secretsCiphertext: string }) =>
      verifyZendeskSignature({
        secret: (await decryptSecrets(c.env.SECRETS_KEY, row.secretsCiphertext)).webhookSigningSecret,
        signature: c.req.header(SIGNATURE_HEADER),
        timestamp: c.req.header(TIMESTAMP_HEADER),
        rawBody,
        nowMs,
      });
    let check = await verify(found.row);
    if (!check.ok && found.cached) {
      // The secret may have been rotated since the row was cached: check once more against D1.
      found = await lookupAccount(db, lookup, nowMs, { fresh: true });
      if (!found) return jsonError(c, 404, "account_not_found", "No connected account matches this webhook.");
      check = await verify(found.row);
    }
    const accountRow = found.row;
    if (!check.ok) {
      log.warn("webhook signature rejected", { account: accountRow.id, reason: check.reason });
      return jsonError(c, 401, "invalid_signature", check.reason);
    }

    let event: TicketEvent;
    try {
      event = parseTicketEvent(body);
    } catch (error) {
      if (error instanceof PayloadInvalid) return jsonError(c, 400, "invalid_payload", error.message);
      throw error;
    }
    if (accountRow.zendeskAccountId !== null && event.zendeskAccountId !== null && event.zendeskAccountId !== accountRow.zendeskAccountId)
      return jsonError(c, 400, "account_mismatch", `account_id ${event.zendeskAccountId} does not belong to account '${accountRow.id}'.`);

    const stored = await recordEvent(db, {
      accountId: accountRow.id,
      dedupeKey: dedupeKey(event, await sha256Hex(rawBody)),
      eventType: event.eventType,
      ticketId: event.ticketId,
      payload: rawBody,
      // Optimistic: saves a round trip on every delivery; a failed send resets it to "received" below.
      status: "queued",
      traceId: c.var.traceId,
    });
    if (stored.duplicate) {
      log.info("duplicate webhook delivery", { account: accountRow.id, event: stored.id });
      return c.json({ status: "duplicate", eventId: stored.id }, 200);
    }
    try {
      await c.env.TRIAGE_QUEUE.send({ eventId: stored.id, accountId: accountRow.id, traceId: c.var.traceId });
    } catch (error) {
      // Stored but not queued: mark it for the scheduled sweep, which re-enqueues it. The delivery is accepted.
      await setEventStatus(db, accountRow.id, stored.id, "received", "enqueue failed; waiting for the sweep");
      log.error("enqueue failed; event left for the sweep", { event: stored.id, error: error instanceof Error ? error.message : String(error) });
    }
    log.info("webhook accepted", { account: accountRow.id, event: stored.id, ticket: event.ticketId });
    return c.json({ status: "accepted", eventId: stored.id }, 202);
  },
);
