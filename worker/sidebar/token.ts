/**
 * The sidebar's request token: an HS256 JWT that Zendesk's ZAF proxy mints per request from the app's
 * `client.request({ secure: true, jwt: { algorithm: "HS256", secret_key: "{{setting.shared_secret}}", ... } })`.
 * The secret is a secure app setting, so it lives on Zendesk's servers and never reaches the browser; the Worker
 * holds the same value per account (account secrets: `sidebarSecret`).
 *
 * What a valid token proves: the request went through the ZAF proxy of an installation configured with this
 * account's secret, within the expiry. The claims themselves (agent id and name) are filled in by the app's
 * JavaScript from `client.get("currentUser")`; ZAF signs them but does not attest them.
 *
 * Claims the Worker requires: `account` (the Zendesk subdomain), `sub` (the agent's Zendesk user id), `exp`,
 * and `req` ("METHOD /path"), which binds a token to one operation so a leaked token cannot be replayed
 * against another ticket or draft. `iat`, when present, must not be in the future; the lifetime is capped.
 */
import { fromBase64Url, hmacKey, toBase64Url } from "../lib/encoding";

const encoder = new TextEncoder();

export const CLOCK_SKEW_S = 60;
/** Longest lifetime accepted (ZAF's `expiry` is chosen by the app; it asks for 5 minutes). */
export const MAX_LIFETIME_S = 3600;

export interface SidebarClaims {
  account: string;
  sub: string;
  name?: string;
  req: string;
  exp: number;
  iat?: number;
  [claim: string]: unknown;
}

export type TokenCheck =
  | { ok: true; claims: SidebarClaims }
  | { ok: false; code: "token_invalid" | "token_expired" | "token_not_yet_valid" | "token_lifetime" | "token_request_mismatch"; message: string };

function decodeJson(part: string): Record<string, unknown> | null {
  const bytes = fromBase64Url(part);
  if (!bytes) return null;
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The claims of a token before its signature is checked: only to find which account's secret to verify with.
 * Never act on these.
 */
export function unverifiedClaims(token: string): Record<string, unknown> | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  return decodeJson(parts[1]!);
}

/** What a request's `req` claim must say. */
export function requestBinding(method: string, pathname: string): string {
  return `${method.toUpperCase()} ${pathname}`;
}

export async function verifySidebarToken(token: string, secret: string, expect: { nowS: number; method: string; pathname: string }): Promise<TokenCheck> {
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, code: "token_invalid", message: "The token is not a JWT." };
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart);
  // The algorithm is fixed by us, never chosen by the token: anything but HS256 (e.g. "none") is refused.
  if (header?.alg !== "HS256") return { ok: false, code: "token_invalid", message: "The token must be signed with HS256." };
  const signature = fromBase64Url(signaturePart);
  if (signature?.length !== 32) return { ok: false, code: "token_invalid", message: "The token signature is malformed." };
  // crypto.subtle.verify compares in constant time.
  const valid = await crypto.subtle.verify("HMAC", await hmacKey(secret), signature, encoder.encode(`${headerPart}.${payloadPart}`));
  if (!valid) return { ok: false, code: "token_invalid", message: "The token signature does not match this account's shared secret." };

  const claims = decodeJson(payloadPart);
  if (!claims) return { ok: false, code: "token_invalid", message: "The token payload is not JSON." };
  const { exp, iat, nbf, account, sub, req } = claims;
  if (typeof exp !== "number" || !Number.isFinite(exp)) return { ok: false, code: "token_invalid", message: "The token has no exp claim." };
  if (expect.nowS > exp + CLOCK_SKEW_S) return { ok: false, code: "token_expired", message: "The token has expired." };
  if (typeof iat === "number" && iat > expect.nowS + CLOCK_SKEW_S)
    return { ok: false, code: "token_not_yet_valid", message: "The token was issued in the future." };
  if (typeof nbf === "number" && nbf > expect.nowS + CLOCK_SKEW_S) return { ok: false, code: "token_not_yet_valid", message: "The token is not valid yet." };
  const lifetime = exp - (typeof iat === "number" ? iat : expect.nowS);
  if (lifetime > MAX_LIFETIME_S + CLOCK_SKEW_S) return { ok: false, code: "token_lifetime", message: `Tokens may live at most ${MAX_LIFETIME_S} s.` };
  if (typeof account !== "string" || typeof sub !== "string" || !/^\d{1,20}$/.test(sub))
    return { ok: false, code: "token_invalid", message: "The token needs the claims account (subdomain) and sub (Zendesk user id)." };
  if (req !== requestBinding(expect.method, expect.pathname))
    // The claim is not repeated: it names a path, and paths may carry substituted settings.
    return { ok: false, code: "token_request_mismatch", message: "The token was issued for another request (its req claim is METHOD /path)." };
  if (claims.name !== undefined && typeof claims.name !== "string") return { ok: false, code: "token_invalid", message: "The name claim must be a string." };
  return { ok: true, claims: claims as SidebarClaims };
}

/**
 * Signs a token the way the ZAF proxy does (HS256; iat = now, exp = now + expiry, plus the app's claims).
 * Used by the local demo desk, which plays Zendesk's part, and by tests.
 */
export async function signSidebarToken(secret: string, claims: Record<string, unknown>, opts: { nowS: number; expiresInS: number }): Promise<string> {
  const header = toBase64Url(encoder.encode(JSON.stringify({ typ: "JWT", alg: "HS256" })));
  const payload = toBase64Url(encoder.encode(JSON.stringify({ ...claims, iat: opts.nowS, exp: opts.nowS + opts.expiresInS })));
  const signature = new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(secret), encoder.encode(`${header}.${payload}`)));
  return `${header}.${payload}.${toBase64Url(signature)}`;
}
