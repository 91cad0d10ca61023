import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ApiErrorBody } from "../../contract/app-api";

/** Every error the API returns has this shape: a stable machine code and a sentence for humans. */
export type ApiError = ApiErrorBody;

function errorBody(error: string, message: string, details?: unknown): ApiError {
  return details === undefined ? { error, message } : { error, message, details };
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
