/**
 * POST /slack/interactions and POST /slack/events. Each request is verified (v0 signature over the raw body,
 * five-minute window) with the signing secret of the account(s) connected to the request's Slack team, answered
 * within Slack's 3 seconds, and the work continues after the answer (ctx.waitUntil, inside the library layer).
 */
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../http/app-env";
import { jsonError } from "../http/errors";
import { errorMessage, log } from "../lib/log";
import { unlockAccount, type AccountWithSecrets } from "../store/accounts";
import { accountsForSlackTeam, accountsWithSlack } from "../store/slack-accounts";
import { dispatchToBolt } from "./bolt";
import { interactionPayload, teamIdOf } from "./payloads";
import { checkSignatureHeaders, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySlackSignature } from "./verify";

export const MAX_SLACK_BODY_BYTES = 512 * 1024;

export const slackRoutes = new Hono<AppEnv>();

const limit = bodyLimit({
  maxSize: MAX_SLACK_BODY_BYTES,
  onError: (c) => jsonError(c, 413, "payload_too_large", `Slack requests are limited to ${MAX_SLACK_BODY_BYTES} bytes.`),
});

/**
 * Exact repeats of a verified request (same signature, hence same timestamp and body) inside the five-minute
 * window are acknowledged without acting again. Per isolate; the decision itself is exactly-once in D1 anyway.
 */
const seen = new Map<string, number>();
function firstDelivery(signature: string, timestamp: string, nowMs: number): boolean {
  for (const [key, expires] of seen) if (expires < nowMs) seen.delete(key);
  if (seen.has(signature)) return false;
  if (seen.size > 5000) seen.clear();
  seen.set(signature, (Number(timestamp) + 2 * 300) * 1000);
  return true;
}

interface Signed {
  rawBody: string;
  signature: string;
  timestamp: string;
}

/** Accounts (of this team, or any with Slack when the request names no team) whose signing secret verifies. */
async function verifiedAccounts(c: Context<AppEnv>, teamId: string | null, signed: Signed): Promise<AccountWithSecrets[]> {
  const db = c.var.db;
  const rows = teamId ? await accountsForSlackTeam(db, teamId) : await accountsWithSlack(db);
  const verified: AccountWithSecrets[] = [];
  for (const row of rows) {
    let account: AccountWithSecrets;
    try {
      account = await unlockAccount(row, c.env.SECRETS_KEY);
    } catch (error) {
      log.error("could not unlock account secrets", { account: row.id, error: errorMessage(error) });
      continue;
    }
    const secret = account.secrets.slackSigningSecret;
    if (!secret) continue;
    const check = await verifySlackSignature({ secret, signature: signed.signature, timestamp: signed.timestamp, rawBody: signed.rawBody, nowMs: Date.now() });
    if (check.ok) verified.push(account);
  }
  return verified;
}

/** Reads the body and checks the signature headers; a Response when the request must be refused. */
async function readSigned(c: Context<AppEnv>): Promise<Signed | Response> {
  // Read bytes, not text(): workerd warns when text() meets a form-encoded body; the signature is over the bytes.
  const rawBody = new TextDecoder().decode(await c.req.arrayBuffer());
  const signature = c.req.header(SIGNATURE_HEADER);
  const timestamp = c.req.header(TIMESTAMP_HEADER);
  const check = checkSignatureHeaders({ signature, timestamp, nowMs: Date.now() });
  if (!check.ok) {
    log.warn("slack request refused", { reason: check.reason });
    return jsonError(c, 401, "invalid_signature", check.reason);
  }
  return { rawBody, signature: signature!, timestamp: timestamp! };
}

function unverified(c: Context<AppEnv>, teamId: string | null) {
  log.warn("slack signature did not verify for any connected account", { team: teamId });
  return jsonError(c, 401, "invalid_signature", "The signature does not match any Slack app connected to this Worker.");
}

slackRoutes.post("/slack/interactions", limit, async (c) => {
  const signed = await readSigned(c);
  if (signed instanceof Response) return signed;
  const payload = interactionPayload(signed.rawBody);
  if (!payload) return jsonError(c, 400, "invalid_payload", "Expected a form-encoded body with payload=<json>.");
  const teamId = teamIdOf(payload);
  if (!teamId) return jsonError(c, 400, "invalid_payload", "The payload names no Slack team.");
  const accounts = await verifiedAccounts(c, teamId, signed);
  if (accounts.length === 0) return unverified(c, teamId);
  if (!firstDelivery(signed.signature, signed.timestamp, Date.now())) {
    log.info("repeated slack interaction ignored", { team: teamId });
    return c.body(null, 200);
  }
  return dispatchToBolt(payload, { env: c.env, accounts }, c.executionCtx);
});

slackRoutes.post("/slack/events", limit, async (c) => {
  const signed = await readSigned(c);
  if (signed instanceof Response) return signed;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(signed.rawBody) as Record<string, unknown>;
    if (!body || typeof body !== "object" || Array.isArray(body)) throw new Error("not an object");
  } catch {
    return jsonError(c, 400, "invalid_payload", "Expected a JSON body.");
  }
  if (body.type === "url_verification") {
    // The handshake names no team: any connected app's signing secret may verify it.
    const accounts = await verifiedAccounts(c, null, signed);
    if (accounts.length === 0) return unverified(c, null);
    return c.json({ challenge: typeof body.challenge === "string" ? body.challenge : "" });
  }
  const teamId = teamIdOf(body);
  const accounts = await verifiedAccounts(c, teamId, signed);
  if (accounts.length === 0) return unverified(c, teamId);
  const retryNum = c.req.header("X-Slack-Retry-Num");
  if (retryNum !== undefined || !firstDelivery(signed.signature, signed.timestamp, Date.now())) {
    // Slack redelivers events it thinks we missed; we acked the first delivery, so acknowledge and stop.
    return c.body(null, 200, { "X-Slack-No-Retry": "1" });
  }
  return dispatchToBolt(body, { env: c.env, accounts }, c.executionCtx);
});
