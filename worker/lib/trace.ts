/**
 * Trace ids: one id per unit of work (a request, a queue message, a workflow step), carried across the queue and
 * into workflows, LLM calls, stored decisions and every log line (./log.ts). The id is a W3C trace-id (32 lower-case
 * hex digits), so it can be sent on as `traceparent` and found in any tracing tool.
 *
 * The current id lives in an AsyncLocalStorage (workerd supports it under the `nodejs_compat` flag): each request
 * or message runs inside `withTrace`, so concurrent requests in one isolate never see each other's id and no code
 * has to thread it through every call. What crosses a boundary (a queue message, a workflow's params, a stored
 * row) carries it explicitly.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export interface TraceContext {
  traceId: string;
  /** The workflow step being run, when there is one. */
  step?: string;
}

const storage = new AsyncLocalStorage<TraceContext>();

const TRACE_ID = /^[0-9a-f]{32}$/;
const ZERO_TRACE = "0".repeat(32);

/** A valid W3C trace-id: 32 lower-case hex digits, not all zero. */
export function isTraceId(value: unknown): value is string {
  return typeof value === "string" && TRACE_ID.test(value) && value !== ZERO_TRACE;
}

function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, "0")).join("");
}

export function newTraceId(): string {
  return randomHex(16);
}

/**
 * The trace id an incoming request brings: the trace-id of a valid W3C `traceparent` (version 00), else
 * Cloudflare's `cf-ray` (16 hex digits and a colo) left-padded with zeros to 32 digits, so the id still ends with the
 * ray id Cloudflare's own logs show. null when neither is there or well formed.
 */
export function traceIdFromHeaders(header: (name: string) => string | undefined): string | null {
  const parent = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/.exec((header("traceparent") ?? "").trim());
  if (parent && isTraceId(parent[1]) && parent[2] !== "0".repeat(16)) return parent[1];
  const ray = /^([0-9a-f]{16})(-[A-Za-z]{3})?$/i.exec((header("cf-ray") ?? "").trim());
  if (ray) {
    const id = ray[1]!.toLowerCase().padStart(32, "0");
    if (isTraceId(id)) return id;
  }
  return null;
}

/** A `traceparent` header for an outgoing call in this trace (a fresh span id per call, sampled). */
export function traceparent(traceId: string): string {
  return `00-${traceId}-${randomHex(8)}-01`;
}

/** Runs `fn` with `context` as the current trace (nested calls see the innermost one). */
export function withTrace<T>(context: TraceContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentTrace(): TraceContext | undefined {
  return storage.getStore();
}

/** The current trace id, or null outside any traced unit of work. */
export function currentTraceId(): string | null {
  return storage.getStore()?.traceId ?? null;
}

/** A carried trace id when it is valid, else a fresh one (old queue messages and params carry none). */
export function traceIdOr(value: unknown): string {
  return isTraceId(value) ? value : newTraceId();
}
