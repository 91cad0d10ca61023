/**
 * Zendesk event-subscription webhooks: builds `zen:event-type:ticket.*` payloads the way Zendesk sends them,
 * signs them (`base64(HMAC-SHA256(secret, timestamp + body))`) and delivers them asynchronously with a few
 * retries. Every attempt is recorded (status and event type; never the secret).
 */
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { StoreEvent } from "./state";
import { isoSeconds } from "./text";
import type { WebhookTarget, ZendeskTicket, ZendeskUser } from "./types";

export const TICKET_CREATED = "zen:event-type:ticket.created";
export const COMMENT_ADDED = "zen:event-type:ticket.comment_added";
export const STATUS_CHANGED = "zen:event-type:ticket.status_changed";
export const EVENT_VERSION = "2022-11-06";

export interface WebhookDelivery {
  seq: number;
  webhook_id: string;
  event_id: string;
  invocation_id: string;
  type: string;
  ticket_id: number;
  url: string;
  attempt: number;
  status: number | null;
  ok: boolean;
  error?: string;
  at: string;
  duration_ms: number;
  payload: unknown;
}

/** Channel names as event payloads spell them (the REST API's "api" is "web_service" there). */
const EVENT_CHANNELS: Record<string, string> = { api: "web_service", web: "web_form" };

const str = (id: number | null | undefined): string | null => (id === null || id === undefined ? null : String(id));

export function ticketDetail(ticket: ZendeskTicket, actorId: number) {
  return {
    actor_id: String(actorId),
    assignee_id: str(ticket.assignee_id),
    brand_id: String(ticket.brand_id),
    created_at: ticket.created_at,
    custom_status: String(ticket.custom_status_id),
    description: ticket.description,
    external_id: ticket.external_id,
    form_id: String(ticket.ticket_form_id),
    group_id: str(ticket.group_id),
    id: String(ticket.id),
    is_public: ticket.is_public,
    organization_id: str(ticket.organization_id),
    priority: ticket.priority ? ticket.priority.toUpperCase() : null,
    requester_id: String(ticket.requester_id),
    status: ticket.status.toUpperCase(),
    subject: ticket.subject,
    submitter_id: String(ticket.submitter_id),
    tags: [...ticket.tags],
    type: ticket.type ? ticket.type.toUpperCase() : null,
    updated_at: ticket.updated_at,
    via: { channel: EVENT_CHANNELS[ticket.via.channel] ?? ticket.via.channel },
  };
}

/** The JSON body Zendesk posts for a ticket event. */
export function buildPayload(
  event: StoreEvent,
  ctx: { accountId: number; now: number; getUser: (id: number) => ZendeskUser | undefined },
): { type: string; ticketId: number; body: Record<string, unknown> } {
  const base = {
    account_id: ctx.accountId,
    id: randomUUID(),
    time: new Date(ctx.now).toISOString(),
    zendesk_event_version: EVENT_VERSION,
    subject: `zen:ticket:${event.ticket.id}`,
    detail: ticketDetail(event.ticket, event.actorId),
  };
  if (event.kind === "ticket.created") {
    return {
      type: TICKET_CREATED,
      ticketId: event.ticket.id,
      body: {
        type: TICKET_CREATED,
        ...base,
        event: { meta: { sequence: { id: randomBytes(16).toString("hex").toUpperCase(), position: 1, total: 1 } } },
      },
    };
  }
  if (event.kind === "ticket.status_changed") {
    // As Zendesk sends it: the new and old status in `event`, upper case like every enum in these payloads.
    return {
      type: STATUS_CHANGED,
      ticketId: event.ticket.id,
      body: { type: STATUS_CHANGED, ...base, event: { current: event.ticket.status.toUpperCase(), previous: event.previous.toUpperCase() } },
    };
  }
  const author = ctx.getUser(event.comment.author_id);
  return {
    type: COMMENT_ADDED,
    ticketId: event.ticket.id,
    body: {
      type: COMMENT_ADDED,
      ...base,
      event: {
        comment: {
          id: String(event.comment.id),
          body: event.comment.body,
          is_public: event.comment.public,
          author: {
            id: String(event.comment.author_id),
            is_staff: author ? author.role !== "end-user" : false,
            name: author?.name ?? "Unknown user",
          },
        },
      },
    },
  };
}

export function signWebhook(secret: string, timestamp: string, rawBody: string): string {
  return createHmac("sha256", secret)
    .update(timestamp + rawBody)
    .digest("base64");
}

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** Zendesk webhook ids look like ULIDs (26 Crockford base32 characters, e.g. 01GRX...). */
function webhookId(): string {
  const bytes = randomBytes(24);
  let out = "01";
  for (let i = 0; i < 24; i++) out += CROCKFORD[(bytes[i] ?? 0) % 32];
  return out;
}

