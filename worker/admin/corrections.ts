/**
 * GET /admin/corrections.jsonl?account=<subdomain>[&since=<ISO time>]: agents' intent corrections as training
 * data, one `{"text": ..., "label": ...}` per line, for `npm run train -- --corrections file.jsonl`.
 * A ticket corrected more than once counts once, with its latest label.
 * GET /admin/corrections?account=…: the same rows with everything stored (who, when, old intent, model version).
 */
import { Hono } from "hono";
import type { AppEnv } from "../http/app-env";
import { apiError } from "../http/errors";
import { correctionView } from "../http/views";
import { correctionsFor } from "../store/corrections";
import { limitQuery, withAccountFromQuery } from "../http/middleware";

export const adminCorrections = new Hono<AppEnv>();

function sinceParam(value: string | undefined): string | undefined | null {
  if (value === undefined || value === "") return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

adminCorrections.get("/corrections.jsonl", withAccountFromQuery, async (c) => {
  const { db, account } = c.var;
  const since = sinceParam(c.req.query("since"));
  if (since === null) apiError(400, "invalid_since", "since is an ISO 8601 time, e.g. 2026-01-01T00:00:00Z.");
  const rows = await correctionsFor(db, account.id, { since });
  const seen = new Set<number>();
  const lines: string[] = [];
  // Newest first, so the first row per ticket is its latest correction; emit oldest first for stable diffs.
  for (const row of rows) {
    if (seen.has(row.ticketId) || !row.text.trim()) continue;
    seen.add(row.ticketId);
    lines.push(JSON.stringify({ text: row.text, label: row.newIntent }));
  }
  lines.reverse();
  return c.body(lines.length ? `${lines.join("\n")}\n` : "", 200, {
    "Content-Type": "application/x-ndjson; charset=utf-8",
    "Content-Disposition": `attachment; filename="corrections-${account.id}.jsonl"`,
  });
});

adminCorrections.get("/corrections", withAccountFromQuery, async (c) => {
  const { db, account } = c.var;
  const since = sinceParam(c.req.query("since"));
  if (since === null) apiError(400, "invalid_since", "since is an ISO 8601 time, e.g. 2026-01-01T00:00:00Z.");
  const limit = limitQuery(c, 200, 5000);
  const rows = await correctionsFor(db, account.id, { since, limit });
  return c.json({ account: account.id, corrections: rows.map((r) => ({ ...correctionView(r), text: r.text })) });
});
