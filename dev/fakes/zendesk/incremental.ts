/**
 * Zendesk's Incremental Ticket Export, cursor-based: GET /api/v2/incremental/tickets/cursor.json with
 * `start_time` (Unix seconds, first page) or `cursor` (an after_cursor), `per_page` (1-1000, default 1000).
 * Tickets come oldest change first (generated_timestamp, then id); changes of the last minute are held back, as
 * Zendesk does; `end_of_stream` is true once the page reaches the newest exportable change. Also the export's
 * own rate limit (Zendesk: 10 requests a minute), answered with 429 and Retry-After.
 */
import { ApiError, badRequest } from "./errors";
import type { ApiRequest, ApiResponse } from "./routes";
import type { FakeZendeskStore } from "./state";
import type { ZendeskTicket } from "./types";

export const EXPORT_PATH = "/api/v2/incremental/tickets/cursor";
const MAX_PER_PAGE = 1000;
/** Zendesk leaves out what changed within the minute before the request. */
const SETTLE_SECONDS = 60;

interface Position {
  ts: number;
  id: number;
}

/** Zendesk's cursors are base64 of "<seconds>.0||<id>|"; ours have the same shape. */
function encodeCursor(p: Position): string {
  return Buffer.from(`${p.ts}.0||${p.id}|`).toString("base64");
}

function decodeCursor(cursor: string): Position | null {
  const m = /^(\d{1,12})\.0\|\|(\d{1,16})\|$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
  return m ? { ts: Number(m[1]), id: Number(m[2]) } : null;
}

const after = (t: ZendeskTicket, p: Position) => t.generated_timestamp > p.ts || (t.generated_timestamp === p.ts && t.id > p.id);

export function exportTicketsByCursor(req: ApiRequest, store: FakeZendeskStore): ApiResponse {
  const nowSeconds = Math.floor(store.currentMs() / 1000);
  const perPageRaw = req.query.get("per_page");
  const perPageNumber = perPageRaw === null ? MAX_PER_PAGE : Number(perPageRaw);
  if (!Number.isInteger(perPageNumber) || perPageNumber < 1) throw badRequest("per_page must be a positive integer", "InvalidPaginationParameter");
  const perPage = Math.min(perPageNumber, MAX_PER_PAGE);

  const cursor = req.query.get("cursor");
  const startTime = req.query.get("start_time");
  let from: Position;
  if (cursor !== null) {
    const decoded = decodeCursor(cursor);
    if (!decoded) throw badRequest("Invalid cursor", "InvalidPaginationParameter");
    from = decoded;
  } else if (startTime !== null) {
    if (!/^\d{1,12}$/.test(startTime)) throw badRequest("start_time must be a Unix epoch time in seconds", "InvalidValue");
    const start = Number(startTime);
    if (start > nowSeconds - SETTLE_SECONDS) throw badRequest("Too recent start_time. Use a start_time older than 1 minute", "InvalidValue");
    // "After (start, 0)": every ticket changed at or after start_time.
    from = { ts: start, id: 0 };
  } else {
    throw badRequest("start_time or cursor is required", "InvalidPaginationParameter");
  }

  const stream = store
    .listTickets()
    .filter((t) => t.generated_timestamp <= nowSeconds - SETTLE_SECONDS && after(t, from))
    .sort((a, b) => a.generated_timestamp - b.generated_timestamp || a.id - b.id);
  const page = stream.slice(0, perPage);
  const first = page[0];
  const last = page.at(-1);
  const afterCursor = encodeCursor(last ? { ts: last.generated_timestamp, id: last.id } : from);
  const beforeCursor = first ? encodeCursor({ ts: first.generated_timestamp, id: first.id - 1 }) : null;
  const url = (c: string) => {
    const q = new URLSearchParams({ cursor: c });
    if (perPageRaw !== null) q.set("per_page", String(perPage));
    return `${store.baseUrl}${EXPORT_PATH}.json?${q}`;
  };
  return {
    status: 200,
    body: {
      tickets: page,
      after_url: url(afterCursor),
      after_cursor: afterCursor,
      before_url: beforeCursor ? url(beforeCursor) : null,
      before_cursor: beforeCursor,
      end_of_stream: stream.length <= perPage,
    },
  };
}

// ------------------------------------------------------------------------------------------ rate limit

export interface RateLimit {
  requests: number;
  windowSeconds: number;
}

/** Zendesk's limit for the incremental exports. */
export const DEFAULT_EXPORT_RATE_LIMIT: RateLimit = { requests: 10, windowSeconds: 60 };

/** A sliding window over the allowed requests; a refused request does not count. */
export class RateLimiter {
  private limit: RateLimit | null;
  private hits: number[] = [];

  constructor(
    private readonly initial: RateLimit | null,
    private readonly now: () => number,
  ) {
    this.limit = initial;
  }

  /** Counts one request, or throws Zendesk's 429 with Retry-After (whole seconds until a slot frees up). */
  take(): void {
    if (!this.limit) return;
    const now = this.now();
    const windowMs = this.limit.windowSeconds * 1000;
    this.hits = this.hits.filter((at) => at > now - windowMs);
    if (this.hits.length >= this.limit.requests) {
      const oldest = this.hits[0] ?? now;
      const retryAfter = Math.max(1, Math.ceil((oldest + windowMs - now) / 1000));
      throw new ApiError(
        429,
        { error: "APIRateLimitExceeded", description: "Number of allowed incremental export API requests per minute exceeded" },
        { "Retry-After": String(retryAfter) },
      );
    }
    this.hits.push(now);
  }

  /** A new limit (null: none) with an empty window. */
  set(limit: RateLimit | null): void {
    this.limit = limit;
    this.hits = [];
  }

  reset(): void {
    this.set(this.initial);
  }

  describe(): { limit: RateLimit | null; used: number } {
    const now = this.now();
    const used = this.limit ? this.hits.filter((at) => at > now - (this.limit as RateLimit).windowSeconds * 1000).length : 0;
    return { limit: this.limit, used };
  }
}

/** The control API's body: `{requests, windowSeconds}` or `{off: true}`. */
export function parseRateLimit(value: unknown): RateLimit | null {
  if (typeof value === "object" && value !== null && (value as { off?: unknown }).off === true) return null;
  const v = value as Partial<RateLimit> | null;
  const requests = v?.requests;
  const windowSeconds = v?.windowSeconds ?? 60;
  if (!Number.isInteger(requests) || (requests as number) < 1 || !Number.isInteger(windowSeconds) || windowSeconds < 1 || windowSeconds > 3600) {
    throw badRequest("rate limit must be {requests: integer >= 1, windowSeconds?: 1-3600 (60)} or {off: true}");
  }
  return { requests: requests as number, windowSeconds };
}
