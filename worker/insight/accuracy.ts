/**
 * Accuracy at close, pure: a stored triage decision against the values agents left on the ticket when it was
 * solved or closed. A field is `correct` when closing left it as triage set it, `changed` when the agents ended on
 * another value, `unknown` when there is nothing to compare (no final value, or triage proposed none).
 * The agents' final intent is read exactly as the history import reads it (worker/history/labels.ts).
 */
import { FINAL_STATUSES, labelIndex, readHistoryTicket, type LabelSource } from "../history/labels";
import type { IntentTaxonomy } from "../triage/intents/schema";

/** A ticket as the Ticket API (or the export) returns it: the shape the history import reads labels from. */
export type ClosedTicket = Parameters<typeof readHistoryTicket>[0];

export type Verdict = "correct" | "changed" | "unknown";

/** What triage decided, as stored on the decision row. */
export interface DecidedValues {
  intent: string | null;
  priority: string | null;
  groupId: number | null;
}

export interface FinalValues {
  intent: string | null;
  priority: string | null;
  groupId: number | null;
}

export interface AccuracyAtClose {
  final: FinalValues;
  intent: Verdict;
  priority: Verdict;
  group: Verdict;
  /** Every compared field unchanged; null when no field could be compared. */
  correct: boolean | null;
}

/** Where this account's agents keep the intent: the mapped intent field when one is set, else `intent__<id>` tags. */
export function labelSourceFor(intentFieldId: number | undefined): LabelSource {
  return intentFieldId ? { kind: "field", fieldId: intentFieldId } : { kind: "tag", prefix: "intent__" };
}

export function isFinalStatus(status: string | null | undefined): boolean {
  return FINAL_STATUSES.includes(status ?? "");
}

/** The values the agents left on a solved or closed ticket; null for a ticket still being worked on. */
export function finalValues(ticket: ClosedTicket, taxonomy: IntentTaxonomy, source: LabelSource): FinalValues | null {
  const verdict = readHistoryTicket(ticket, source, labelIndex(taxonomy, source));
  if (verdict.kind === "not_final") return null;
  // An unlabelled or ambiguous ticket (two intents) has no final intent to compare with: `unknown`, not wrong.
  return { intent: verdict.kind === "example" ? verdict.intent : null, priority: ticket.priority ?? null, groupId: ticket.group_id ?? null };
}

function verdict<T>(decided: T | null, final: T | null): Verdict {
  if (decided === null || final === null) return "unknown";
  return decided === final ? "correct" : "changed";
}

export function compareAtClose(decided: DecidedValues, final: FinalValues): AccuracyAtClose {
  const intent = verdict(decided.intent, final.intent);
  const priority = verdict(decided.priority, final.priority);
  // Triage that set no group left the routing to Zendesk: nothing of ours to judge.
  const group = verdict(decided.groupId, final.groupId);
  const compared = [intent, priority, group].filter((v) => v !== "unknown");
  return { final, intent, priority, group, correct: compared.length ? compared.every((v) => v === "correct") : null };
}

/** A comment as the Ticket Comments API returns it (only what the first-response time needs). */
export interface CommentTiming {
  author_id: number | null;
  public: boolean;
  created_at: string;
}

/**
 * Minutes from the ticket's creation to the first public comment by anyone but the requester (the description
 * itself is the requester's first comment), or null when nobody has answered in public.
 */
export function firstResponseMinutes(createdAt: string | null | undefined, requesterId: number | null, comments: CommentTiming[]): number | null {
  const start = createdAt ? Date.parse(createdAt) : Number.NaN;
  if (!Number.isFinite(start)) return null;
  const replies = comments
    .filter((c) => c.public && c.author_id !== null && c.author_id !== requesterId)
    .map((c) => Date.parse(c.created_at))
    .filter((t) => Number.isFinite(t) && t >= start);
  if (!replies.length) return null;
  return Math.round(((Math.min(...replies) - start) / 60_000) * 10) / 10;
}
