import type { Context } from "hono";
import type { AppEnv } from "../http/app-env";
import { jsonError } from "../http/errors";
import { findAccount } from "../store/accounts";
import type { Database } from "../store/db";

/** Resolves ?account=<subdomain>; answers 400/404 itself when it cannot (returns a Response then). */
export async function accountFromQuery(c: Context<AppEnv>, db: Database) {
  const id = c.req.query("account");
  if (!id) return jsonError(c, 400, "account_required", "Add ?account=<subdomain>.");
  const row = await findAccount(db, { id: id.toLowerCase() });
  if (!row) return jsonError(c, 404, "account_not_found", `No account '${id}'.`);
  return row;
}
