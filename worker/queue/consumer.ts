/**
 * Queue consumers. The main queue runs the pipeline per message; failures are retried with the delay the
 * pipeline asks for (Retry-After on 429). After max_retries the queue moves the message to the dead-letter
 * queue, whose consumer marks the event and its write-back `dead` so operators see it.
 */
import type { Env, TriageMessage } from "../env/bindings";
import { errorMessage, log } from "../lib/log";
import { traceIdOr, withTrace } from "../lib/trace";
import type { CascadeTiers } from "../pipeline/cascade";
import { processEvent, RetryLater } from "../pipeline/process-event";
import { audit } from "../store/audit";
import { database, type Database } from "../store/db";
import { decisionForEvent } from "../store/decisions";
import { getEvent, setEventStatus } from "../store/events";
import { markWriteback } from "../store/writebacks";

export const DEAD_LETTER_QUEUE = "triage-events-dlq";

export async function consumeTriageBatch(batch: MessageBatch<TriageMessage>, env: Env, tiers: CascadeTiers): Promise<void> {
  for (const message of batch.messages) {
    // Each message continues the trace of the delivery it points to (every log line and row below carries it).
    const traceId = traceIdOr(message.body.traceId);
    await withTrace({ traceId }, () => consumeOne(env, message, { ...message.body, traceId }, tiers));
  }
}

async function consumeOne(env: Env, message: Message<TriageMessage>, body: TriageMessage, tiers: CascadeTiers): Promise<void> {
  try {
    await processEvent(env, body, tiers, message.attempts);
    message.ack();
  } catch (error) {
    const delaySeconds = error instanceof RetryLater ? error.delaySeconds : Math.min(300, 2 ** message.attempts * 5);
    log.warn("triage attempt failed; will retry", { event: body.eventId, attempt: message.attempts, delaySeconds, error: errorMessage(error) });
    if (!(error instanceof RetryLater)) await setEventStatus(database(env.DB), body.accountId, body.eventId, "queued", errorMessage(error)).catch(() => {});
    message.retry({ delaySeconds });
  }
}

export async function consumeDeadLetters(batch: MessageBatch<TriageMessage>, env: Env): Promise<void> {
  const db = database(env.DB);
  for (const message of batch.messages) await withTrace({ traceId: traceIdOr(message.body.traceId) }, () => deadLetter(db, message));
}

async function deadLetter(db: Database, message: Message<TriageMessage>): Promise<void> {
  const { eventId, accountId } = message.body;
  const event = await getEvent(db, accountId, eventId);
  const lastError = event?.error ?? "retries exhausted";
  await setEventStatus(db, accountId, eventId, "dead", `gave up after retries: ${lastError}`);
  const decision = await decisionForEvent(db, accountId, eventId);
  if (decision) await markWriteback(db, accountId, decision.id, "dead", `gave up after retries: ${lastError}`);
  await audit(db, { accountId, actor: "system", action: "event.dead_lettered", subject: `event:${eventId}`, details: { error: lastError } });
  log.error("event dead-lettered", { event: eventId, account: accountId });
  message.ack();
}
