/**
 * Setup every handler needs, done once: the database, ?account= resolution, the bearer token, JSON bodies
 * validated with zod, and id parameters. Failures throw ApiException (./errors.ts), which the app answers
 * with the usual {error, message} body.
 */
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { z } from "zod";
import { findAccount } from "../store/accounts";
import { database } from "../store/db";
import type { AppEnv } from "./app-env";
import { apiError } from "./errors";

export type AccountRow = NonNullable<Awaited<ReturnType<typeof findAccount>>>;

/** One drizzle handle per request, as `c.var.db`. */
export const withDatabase = createMiddleware<AppEnv>(async (c, next) => {
  c.set("db", database(c.env.DB));
  await next();
});

/** Resolves `?account=<subdomain>` into `c.var.account` (400 without it, 404 for an unknown account). */
export const withAccountFromQuery = createMiddleware<AppEnv & { Variables: { account: AccountRow } }>(async (c, next) => {
  const id = c.req.query("account");
  if (!id) apiError(400, "account_required", "Add ?account=<subdomain>.");
  const row = await findAccount(c.var.db, { id: id.toLowerCase() });
  if (!row) apiError(404, "account_not_found", `No account '${id.slice(0, 100)}'.`);
  c.set("account", row);
  await next();
});

/** The token of `Authorization: Bearer <token>`, or "" when there is none. */
export function bearerToken(c: Context): string {
  const header = c.req.header("Authorization") ?? "";
  return /^Bearer /i.test(header) ? header.slice(7).trim() : "";
}

/**
 * The JSON body, validated by `schema`, as `c.var.body`. Malformed JSON is a 400 `invalid_json` (never an
 * empty object); a body that does not fit is a 400 (`invalid_body` unless the route names its own code) with
 * each path and problem in `details`. An empty body is read
 * as `{}`, so routes whose fields are all optional accept a bare POST.
 */
export function jsonBody<S extends z.ZodType>(
  schema: S,
  invalid: { error: string; message: string } = { error: "invalid_body", message: "The body does not have the expected fields." },
) {
  return createMiddleware<AppEnv & { Variables: { body: z.infer<S> } }>(async (c, next) => {
    const text = await c.req.text();
    let value: unknown = {};
    if (text.trim()) {
      try {
        value = JSON.parse(text);
      } catch {
        apiError(400, "invalid_json", "The body is not valid JSON.");
      }
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success)
      apiError(
        400,
        invalid.error,
        invalid.message,
        parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
      );
    c.set("body", parsed.data);
    await next();
  });
}

/** Decimal digits only, no sign, no leading zero: "0x10", "1e3", " 7" and "007" are not ids. */
const ID = /^[1-9][0-9]{0,14}$/;

/** A positive integer path parameter, or a 400 `invalid_<what>_id`. */
export function idParam(c: Context, name: string, what: string): number {
  const raw = c.req.param(name) ?? "";
  if (!ID.test(raw)) apiError(400, `invalid_${what}_id`, `The ${what} id is a positive integer.`);
  return Number(raw);
}
