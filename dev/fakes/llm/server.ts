/**
 * A fake OpenAI-compatible LLM server: real HTTP on 127.0.0.1, OpenAI's wire format, deterministic support replies,
 * scripted responses, injectable errors and latency, and a record of every API request. See README.md.
 *
 *   import { startFakeLlm } from "./dev/fakes/llm/server.js";
 *   const llm = await startFakeLlm({ apiKey: "sk-test" });
 *   const client = new OpenAI({ apiKey: "sk-test", baseURL: llm.url });
 *
 * CLI: npx tsx dev/fakes/llm/server.ts --port 8790 [--api-key KEY] [--no-json-schema] [--model ID]... [--latency MS]
 */
import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { badRequest, FakeApiError, injectedError } from "./errors.js";
import { DEFAULT_MAX_BODY_BYTES, readBody, sendApiError, sendJson, sleep } from "./http.js";
import { lastUserText } from "./messages.js";
import { Recorder, safeHeaders } from "./recorder.js";
import { completionBody, streamChunks } from "./render.js";
import { defaultOutcome, scriptedOutcome } from "./responder.js";
import { isPlainObject } from "./schema-check.js";
import { ScriptQueue } from "./script-queue.js";
import type { FakeConfig, RecordedRequest, ScriptedResponse, ScriptMatch } from "./types.js";
import { validateChatRequest } from "./validate-request.js";

export type { FakeConfig, RecordedRequest, ScriptedResponse, ScriptMatch } from "./types.js";

export interface FakeLlmOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** When set, /v1 requests need `Authorization: Bearer <apiKey>` (else 401). */
  apiKey?: string;
  /** Default true; false answers `response_format: json_schema` with 400 like servers without structured outputs. */
  supportsJsonSchema?: boolean;
  /** Receives one line per request (method, path, status, time, model, source); never keys or bodies. */
  log?: (line: string) => void;
  /** Model allowlist: when non-empty, other models get 404 model_not_found and /v1/models lists these. */
  models?: string[];
  /** Initial latency before every chat completion answer, ms. */
  latencyMs?: number;
  /** Request body limit in bytes (413 above); default 2 MiB. */
  maxBodyBytes?: number;
}

export interface FakeLlm {
  /** Base URL including /v1, for `new OpenAI({ baseURL })`. */
  url: string;
  port: number;
  /** http://127.0.0.1:PORT (control routes live under /__fake). */
  origin: string;
  close(): Promise<void>;
  /** In-process equivalents of the control routes. */
  script(responses: ScriptedResponse[], match?: ScriptMatch): void;
  configure(patch: Partial<FakeConfig>): FakeConfig;
  requests(): RecordedRequest[];
  clearRequests(): void;
  /** Clears scripts and recorded requests and restores the initial config. */
  reset(): void;
}

/** Models listed by GET /v1/models when no allowlist is configured (any model name is accepted then). */
export const DEFAULT_MODELS = ["fake-gpt-4o-mini", "fake-gpt-4o"];
const MODEL_CREATED = 1_700_000_000;

