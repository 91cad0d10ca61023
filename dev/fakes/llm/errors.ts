/** OpenAI's error envelope: `{error: {message, type, param, code}}` plus the status and extra headers. */
import type { ScriptedError } from "./types";

export interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export class FakeApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly param: string | null;
  readonly code: string | null;
  readonly headers: Record<string, string>;

  constructor(status: number, message: string, opts: { type?: string; param?: string | null; code?: string | null; headers?: Record<string, string> } = {}) {
    super(message);
    this.status = status;
    this.type = opts.type ?? defaultErrorType(status);
    this.param = opts.param ?? null;
    this.code = opts.code === undefined ? defaultErrorCode(status) : opts.code;
    this.headers = opts.headers ?? {};
  }

  body(): ErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

/** The `type` OpenAI uses for a status. */
export function defaultErrorType(status: number): string {
  if (status === 401 || status === 400 || status === 404 || status === 409 || status === 413 || status === 422) return "invalid_request_error";
  if (status === 403) return "permission_error";
  if (status === 429) return "requests";
  if (status >= 500) return "server_error";
  return "invalid_request_error";
}

export function defaultErrorCode(status: number): string | null {
  if (status === 401) return "invalid_api_key";
  if (status === 429) return "rate_limit_exceeded";
  return null;
}

export function defaultErrorMessage(status: number): string {
  switch (status) {
    case 401:
      return "Incorrect API key provided.";
    case 429:
      return "Rate limit reached for requests. Please try again later.";
    case 500:
      return "The server had an error while processing your request. Sorry about that!";
    case 503:
      return "The engine is currently overloaded, please try again later.";
    default:
      return `Injected error (HTTP ${status}).`;
  }
}

/** An injected error (script or failNext), with `retry-after` when asked for. */
export function injectedError(spec: ScriptedError): FakeApiError {
  const headers: Record<string, string> = {};
  if (spec.retryAfter !== undefined) headers["retry-after"] = String(spec.retryAfter);
  return new FakeApiError(spec.status, spec.message ?? defaultErrorMessage(spec.status), {
    ...(spec.type !== undefined ? { type: spec.type } : {}),
    ...(spec.code !== undefined ? { code: spec.code } : {}),
    ...(spec.param !== undefined ? { param: spec.param } : {}),
    headers,
  });
}

export function badRequest(message: string, param: string | null = null, code: string | null = null): FakeApiError {
  return new FakeApiError(400, message, { type: "invalid_request_error", param, code });
}
