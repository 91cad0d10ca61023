/**
 * FIFO queue of scripted responses.
 *
 * A request takes the oldest entry whose `match.contains` occurs in its last user message (case-sensitive); only
 * when no scoped entry matches does it take the oldest unscoped entry. So a test that scopes its scripts by a
 * unique marker never loses them to (or steals them from) concurrent tests.
 */
import { badRequest } from "./errors.js";
import { isPlainObject } from "./schema-check.js";
import type { ScriptedResponse, ScriptMatch } from "./types.js";

interface Entry {
  id: number;
  response: ScriptedResponse;
  match: ScriptMatch | null;
}

const KINDS = ["content", "json", "toolCalls", "error", "invalidJson", "refusal"] as const;

export class ScriptQueue {
  #entries: Entry[] = [];
  #next = 1;

  /** Validates and queues; throws a 400 FakeApiError on malformed input. Returns the number queued. */
  add(body: unknown): number {
    if (!isPlainObject(body) || !Array.isArray(body["responses"])) {
      throw badRequest("Expected {responses: ScriptedResponse[], match?: {contains: string}}.", "responses");
    }
    const batchMatch = parseMatch(body["match"], "match");
    const parsed = body["responses"].map((r, i) => parseScripted(r, `responses[${i}]`));
    for (const response of parsed) {
      const match = response.match ?? batchMatch;
      this.#entries.push({ id: this.#next++, response, match });
    }
    return parsed.length;
  }

  take(lastUserText: string): ScriptedResponse | null {
    let index = this.#entries.findIndex((e) => e.match !== null && lastUserText.includes(e.match.contains));
    if (index === -1) index = this.#entries.findIndex((e) => e.match === null);
    if (index === -1) return null;
    const [entry] = this.#entries.splice(index, 1);
    return entry?.response ?? null;
  }

  clear(): void {
    this.#entries = [];
  }

  list(): Array<{ id: number; match: ScriptMatch | null; response: ScriptedResponse }> {
    return this.#entries.map((e) => ({ ...e }));
  }

  get size(): number {
    return this.#entries.length;
  }
}

function parseMatch(v: unknown, param: string): ScriptMatch | null {
  if (v === undefined || v === null) return null;
  if (!isPlainObject(v) || typeof v["contains"] !== "string" || v["contains"] === "") {
    throw badRequest(`'${param}' must be {contains: non-empty string}.`, param);
  }
  return { contains: v["contains"] };
}

function parseScripted(v: unknown, param: string): ScriptedResponse {
  if (!isPlainObject(v)) throw badRequest(`'${param}' must be an object.`, param);
  const kinds = KINDS.filter((k) => k in v);
  if (kinds.length !== 1) {
    throw badRequest(`'${param}' must have exactly one of ${KINDS.join(", ")} (got ${kinds.length ? kinds.join(", ") : "none"}).`, param);
  }
  const num = (k: string, min: number, max: number): void => {
    const x = v[k];
    if (x !== undefined && (typeof x !== "number" || !Number.isFinite(x) || x < min || x > max)) {
      throw badRequest(`'${param}.${k}' must be a number between ${min} and ${max}.`, `${param}.${k}`);
    }
  };
  num("delayMs", 0, 600_000);
  if (v["usage"] !== undefined) {
    const u = v["usage"];
    if (!isPlainObject(u) || Object.values(u).some((x) => typeof x !== "number" || !Number.isInteger(x) || x < 0)) {
      throw badRequest(`'${param}.usage' must be an object of non-negative integers.`, `${param}.usage`);
    }
  }
  const finishReason = v["finishReason"];
  if (finishReason !== undefined && !["stop", "tool_calls", "length"].includes(String(finishReason))) {
    throw badRequest(`'${param}.finishReason' must be stop, tool_calls or length.`, `${param}.finishReason`);
  }
  const match = parseMatch(v["match"], `${param}.match`);
  const kind = kinds[0];
  if (kind === "content" && typeof v["content"] !== "string") throw badRequest(`'${param}.content' must be a string.`, param);
  if (kind === "refusal" && typeof v["refusal"] !== "string") throw badRequest(`'${param}.refusal' must be a string.`, param);
  if (kind === "invalidJson" && v["invalidJson"] !== true) throw badRequest(`'${param}.invalidJson' must be true.`, param);
  if (kind === "toolCalls") {
    const calls = v["toolCalls"];
    if (!Array.isArray(calls) || calls.length === 0 || !calls.every((c) => isPlainObject(c) && typeof c["name"] === "string")) {
      throw badRequest(`'${param}.toolCalls' must be a non-empty array of {name, arguments}.`, param);
    }
  }
  if (kind === "error") {
    const e = v["error"];
    if (!isPlainObject(e) || typeof e["status"] !== "number" || !Number.isInteger(e["status"]) || e["status"] < 400 || e["status"] > 599) {
      throw badRequest(`'${param}.error.status' must be an integer HTTP status 400-599.`, param);
    }
    if (e["message"] !== undefined && typeof e["message"] !== "string") throw badRequest(`'${param}.error.message' must be a string.`, param);
    if (e["retryAfter"] !== undefined && (typeof e["retryAfter"] !== "number" || !(e["retryAfter"] >= 0))) {
      throw badRequest(`'${param}.error.retryAfter' must be a non-negative number of seconds.`, param);
    }
  }
  const out = { ...v } as unknown as ScriptedResponse;
  if (match) out.match = match;
  else delete out.match;
  return out;
}