export async function startFakeLlm(options: FakeLlmOptions = {}): Promise<FakeLlm> {
  const initialConfig = (): FakeConfig => ({
    supportsJsonSchema: options.supportsJsonSchema ?? true,
    latencyMs: options.latencyMs ?? 0,
    streamChunkDelayMs: 0,
    failNext: null,
    models: [...(options.models ?? [])],
  });
  let config = initialConfig();
  const scripts = new ScriptQueue();
  const recorder = new Recorder();
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const closing = new AbortController();
  const keyDigest = options.apiKey !== undefined ? digest(options.apiKey) : null;
  const log = options.log;

  function configure(patch: unknown): FakeConfig {
    config = applyConfig(config, patch);
    return config;
  }

  function authorized(req: IncomingMessage): FakeApiError | null {
    if (!keyDigest) return null;
    const header = req.headers.authorization;
    if (!header) {
      return new FakeApiError(
        401,
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
        { code: null },
      );
    }
    const m = /^Bearer\s+(.+)$/i.exec(header);
    if (!m || !timingSafeEqual(digest(m[1] ?? ""), keyDigest)) {
      return new FakeApiError(401, "Incorrect API key provided.", { code: "invalid_api_key" });
    }
    return null;
  }

  async function api(req: IncomingMessage, res: ServerResponse, path: string, rec: RecordedRequest): Promise<void> {
    const method = req.method ?? "GET";
    res.setHeader("x-request-id", `req_${randomUUID().replace(/-/g, "")}`);
    let raw = "";
    try {
      raw = await readBody(req, maxBody);
    } catch (err) {
      if (err instanceof FakeApiError) return sendApiError(res, err);
      throw err;
    }
    let malformed = false;
    if (raw.length > 0) {
      try {
        rec.body = JSON.parse(raw);
      } catch {
        rec.body = raw;
        malformed = true;
      }
    }
    const denied = authorized(req);
    if (denied) return sendApiError(res, denied);

    if (path === "/v1/models" && method === "GET") {
      const ids = config.models.length > 0 ? config.models : DEFAULT_MODELS;
      return sendJson(res, 200, { object: "list", data: ids.map(modelObject) });
    }
    const modelMatch = /^\/v1\/models\/([^/]+)$/.exec(path);
    if (modelMatch && method === "GET") {
      const id = decodeURIComponent(modelMatch[1] ?? "");
      if (config.models.length > 0 && !config.models.includes(id)) {
        throw new FakeApiError(404, `The model '${id}' does not exist`, { code: "model_not_found", param: "model" });
      }
      return sendJson(res, 200, modelObject(id));
    }
    if (path !== "/v1/chat/completions" || method !== "POST") {
      throw new FakeApiError(404, `Invalid URL (${method} ${path})`, { code: null });
    }

    if (malformed) {
      throw badRequest(
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
      );
    }
    const chat = validateChatRequest(rec.body, config);
    rec.source = "default";

    if (config.failNext && config.failNext.times > 0) {
      const fail = config.failNext;
      config = { ...config, failNext: fail.times > 1 ? { ...fail, times: fail.times - 1 } : null };
      rec.source = "failNext";
      await sleep(config.latencyMs, closing.signal);
      throw injectedError(fail);
    }

    const scripted = scripts.take(lastUserText(chat.messages));
    if (scripted) rec.source = "script";
    await sleep(config.latencyMs + (scripted?.delayMs ?? 0), closing.signal);
    if (res.destroyed) {
      rec.source = "client-closed";
      return;
    }
    if (scripted && "error" in scripted) throw injectedError(scripted.error);

    const outcome = scripted ? scriptedOutcome(chat, scripted) : defaultOutcome(chat);
    const meta = {
      id: `chatcmpl-${randomUUID().replace(/-/g, "").slice(0, 24)}`,
      created: Math.floor(Date.now() / 1000),
      model: chat.model,
    };
    if (!chat.stream) return sendJson(res, 200, completionBody(outcome, meta));

    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      connection: "keep-alive",
    });
    const chunks = streamChunks(outcome, meta, chat.includeUsage);
    for (let i = 0; i < chunks.length; i++) {
      if (res.destroyed) return;
      if (i > 0 && config.streamChunkDelayMs > 0) await sleep(config.streamChunkDelayMs, closing.signal);
      res.write(`data: ${JSON.stringify(chunks[i])}\n\n`);
    }
    res.end("data: [DONE]\n\n");
  }

  async function control(req: IncomingMessage, res: ServerResponse, path: string, url: URL): Promise<void> {
    const method = req.method ?? "GET";
    const raw = await readBody(req, maxBody);
    let body: unknown;
    if (raw.trim().length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        throw badRequest("Control request body is not valid JSON.");
      }
    }
    const route = `${method} ${path}`;
    switch (route) {
      case "POST /__fake/script": {
        const queued = scripts.add(body);
        return sendJson(res, 200, { queued, pending: scripts.size });
      }
      case "GET /__fake/script":
        return sendJson(res, 200, { pending: scripts.list() });
      case "DELETE /__fake/script": {
        const cleared = scripts.size;
        scripts.clear();
        return sendJson(res, 200, { cleared });
      }
      case "GET /__fake/config":
        return sendJson(res, 200, config);
      case "POST /__fake/config":
        return sendJson(res, 200, configure(body ?? {}));
      case "GET /__fake/requests": {
        const pathFilter = url.searchParams.get("path");
        const since = Number(url.searchParams.get("since") ?? "0");
        const list = recorder.list().filter((r) => (!pathFilter || r.path === pathFilter) && r.seq > since);
        return sendJson(res, 200, { requests: list });
      }
      case "DELETE /__fake/requests":
        recorder.clear();
        return sendJson(res, 200, { cleared: true });
      case "POST /__fake/reset":
        reset();
        return sendJson(res, 200, { reset: true });
      default:
        throw new FakeApiError(404, `Unknown control route (${method} ${path}).`, { code: null });
    }
  }

  function reset(): void {
    scripts.clear();
    recorder.clear();
    config = initialConfig();
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = url.pathname;
    const method = req.method ?? "GET";
    const isControl = path.startsWith("/__fake/");
    const rec: RecordedRequest = {
      seq: isControl ? 0 : recorder.nextSeq(),
      method,
      path,
      headers: safeHeaders(req.headers),
      hasAuthorization: req.headers.authorization !== undefined,
      body: null,
      status: 0,
      at: new Date(started).toISOString(),
      durationMs: 0,
    };
    try {
      if (isControl) await control(req, res, path, url);
      else await api(req, res, path, rec);
    } catch (err) {
      if (err instanceof FakeApiError) {
        if (rec.source && rec.source !== "failNext" && rec.source !== "script") rec.source = "error";
        sendApiError(res, err);
      } else {
        log?.(`internal error on ${method} ${path}: ${err instanceof Error ? err.message : String(err)}`);
        sendApiError(res, new FakeApiError(500, "The fake LLM server had an internal error.", { code: null }));
      }
    } finally {
      // 499 (nginx's "client closed request") when the client went away before an answer was written.
      rec.status = res.headersSent || !res.destroyed ? res.statusCode : 499;
      rec.durationMs = Date.now() - started;
      if (!isControl) {
        recorder.add(rec);
        const model = isPlainObject(rec.body) && typeof rec.body["model"] === "string" ? ` model=${rec.body["model"]}` : "";
        log?.(`${method} ${path} ${rec.status} ${rec.durationMs}ms${model}${rec.source ? ` source=${rec.source}` : ""}`);
      }
    }
  }

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  server.on("clientError", (_err, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n");
    else socket.destroy();
  });
  // Longer than Node's 5 s default: a client reusing an idle connection as Node closes it loses the request.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolvePromise();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/v1`,
    port,
    origin,
    close: () =>
      new Promise<void>((resolveClose) => {
        closing.abort();
        server.close(() => resolveClose());
        server.closeAllConnections();
      }),
    script(responses, match) {
      scripts.add(match ? { responses, match } : { responses });
    },
    configure: (patch) => configure(patch),
    requests: () => recorder.list(),
    clearRequests: () => recorder.clear(),
    reset,
  };
}

