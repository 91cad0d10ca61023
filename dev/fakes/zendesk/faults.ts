/**
 * Injected failures: the next `times` requests that match a fault's method and path get the fault's
 * response instead of being served. Faults match by path so tests running concurrently against one fake
 * (each with its own ticket ids) never see each other's faults.
 */
import { badRequest } from "./errors";
import { isRecord, stripJson } from "./http";

export interface FaultSpec {
  method?: string;
  path: string;
  pathRegex?: boolean;
  status: number;
  times?: number;
  retryAfter?: number;
  body?: unknown;
  /** Wait this long before answering (max 30 s), e.g. to exercise client timeouts. */
  delayMs?: number;
  /** Destroy the connection without answering (a network error for the client). */
  drop?: boolean;
}

export interface Fault {
  id: number;
  method: string | null;
  path: string;
  pathRegex: boolean;
  status: number;
  remaining: number;
  retryAfter: number | null;
  body: unknown;
  delayMs: number;
  drop: boolean;
  hits: number;
}

export interface FaultResponse {
  fault: Fault;
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

const DEFAULT_BODIES: Record<number, unknown> = {
  400: { error: "BadRequest", description: "Bad request" },
  401: { error: "Couldn't authenticate you" },
  403: { error: "Forbidden", description: "You do not have access to this page." },
  404: { error: "RecordNotFound", description: "Not found" },
  409: {
    error: "UpdateConflict",
    description: "Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again.",
  },
  422: { error: "RecordInvalid", description: "Record validation errors", details: {} },
  429: { error: "APIRateLimitExceeded", description: "Number of allowed API requests per minute exceeded" },
  500: { error: "InternalServerError", description: "Something went wrong" },
  502: { error: "BadGateway", description: "Bad gateway" },
  503: { error: "ServiceUnavailable", description: "Zendesk is temporarily unavailable" },
  504: { error: "GatewayTimeout", description: "Gateway timeout" },
};

export class FaultRegistry {
  private faults: Fault[] = [];
  private nextId = 1;

  add(input: unknown): Fault {
    if (!isRecord(input)) throw badRequest("fault must be an object");
    const { method, path, pathRegex, status, times, retryAfter, body, delayMs, drop } = input;
    if (typeof path !== "string" || path === "") throw badRequest("fault.path is required");
    if (pathRegex === true) {
      try {
        new RegExp(path);
      } catch {
        throw badRequest("fault.path is not a valid regular expression");
      }
    }
    const isDrop = drop === true;
    if (!isDrop && (typeof status !== "number" || !Number.isInteger(status) || status < 200 || status > 599)) {
      throw badRequest("fault.status must be an HTTP status code (200-599)");
    }
    if (times !== undefined && (typeof times !== "number" || !Number.isInteger(times) || times < 1)) {
      throw badRequest("fault.times must be a positive integer");
    }
    if (retryAfter !== undefined && (typeof retryAfter !== "number" || !(retryAfter >= 0))) {
      throw badRequest("fault.retryAfter must be a number of seconds");
    }
    if (delayMs !== undefined && (typeof delayMs !== "number" || !(delayMs >= 0) || delayMs > 30_000)) {
      throw badRequest("fault.delayMs must be between 0 and 30000");
    }
    if (method !== undefined && typeof method !== "string") throw badRequest("fault.method must be a string");
    const fault: Fault = {
      id: this.nextId++,
      method: method ? method.toUpperCase() : null,
      path,
      pathRegex: pathRegex === true,
      status: isDrop ? 0 : (status as number),
      remaining: (times as number | undefined) ?? 1,
      retryAfter: (retryAfter as number | undefined) ?? null,
      body: body === undefined ? (DEFAULT_BODIES[status as number] ?? { error: `HTTP ${String(status)}` }) : body,
      delayMs: (delayMs as number | undefined) ?? 0,
      drop: isDrop,
      hits: 0,
    };
    this.faults.push(fault);
    return fault;
  }

  /** Takes one use of the first fault matching the request, if any. */
  take(method: string, path: string): FaultResponse | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && matches(f, method, path));
    if (!fault) return undefined;
    fault.remaining--;
    fault.hits++;
    if (fault.remaining === 0) this.faults = this.faults.filter((f) => f !== fault);
    const headers: Record<string, string> = {};
    if (fault.retryAfter !== null && (fault.status === 429 || fault.status === 503)) {
      headers["Retry-After"] = String(Math.ceil(fault.retryAfter));
    }
    return { fault, status: fault.status, body: fault.body, headers };
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** Removes all faults, or only those with this path (as given when added), or the one with this id. */
  clear(filter: { path?: string; id?: number } = {}): number {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => !((filter.path === undefined || f.path === filter.path) && (filter.id === undefined || f.id === filter.id)));
    return before - this.faults.length;
  }
}

function matches(f: Fault, method: string, path: string): boolean {
  if (f.method && f.method !== method.toUpperCase()) return false;
  if (f.pathRegex) return new RegExp(f.path).test(path);
  return stripJson(f.path) === stripJson(path);
}
