/**
 * A fake Zendesk: a real HTTP server on 127.0.0.1 that speaks Zendesk's wire formats (Support tickets,
 * users, organizations, Help Center articles, macros, event-subscription webhooks), plus a control API
 * under /__fake/ for tests and the local demo. See README.md beside this file.
 *
 *   npx tsx dev/fakes/zendesk/server.ts --port 8788 [--webhook-url URL --webhook-secret SECRET] [--demo]
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import { authenticate, type AuthInfo } from "./auth";
import { handleControl } from "./control";
import { demoSeed } from "./demo-seed";
import { ApiError, unauthorized } from "./errors";
import { FaultRegistry } from "./faults";
import { readPersistedStore, StoreSaver } from "./persist";
import { DEFAULT_EXPORT_RATE_LIMIT, EXPORT_PATH, RateLimiter } from "./incremental";
import { BodyTooLarge, parseJsonBody, queryObject, readBody, sendError, sendJson, stripJson, type ParsedBody } from "./http";
import { RequestRecorder } from "./recorder";
import { handleApi } from "./routes";
import { FakeZendeskStore } from "./state";
import type { FakeZendeskOptions, IdKind } from "./types";
import { WebhookDispatcher, buildPayload } from "./webhooks";

export type { FakeZendeskOptions, FakeZendeskSeed } from "./types";
export { signWebhook } from "./webhooks";

export interface FakeZendesk {
  /** Base URL, e.g. http://127.0.0.1:8788 (no trailing slash). */
  url: string;
  port: number;
  /** With persistPath: what was loaded from the file (null: it was absent and the seed was applied). */
  resumed: { tickets: number } | null;
  close(): Promise<void>;
}

const DEFAULT_IDS: Record<IdKind, number> = {
  ticket: 1,
  user: 9_000_000_001,
  organization: 8_000_000_001,
  comment: 7_000_000_001,
  audit: 6_000_000_001,
  article: 5_000_000_001,
  macro: 4_000_000_001,
};

