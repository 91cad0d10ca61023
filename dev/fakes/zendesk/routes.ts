/** The Zendesk REST API surface of the fake (/api/v2/*): Support tickets, users, organizations, Help Center, macros. */
import { ApiError, badRequest, notFound } from "./errors";
import { isRecord, paginate, type ParsedBody } from "./http";
import { EXPORT_PATH, exportTicketsByCursor } from "./incremental";
import { parseId, type FakeZendeskStore } from "./state";
import type { ZendeskTicket, ZendeskUser } from "./types";

export interface ApiRequest {
  method: string;
  /** Path as requested, e.g. /api/v2/tickets/1.json */
  rawPath: string;
  /** Path without a trailing .json */
  path: string;
  query: URLSearchParams;
  body: ParsedBody;
  actor: ZendeskUser;
}

export interface ApiResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

type Handler = (req: ApiRequest, params: string[], store: FakeZendeskStore) => ApiResponse;

const ID = "(\\d{1,16})";
const LOCALE = "([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})?)";

const routes: Array<{ method: string; pattern: RegExp; handler: Handler }> = [];
const route = (method: string, path: string, handler: Handler) => routes.push({ method, pattern: new RegExp(`^${path}$`), handler });

const idParam = (value: string | undefined): number => {
  const id = parseId(value);
  if (id === undefined) throw notFound();
  return id;
};

/** Rebuilds the request URL on the fake's own origin with other page parameters, for next_page/previous_page. */
function pageUrl(store: FakeZendeskStore, req: ApiRequest, changes: Record<string, string>): string {
  const q = new URLSearchParams(req.query);
  for (const [k, v] of Object.entries(changes)) q.set(k, v);
  return `${store.baseUrl}${req.rawPath}?${q.toString()}`;
}

function jsonBodyObject(req: ApiRequest, key: string): Record<string, unknown> {
  if (req.body.kind !== "json" || !isRecord(req.body.value)) {
    throw badRequest(`Request body must be a JSON object with a "${key}" object`, "InvalidJSON");
  }
  const inner = req.body.value[key];
  if (!isRecord(inner)) throw new ApiError(400, { error: "ParameterMissing", description: `param is missing or the value is empty: ${key}` });
  return inner;
}

function sortTickets(tickets: ZendeskTicket[], query: URLSearchParams): ZendeskTicket[] {
  const by = query.get("sort_by") ?? "created_at";
  const order = (query.get("sort_order") ?? "desc").toLowerCase() === "asc" ? 1 : -1;
  const key = (t: ZendeskTicket): string | number =>
    by === "updated_at" ? t.updated_at : by === "id" ? t.id : by === "status" ? t.status : by === "subject" ? t.subject : t.created_at;
  return [...tickets].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return (ka < kb ? -1 : ka > kb ? 1 : a.id - b.id) * order;
  });
}

// ------------------------------------------------------------------------------------------ tickets

route("GET", "/api/v2/tickets", (req, _p, store) => {
  let tickets = store.listTickets();
  const externalId = req.query.get("external_id");
  if (externalId !== null) tickets = tickets.filter((t) => t.external_id === externalId);
  tickets = sortTickets(tickets, req.query);

  const size = req.query.get("page[size]");
  const after = req.query.get("page[after]");
  const before = req.query.get("page[before]");
  if (size !== null || after !== null || before !== null) {
    // Cursor pagination (Zendesk's recommended style).
    const perPage = Math.min(Math.max(Number(size) || 100, 1), 100);
    const decode = (c: string | null) => (c ? Number(Buffer.from(c, "base64url").toString("utf8")) : NaN);
    let start = 0;
    if (after !== null) start = decode(after);
    else if (before !== null) start = Math.max(0, decode(before) - perPage);
    if (!Number.isInteger(start) || start < 0) throw badRequest("invalid cursor", "InvalidPaginationParameter");
    const slice = tickets.slice(start, start + perPage);
    const end = start + slice.length;
    const hasMore = end < tickets.length;
    const afterCursor = slice.length ? Buffer.from(String(end)).toString("base64url") : null;
    const beforeCursor = slice.length ? Buffer.from(String(start)).toString("base64url") : null;
    const base = (k: string, c: string) => {
      const q = new URLSearchParams(req.query);
      q.delete("page[after]");
      q.delete("page[before]");
      q.set("page[size]", String(perPage));
      q.set(k, c);
      return `${store.baseUrl}${req.rawPath}?${q.toString()}`;
    };
    return {
      status: 200,
      body: {
        tickets: slice,
        meta: { has_more: hasMore, after_cursor: afterCursor, before_cursor: beforeCursor },
        links: {
          prev: beforeCursor && start > 0 ? base("page[before]", beforeCursor) : null,
          next: afterCursor && hasMore ? base("page[after]", afterCursor) : null,
        },
      },
    };
  }
  const page = paginate(tickets, req.query, (p, n) => pageUrl(store, req, { page: String(p), per_page: String(n) }), {
    perPage: 100,
    maxPerPage: 100,
  });
  return { status: 200, body: { tickets: page.slice, next_page: page.next, previous_page: page.previous, count: tickets.length } };
});

route("POST", "/api/v2/tickets", (req, _p, store) => {
  const input = jsonBodyObject(req, "ticket");
  const result = store.createTicket(input, req.actor.id);
  return { status: 201, body: result, headers: { Location: result.ticket.url } };
});

route("GET", `/api/v2/tickets/${ID}`, (_req, [id], store) => {
  const ticket = store.getTicket(idParam(id));
  if (!ticket) throw notFound();
  return { status: 200, body: { ticket } };
});

