import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** Every error the API returns has this shape: a stable machine code and a sentence for humans. */
export interface ApiError {
  error: string;
  message: string;
  details?: unknown;
}

export function jsonError(c: Context, status: ContentfulStatusCode, error: string, message: string, details?: unknown) {
  const body: ApiError = details === undefined ? { error, message } : { error, message, details };
  return c.json(body, status);
}
