/**
 * Records API requests (everything except the /__fake control routes) with their full parsed bodies, so tests can
 * assert what reached the "LLM" (for example that no raw PII did). Credentials are never recorded.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { RecordedRequest } from "./types.js";

const SECRET_HEADERS = new Set(["authorization", "api-key", "x-api-key", "cookie", "proxy-authorization"]);

export function safeHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name] = SECRET_HEADERS.has(name) ? "[redacted]" : Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

export class Recorder {
  #items: RecordedRequest[] = [];
  #seq = 0;
  readonly limit: number;

  constructor(limit = 10_000) {
    this.limit = limit;
  }

  nextSeq(): number {
    return ++this.#seq;
  }

  add(item: RecordedRequest): void {
    this.#items.push(item);
    if (this.#items.length > this.limit) this.#items.splice(0, this.#items.length - this.limit);
  }

  list(): RecordedRequest[] {
    return [...this.#items];
  }

  clear(): void {
    this.#items = [];
  }
}
