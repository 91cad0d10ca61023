/**
 * GET /app/insight/stats: the dashboard in the Zendesk app's nav_bar. Admins only, checked here and not only in
 * the app: the ZAF token proves which installation asked and names the user, but the user's role is the app's own
 * claim, so the Worker asks Zendesk (Users API) for the role of the token's user and refuses anyone but an admin.
 */
import { Hono, type MiddlewareHandler } from "hono";
import type { InsightStats } from "../../contract/insight-api";
import { jsonError } from "../http/errors";
import { insightStats } from "../insight/stats-source";
import { log } from "../lib/log";
import { loadAccount } from "../store/accounts";
import { ZendeskApiError } from "../zendesk/http";
import { userRole } from "../zendesk/users";
import type { SidebarEnv } from "./auth";

export const requireZendeskAdmin: MiddlewareHandler<SidebarEnv> = async (c, next) => {
  const agent = c.get("agent");
  const account = await loadAccount(c.var.db, c.env.SECRETS_KEY, agent.accountId);
  if (!account) return jsonError(c, 401, "token_invalid", "The token's account is not connected.");
  let role: string | null;
  try {
    role = await userRole(account, Number(agent.userId));
  } catch (error) {
    const status = error instanceof ZendeskApiError ? error.status : 0;
    log.warn("admin check failed", { account: account.id, status });
    return jsonError(c, 502, "zendesk_unavailable", "Zendesk did not confirm your role; try again in a moment.");
  }
  if (role !== "admin") {
    log.info("insight refused", { account: account.id, role: role ?? "unknown" });
    return jsonError(c, 403, "admin_only", "The insight dashboard is for Zendesk admins.");
  }
  await next();
};

export const sidebarInsight = new Hono<SidebarEnv>();

sidebarInsight.get("/insight/stats", requireZendeskAdmin, async (c) => {
  return c.json((await insightStats(c.var.db, c.get("agent").accountId)) satisfies InsightStats);
});
