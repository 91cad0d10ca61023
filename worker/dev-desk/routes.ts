/**
 * The local demo desk's server side, mounted at /demo. It exists only when the Worker runs with
 * DEMO_DESK = "on" (set by `npm start`) and only answers on loopback hosts; otherwise every /demo path is a 404.
 * The desk's static files (built by `npm run app:build` into dist/demo-site) are served by wrangler's
 * `--assets`, which `npm start` passes; nothing of the desk is ever deployed.
 *
 *   GET  /demo/api/config                 who the agent (and the admin of the Insight tab) is, the app's (non-secure) settings
 *   GET  /demo/api/tickets                the fake Zendesk's tickets, newest first
 *   GET  /demo/api/tickets/:id            one ticket with its comments
 *   POST /demo/api/tickets/:id/comments   {body, public, status?}: the agent's reply from the desk's composer ("solved": Submit as Solved)
 *   POST /demo/api/customer-tickets       {subject, body, requester}: a customer opens a ticket (the fake fires
 *                                         the signed webhook, so it goes through the real intake and pipeline)
 *   POST /demo/api/zaf/request            the ZAF request proxy (./zaf-proxy.ts): signs the sidebar's JWT here
 *
 * Only the `demo` account is served, and only while its Zendesk is the local fake (a loopback apiBaseUrl), so the
 * desk can never act on a real Zendesk.
 */
import { Hono, type Context } from "hono";
import { createMiddleware } from "hono/factory";
import { z } from "zod";
import type { AppEnv } from "../http/app-env";
import type { Env } from "../env/bindings";
import { apiError, jsonError } from "../http/errors";
import { jsonBody } from "../http/middleware";
import { loadAccount, type AccountWithSecrets } from "../store/accounts";
import { ZendeskApiError, zendeskAuthFor, zendeskHttpFor } from "../zendesk/http";
import { DEMO_ADMIN_EMAIL } from "./demo-users";
import { prepareProxiedRequest, ProxyRefused, type Installation, type PreparedRequest, type ZafRequestOptions } from "./zaf-proxy";

export const DEMO_ACCOUNT = "demo";
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

export type Dispatch = (request: Request, env: Env, ctx: ExecutionContext | undefined) => Response | Promise<Response>;

export function demoDeskEnabled(env: Env, url: URL): boolean {
  return env.DEMO_DESK === "on" && LOOPBACK_HOSTS.has(url.hostname === "::1" ? "[::1]" : url.hostname);
}

function isLoopbackUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname === "::1" ? "[::1]" : url.hostname);
  } catch {
    return false;
  }
}

/** npm start's Slack stand-in serves its workspace page at its origin; a real Slack (or none) has no such page. */
function localSlackPage(apiBaseUrl: string | undefined): string | null {
  return apiBaseUrl && isLoopbackUrl(apiBaseUrl) ? `${new URL(apiBaseUrl).origin}/` : null;
}

/** The other loopback name for the same port: the app iframe is served from it, so it runs cross-origin as in Zendesk. */
export function appOriginFor(deskOrigin: URL): string {
  const other = deskOrigin.hostname === "localhost" ? "127.0.0.1" : "localhost";
  return `${deskOrigin.protocol}//${other}${deskOrigin.port ? `:${deskOrigin.port}` : ""}`;
}

/** The desk's POST bodies: a JSON object (malformed JSON is a 400, never read as {}). */
const jsonObject = jsonBody(z.record(z.string(), z.unknown()));

type DeskEnv = AppEnv & { Variables: { demoAccount: AccountWithSecrets } };

/** Every /demo/api route works on the demo account, and only while its Zendesk is the local fake. */
const withDemoAccount = createMiddleware<DeskEnv>(async (c, next) => {
  const account = await loadAccount(c.var.db, c.env.SECRETS_KEY, DEMO_ACCOUNT);
  if (!account) apiError(503, "demo_account_missing", "The demo account is not connected yet (npm start seeds it).");
  if (!isLoopbackUrl(account.apiBaseUrl)) apiError(409, "demo_needs_fake_zendesk", "The demo desk only works with the local fake Zendesk.");
  try {
    zendeskAuthFor(account);
  } catch (error) {
    if (error instanceof ZendeskApiError) apiError(503, error.code, error.message);
    throw error;
  }
  c.set("demoAccount", account);
  await next();
});

/** What the desk reads from the fake's answers (each route has its own field); the fake is ours, so read unchecked. */
interface FakeAnswer {
  user: FakeUser;
  tickets: unknown[];
  ticket: { requester_id: number } & Record<string, unknown>;
  comments?: unknown[];
}