export async function startFakeZendesk(options: FakeZendeskOptions = {}): Promise<FakeZendesk> {
  const log = options.log ?? (() => {});
  const now = options.now ?? Date.now;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const accountId = options.accountId ?? 9_000_001;
  const store = new FakeZendeskStore({
    subdomain: options.subdomain ?? "demo",
    now,
    ids: { ...DEFAULT_IDS, ...(options.idBase !== undefined ? { ticket: options.idBase } : {}), ...options.ids },
    ...(options.seed ? { seed: options.seed } : {}),
  });
  // Read before listening: an unreadable file fails the start without leaving a server behind.
  const saved = options.persistPath ? readPersistedStore(options.persistPath) : null;
  const saver = options.persistPath ? new StoreSaver(store, options.persistPath) : undefined;
  const recorder = new RequestRecorder();
  const faults = new FaultRegistry();
  const exportLimiter = new RateLimiter(options.exportRateLimit === undefined ? DEFAULT_EXPORT_RATE_LIMIT : options.exportRateLimit, now);
  const webhooks = new WebhookDispatcher({
    log,
    retryDelaysMs: options.webhookRetryDelaysMs ?? [250, 1000],
    timeoutMs: options.webhookTimeoutMs ?? 10_000,
    now,
  });
  if (options.webhook) webhooks.setTarget(options.webhook);
  store.onEvent((event) => {
    webhooks.dispatch(buildPayload(event, { accountId, now: now(), getUser: (id) => store.getUser(id) }));
  });

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log(`internal error: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) sendJson(res, 500, { error: "InternalServerError", description: "The fake crashed on this request" });
      else res.destroy();
    });
  });
  // A client (workerd) may reuse an idle keep-alive connection at the moment Node closes it (5 s by default),
  // and the request is lost ("Network connection lost"). Idle connections stay open longer than any test waits.
  server.keepAliveTimeout = 120_000;
  server.on("clientError", (_err, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    else socket.destroy();
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const method = (req.method ?? "GET").toUpperCase();
    let url: URL;
    try {
      url = new URL(`http://127.0.0.1${req.url?.startsWith("/") ? req.url : `/${req.url ?? ""}`}`);
    } catch {
      sendJson(res, 400, { error: "BadRequest", description: "Malformed request target" });
      return;
    }
    const path = url.pathname;
    const isApi = path.startsWith("/api/v2/");
    const auth = isApi ? authenticate(req.headers.authorization, options.credentials) : undefined;

    const finish = (status: number, body: ParsedBody | undefined) => {
      if (isApi) {
        recorder.add({
          method,
          path,
          query: queryObject(url.searchParams),
          auth: auth?.auth ?? { kind: null },
          body: body === undefined || body.kind === "empty" ? null : body.kind === "json" ? body.value : body.text,
          status,
          at: new Date().toISOString(),
        });
      }
      log(`${method} ${path} ${status === 0 ? "dropped" : status} ${Date.now() - started}ms`);
      // Any write may have changed the store (a refused one costs one extra save, which is fine).
      if (method !== "GET" && method !== "HEAD") saver?.changed();
    };

    let body: ParsedBody;
    try {
      body = parseJsonBody(await readBody(req, maxBodyBytes));
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        sendJson(res, 413, { error: "RequestEntityTooLarge", description: `Request body exceeds ${maxBodyBytes} bytes` }, { Connection: "close" });
        if (err.unread) res.on("finish", () => req.destroy());
        finish(413, undefined);
        return;
      }
      res.destroy();
      return;
    }

    if (path === "/__fake" || path.startsWith("/__fake/")) {
      try {
        const out = await handleControl(
          { method, path, query: url.searchParams, body },
          { store, recorder, faults, webhooks, exportLimiter, initialWebhook: options.webhook },
        );
        sendJson(res, out.status, out.body);
        if (method !== "GET") saver?.changed();
      } catch (err) {
        if (err instanceof ApiError) sendError(res, err);
        else throw err;
      }
      return;
    }

    if (!isApi) {
      sendJson(res, 404, { error: "InvalidEndpoint", description: "Not found" });
      finish(404, body);
      return;
    }

    const fault = faults.take(method, path);
    if (fault) {
      if (fault.fault.delayMs > 0) await sleep(fault.fault.delayMs);
      if (fault.fault.drop) {
        finish(0, body);
        res.destroy();
        return;
      }
      sendJson(res, fault.status, fault.body, fault.headers);
      finish(fault.status, body);
      return;
    }

    try {
      if (body.kind === "invalid") {
        throw new ApiError(400, { error: "InvalidJSON", description: "The request body is not valid JSON" });
      }
      if (!auth?.ok) throw unauthorized();
      if (method === "GET" && stripJson(path) === EXPORT_PATH) exportLimiter.take();
      const actor = actorFor(auth.auth);
      const out = handleApi({ method, rawPath: path, path: stripJson(path), query: url.searchParams, body, actor }, store);
      sendJson(res, out.status, out.body, out.headers);
      finish(out.status, body);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      sendError(res, err);
      finish(err.status, body);
    }
  }

  function actorFor(auth: AuthInfo) {
    if (auth.kind === "basic") return store.ensureAgent(auth.user);
    const agent = store.getUser(store.defaultAgentId);
    if (!agent) throw new Error("default agent missing");
    return agent;
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  store.baseUrl = url;
  // Entities seeded before the port was known carry the placeholder origin; re-seed now that it is. A saved
  // state is loaded instead of the seed: its tickets and id counters carry on.
  if (saved) store.importState(saved);
  else store.reset();
  saver?.flush();

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    resumed: saved ? { tickets: saved.tickets.length } : null,
    close() {
      closing ??= (async () => {
        saver?.flush();
        await webhooks.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}

// ------------------------------------------------------------------------------------------ CLI

function parseArgs(argv: string[]): Record<string, string | true> {
  const out: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (!arg.startsWith("--")) continue;
    const eq = arg.indexOf("=");
    if (eq > 0) {
      out[arg.slice(2, eq)] = arg.slice(eq + 1);
      continue;
    }
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith("--")) {
      out[arg.slice(2)] = next;
      i++;
    } else out[arg.slice(2)] = true;
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log(
      "usage: tsx dev/fakes/zendesk/server.ts [--port 8788] [--subdomain demo] [--demo] [--seed seed.json]\n" +
        "       [--webhook-url URL --webhook-secret SECRET] (or FAKE_ZENDESK_WEBHOOK_SECRET) [--strict-email E --strict-token T] [--quiet]",
    );
    return;
  }
  const str = (k: string) => (typeof args[k] === "string" ? (args[k] as string) : undefined);
  const port = Number(str("port") ?? process.env.FAKE_ZENDESK_PORT ?? 8788);
  const webhookUrl = str("webhook-url") ?? process.env.FAKE_ZENDESK_WEBHOOK_URL;
  const webhookSecret = str("webhook-secret") ?? process.env.FAKE_ZENDESK_WEBHOOK_SECRET;
  if (webhookUrl && !webhookSecret) throw new Error("--webhook-url needs --webhook-secret (or FAKE_ZENDESK_WEBHOOK_SECRET)");
  const seedFile = str("seed");
  const seed = seedFile ? JSON.parse(readFileSync(seedFile, "utf8")) : args.demo ? demoSeed() : undefined;
  const strictEmail = str("strict-email");
  const strictToken = str("strict-token");
  const subdomain = str("subdomain");
  const fake = await startFakeZendesk({
    port: Number.isInteger(port) && port >= 0 ? port : 8788,
    ...(subdomain ? { subdomain } : {}),
    ...(webhookUrl && webhookSecret ? { webhook: { url: webhookUrl, secret: webhookSecret } } : {}),
    ...(seed ? { seed } : {}),
    ...(strictEmail && strictToken ? { credentials: { email: strictEmail, apiToken: strictToken } } : {}),
    ...(args.quiet ? {} : { log: (line: string) => console.log(`[fake-zendesk] ${line}`) }),
  });
  console.log(`fake-zendesk listening on ${fake.url}`);
  const stop = () => {
    void fake.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(entry).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