route("PUT", `/api/v2/tickets/${ID}`, (req, [id], store) => {
  const ticketId = idParam(id);
  if (!store.getTicket(ticketId)) throw notFound();
  const input = jsonBodyObject(req, "ticket");
  return { status: 200, body: store.updateTicket(ticketId, input, req.actor.id) };
});

route("GET", `/api/v2/tickets/${ID}/comments`, (req, [id], store) => {
  const comments = store.getComments(idParam(id));
  if (!comments) throw notFound();
  const ordered = (req.query.get("sort_order") ?? "asc").toLowerCase() === "desc" ? [...comments].reverse() : comments;
  const page = paginate(ordered, req.query, (p, n) => pageUrl(store, req, { page: String(p), per_page: String(n) }), {
    perPage: 100,
    maxPerPage: 100,
  });
  return { status: 200, body: { comments: page.slice, next_page: page.next, previous_page: page.previous, count: comments.length } };
});

route("GET", `/api/v2/tickets/${ID}/audits`, (req, [id], store) => {
  const audits = store.getAudits(idParam(id));
  if (!audits) throw notFound();
  const page = paginate(audits, req.query, (p, n) => pageUrl(store, req, { page: String(p), per_page: String(n) }), {
    perPage: 100,
    maxPerPage: 100,
  });
  return { status: 200, body: { audits: page.slice, next_page: page.next, previous_page: page.previous, count: audits.length } };
});

// The cursor-based Incremental Ticket Export (its rate limit is applied by the server, which holds the window).
route("GET", EXPORT_PATH, (req, _p, store) => exportTicketsByCursor(req, store));

// ------------------------------------------------------------------------------------------ users & orgs

route("GET", "/api/v2/users/me", (req) => ({ status: 200, body: { user: req.actor } }));

route("GET", "/api/v2/users/search", (req, _p, store) => {
  const query = req.query.get("query") ?? req.query.get("external_id") ?? "";
  const users = store.searchUsers(query);
  return { status: 200, body: { users, next_page: null, previous_page: null, count: users.length } };
});

route("GET", `/api/v2/users/${ID}`, (_req, [id], store) => {
  const user = store.getUser(idParam(id));
  if (!user) throw notFound();
  return { status: 200, body: { user } };
});

route("GET", `/api/v2/organizations/${ID}`, (_req, [id], store) => {
  const organization = store.getOrganization(idParam(id));
  if (!organization) throw notFound();
  return { status: 200, body: { organization } };
});

// ------------------------------------------------------------------------------------------ Help Center

const listArticles: Handler = (req, [locale], store) => {
  const by = req.query.get("sort_by") ?? "position";
  const order = (req.query.get("sort_order") ?? "asc").toLowerCase() === "desc" ? -1 : 1;
  const articles = [...store.listArticles(locale)].sort((a, b) => {
    const ka = by === "title" ? a.title : by === "created_at" ? a.created_at : by === "updated_at" ? a.updated_at : a.position;
    const kb = by === "title" ? b.title : by === "created_at" ? b.created_at : by === "updated_at" ? b.updated_at : b.position;
    return (ka < kb ? -1 : ka > kb ? 1 : a.id - b.id) * order;
  });
  const page = paginate(articles, req.query, (p, n) => pageUrl(store, req, { page: String(p), per_page: String(n) }), {
    perPage: 30,
    maxPerPage: 100,
  });
  return {
    status: 200,
    body: {
      articles: page.slice,
      next_page: page.next,
      previous_page: page.previous,
      page: page.page,
      per_page: page.perPage,
      page_count: page.pageCount,
      count: articles.length,
      sort_by: by,
      sort_order: order === 1 ? "asc" : "desc",
    },
  };
};
route("GET", "/api/v2/help_center/articles", (req, _p, store) => listArticles(req, [], store));
route("GET", `/api/v2/help_center/${LOCALE}/articles`, listArticles);

const showArticle: Handler = (_req, params, store) => {
  const id = params.length === 2 ? params[1] : params[0];
  const locale = params.length === 2 ? params[0]?.toLowerCase() : undefined;
  const article = store.getArticle(idParam(id));
  if (!article || (locale && article.locale !== locale)) throw notFound();
  return { status: 200, body: { article } };
};
route("GET", `/api/v2/help_center/articles/${ID}`, showArticle);
route("GET", `/api/v2/help_center/${LOCALE}/articles/${ID}`, showArticle);

// ------------------------------------------------------------------------------------------ macros

const listMacros =
  (onlyActive: boolean): Handler =>
  (req, _p, store) => {
    const activeParam = req.query.get("active");
    const active = onlyActive ? true : activeParam === "true" ? true : activeParam === "false" ? false : undefined;
    const macros = store.listMacros(active === undefined ? {} : { active });
    const page = paginate(macros, req.query, (p, n) => pageUrl(store, req, { page: String(p), per_page: String(n) }), {
      perPage: 100,
      maxPerPage: 100,
    });
    return { status: 200, body: { macros: page.slice, next_page: page.next, previous_page: page.previous, count: macros.length } };
  };
route("GET", "/api/v2/macros", listMacros(false));
route("GET", "/api/v2/macros/active", listMacros(true));
route("GET", `/api/v2/macros/${ID}`, (_req, [id], store) => {
  const macro = store.getMacro(idParam(id));
  if (!macro) throw notFound();
  return { status: 200, body: { macro } };
});

/** Dispatches an authenticated /api/v2 request. Throws ApiError for Zendesk-shaped failures. */
export function handleApi(req: ApiRequest, store: FakeZendeskStore): ApiResponse {
  for (const r of routes) {
    if (r.method !== req.method) continue;
    const m = r.pattern.exec(req.path);
    if (m)
      return r.handler(
        req,
        m.slice(1).map((s) => s ?? ""),
        store,
      );
  }
  throw new ApiError(404, { error: "InvalidEndpoint", description: "Not found" });
}
