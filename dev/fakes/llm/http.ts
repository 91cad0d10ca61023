/** Small node:http helpers: bounded body reading, JSON answers, abortable sleep. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { FakeApiError } from "./errors.js";

export const DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024;

/**
 * Reads the whole body, or throws a 413 FakeApiError once it exceeds `limit` bytes (the rest is drained and
 * discarded so the client still gets the 413 instead of a reset connection).
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers["content-length"]);
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = Number.isFinite(declared) && declared > limit;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    if (tooLarge) continue;
    size += chunk.length;
    if (size > limit) {
      tooLarge = true;
      chunks.length = 0;
      continue;
    }
    chunks.push(chunk);
  }
  if (tooLarge) {
    throw new FakeApiError(413, `Request body too large: the limit is ${limit} bytes.`, {
      type: "invalid_request_error",
      code: "request_too_large",
    });
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendApiError(res: ServerResponse, err: FakeApiError, headers: Record<string, string> = {}): void {
  sendJson(res, err.status, err.body(), { ...headers, ...err.headers });
}

/** Resolves after `ms` (at once when ms <= 0), or early when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (!(ms > 0) || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