function digest(s: string): Buffer {
  return createHash("sha256").update(s).digest();
}

function modelObject(id: string): Record<string, unknown> {
  return { id, object: "model", created: MODEL_CREATED, owned_by: "fake-llm" };
}

/** Validates a `POST /__fake/config` patch (400 on bad input) and returns the new config. */
export function applyConfig(current: FakeConfig, patch: unknown): FakeConfig {
  if (!isPlainObject(patch)) throw badRequest("Config must be a JSON object.");
  const next: FakeConfig = { ...current };
  const ms = (k: "latencyMs" | "streamChunkDelayMs"): void => {
    const v = patch[k];
    if (v === undefined) return;
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > 600_000) throw badRequest(`'${k}' must be 0..600000 ms.`, k);
    next[k] = v;
  };
  for (const key of Object.keys(patch)) {
    if (!["supportsJsonSchema", "latencyMs", "streamChunkDelayMs", "failNext", "models"].includes(key)) {
      throw badRequest(`Unknown config key '${key}'.`, key);
    }
  }
  if (patch["supportsJsonSchema"] !== undefined) {
    if (typeof patch["supportsJsonSchema"] !== "boolean") throw badRequest("'supportsJsonSchema' must be a boolean.", "supportsJsonSchema");
    next.supportsJsonSchema = patch["supportsJsonSchema"];
  }
  ms("latencyMs");
  ms("streamChunkDelayMs");
  if (patch["models"] !== undefined) {
    const models = patch["models"];
    if (!Array.isArray(models) || !models.every((m) => typeof m === "string")) throw badRequest("'models' must be an array of strings.", "models");
    next.models = [...models];
  }
  if (patch["failNext"] !== undefined) {
    const f = patch["failNext"];
    if (f === null) next.failNext = null;
    else {
      if (
        !isPlainObject(f) ||
        typeof f["status"] !== "number" ||
        !Number.isInteger(f["status"]) ||
        f["status"] < 400 ||
        f["status"] > 599 ||
        (f["times"] !== undefined && (typeof f["times"] !== "number" || !Number.isInteger(f["times"]) || f["times"] < 0))
      ) {
        throw badRequest("'failNext' must be {status: 400..599, times?: integer >= 0, message?, retryAfter?}.", "failNext");
      }
      const times = (f["times"] as number | undefined) ?? 1;
      const fail: NonNullable<FakeConfig["failNext"]> = { status: f["status"], times };
      if (typeof f["message"] === "string") fail.message = f["message"];
      if (typeof f["retryAfter"] === "number" && f["retryAfter"] >= 0) fail.retryAfter = f["retryAfter"];
      next.failNext = times > 0 ? fail : null;
    }
  }
  return next;
}

