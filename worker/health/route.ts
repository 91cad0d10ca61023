import { Hono } from "hono";
// A named import lets the bundler keep only this field of package.json.
import { version } from "../../package.json";
import { SHIPPED_MODEL_VERSION } from "../intent-model/index";
import type { AppEnv } from "../http/app-env";
import { safeErrorSummary } from "../http/errors";
import { log } from "../lib/log";

export const health = new Hono<AppEnv>();

health.get("/health", async (c) => {
  let d1: { ok: boolean; error?: string };
  try {
    await c.env.DB.prepare("select 1").first();
    d1 = { ok: true };
  } catch (error) {
    // D1's message stays in the log: /health is public, and error texts can name tables and statements.
    log.error("health: D1 did not answer", { error: safeErrorSummary(error) });
    d1 = { ok: false, error: "D1 did not answer" };
  }
  return c.json({ status: d1.ok ? "ok" : "degraded", version, modelVersion: SHIPPED_MODEL_VERSION, d1 }, d1.ok ? 200 : 503);
});
