/**
 * The fake's own control API under /__fake/ (not Zendesk): seeding, reset, state, recorded requests,
 * faults, customer actions and the webhook target. Not authenticated and not recorded.
 */
import { ApiError, badRequest, notFound } from "./errors";
import type { FaultRegistry } from "./faults";
import { parseRateLimit, type RateLimiter } from "./incremental";
import { isRecord, type ParsedBody } from "./http";
import type { RequestFilter, RequestRecorder } from "./recorder";
import { parseId, type FakeZendeskStore } from "./state";
import type { FakeZendeskSeed, WebhookTarget } from "./types";
import type { WebhookDispatcher } from "./webhooks";

export interface ControlDeps {
  store: FakeZendeskStore;
  recorder: RequestRecorder;
  faults: FaultRegistry;
  webhooks: WebhookDispatcher;
  /** The Incremental Export's rate limit window. */
  exportLimiter: RateLimiter;
  initialWebhook: WebhookTarget | undefined;
}

export interface ControlRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: ParsedBody;
}

export interface ControlResponse {
  status: number;
  body: unknown;
}

const json = (body: ParsedBody): unknown => {
  if (body.kind === "invalid") throw badRequest("Malformed JSON in request body", "InvalidJSON");
  return body.kind === "json" ? body.value : undefined;
};

/** Accepts `{...}`, `{<key>: {...}}` or `[...]` (bulk) and returns the list of inputs. */
function inputs(body: ParsedBody, key: string, plural: string): { items: unknown[]; bulk: boolean } {
  const value = json(body);
  if (Array.isArray(value)) return { items: value, bulk: true };
  if (isRecord(value) && Array.isArray(value[plural])) return { items: value[plural] as unknown[], bulk: true };
  if (isRecord(value) && isRecord(value[key])) return { items: [value[key]], bulk: false };
  if (isRecord(value)) return { items: [value], bulk: false };
  throw badRequest(`body must be a ${key} object or an array of them`);
}

function requestFilter(query: URLSearchParams): RequestFilter {
  const f: RequestFilter = {};
  const method = query.get("method");
  const path = query.get("path");
  const prefix = query.get("pathPrefix");
  const since = query.get("sinceSeq");
  if (method) f.method = method;
  if (path) f.path = path;
  if (prefix) f.pathPrefix = prefix;
  if (since && Number.isInteger(Number(since))) f.sinceSeq = Number(since);
  return f;
}

function created<T>(list: T[], bulk: boolean, key: string, plural: string): ControlResponse {
  return { status: 201, body: bulk ? { [plural]: list } : { [key]: list[0] } };
}

