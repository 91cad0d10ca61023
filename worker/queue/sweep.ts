/**
 * Scheduled (cron every 5 min): re-enqueue events that were stored but never reached the queue, retry
 * write-backs the queue gave up on once Zendesk answers again (nothing is lost), and remove stored text older
 * than each account's retention windows (./retention.ts).
 */
import type { Env } from "../env/bindings";
import { log } from "../lib/log";
import { currentTraceId, newTraceId, withTrace } from "../lib/trace";
import { applyRetention } from "./retention";
import { RETRYABLE_BY_SWEEP, retryWritebacks, type BulkRetrySummary } from "../pipeline/retry-writeback";
import { database } from "../store/db";
import { setEventStatus, strandedEvents } from "../store/events";
import { writebacksInStatus, type WritebackRow } from "../store/writebacks";

export const STRANDED_AFTER_MS = 60_000;
/** Far longer than the queue's 5 retries with back-off (10 s … 160 s) take. */
export const LOST_IN_QUEUE_AFTER_MS = 30 * 60_000;

export async function requeueStranded(env: Env, nowMs: number): Promise<number> {
  const db = database(env.DB);
  const stranded = await strandedEvents(db, {
    receivedBefore: new Date(nowMs - STRANDED_AFTER_MS).toISOString(),
    queuedBefore: new Date(nowMs - LOST_IN_QUEUE_AFTER_MS).toISOString(),
  });
  for (const event of stranded) {
    // The delivery's own trace continues (older events have none: the sweep's run id stands in).
    await env.TRIAGE_QUEUE.send({ eventId: event.id, accountId: event.accountId, traceId: event.traceId ?? currentTraceId() ?? undefined });
    await setEventStatus(db, event.accountId, event.id, "queued");
  }
  if (stranded.length) log.info("re-enqueued stranded events", { count: stranded.length });
  return stranded.length;
}

/**
 * Back-off for dead write-backs, without a column for it: `attempts` counts every try (the queue's and ours) and
 * `updatedAt` is when the last one ended. The queue makes at most 6 tries (1 + max_retries 5) before it
 * dead-letters, so the sweep's n-th retry is due SWEEP_BASE_MS × 2^(n−1) after the last try (5, 10, 20, 40 min …,
 * at most 6 h apart), n = attempts − 6 + 1. After MAX_SWEEP_RETRIES (about 2.5 days of outage) the sweep stops and
 * the row waits for a person (admin API, CLI, sidebar).
 */
export const QUEUE_TRIES = 6;
export const SWEEP_BASE_MS = 5 * 60_000;
export const SWEEP_MAX_DELAY_MS = 6 * 3_600_000;
export const MAX_SWEEP_RETRIES = 12;
/** Per run: each retry costs a read and a write to Zendesk, and a run must stay well inside the subrequest limit. */
export const SWEEP_BATCH = 25;

/** When the sweep may retry this dead write-back next (ms since the epoch), or null when it has stopped trying. */
export function nextSweepRetryAt(row: Pick<WritebackRow, "attempts" | "updatedAt">): number | null {
  const retriesSoFar = Math.max(0, row.attempts - QUEUE_TRIES);
  if (retriesSoFar >= MAX_SWEEP_RETRIES) return null;
  return Date.parse(row.updatedAt) + Math.min(SWEEP_MAX_DELAY_MS, SWEEP_BASE_MS * 2 ** retriesSoFar);
}

export async function retryDeadWritebacks(env: Env, nowMs: number): Promise<BulkRetrySummary> {
  const db = database(env.DB);
  const candidates = await writebacksInStatus(db, {
    statuses: RETRYABLE_BY_SWEEP,
    belowAttempts: QUEUE_TRIES + MAX_SWEEP_RETRIES,
    limit: SWEEP_BATCH * 8,
  });
  const due = candidates.filter((row) => {
    const at = nextSweepRetryAt(row);
    return at !== null && at <= nowMs;
  });
  const summary = await retryWritebacks(env, due.slice(0, SWEEP_BATCH), "system:sweep", RETRYABLE_BY_SWEEP);
  if (summary.tried)
    log.info("swept dead write-backs", { tried: summary.tried, succeeded: summary.succeeded, failed: summary.failed, stillDown: summary.stillDown.length });
  return summary;
}

/** The cron's work: three passes, independent of each other (one failing does not stop the others). */
export async function sweep(env: Env, nowMs: number): Promise<void> {
  // One trace per run: its log lines, and events it re-enqueues that carry none of their own.
  return withTrace({ traceId: newTraceId() }, () => sweepPasses(env, nowMs));
}

async function sweepPasses(env: Env, nowMs: number): Promise<void> {
  const results = await Promise.allSettled([requeueStranded(env, nowMs), retryDeadWritebacks(env, nowMs), applyRetention(env, nowMs)]);
  for (const r of results)
    if (r.status === "rejected") log.error("sweep pass failed", { error: r.reason instanceof Error ? r.reason.message : String(r.reason) });
}