// ---- CLI ---------------------------------------------------------------------------------------------------------

function parseArgs(argv: readonly string[]): FakeLlmOptions & { quiet: boolean } {
  const out: FakeLlmOptions & { quiet: boolean } = { port: 8790, quiet: false };
  const apiKey = process.env["FAKE_LLM_API_KEY"];
  if (apiKey) out.apiKey = apiKey;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === "--port") out.port = Number(value());
    else if (arg === "--api-key") out.apiKey = value();
    else if (arg === "--no-json-schema") out.supportsJsonSchema = false;
    else if (arg === "--model") out.models = [...(out.models ?? []), value()];
    else if (arg === "--latency") out.latencyMs = Number(value());
    else if (arg === "--quiet") out.quiet = true;
    else if (arg === "--help" || arg === "-h") {
      process.stdout.write(
        "usage: tsx dev/fakes/llm/server.ts [--port 8790] [--api-key KEY] [--no-json-schema] [--model ID]... [--latency MS] [--quiet]\n" +
          "       (FAKE_LLM_API_KEY in the environment also sets the key)\n",
      );
      process.exit(0);
    } else throw new Error(`unknown argument: ${arg}`);
  }
  if (!Number.isInteger(out.port) || (out.port ?? 0) < 0 || (out.port ?? 0) > 65535) throw new Error("--port must be 0..65535");
  return out;
}

async function main(): Promise<void> {
  const { quiet, ...opts } = parseArgs(process.argv.slice(2));
  const llm = await startFakeLlm({
    ...opts,
    ...(quiet ? {} : { log: (line: string) => process.stderr.write(`[fake-llm] ${line}\n`) }),
  });
  process.stdout.write(`${llm.url}\n`);
  const stop = (): void => {
    void llm.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(resolve(entry)).href) {
  main().catch((err: unknown) => {
    process.stderr.write(`fake-llm: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
