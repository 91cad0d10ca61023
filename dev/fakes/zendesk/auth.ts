/**
 * Zendesk API authentication: `Basic base64("{email}/token:{api_token}")` or `Bearer {oauth_token}`.
 * Returns who is calling without ever keeping the secret part.
 */
import { timingSafeEqual } from "node:crypto";

export type AuthInfo = { kind: "basic"; user: string } | { kind: "bearer" } | { kind: null };

export interface Credentials {
  email: string;
  apiToken: string;
  oauthToken?: string;
}

export type AuthResult = { ok: true; auth: AuthInfo } | { ok: false; auth: AuthInfo };

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Checks the Authorization header. Without `strict` credentials any well-formed API-token or bearer
 * credentials pass; with them, only those do. Password Basic auth (`email:password`) is refused, as on
 * accounts where Zendesk has turned it off.
 */
export function authenticate(header: string | undefined, strict?: Credentials): AuthResult {
  if (!header) return { ok: false, auth: { kind: null } };
  const m = /^(\S+)\s+(\S+)\s*$/.exec(header);
  if (!m?.[1] || !m[2]) return { ok: false, auth: { kind: null } };
  const scheme = m[1].toLowerCase();
  const value = m[2];
  if (scheme === "bearer") {
    const ok = value.length > 0 && (!strict || (strict.oauthToken !== undefined && safeEqual(value, strict.oauthToken)));
    return { ok, auth: { kind: "bearer" } };
  }
  if (scheme === "basic") {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return { ok: false, auth: { kind: null } };
    const decoded = Buffer.from(value, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return { ok: false, auth: { kind: null } };
    const login = decoded.slice(0, colon);
    const token = decoded.slice(colon + 1);
    const tm = /^([^\s/]+@[^\s/]+)\/token$/.exec(login);
    if (!tm?.[1] || token.length === 0) return { ok: false, auth: { kind: null } };
    const email = tm[1].toLowerCase();
    const ok = !strict || (email === strict.email.toLowerCase() && safeEqual(token, strict.apiToken));
    return { ok, auth: { kind: "basic", user: email } };
  }
  return { ok: false, auth: { kind: null } };
}
