/**
 * A fake Slack Web API: real HTTP on 127.0.0.1 that the official `@slack/web-api` WebClient (and plain fetch) can
 * talk to. `POST /api/{method}` speaks Slack's wire format; `/__fake/...` is the control API for tests.
 *
 *   const slack = await startFakeSlack({ botToken: "xoxb-test" });
 *   const client = new WebClient("xoxb-test", { slackApiUrl: slack.url, retryConfig: { retries: 0 } });
 *
 * CLI (local runs): `npx tsx dev/fakes/slack/server.ts --port 8789 [--bot-token xoxb-...] [--users users.json]`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { FakeSlackControl } from "./client";
import { handleControl } from "./control-api";
import { FaultBook } from "./faults";
import { DEMO_USERGROUPS, DEMO_USERS, FAKE_BOT, FAKE_TEAM, type FakeSlackUser, type FakeSlackUsergroup } from "./identity";
import { ALL_SCOPES, fail, METHOD_SCOPES, METHODS, NO_AUTH_METHODS, type SlackBody } from "./methods";
import { FakeSlackStore } from "./state";
import { decodeArgs, parseCall } from "./wire";
import { randomId } from "./blocks";
import { workspacePage } from "./workspace-page";
import { handleWorkspaceAct, type WorkspaceOptions } from "./workspace";

export { FAKE_BOT, FAKE_TEAM } from "./identity";
export type { FakeSlackUser, FakeSlackUsergroup, SlackMessage } from "./identity";
export type { RecordedCall } from "./state";
export type { FaultSpec } from "./faults";
export { FakeSlackControl } from "./client";

export interface FakeSlackOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** If set, every method (but api.test) requires exactly this token; otherwise any `xox?-...` token is valid. */
  botToken?: string;
  users?: FakeSlackUser[];
  usergroups?: FakeSlackUsergroup[];
  /** Scopes the token has (default: all the fake knows). Methods needing a missing one answer `missing_scope`. */
  scopes?: string[];
  /** One line per request (method, status, outcome); never tokens. */
  log?: (line: string) => void;
  /**
   * Serve the workspace page at `/` (dev/fakes/slack/workspace-page.ts) whose buttons and modals send signed
   * interactions to the Worker (npm start's local Slack).
   */
  workspace?: WorkspaceOptions & { channels: { id: string; name: string; purpose?: string }[]; defaultUser: string };
}

export interface FakeSlack {
  /** Web API base URL ending in `/api/`: WebClient's `slackApiUrl`. */
  url: string;
  /** `http://127.0.0.1:PORT` (the control API lives under `/__fake/`). */
  origin: string;
  port: number;
  /** A typed client for the control API. */
  control: FakeSlackControl;
  close(): Promise<void>;
}

const MAX_BODY = 5 * 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readBody(req: IncomingMessage): Promise<Uint8Array | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_BODY ? undefined : new Uint8Array(Buffer.concat(chunks))));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

