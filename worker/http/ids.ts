/**
 * Ids from outside (paths, query strings, Slack button values) parsed strictly: decimal digits only, no sign, no
 * leading zero, at most 15 digits (every such number is a safe integer). `Number()` would read "0x10" as 16,
 * "1e3" as 1000 and " 7" as 7, and act on a row nobody named. Pure: no Hono, so adapters can use it too.
 */
const ID = /^[1-9][0-9]{0,14}$/;

/** A positive integer id, or null when `raw` is anything else. */
export function parseId(raw: unknown): number | null {
  return typeof raw === "string" && ID.test(raw) ? Number(raw) : null;
}
