/**
 * Every /app request carries `Authorization: Bearer <ZAF JWT>`; this middleware verifies it against the
 * account's `sidebarSecret` and scopes the request to that account and agent. Nothing else identifies the
 * account: there is no ?account= on these routes, so a token for one account cannot read another's data.
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../http/app-env";
import { jsonError } from "../http/errors";
import { bearerToken } from "../http/middleware";
import { log } from "../lib/log";
import { findAccount } from "../store/accounts";
import { decryptSecrets } from "../store/secrets";
import { unverifiedClaims, verifySidebarToken } from "./token";

export interface SidebarAgent {
  accountId: string;
  /** Zendesk user id of the agent (the token's `sub`). */
  userId: string;
  name: string | null;
}

export interface SidebarEnv extends AppEnv {
  Variables: AppEnv["Variables"] & { agent: SidebarAgent };
}

const SUBDOMAIN = /^[a-z0-9][a-z0-9-]{0,62}$/;

export const requireSidebarToken: MiddlewareHandler<SidebarEnv> = async (c, next) => {
  const token = bearerToken(c);
  if (!token) return jsonError(c, 401, "token_missing", "Send Authorization: Bearer <token> (the Zendesk app adds it through ZAF's signed request).");

  const account = unverifiedClaims(token)?.account;
  if (typeof account !== "string" || !SUBDOMAIN.test(account)) return jsonError(c, 401, "token_invalid", "The token names no valid account.");
  const row = await findAccount(c.var.db, { id: account });
  // The same answer as a bad signature: an unknown account is not confirmed to exist.
  if (!row) return jsonError(c, 401, "token_invalid", "The token signature does not match this account's shared secret.");
  const secret = (await decryptSecrets(c.env.SECRETS_KEY, row.secretsCiphertext)).sidebarSecret;
  if (!secret)
    return jsonError(
      c,
      401,
      "sidebar_not_configured",
      "This account has no sidebar shared secret yet (admin: PUT /admin/accounts/:id with secrets.sidebarSecret).",
    );

  const url = new URL(c.req.url);
  const check = await verifySidebarToken(token, secret, { nowS: Math.floor(Date.now() / 1000), method: c.req.method, pathname: url.pathname });
  if (!check.ok) {
    log.warn("sidebar token rejected", { account: row.id, code: check.code });
    return jsonError(c, 401, check.code, check.message);
  }
  c.set("agent", { accountId: row.id, userId: check.claims.sub, name: typeof check.claims.name === "string" ? check.claims.name.slice(0, 200) : null });
  await next();
};
