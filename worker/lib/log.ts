/**
 * Structured logs (one JSON object per line; Workers Logs indexes the fields). Callers pass ids and reasons,
 * never ticket text, secrets or tokens: nothing here inspects or redacts values, so keep them out.
 *
 * `LOG_LEVEL` (debug | info | warn | error; default info) drops lines below it. It is read from the Worker's
 * environment on each line, so a changed var applies without a redeploy of code.
 */
import { env } from "cloudflare:workers";

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
  const line = JSON.stringify({ level, message, ...fields });
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
