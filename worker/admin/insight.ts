/** GET /admin/insight/stats?account=: the dashboard's figures for the CLI and curl (the bearer ADMIN_TOKEN is the check). */
import { Hono } from "hono";
import type { AppEnv } from "../http/app-env";
import { withAccountFromQuery } from "../http/middleware";
import { insightStats } from "../insight/stats-source";

export const adminInsight = new Hono<AppEnv>();

adminInsight.get("/insight/stats", withAccountFromQuery, async (c) => {
  return c.json(await insightStats(c.var.db, c.var.account.id));
});
