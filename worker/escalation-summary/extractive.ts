/**
 * The offline escalation summary: what a person taking over needs, built from the thread and the decision
 * without an LLM. It picks the customer's own request sentence (the words a reader needs first), counts what
 * happened (messages, drafts and what humans did with them), and keeps the reasons that matter. Pure.
 */
import type { EscalationSummary } from "../../contract/app-api";
import { parseDecidedBy } from "../approval/decided-by";
import type { TicketSnapshot, TriageDecision } from "../triage/types";

export interface DraftHistoryItem {
  status: string;
  /** "Name (id)" or an id; the name part is shown. */
  decidedBy: string | null;
  rejectReason: string | null;
  createdAt: string;
  decidedAt: string | null;
}

export interface SummaryInput {
  ticket: TicketSnapshot;
  decision: Pick<TriageDecision, "intent" | "sentiment" | "priority" | "reasons"> | null;
  /** Why it is escalated now (route escalate, "escalated by Alex: ...", "no human decision within 60 minutes"). */
  reason: string;
  ticketUrl: string;
  /** When the first event for the ticket arrived: how long the customer has been waiting. */
  firstSeenAt: string | null;
  drafts: DraftHistoryItem[];
  now: Date;
}

const MAX_WANTS = 240;
/** Words that carry the ask: what the customer wants done, by when. */
const REQUEST =
  /\b(i want|i'd like|i would like|i need|please|can you|could you|would you|refund|money back|replace|replacement|cancel|exchange|send (?:me|a|another)|fix|help me|resolve|change|update my|where is|when will)\b/i;
const DEADLINE =
  /\b(by (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|the end of|end of)|asap|as soon as possible|today|urgent(?:ly)?)\b/i;

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, "")}…`;
}

function sentences(text: string): string[] {
  return text
    .replace(/\r/g, "")
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => /\p{L}/u.test(s));
}

export function humanWords(id: string): string {
  const words = id.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The customer's request in their own words: the sentence that asks for the most, newest message first on a tie. */
export function requestSentence(ticket: Pick<TicketSnapshot, "subject" | "description" | "comments">): string | null {
  const messages = [ticket.description, ...ticket.comments.map((c) => c.body)].filter((m) => m?.trim());
  let best: { text: string; score: number } | null = null;
  messages.forEach((message, i) => {
    const newest = i === messages.length - 1;
    for (const s of sentences(message)) {
      const score = (REQUEST.test(s) ? 3 : 0) + (s.includes("?") ? 1 : 0) + (DEADLINE.test(s) ? 2 : 0) + (newest ? 1 : 0);
      if (!best || score >= best.score) best = { text: s, score };
    }
  });
  const chosen = best as { text: string; score: number } | null;
  if (chosen) return clip(chosen.text, MAX_WANTS);
  return ticket.subject.trim() ? clip(ticket.subject, MAX_WANTS) : null;
}

function nameOf(decidedBy: string | null): string {
  return parseDecidedBy(decidedBy).name ?? "someone";
}

function minutesBetween(from: string | null | undefined, to: Date): number | null {
  if (!from) return null;
  const t = Date.parse(from);
  return Number.isFinite(t) ? Math.max(0, Math.round((to.getTime() - t) / 60_000)) : null;
}

/** "40 min", "5 h", "3 days". */
export function duration(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h`;
  return `${Math.round(minutes / 1440)} days`;
}

function draftLine(d: DraftHistoryItem): string | null {
  const by = nameOf(d.decidedBy);
  switch (d.status) {
    case "approved":
    case "edited":
      return `a reply was sent (${d.status === "edited" ? "edited and " : ""}approved by ${by})`;
    case "rejected":
      return `a drafted reply was rejected by ${by}${d.rejectReason ? ` (“${clip(d.rejectReason, 120)}”)` : ""}`;
    case "escalated":
      return `${by} escalated the drafted reply instead of sending it${d.rejectReason ? ` (“${clip(d.rejectReason, 120)}”)` : ""}`;
    case "expired":
      return "a drafted reply got no decision in time";
    case "pending":
      return "a drafted reply is waiting for approval";
    default:
      return null;
  }
}

/** What happened so far, in one or two sentences. */
export function soFar(input: Pick<SummaryInput, "ticket" | "decision" | "drafts">): string {
  const count = 1 + input.ticket.comments.length;
  const parts = [`${count} customer message${count === 1 ? "" : "s"}`];
  const first = input.ticket.comments.length ? input.ticket.comments[0]?.createdAt : null;
  const last = input.ticket.comments.at(-1)?.createdAt;
  const span = first && last ? minutesBetween(first, new Date(last)) : null;
  if (span !== null && span >= 60) parts[0] += ` over ${duration(span)}`;
  if (input.decision?.reasons.some((r) => /repeat contact|contacted again/i.test(r))) parts.push("triage reads it as a repeat contact");
  const lines = input.drafts.map(draftLine).filter((x): x is string => x !== null);
  parts.push(...lines);
  if (!input.drafts.some((d) => d.status === "approved" || d.status === "edited")) parts.push("no reply has been sent yet");
  const text = parts.join("; ");
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** The reasons a person taking over reads first: why escalated, the rules that fired, priority and sentiment cues. */
export function keyReasons(decision: SummaryInput["decision"], reason: string): string[] {
  const picked = [reason];
  for (const r of decision?.reasons ?? []) {
    if (/^rule |^priority |^sentiment /.test(r) && !picked.includes(r)) picked.push(r);
    if (picked.length >= 5) break;
  }
  return picked.map((r) => clip(r, 300));
}

export function extractiveSummary(input: SummaryInput, note: string | null = null): EscalationSummary {
  const request = requestSentence(input.ticket);
  const intent = input.decision?.intent ? ` (intent: ${humanWords(input.decision.intent).toLowerCase()})` : "";
  const sentimentCue = input.decision?.reasons.find((r) => r.startsWith("sentiment "))?.split(": ")[1];
  const sentiment = input.decision ? humanWords(input.decision.sentiment) : "Unknown";
  return {
    wants: request ? `“${request}”${intent}` : `No request text${intent}.`,
    soFar: soFar(input),
    sentiment: sentimentCue ? `${sentiment}: ${clip(sentimentCue, 160)}` : sentiment,
    reasons: keyReasons(input.decision, input.reason),
    waitingSince: input.firstSeenAt,
    waitedMinutes: minutesBetween(input.firstSeenAt, input.now),
    ticketUrl: input.ticketUrl,
    source: "extractive",
    model: null,
    note,
    at: input.now.toISOString(),
  };
}