/**
 * The fake's answer as it is (status + parsed body), for the desk to pass on to the browser. A read whose loopback
 * connection dropped (the fake under load) is tried once more before the desk reports the fake unreachable.
 */
async function fakeZendesk(
  account: AccountWithSecrets,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: FakeAnswer }> {
  const method = init.method ?? "GET";
  const call = () => zendeskHttpFor(account).raw(method, path, { body: init.body }) as Promise<{ status: number; body: FakeAnswer }>;
  const unreachable = (error: unknown): never => {
    if (error instanceof ZendeskApiError && error.status === 0)
      apiError(502, "fake_zendesk_unreachable", `The fake Zendesk at ${account.apiBaseUrl} did not answer; is npm start still running?`);
    throw error;
  };
  try {
    return await call();
  } catch (error) {
    if (method !== "GET" || !(error instanceof ZendeskApiError) || error.status !== 0) return unreachable(error);
    return call().catch(unreachable);
  }
}

/** The fake's answer for the browser; an error becomes our {error, message} shape (Zendesk's is {error, description}). */
function passThrough(c: Context, result: { status: number; body: unknown }) {
  if (result.status >= 400) return jsonError(c, result.status as 400, "fake_zendesk_error", `The fake Zendesk answered ${result.status}.`);
  return c.json(result.body as object, result.status as 200);
}

interface FakeUser {
  id: number;
  name: string;
  email?: string;
  role?: string;
  locale?: string;
}

async function usersById(account: AccountWithSecrets, ids: number[]): Promise<Map<number, FakeUser>> {
  const out = new Map<number, FakeUser>();
  await Promise.all(
    [...new Set(ids)].slice(0, 50).map(async (id) => {
      const res = await fakeZendesk(account, `/api/v2/users/${id}.json`);
      if (res.status === 200) out.set(id, res.body.user as FakeUser);
    }),
  );
  return out;
}

