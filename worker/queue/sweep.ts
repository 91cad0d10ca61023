/** Scheduled: re-enqueue events that were stored but never reached the queue. Nothing is lost. */
import type { Env } from "../env/bindings";
import { log } from "../lib/log";
import { database } from "../store/db";
import { setEventStatus, strandedEvents } from "../store/events";

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
    await env.TRIAGE_QUEUE.send({ eventId: event.id, accountId: event.accountId });
    await setEventStatus(db, event.id, "queued");
  }
  if (stranded.length) log.info("re-enqueued stranded events", { count: stranded.length });
  return stranded.length;
}
