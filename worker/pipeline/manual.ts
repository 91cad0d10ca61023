/**
 * "Triage now" (sidebar button, admin): store a synthetic event and enqueue it, so a manual request takes
 * exactly the path a webhook does: the consumer fetches the ticket from Zendesk and triages it.
 */
import type { Env } from "../env/bindings";
import { database } from "../store/db";
import { recordEvent, setEventStatus } from "../store/events";

export async function enqueueManualTriage(env: Env, accountId: string, ticketId: number, nowMs = Date.now()): Promise<{ eventId: number }> {
  const db = database(env.DB);
  const stored = await recordEvent(db, {
    accountId,
    dedupeKey: `manual:${ticketId}:${nowMs}`,
    eventType: "manual",
    ticketId,
    // The trigger shape with only the id: the consumer reads everything else from the Zendesk API.
    payload: JSON.stringify({ ticket: { id: String(ticketId) } }),
  });
  await env.TRIAGE_QUEUE.send({ eventId: stored.id, accountId });
  await setEventStatus(db, accountId, stored.id, "queued");
  return { eventId: stored.id };
}
