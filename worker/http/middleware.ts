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
import { parseId } from "./ids";
import { newTraceId, traceIdFromHeaders, withTrace } from "../lib/trace";

export type AccountRow = NonNullable<Awaited<ReturnType<typeof findAccount>>>;

export const TRACE_HEADER = "x-trace-id";

/**
 * The request's trace id (../lib/trace.ts): taken from `traceparent` or `cf-ray`, else minted; as `c.var.traceId`,
 * on every log line and error body of the request, and echoed in the `x-trace-id` response header.
 */
export const withTraceId = createMiddleware<AppEnv>(async (c, next) => {
  const traceId = traceIdFromHeaders((name) => c.req.header(name)) ?? newTraceId();
  c.set("traceId", traceId);
  await withTrace({ traceId }, next);
  try {
    c.res.headers.set(TRACE_HEADER, traceId);
  } catch {
    // A response passed through from fetch() has immutable headers: copy it.
    c.res = new Response(c.res.body, c.res);
    c.res.headers.set(TRACE_HEADER, traceId);
  }
});

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
  // The id is not repeated: error bodies never echo input (it may carry a substituted secret).
  if (!row) apiError(404, "account_not_found", "No account with that id.");
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
    if (!parsed.success) apiError(400, invalid.error, invalid.message, validationIssues(parsed.error));
    c.set("body", parsed.data);
    await next();
  });
}

/** A positive integer path parameter (./ids.ts: "0x10", "1e3", " 7" and "007" are not ids), or a 400 `invalid_<what>_id`. */
export function idParam(c: Context, name: string, what: string): number {
  const id = parseId(c.req.param(name));
  if (id === null) apiError(400, `invalid_${what}_id`, `The ${what} id is a positive integer.`);
  return id;
}

/** An optional positive integer query parameter: undefined when absent, a 400 `invalid_<name>` when not an id. */
export function idQuery(c: Context, name: string): number | undefined {
  const raw = c.req.query(name);
  if (raw === undefined || raw === "") return undefined;
  const id = parseId(raw);
  if (id === null) apiError(400, `invalid_${name}`, `?${name}= is a positive integer.`);
  return id;
}

/** ?limit= (or another bound) as an integer in 1..max; `fallback` when absent, a 400 when it is not one. */
export function limitQuery(c: Context, fallback: number, max: number, name = "limit"): number {
  const raw = c.req.query(name);
  if (raw === undefined || raw === "") return fallback;
  const n = parseId(raw);
  if (n === null) apiError(400, `invalid_${name}`, `?${name}= is a positive integer.`);
  return Math.min(n, max);
}

/** A zod error as a body may carry it: at most 20 issues, sanitised paths, messages that never repeat the input. */
export function validationIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.slice(0, 20).map((i) => ({ path: i.path.map(safeSegment).join("."), message: issueMessage(i) }));
}

/** A zod path segment safe to repeat: a number or a short identifier (a record key is user input, never echoed). */
function safeSegment(segment: PropertyKey): string {
  if (typeof segment === "number") return String(segment);
  return typeof segment === "string" && /^[A-Za-z_][A-Za-z0-9_]{0,31}$/.test(segment) ? segment : "*";
}

/**
 * zod's messages name the expected type or values, never the input, except for unknown keys (which repeat the
 * key): those say so without naming it, so a body built by a proxy that substitutes secrets cannot echo one.
 */
function issueMessage(issue: z.core.$ZodIssue): string {
  return issue.code === "unrecognized_keys" ? "Unrecognized key(s): only the documented fields are accepted." : issue.message.slice(0, 300);
}
