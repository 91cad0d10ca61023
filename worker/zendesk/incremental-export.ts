/**
 * Zendesk's Incremental Ticket Export, cursor-based (GET /api/v2/incremental/tickets/cursor.json): every ticket
 * changed since a start time, oldest change first, one page per call. The first call names `start_time` (Unix
 * seconds), the next ones the `after_cursor` Zendesk returned; `end_of_stream` says the export caught up.
 * Zendesk allows 10 export requests a minute: a 429 comes back as a value with its Retry-After (never a sleep),
 * so a caller can hand the cursor back and resume later.
 */
import { ZendeskApiError, zendeskHttpFor, type ZendeskCredentials, type ZendeskHttp } from "./http";

/** The fields of an exported ticket the history import reads (Zendesk sends the full ticket object). */
export interface ExportedTicket {
  id: number;
  subject: string | null;
  description: string | null;
  status: string | null;
  priority?: string | null;
  tags?: string[];
  group_id?: number | null;
  via?: { channel?: string | null } | null;
  custom_fields?: { id: number; value: unknown }[];
  requester_id?: number | null;
  created_at?: string;
  updated_at?: string;
}

/** One comment of a ticket as the history import keeps it. */
export interface ExportedComment {
  id: number;
  author_id: number | null;
  body: string;
  plain_body?: string;
  public: boolean;
  created_at: string;
}

/** Comments read per ticket: 5 pages of 100, far beyond a normal thread, so one runaway ticket cannot stall a page. */
export const MAX_COMMENT_PAGES = 5;

export const EXPORT_PATH = "/api/v2/incremental/tickets/cursor.json";
/** Zendesk's maximum (and default) page size for the cursor-based ticket export. */
export const MAX_EXPORT_PAGE_SIZE = 1000;
/** When a 429 carries no Retry-After: Zendesk's window is a minute. */
export const DEFAULT_RETRY_AFTER_SECONDS = 60;
/** What an after_cursor looks like (base64 of "<time>||<id>|", standard or URL-safe): the admin API refuses anything else. */
export const CURSOR_PATTERN = /^[A-Za-z0-9+/=_-]{1,512}$/;

export type ExportStart = { startTime: number } | { cursor: string };

export type ExportPage =
  | { rateLimited: false; tickets: ExportedTicket[]; afterCursor: string | null; endOfStream: boolean }
  | { rateLimited: true; retryAfterSeconds: number };

interface ExportBody {
  tickets?: ExportedTicket[];
  after_cursor?: string | null;
  end_of_stream?: boolean;
}

export class IncrementalTicketExport {
  constructor(readonly http: ZendeskHttp) {}

  /** The comments of one exported ticket (see ticketComments). */
  comments(ticketId: number): Promise<ExportedComment[]> {
    return ticketComments(this.http, ticketId);
  }

  /** One page. A 429 is returned as `rateLimited`; any other failure throws ZendeskApiError. */
  async page(start: ExportStart, opts: { perPage?: number } = {}): Promise<ExportPage> {
    const query = new URLSearchParams();
    if ("cursor" in start) query.set("cursor", start.cursor);
    else query.set("start_time", String(Math.max(0, Math.floor(start.startTime))));
    query.set("per_page", String(Math.min(Math.max(Math.floor(opts.perPage ?? MAX_EXPORT_PAGE_SIZE), 1), MAX_EXPORT_PAGE_SIZE)));
    let body: ExportBody;
    try {
      body = await this.http.request<ExportBody>("GET", `${EXPORT_PATH}?${query}`);
    } catch (error) {
      if (error instanceof ZendeskApiError && error.status === 429) {
        return { rateLimited: true, retryAfterSeconds: error.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS };
      }
      throw error;
    }
    const afterCursor = typeof body.after_cursor === "string" && body.after_cursor ? body.after_cursor : null;
    return { rateLimited: false, tickets: Array.isArray(body.tickets) ? body.tickets : [], afterCursor, endOfStream: body.end_of_stream === true };
  }
}

/**
 * A ticket's comments, oldest first (GET /api/v2/tickets/:id/comments.json). Read-only, with the general API
 * limit: a 429 throws ZendeskApiError with its Retry-After for the caller to wait on.
 */
export async function ticketComments(http: ZendeskHttp, ticketId: number): Promise<ExportedComment[]> {
  return http.all<ExportedComment>(`/api/v2/tickets/${ticketId}/comments.json?sort_order=asc&per_page=100`, "comments", { maxPages: MAX_COMMENT_PAGES });
}

/** Throws ZendeskApiError 401 `not_configured` when the account has no API credentials. */
export function incrementalExportFor(account: ZendeskCredentials): IncrementalTicketExport {
  return new IncrementalTicketExport(zendeskHttpFor(account));
}