const RETRYABLE = (status: number) => status === 409 || status === 429 || status >= 500;
const MAX_DELIVERY_RECORDS = 5_000;

export interface DispatcherOptions {
  log: (line: string) => void;
  retryDelaysMs: number[];
  timeoutMs: number;
  now: () => number;
}

export class WebhookDispatcher {
  private target: (WebhookTarget & { id: string }) | null = null;
  private records: WebhookDelivery[] = [];
  private seq = 0;
  private invocation = 8_000_000_000 + Math.floor(Math.random() * 1_000_000);
  private readonly inflight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private closed = false;

  constructor(private readonly options: DispatcherOptions) {}

  setTarget(target: WebhookTarget | null): { id: string; url: string } | null {
    if (target && !/^https?:\/\//i.test(target.url)) throw new Error("webhook url must be http(s)");
    this.target = target ? { url: target.url, secret: target.secret, id: webhookId() } : null;
    return this.describe();
  }

  describe(): { id: string; url: string } | null {
    return this.target ? { id: this.target.id, url: this.target.url } : null;
  }

  /** Queues a delivery and returns at once; the API response never waits for it. */
  dispatch(payload: { type: string; ticketId: number; body: Record<string, unknown> }): void {
    const target = this.target;
    if (!target || this.closed) return;
    const p = this.deliver(target, payload).catch((err: unknown) => {
      this.options.log(`webhook delivery crashed: ${err instanceof Error ? err.message : String(err)}`);
    });
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  private async deliver(target: WebhookTarget & { id: string }, payload: { type: string; ticketId: number; body: Record<string, unknown> }) {
    const raw = JSON.stringify(payload.body);
    const invocationId = String(++this.invocation);
    const eventId = String(payload.body.id);
    const where = safeUrl(target.url);
    const attempts = this.options.retryDelaysMs.length + 1;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (this.closed) return;
      const timestamp = isoSeconds(this.options.now());
      const started = Date.now();
      let status: number | null = null;
      let error: string | undefined;
      try {
        const signal = AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.options.timeoutMs)]);
        const res = await fetch(target.url, {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            "User-Agent": "Zendesk Webhook",
            "X-Zendesk-Webhook-Id": target.id,
            "X-Zendesk-Webhook-Invocation-Id": invocationId,
            "X-Zendesk-Webhook-Signature": signWebhook(target.secret, timestamp, raw),
            "X-Zendesk-Webhook-Signature-Timestamp": timestamp,
          },
          body: raw,
          signal,
          redirect: "manual",
        });
        status = res.status;
        await res.arrayBuffer().catch(() => undefined);
      } catch (err) {
        error = err instanceof Error ? (err.name === "TimeoutError" ? "timeout" : err.message) : String(err);
      }
      if (this.closed && status === null) return;
      const ok = status !== null && status >= 200 && status < 300;
      this.record({
        webhook_id: target.id,
        event_id: eventId,
        invocation_id: invocationId,
        type: payload.type,
        ticket_id: payload.ticketId,
        url: where,
        attempt,
        status,
        ok,
        ...(error !== undefined ? { error } : {}),
        at: new Date().toISOString(),
        duration_ms: Date.now() - started,
        payload: payload.body,
      });
      const retry = !ok && (status === null || RETRYABLE(status)) && attempt < attempts;
      this.options.log(
        `webhook ${payload.type.replace("zen:event-type:", "")} ticket=${payload.ticketId} -> ${where} ` +
          `${status ?? error ?? "failed"} (attempt ${attempt}/${attempts})${retry ? ", retrying" : ""}`,
      );
      if (!retry) return;
      try {
        await sleep(this.options.retryDelaysMs[attempt - 1] ?? 1000, undefined, { signal: this.abort.signal });
      } catch {
        return;
      }
    }
  }

  private record(entry: Omit<WebhookDelivery, "seq">): void {
    this.records.push({ seq: ++this.seq, ...entry });
    if (this.records.length > MAX_DELIVERY_RECORDS) this.records.splice(0, this.records.length - MAX_DELIVERY_RECORDS);
  }

  deliveries(filter: { type?: string; ticketId?: number } = {}): WebhookDelivery[] {
    return this.records.filter(
      (r) =>
        (filter.type === undefined || r.type === filter.type || r.type === `zen:event-type:${filter.type}`) &&
        (filter.ticketId === undefined || r.ticket_id === filter.ticketId),
    );
  }

  clearDeliveries(): void {
    this.records = [];
  }

  /** Waits for deliveries under way (used by tests through /__fake/webhook-deliveries?wait=1). */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.abort.abort();
    await Promise.allSettled([...this.inflight]);
  }
}

/** Origin and path only: a URL's query or userinfo may carry secrets, so logs and records omit them. */
function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return "(invalid url)";
  }
}
