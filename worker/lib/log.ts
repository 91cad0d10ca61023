/**
 * Structured logs (one JSON object per line; Workers Logs indexes the fields). Callers pass ids and reasons,
 * never ticket text, secrets or tokens: nothing here inspects or redacts values, so keep them out.
 *
 * `LOG_LEVEL` (debug | info | warn | error; default info) drops lines below it. It is read from the Worker's
 * environment on each line, so a changed var applies without a redeploy of code.
 *
 * Every line inside a traced unit of work (./trace.ts: a request, a queue message, a workflow step) carries its
 * `trace` id, and `step` in a workflow step, so one ticket's path through intake, queue, workflow and LLM is one
 * search. A caller's own `trace` field wins.
 */
import { env } from "cloudflare:workers";
import { currentTrace } from "./trace";

type Fields = Record<string, string | number | boolean | null | undefined>;

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The configured threshold; an unknown value falls back to info rather than silencing errors. */
export function logThreshold(value: unknown): LogLevel {
  const level = typeof value === "string" ? value.trim().toLowerCase() : "";
  return (LOG_LEVELS as readonly string[]).includes(level) ? (level as LogLevel) : "info";
}

function enabled(level: LogLevel): boolean {
  const configured = (env as { LOG_LEVEL?: unknown } | undefined)?.LOG_LEVEL;
  return LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(logThreshold(configured));
}

function emit(level: LogLevel, message: string, fields: Fields = {}) {
  if (!enabled(level)) return;
  const trace = currentTrace();
  const context = trace ? { trace: trace.traceId, ...(trace.step ? { step: trace.step } : {}) } : {};
  const line = JSON.stringify({ level, message, ...context, ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

export const log = {
  debug: (message: string, fields?: Fields) => emit("debug", message, fields),
  info: (message: string, fields?: Fields) => emit("info", message, fields),
  warn: (message: string, fields?: Fields) => emit("warn", message, fields),
  error: (message: string, fields?: Fields) => emit("error", message, fields),
};

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
