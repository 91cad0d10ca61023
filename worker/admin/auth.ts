/** Bearer ADMIN_TOKEN for every /admin route, compared in constant time. */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../http/app-env";
import { jsonError } from "../http/errors";
import { bearerToken } from "../http/middleware";

const encoder = new TextEncoder();

async function digest(text: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest("SHA-256", encoder.encode(text));
}

export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = bearerToken(c);
  if (!c.env.ADMIN_TOKEN) return jsonError(c, 503, "admin_disabled", "ADMIN_TOKEN is not configured on this Worker.");
  // Equal-length digests make the comparison independent of the token's length and content.
  const ok = token.length > 0 && crypto.subtle.timingSafeEqual(await digest(token), await digest(c.env.ADMIN_TOKEN));
  if (!ok) return jsonError(c, 401, "unauthorized", "Send Authorization: Bearer <ADMIN_TOKEN>.");
  await next();
};