export async function handleControl(req: ControlRequest, deps: ControlDeps): Promise<ControlResponse> {
  const { store, recorder, faults, webhooks, exportLimiter } = deps;
  const { method, path, query } = req;
  const seg = path
    .replace(/^\/__fake\/?/, "")
    .replace(/\/+$/, "")
    .split("/");
  const [a = "", b, c] = seg;

  switch (`${method} ${a}`) {
    case "GET health":
    case "GET ":
      return { status: 200, body: { ok: true, service: "fake-zendesk" } };

    case "POST reset":
      store.reset();
      recorder.clear();
      faults.clear();
      webhooks.clearDeliveries();
      webhooks.setTarget(deps.initialWebhook ?? null);
      exportLimiter.reset();
      return { status: 200, body: { ok: true } };

    case "GET state":
      return {
        status: 200,
        body: { ...store.snapshot(), webhook: webhooks.describe(), faults: faults.list() },
      };

    case "POST seed": {
      const seed = json(req.body);
      if (!isRecord(seed)) throw badRequest("seed must be an object {users, organizations, tickets, articles, macros}");
      store.applySeed(seed as FakeZendeskSeed);
      return { status: 200, body: { ok: true } };
    }

    case "POST users": {
      const { items, bulk } = inputs(req.body, "user", "users");
      return created(
        items.map((u) => store.createUser(u as never)),
        bulk,
        "user",
        "users",
      );
    }
    case "POST organizations": {
      const { items, bulk } = inputs(req.body, "organization", "organizations");
      return created(
        items.map((o) => store.createOrganization(o as never)),
        bulk,
        "organization",
        "organizations",
      );
    }
    case "POST articles": {
      const { items, bulk } = inputs(req.body, "article", "articles");
      return created(
        items.map((x) => store.createArticle(x as never)),
        bulk,
        "article",
        "articles",
      );
    }
    case "POST macros": {
      const { items, bulk } = inputs(req.body, "macro", "macros");
      return created(
        items.map((x) => store.createMacro(x as never)),
        bulk,
        "macro",
        "macros",
      );
    }

    case "POST tickets": {
      if (b === undefined) {
        const { items, bulk } = inputs(req.body, "ticket", "tickets");
        const results = items.map((t) => store.seedTicket(t as never));
        const status = !bulk && results[0]?.replaced ? 200 : 201;
        return { status, body: bulk ? { tickets: results.map((r) => r.ticket) } : { ticket: results[0]?.ticket } };
      }
      if (c === "customer-reply") {
        const id = parseId(b);
        if (id === undefined) throw notFound();
        const body = json(req.body);
        if (!isRecord(body)) throw badRequest("body must be an object {body | html_body}");
        const result = store.addCustomerReply(id, body);
        return { status: 201, body: result };
      }
      break;
    }

    case "GET tickets": {
      const id = parseId(b);
      if (id === undefined || c !== undefined) break;
      const ticket = store.getTicket(id);
      if (!ticket) throw notFound();
      return { status: 200, body: { ticket, comments: store.getComments(id), audits: store.getAudits(id) } };
    }

    case "POST customer-tickets": {
      const body = json(req.body);
      if (!isRecord(body)) throw badRequest("body must be an object {subject, body, requester: {name, email}}");
      return { status: 201, body: store.createCustomerTicket(body) };
    }

    case "GET requests":
      return { status: 200, body: { requests: recorder.list(requestFilter(query)) } };
    case "DELETE requests":
      return { status: 200, body: { removed: recorder.clear(requestFilter(query)) } };

    case "POST faults": {
      const { items, bulk } = inputs(req.body, "fault", "faults");
      const added = items.map((f) => faults.add(f));
      return { status: 201, body: bulk ? { faults: added } : { fault: added[0] } };
    }
    case "GET faults":
      return { status: 200, body: { faults: faults.list() } };
    case "DELETE faults": {
      const id = b !== undefined ? parseId(b) : undefined;
      if (b !== undefined && id === undefined) throw notFound();
      const pathFilter = query.get("path");
      const removed = faults.clear({ ...(id !== undefined ? { id } : {}), ...(pathFilter ? { path: pathFilter } : {}) });
      return { status: 200, body: { removed } };
    }

    case "POST webhook": {
      const body = json(req.body);
      if (!isRecord(body) || typeof body.url !== "string" || typeof body.secret !== "string" || body.secret === "") {
        throw badRequest("body must be {url, secret}");
      }
      try {
        return { status: 200, body: { webhook: webhooks.setTarget({ url: body.url, secret: body.secret }) } };
      } catch (err) {
        throw badRequest(err instanceof Error ? err.message : "invalid webhook");
      }
    }
    case "GET rate-limit":
      return { status: 200, body: { exportRateLimit: exportLimiter.describe() } };
    case "POST rate-limit":
      exportLimiter.set(parseRateLimit(json(req.body)));
      return { status: 200, body: { exportRateLimit: exportLimiter.describe() } };
    case "DELETE rate-limit":
      exportLimiter.reset();
      return { status: 200, body: { exportRateLimit: exportLimiter.describe() } };

    case "GET webhook":
      return { status: 200, body: { webhook: webhooks.describe() } };
    case "DELETE webhook":
      webhooks.setTarget(null);
      return { status: 200, body: { webhook: null } };

    case "GET webhook-deliveries": {
      if (query.get("wait") === "1" || query.get("wait") === "true") {
        await Promise.race([webhooks.idle(), new Promise((r) => setTimeout(r, 15_000).unref())]);
      }
      const ticketId = query.get("ticket_id");
      const type = query.get("type");
      return {
        status: 200,
        body: {
          deliveries: webhooks.deliveries({
            ...(type ? { type } : {}),
            ...(ticketId && parseId(ticketId) !== undefined ? { ticketId: parseId(ticketId) as number } : {}),
          }),
        },
      };
    }
    case "DELETE webhook-deliveries":
      webhooks.clearDeliveries();
      return { status: 200, body: { ok: true } };
  }
  throw new ApiError(404, { error: "InvalidEndpoint", description: `No control route ${method} ${path}` });
}
