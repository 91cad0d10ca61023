/**
 * Zendesk webhook signatures: X-Zendesk-Webhook-Signature = base64(HMAC-SHA256(secret, timestamp + rawBody)),
 * timestamp in X-Zendesk-Webhook-Signature-Timestamp. crypto.subtle.verify compares in constant time.
 */
import { fromBase64, hmacKey, toBase64 } from "../lib/encoding";

export const SIGNATURE_HEADER = "X-Zendesk-Webhook-Signature";
export const TIMESTAMP_HEADER = "X-Zendesk-Webhook-Signature-Timestamp";
/** Deliveries signed longer ago than this (or this far in the future) are refused: replay protection. */
export const MAX_SIGNATURE_AGE_MS = 5 * 60 * 1000;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

const encoder = new TextEncoder();

export async function signZendeskPayload(secret: string, timestamp: string, rawBody: string): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(timestamp + rawBody));
  return toBase64(new Uint8Array(mac));
}

export async function verifyZendeskSignature(args: {
  secret: string;
  signature: string | undefined;
  timestamp: string | undefined;
  rawBody: string;
  nowMs: number;
}): Promise<SignatureCheck> {
  const { signature, timestamp } = args;
  if (!signature || !timestamp) return { ok: false, reason: `missing ${!signature ? SIGNATURE_HEADER : TIMESTAMP_HEADER} header` };
  const signedAt = Date.parse(timestamp);
  if (Number.isNaN(signedAt)) return { ok: false, reason: `${TIMESTAMP_HEADER} is not an ISO 8601 time` };
  if (Math.abs(args.nowMs - signedAt) > MAX_SIGNATURE_AGE_MS)
    return { ok: false, reason: "signature timestamp is more than 5 minutes away from now (stale or replayed)" };
  let mac: Uint8Array;
  try {
    mac = fromBase64(signature.trim());
  } catch {
    return { ok: false, reason: "signature is not base64" };
  }
  const valid = await crypto.subtle.verify("HMAC", await hmacKey(args.secret), mac, encoder.encode(timestamp + args.rawBody));
  return valid ? { ok: true } : { ok: false, reason: "signature does not match" };
}
