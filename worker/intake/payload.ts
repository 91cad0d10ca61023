/**
 * The two shapes Zendesk can POST to /webhooks/zendesk, normalised to one TicketEvent:
 *  - an event-subscription webhook (`type: "zen:event-type:ticket.*"`, ids as strings, enums in UPPER case);
 *  - a trigger-connected webhook whose JSON body is the template documented in the README (`{ticket: {...}}`,
 *    every placeholder rendered as a string).
 */
import { z } from "zod";
import type { TicketFields } from "../store/tickets";

/** Cap on any single text we keep from a payload; the body as a whole is capped at 1 MiB by the route. */
export const MAX_FIELD_CHARS = 64_000;

export interface TicketEvent {
  source: "event_subscription" | "trigger";
  /** e.g. "zen:event-type:ticket.created", or "trigger" for a trigger-connected webhook. */
  eventType: string;
  eventId: string | null;
  zendeskAccountId: number | null;
  /** Subdomain taken from the ticket URL, when the payload carries one. */
  subdomain: string | null;
  ticketId: number;
  updatedAt: string | null;
  ticket: TicketFields;
  /** The comment this event adds, if any. */
  comment: { id: string; body: string; isPublic: boolean; authorIsStaff: boolean } | null;
}

export class PayloadInvalid extends Error {}

const text = z.string().transform((s) => s.slice(0, MAX_FIELD_CHARS));
const id = z.union([z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER), z.string().regex(/^\d{1,16}$/, "expected a numeric id")]).transform(Number);
/** Placeholders render missing values as "" or "-". */
const optionalId = z
  .union([id, z.literal(""), z.literal("-"), z.null()])
  .optional()
  .transform((v) => (v === "" || v === "-" || v === undefined ? null : v));
const enumText = z
  .string()
  .max(64)
  .nullish()
  .transform((v) => (v && v !== "-" ? v.toLowerCase().replace(/\s+/g, "_") : null));
const tagList = z.array(z.string().max(200)).max(1000);

const eventSubscriptionSchema = z.object({
  type: z
    .string()
    .max(200)
    .regex(/^zen:event-type:ticket\.[a-z_]+$/, "expected a zen:event-type:ticket.* event"),
  account_id: id,
  id: z.string().min(1).max(200),
  time: z.string().max(64).optional(),
  subject: z.string().max(200).optional(),
  detail: z.object({
    id,
    subject: text.nullish(),
    description: text.nullish(),
    status: enumText,
    priority: enumText,
    tags: tagList.nullish(),
    requester_id: optionalId,
    organization_id: optionalId,
    updated_at: z.string().max(64).nullish(),
    via: z.object({ channel: enumText }).nullish(),
  }),
  event: z
    .object({
      comment: z
        .object({
          id: z.union([z.string().max(64), z.number()]).transform(String),
          body: text.nullish(),
          is_public: z.boolean().nullish(),
          author: z.object({ id: z.union([z.string().max(64), z.number()]).nullish(), is_staff: z.boolean().nullish() }).nullish(),
        })
        .nullish(),
    })
    .nullish(),
});

const triggerSchema = z.object({
  ticket: z.object({
    id,
    url: z.string().max(2000).optional(),
    subject: text.optional(),
    description: text.optional(),
    latest_public_comment: text.optional(),
    status: enumText,
    priority: enumText,
    channel: enumText,
    tags: z.union([z.string().max(MAX_FIELD_CHARS), tagList]).optional(),
    requester_id: optionalId,
    organization_id: optionalId,
    updated_at: z.string().max(64).optional(),
  }),
  account_id: optionalId,
});

/** Zendesk's `via` names from trigger placeholders ("Web form", "Mail") mapped to API channel names. */
const CHANNEL_ALIASES: Record<string, string> = { web_form: "web", mail: "email", web_service: "api", closed_ticket: "web", chat: "chat" };

