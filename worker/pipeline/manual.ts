/**
 * "Triage now" (sidebar button, admin): store a synthetic event and enqueue it, so a manual request takes
 * exactly the path a webhook does: the consumer fetches the ticket from Zendesk and triages it.
 */
import type { Env } from "../env/bindings";
import { database } from "../store/db";
import { recordEvent, setEventStatus } from "../store/events";
import { currentTraceId, newTraceId } from "../lib/trace";

export async function enqueueManualTriage(env: Env, accountId: string, ticketId: number, nowMs = Date.now()): Promise<{ eventId: number }> {
  const db = database(env.DB);
  // The request's trace (sidebar or admin call), carried on like a webhook's.
  const traceId = currentTraceId() ?? newTraceId();
  const stored = await recordEvent(db, {
    accountId,
    dedupeKey: `manual:${ticketId}:${nowMs}`,
    eventType: "manual",
    ticketId,
    // The trigger shape with only the id: the consumer reads everything else from the Zendesk API.
    payload: JSON.stringify({ ticket: { id: String(ticketId) } }),
    traceId,
  });
  await env.TRIAGE_QUEUE.send({ eventId: stored.id, accountId, traceId });
  await setEventStatus(db, accountId, stored.id, "queued");
  return { eventId: stored.id };
}
