import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ApiErrorBody } from "../../contract/app-api";
import { currentTraceId } from "../lib/trace";

/** Every error the API returns has this shape: a stable machine code and a sentence for humans. */
export type ApiError = ApiErrorBody;

/** Built inside the request's trace (withTraceId in ./middleware.ts), so the body names the trace id an operator can search. */
function errorBody(error: string, message: string, details?: unknown): ApiError {
  const traceId = currentTraceId();
  return { error, message, ...(details === undefined ? {} : { details }), ...(traceId ? { traceId } : {}) };
}

export function jsonError(c: Context, status: ContentfulStatusCode, error: string, message: string, details?: unknown) {
  return c.json(errorBody(error, message, details), status);
}

/**
 * Thrown by handlers and middleware to answer with an error; the app's onError turns it into the JSON body
 * (HTTPException carries the ready response), so a helper can stop a request without returning a Response.
 */
export class ApiException extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly body: ApiError,
  ) {
    super(status, { message: body.message, res: Response.json(body, { status }) });
  }
}

export function apiError(status: ContentfulStatusCode, error: string, message: string, details?: unknown): never {
  throw new ApiException(status, errorBody(error, message, details));
}

/**
 * An unexpected error for a log line: its class and the first line of its message, never a query. drizzle's
 * "Failed query: <sql>\nparams: <values>" carries ticket text and ids from outside; the class, the cause's class
 * and the route are enough to find the bug, and keep SQL and values out of logs.
 */
export function safeErrorSummary(error: unknown): string {
  const name = error instanceof Error ? error.name || "Error" : typeof error;
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = (message.split(/\r?\n/)[0] ?? "").trim();
  const text = /^Failed query/i.test(firstLine) ? "failed query" : firstLine.slice(0, 200);
  const cause = error instanceof Error && error.cause instanceof Error ? ` (cause: ${error.cause.name})` : "";
  return `${name}: ${text}${cause}`;
}