const TOKEN_SHAPE = /^xox[abpe]-[A-Za-z0-9-]+$/;

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const store = new FakeSlackStore(options.users ?? [], options.usergroups ?? []);
  const faults = new FaultBook();
  const scopes = options.scopes ?? ALL_SCOPES;
  const log = options.log;
  let origin = "";
  let apiUrl = "";

  function authError(method: string, token: string | undefined): SlackBody | undefined {
    if (NO_AUTH_METHODS.has(method)) return undefined;
    if (!token) return fail("not_authed");
    if (options.botToken !== undefined ? token !== options.botToken : !TOKEN_SHAPE.test(token)) {
      return fail("invalid_auth");
    }
    const needed = METHOD_SCOPES[method];
    if (needed && !needed.split(",").some((s) => scopes.includes(s))) {
      return fail("missing_scope", { needed, provided: scopes.join(",") });
    }
    return undefined;
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, method: string, url: URL) {
    const raw = await readBody(req);
    if (!raw) return send(res, 413, fail("request_too_large"));
    const call = await parseCall(req.method ?? "GET", req.headers["content-type"], req.headers.authorization, url.searchParams, raw);
    let status = 200;
    const headers: Record<string, string> = {
      "x-slack-req-id": randomId(32, "0123456789abcdef"),
      "x-oauth-scopes": scopes.join(","),
      ...(METHOD_SCOPES[method] ? { "x-accepted-oauth-scopes": METHOD_SCOPES[method] } : {}),
    };
    let faultId: string | undefined;
    let body: SlackBody;
    const handler = METHODS[method];
    if (call.error) body = fail(call.error);
    else if (!handler) body = fail("unknown_method", { req_method: method });
    else {
      const denied = authError(method, call.token);
      const fault = denied ? undefined : faults.take(method, call.args);
      if (fault) faultId = fault.id;
      if (fault?.delayMs) await sleep(fault.delayMs);
      if (denied) body = denied;
      else if (fault && fault.status === 429) {
        status = 429;
        headers["retry-after"] = String(fault.retryAfter ?? 1);
        body = fail("ratelimited");
      } else if (fault && (fault.error !== undefined || fault.status !== undefined)) {
        status = fault.status ?? 200;
        const error = fault.error ?? "internal_error";
        const extra = error === "missing_scope" ? { needed: METHOD_SCOPES[method] ?? "", provided: scopes.join(","), ...fault.extra } : { ...fault.extra };
        body = fail(error, extra);
      } else {
        body = handler(call.args, store);
      }
    }
    if (call.missingCharset && body.ok) {
      body.warning = "missing_charset";
      body.response_metadata = { ...(body.response_metadata as object | undefined), warnings: ["missing_charset"] };
    }
    store.record({
      method,
      args: decodeArgs(call.args),
      auth: call.token ? "present" : "absent",
      status,
      ok: body.ok,
      ...(typeof body.error === "string" ? { error: body.error } : {}),
      response: body,
      ...(faultId ? { fault: faultId } : {}),
    });
    log?.(`${method} ${status} ${body.ok ? "ok" : String(body.error)}${faultId ? ` (fault ${faultId})` : ""}`);
    send(res, status, body, headers);
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = url.pathname;
    const work = async () => {
      if (path.startsWith("/api/")) {
        if (req.method !== "POST" && req.method !== "GET") return send(res, 405, fail("method_not_allowed"));
        return handleApi(req, res, decodeURIComponent(path.slice("/api/".length)), url);
      }
      if (path === "/__fake" || path.startsWith("/__fake/")) {
        const raw = await readBody(req);
        if (!raw) return send(res, 413, fail("request_too_large"));
        const answer = await handleControl(
          { store, faults, origin, apiUrl },
          req.method ?? "GET",
          path.slice("/__fake/".length),
          url.searchParams,
          new TextDecoder().decode(raw),
        );
        if (!path.startsWith("/__fake/calls") && req.method !== "GET") log?.(`control ${req.method} ${path} ${answer.status}`);
        return send(res, answer.status, answer.body, answer.headers);
      }
      if (options.workspace && path === "/" && req.method === "GET") {
        const page = workspacePage({
          channels: options.workspace.channels,
          defaultUser: options.workspace.defaultUser,
          botUserId: FAKE_BOT.userId,
          botName: FAKE_BOT.name,
        });
        res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
        return res.end(page);
      }
      if (options.workspace && path === "/__workspace/act" && req.method === "POST") {
        const raw = await readBody(req);
        let body: unknown;
        try {
          body = JSON.parse(new TextDecoder().decode(raw ?? new Uint8Array()));
        } catch {
          return send(res, 400, fail("invalid_json"));
        }
        const answer = await handleWorkspaceAct(store, options.workspace, origin, body);
        log?.(`workspace ${(body as { type?: string }).type ?? "?"} → ${answer.status}`);
        return send(res, answer.status, answer.body);
      }
      send(res, 404, fail("not_found"));
    };
    work().catch((err: unknown) => {
      log?.(`error ${req.method} ${path}: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) send(res, 500, fail("fake_internal_error"));
      else res.end();
    });
  });

  // Longer than Node's 5 s default: a client reusing an idle connection as Node closes it loses the request.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("fake slack: no TCP address");
  const port = address.port;
  origin = `http://127.0.0.1:${port}`;
  apiUrl = `${origin}/api/`;

  return {
    url: apiUrl,
    origin,
    port,
    control: new FakeSlackControl(origin),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function flag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  if (i !== -1) return argv[i + 1];
  const prefixed = argv.find((a) => a.startsWith(`${name}=`));
  return prefixed?.slice(name.length + 1);
}

async function main(argv: string[]) {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(
      "usage: npx tsx dev/fakes/slack/server.ts [--port 8789] [--bot-token xoxb-...] [--users users.json] [--quiet]\n" +
        "  --users: JSON file with [{id, name, real_name, email}] or {users: [...], usergroups: [...]}",
    );
    return;
  }
  const port = Number(flag(argv, "--port") ?? process.env.FAKE_SLACK_PORT ?? 8789);
  const botToken = flag(argv, "--bot-token") ?? process.env.FAKE_SLACK_BOT_TOKEN;
  const usersFile = flag(argv, "--users");
  let users = DEMO_USERS;
  let usergroups = DEMO_USERGROUPS;
  if (usersFile) {
    const seed = JSON.parse(await readFile(usersFile, "utf8")) as FakeSlackUser[] | { users?: FakeSlackUser[]; usergroups?: FakeSlackUsergroup[] };
    users = Array.isArray(seed) ? seed : (seed.users ?? []);
    usergroups = Array.isArray(seed) ? [] : (seed.usergroups ?? []);
  }
  const quiet = argv.includes("--quiet");
  const slack = await startFakeSlack({
    port,
    ...(botToken ? { botToken } : {}),
    users,
    usergroups,
    ...(quiet ? {} : { log: (line: string) => console.log(`[fake-slack] ${line}`) }),
  });
  console.log(`[fake-slack] Web API on ${slack.url} (control: ${slack.origin}/__fake/)`);
  console.log(`[fake-slack] team ${FAKE_TEAM.id}, bot user ${FAKE_BOT.userId}${botToken ? ", bot token required" : ""}`);
  const stop = () => {
    slack.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