function channel(value: string | null | undefined): string | null {
  if (!value) return null;
  return CHANNEL_ALIASES[value] ?? value;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join(".") : "body"}: ${i.message}`)
    .join("; ");
}

export function subdomainFromUrl(url: unknown): string | null {
  if (typeof url !== "string") return null;
  const host = url.match(/^(?:https?:\/\/)?([a-z0-9][a-z0-9-]*)\.zendesk\.com\b/i);
  return host?.[1]?.toLowerCase() ?? null;
}

/** Parses a JSON value into a TicketEvent or throws PayloadInvalid naming the problem. */
export function parseTicketEvent(body: unknown): TicketEvent {
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new PayloadInvalid("body must be a JSON object");
  if ("type" in body) {
    const parsed = eventSubscriptionSchema.safeParse(body);
    if (!parsed.success) throw new PayloadInvalid(`not a valid Zendesk ticket event: ${describeIssues(parsed.error)}`);
    const e = parsed.data;
    const d = e.detail;
    const c = e.event?.comment;
    return {
      source: "event_subscription",
      eventType: e.type,
      eventId: e.id,
      zendeskAccountId: e.account_id,
      subdomain: null,
      ticketId: d.id,
      updatedAt: d.updated_at ?? null,
      ticket: {
        subject: d.subject ?? undefined,
        description: d.description ?? undefined,
        status: d.status,
        priority: d.priority,
        channel: channel(d.via?.channel),
        tags: d.tags ?? undefined,
        requesterId: d.requester_id,
        organizationId: d.organization_id,
      },
      comment: c ? { id: c.id, body: c.body ?? "", isPublic: c.is_public ?? true, authorIsStaff: c.author?.is_staff ?? false } : null,
    };
  }
  if ("ticket" in body) {
    const parsed = triggerSchema.safeParse(body);
    if (!parsed.success) throw new PayloadInvalid(`not a valid trigger payload: ${describeIssues(parsed.error)}`);
    const t = parsed.data.ticket;
    const tags = typeof t.tags === "string" ? t.tags.split(/\s+/).filter(Boolean) : t.tags;
    const latest = t.latest_public_comment?.trim();
    // On creation the latest public comment is the description itself; afterwards it is the newest reply.
    const isReply = latest !== undefined && latest !== "" && latest !== t.description?.trim();
    return {
      source: "trigger",
      eventType: "trigger",
      eventId: null,
      zendeskAccountId: parsed.data.account_id,
      subdomain: subdomainFromUrl(t.url),
      ticketId: t.id,
      updatedAt: t.updated_at ?? null,
      ticket: {
        subject: t.subject,
        description: t.description,
        status: t.status,
        priority: t.priority,
        channel: channel(t.channel),
        tags,
        requesterId: t.requester_id,
        organizationId: t.organization_id,
      },
      comment: isReply ? { id: `trigger:${t.updated_at ?? latest.length}`, body: latest, isPublic: true, authorIsStaff: false } : null,
    };
  }
  throw new PayloadInvalid("unknown payload shape: expected a Zendesk event (with `type`) or a trigger body (with `ticket`)");
}

/**
 * Deliveries repeat: the same event id, or for triggers the same ticket + updated_at, is one event.
 * A trigger body without updated_at falls back to the hash of the body (an identical resend).
 */
export function dedupeKey(event: TicketEvent, bodyHash: string): string {
  if (event.eventId) return `event:${event.eventId}`;
  return `ticket:${event.ticketId}:${event.updatedAt ?? `body-${bodyHash}`}`;
}

/** Which events change what triage would say: a new ticket, or a new public message from the customer. */
export function triageReason(event: TicketEvent): string | null {
  if (event.source === "trigger") return "trigger delivery";
  if (event.eventType === "zen:event-type:ticket.created") return "ticket created";
  if (event.eventType === "zen:event-type:ticket.comment_added") {
    if (!event.comment) return null;
    if (event.comment.authorIsStaff || !event.comment.isPublic) return null;
    return "customer replied";
  }
  return null;
}
