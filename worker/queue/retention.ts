/**
 * The retention pass of the scheduled sweep: for each account, text older than its windows (settings.retention, in
 * days; 0 keeps forever) is removed through worker/store/privacy.ts. Each run removes at most RETENTION_BATCH rows
 * per table and account, oldest first, so a first run over a large backlog never stalls the isolate: the cron (every
 * 5 minutes) works through it. What was removed is logged and audited as counts per table, never text.
 */
import type { Env } from "../env/bindings";
import { log } from "../lib/log";
import { accountRetention } from "../store/accounts";
import { audit } from "../store/audit";
import { database, type Database } from "../store/db";
import { addCounts, removeDraftText, removeRawPayloads, removeTicketText, removeTrainingText, type RemovalCounts } from "../store/privacy";
import type { RetentionSettings } from "../settings/account";

/** Rows per table and account per run: 12 tables × 200 rows stays far inside one invocation's D1 and CPU limits. */
export const RETENTION_BATCH = 200;
const DAY_MS = 86_400_000;

/** The cutoff (ISO time) for a window of `days`, or null when the window is 0 (keep forever). */
export function retentionCutoff(days: number, nowMs: number): string | null {
  return days > 0 ? new Date(nowMs - days * DAY_MS).toISOString() : null;
}

/** One account's pass: each kind of text whose window is set, one batch each. */
export async function applyRetentionFor(db: Database, accountId: string, retention: RetentionSettings, nowMs: number, limit = RETENTION_BATCH) {
  const passes: [number, (db: Database, accountId: string, scope: { before: string; limit: number }) => Promise<RemovalCounts>][] = [
    [retention.rawPayloadDays, removeRawPayloads],
    [retention.ticketTextDays, removeTicketText],
    [retention.draftDays, removeDraftText],
    [retention.trainingExampleDays, removeTrainingText],
  ];
  const counts: RemovalCounts = {};
  for (const [days, remove] of passes) {
    const before = retentionCutoff(days, nowMs);
    if (before) addCounts(counts, await remove(db, accountId, { before, limit }));
  }
  const removed = Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
  if (Object.keys(removed).length) {
    log.info("retention removed stored text", { account: accountId, ...removed });
    await audit(db, { accountId, actor: "system:retention", action: "retention.applied", details: { removed, retention } });
  }
  return removed;
}

/** Every account, one after the other; one account failing does not stop the others. */
export async function applyRetention(env: Env, nowMs: number): Promise<Record<string, RemovalCounts>> {
  const db = database(env.DB);
  const out: Record<string, RemovalCounts> = {};
  for (const { id, retention } of await accountRetention(db)) {
    try {
      out[id] = await applyRetentionFor(db, id, retention, nowMs);
    } catch (error) {
      log.error("retention pass failed", { account: id, error: error instanceof Error ? error.name : "error" });
    }
  }
  return out;
}