export function demoDesk(dispatch: Dispatch) {
  const demo = new Hono<DeskEnv>();

  demo.use("*", async (c, next) => {
    if (!demoDeskEnabled(c.env, new URL(c.req.url))) return jsonError(c, 404, "not_found", "No such route. The API is described in the README.");
    // Another site open in the developer's browser must not drive the local demo: writes need a JSON body (so a
    // cross-site request needs a CORS preflight, which is never granted) and, if the browser names one, a loopback origin.
    if (c.req.method !== "GET" && c.req.method !== "HEAD") {
      const origin = c.req.header("Origin");
      if (!(c.req.header("Content-Type") ?? "").startsWith("application/json") || (origin && origin !== "null" && !isLoopbackUrl(origin)))
        return jsonError(c, 403, "forbidden", "The demo desk accepts JSON requests from its own pages only.");
    }
    await next();
  });

  // Reached only when the built desk is missing (wrangler serves dist/demo-site before the Worker runs).
  demo.get("/", (c) => jsonError(c, 404, "desk_not_built", "The demo desk is not built. Run npm run app:build, then restart npm start."));

  demo.use("/api/*", withDemoAccount);

  demo.get("/api/config", async (c) => {
    const account = c.var.demoAccount;
    const me = await fakeZendesk(account, "/api/v2/users/me.json");
    if (me.status !== 200) return jsonError(c, 502, "fake_zendesk_failed", `The fake Zendesk answered ${me.status} for users/me.`);
    const url = new URL(c.req.url);
    const user = me.body.user as FakeUser;
    // A fake state from before the admin was seeded has none: the desk then says how to get one (--reset).
    const admins = await fakeZendesk(account, `/api/v2/users/search.json?query=${encodeURIComponent(`email:${DEMO_ADMIN_EMAIL}`)}`);
    const admin = ((admins.body as unknown as { users?: FakeUser[] }).users ?? []).find((u) => u.role === "admin");
    const person = (u: FakeUser, role: string) => ({ id: u.id, name: u.name, email: u.email ?? null, role: u.role ?? role, locale: u.locale ?? "en-US" });
    return c.json({
      account: { subdomain: account.id, name: account.name },
      agent: person(user, "agent"),
      admin: admin ? person(admin, "admin") : null,
      // wrangler's asset handling serves iframe.html at /demo/app/iframe (and redirects the .html form).
      app: { origin: appOriginFor(url), path: "/demo/app/iframe", settings: { worker_url: url.origin } },
      slackWorkspaceUrl: localSlackPage(account.settings.slack?.apiBaseUrl),
    });
  });

  demo.get("/api/tickets", async (c) => {
    const account = c.var.demoAccount;
    const res = await fakeZendesk(account, "/api/v2/tickets.json?sort_by=updated_at&sort_order=desc&per_page=50");
    if (res.status !== 200) return passThrough(c, res);
    const tickets = res.body.tickets as { requester_id: number | null }[];
    const users = await usersById(
      account,
      tickets.map((t) => t.requester_id).filter((id): id is number => typeof id === "number"),
    );
    return c.json({ tickets: tickets.map((t) => ({ ...t, requester: t.requester_id ? (users.get(t.requester_id) ?? null) : null })) });
  });

  demo.get("/api/tickets/:id{[0-9]+}", async (c) => {
    const account = c.var.demoAccount;
    const id = c.req.param("id");
    const ticket = await fakeZendesk(account, `/api/v2/tickets/${id}.json`);
    if (ticket.status !== 200) return passThrough(c, ticket);
    const comments = await fakeZendesk(account, `/api/v2/tickets/${id}/comments.json?per_page=100`);
    const list = (comments.body?.comments ?? []) as { author_id: number | null }[];
    const users = await usersById(
      account,
      [ticket.body.ticket.requester_id, ...list.map((x) => x.author_id)].filter((v): v is number => typeof v === "number"),
    );
    return c.json({
      ticket: { ...ticket.body.ticket, requester: users.get(ticket.body.ticket.requester_id) ?? null },
      comments: list.map((x) => ({ ...x, author: x.author_id ? (users.get(x.author_id) ?? null) : null })),
    });
  });

  demo.post("/api/tickets/:id{[0-9]+}/comments", jsonObject, async (c) => {
    const account = c.var.demoAccount;
    const body = c.var.body;
    const hasText = typeof body.body === "string" && body.body.trim() !== "";
    // "Submit as Solved", as in Zendesk: the reply (if any) and the status in one update.
    const solve = body.status === "solved";
    if ((!hasText && !solve) || (body.body !== undefined && typeof body.body !== "string") || (body.status !== undefined && !solve))
      return jsonError(c, 400, "invalid_comment", 'Send {body, public} and optionally status: "solved" (or only the status).');
    const res = await fakeZendesk(account, `/api/v2/tickets/${c.req.param("id")}.json`, {
      method: "PUT",
      body: { ticket: { ...(hasText ? { comment: { body: body.body, public: body.public !== false } } : {}), ...(solve ? { status: "solved" } : {}) } },
    });
    return passThrough(c, res);
  });

  demo.post("/api/customer-tickets", jsonObject, async (c) => {
    const account = c.var.demoAccount;
    const body = c.var.body;
    const requester = (body.requester ?? {}) as Record<string, unknown>;
    if (typeof body.subject !== "string" || typeof body.body !== "string" || typeof requester.email !== "string")
      return jsonError(c, 400, "invalid_ticket", "Send {subject, body, requester: {name, email}}.");
    const res = await fakeZendesk(account, "/__fake/customer-tickets", {
      method: "POST",
      body: { subject: body.subject, body: body.body, requester: { name: requester.name, email: requester.email } },
    });
    return passThrough(c, res);
  });

  demo.post("/api/zaf/request", jsonObject, async (c) => {
    const account = c.var.demoAccount;
    if (!account.secrets.sidebarSecret) return jsonError(c, 503, "sidebar_not_configured", "The demo account has no sidebar secret (npm start sets it).");
    const url = new URL(c.req.url);
    const install: Installation = {
      settings: { worker_url: url.origin },
      secureSettings: { shared_secret: account.secrets.sidebarSecret },
      domainWhitelist: [url.host, new URL(appOriginFor(url)).host],
    };
    let prepared: PreparedRequest;
    try {
      prepared = await prepareProxiedRequest(c.var.body as ZafRequestOptions, install, Math.floor(Date.now() / 1000));
    } catch (error) {
      if (error instanceof ProxyRefused) return jsonError(c, 400, "zaf_request_refused", error.message);
      throw error;
    }
    // The proxy only talks to this Worker: dispatch in-process instead of a network round trip.
    const target = new URL(prepared.request.url);
    if (target.host !== url.host && target.host !== new URL(appOriginFor(url)).host)
      return jsonError(c, 400, "zaf_request_refused", "The demo proxy only forwards to this Worker.");
    let ctx: ExecutionContext | undefined;
    try {
      ctx = c.executionCtx;
    } catch {
      ctx = undefined;
    }
    const response = await dispatch(prepared.request, c.env, ctx);
    const text = await response.text();
    return c.json({ status: response.status, statusText: response.statusText, contentType: response.headers.get("Content-Type"), body: text });
  });

  return demo;
}
