/**
 * Slack request signatures (v0): `X-Slack-Signature: v0=hex(HMAC-SHA256(signing_secret, "v0:" + ts + ":" + raw_body))`
 * with `X-Slack-Request-Timestamp: ts` in unix seconds. A request older or newer than five minutes is refused, so
 * a captured request cannot be replayed later. Web Crypto only; `crypto.subtle.verify` compares in constant time.
 */
import { hmacKey } from "../lib/encoding";

export const SIGNATURE_HEADER = "X-Slack-Signature";
export const TIMESTAMP_HEADER = "X-Slack-Request-Timestamp";
/** Slack's recommended window. */
export const MAX_SKEW_SECONDS = 5 * 60;

export type VerifyResult = { ok: true } | { ok: false; reason: string };

const encoder = new TextEncoder();

function hexToBytes(hex: string): Uint8Array | null {
  if (!/^[0-9a-f]{64}$/i.test(hex)) return null;
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Checks the headers' presence, shape and freshness (cheap; before any secret is looked up). */
export function checkSignatureHeaders(h: { signature: string | undefined | null; timestamp: string | undefined | null; nowMs: number }): VerifyResult {
  if (!h.signature || !h.timestamp) return { ok: false, reason: `Missing ${SIGNATURE_HEADER} or ${TIMESTAMP_HEADER}.` };
  if (!/^\d{1,12}$/.test(h.timestamp)) return { ok: false, reason: `${TIMESTAMP_HEADER} is not a unix time in seconds.` };
  const skew = Math.abs(Math.floor(h.nowMs / 1000) - Number(h.timestamp));
  if (skew > MAX_SKEW_SECONDS)
    return { ok: false, reason: `The request timestamp is ${skew} s away from now (limit ${MAX_SKEW_SECONDS} s): stale or replayed.` };
  if (!h.signature.startsWith("v0=") || !hexToBytes(h.signature.slice(3))) return { ok: false, reason: "The signature is not a v0 HMAC-SHA256." };
  return { ok: true };
}

export async function verifySlackSignature(input: {
  secret: string;
  signature: string | undefined | null;
  timestamp: string | undefined | null;
  rawBody: string;
  nowMs: number;
}): Promise<VerifyResult> {
  const headers = checkSignatureHeaders(input);
  if (!headers.ok) return headers;
  const mac = hexToBytes(input.signature!.slice(3))!;
  const valid = await crypto.subtle.verify("HMAC", await hmacKey(input.secret), mac, encoder.encode(`v0:${input.timestamp}:${input.rawBody}`));
  return valid ? { ok: true } : { ok: false, reason: "The signature does not match the body." };
}
