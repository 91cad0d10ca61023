/**
 * The sidebar API's contract (/app/*): the JSON the Worker answers and the Zendesk app reads. Types only and
 * dependency-free, so both sides compile against the same file: the Worker's views are checked with
 * `satisfies`, the app imports these types. Changing a field here breaks whichever side disagrees.
 */

/** A draft's life: drafting → pending → approved | edited | rejected | escalated | expired; superseded; failed. */
export type DraftStatus = "drafting" | "pending" | "approved" | "edited" | "rejected" | "escalated" | "expired" | "superseded" | "failed";

/** none → posting → posted | failed: the reply is claimed before it is sent, so it is sent once. */
export type ReplyState = "none" | "posting" | "posted" | "failed";

/** Whether the ticket has been triaged, or a triage is in flight. */
export type TriageState = "not_triaged" | "pending" | "triaged";

/** Every error body: a stable machine code, a sentence for humans, sometimes details. */
export interface ApiErrorBody {
  error: string;
  message: string;
  details?: unknown;
  /** The request's trace id (also the x-trace-id response header): quote it when reporting a problem. */
  traceId?: string;
}

/** The edge model's answer, as stored with the decision. */
export interface ModelPredictionView {
  modelVersion: string;
  top: { label: string; probability: number }[];
  margin: number;
  abstain: boolean;
  outOfScope: boolean;
}

export interface DecisionView {
  id: number;
  eventId: number | null;
  intent: string | null;
  confidence: number | null;
  priority: string;
  /** A rule set the priority, so it was written to Zendesk's priority; otherwise it is a suggestion (the priority__ tag). */
  priorityFromRule: boolean;
  sentiment: string;
  language: string;
  tags: string[];
  route: string;
  groupId: number | null;
  customFields: Record<string, unknown>;
  reasons: string[];
  ruleHits: { ruleId: string; index: number }[];
  rulesVersion: number | null;
  modelVersion: string | null;
  model: ModelPredictionView | null;
  /** Which cascade tier placed the intent: agent (a correction), rule, model, llm, or none. */
  tier: "agent" | "rule" | "model" | "llm" | "none";
  /** The cascade in plain words: which tier decided and why, or why none did. */
  tierSummary: string;
  /** The LLM tier's answer when it ran: its model, whether it came from the cache, and its cost. */
  llm: { model: string; confidence: number; reason: string; cached: boolean; costUsd: number } | null;
  latencyMs: number;
  /** The trace id of the work that made this decision (the webhook's): search the logs and the LLM ledger for it. */
  traceId: string | null;
  createdAt: string;
}

export interface CitationView {
  id: string;
  title: string;
  url?: string | null;
}

export interface DraftView {
  id: number;
  ticketId: number;
  status: DraftStatus;
  body: string | null;
  finalText: string | null;
  citations: CitationView[];
  confidence: number | null;
  needsHuman: boolean;
  reason: string | null;
  /** "llm" or "template" (the offline drafter), and the model used. */
  source: string | null;
  model: string | null;
  /** What agents are told wrote the draft: the account's name for its LLM, else the model. */
  modelLabel: string | null;
  costUsd: number;
  /** Why drafting fell back or failed, or what to check before sending (a language mismatch, a placeholder). */
  note: string | null;
  decidedBy: string | null;
  /** The decider's display name when known (the Slack or Zendesk user's name). */
  decidedByName: string | null;
  decidedVia: string | null;
  decidedAt: string | null;
  rejectReason: string | null;
  replyState: ReplyState;
  createdAt: string;
}

export interface CorrectionView {
  id: number;
  ticketId: number;
  decisionId: number | null;
  modelVersion: string | null;
  oldIntent: string | null;
  newIntent: string;
  actor: string;
  actorName: string | null;
  via: string;
  /** pending → tagged | failed | skipped (shadow mode): the re-tag in Zendesk. */
  zendeskStatus: string;
  zendeskError: string | null;
  createdAt: string;
}

/** What a person picking up an escalated ticket needs, stored with the escalation (worker/escalation-summary). */
export interface EscalationSummary {
  /** What the customer wants, in one or two sentences. */
  wants: string;
  /** What happened so far: how many messages, over how long, drafts and what humans did with them. */
  soFar: string;
  sentiment: string;
  /** The triage reasons that matter most (at most 5). */
  reasons: string[];
  /** When the customer first wrote (the first event received), and how long they had waited when this was written. */
  waitingSince: string | null;
  waitedMinutes: number | null;
  ticketUrl: string;
  /** "llm": written by `model` from the redacted thread; "extractive": built from the thread without an LLM (`note` says why). */
  source: "llm" | "extractive";
  model: string | null;
  note: string | null;
  at: string;
}

export interface EscalationView {
  escalated: boolean;
  reason: string | null;
  at: string | null;
  /** A Slack thread exists for it (false when the account has no Slack). */
  slackThread: boolean;
  summary: EscalationSummary | null;
}

/** pending → succeeded | retrying → dead (the queue gave up) | failed (Zendesk refused); skipped (shadow mode, route ignore). */
export type WritebackStatus = "pending" | "succeeded" | "retrying" | "failed" | "dead" | "skipped";

/** The latest decision's write-back to Zendesk (tags, fields, note). */
export interface WritebackView {
  status: WritebackStatus;
  attempts: number;
  lastHttpStatus: number | null;
  error: string | null;
  updatedAt: string;
  /** "Retry write-back" applies: the write-back is dead or failed. */
  retryable: boolean;
}

/** GET /app/tickets/:id */
export interface TicketView {
  account: string;
  ticketId: number;
  state: TriageState;
  lastEvent: { id: number; type: string; status: string; error: string | null; receivedAt: string; processedAt: string | null } | null;
  ticket: { id: number; subject: string; status: string | null; priority: string | null; channel: string | null; tags: string[]; updatedAt: string } | null;
  decision: DecisionView | null;
  /** The intent to show: a correction made after the latest decision wins over triage. */
  intent: { intent: string | null; source: "correction" | "triage" | null };
  correction: CorrectionView | null;
  draft: DraftView | null;
  escalation: EscalationView;
  writeback: WritebackView | null;
}

/** POST /app/tickets/:id/writeback/retry: 200 when Zendesk took it; errors carry `details.writeback`. */
export interface WritebackRetryResponse {
  writeback: WritebackView;
}

/** POST /app/tickets/:id/triage (202) */
export interface TriageQueuedResponse {
  status: "queued";
  eventId: number;
}

/** POST /app/tickets/:id/correction: 201 with the correction, or 200 when the intent was already that. */
export type CorrectionResponse = { correction: CorrectionView; tags: { added: string[]; removed: string[] } } | { correction: null; unchanged: true };

/** POST /app/drafts/:id/{approve|edit|reject} */
export interface DraftResponse {
  draft: DraftView;
}

/** GET /app/intents */
export interface IntentList {
  /** What an agent may pick: the account's enabled taxonomy intents plus intents it already used (never a disabled one). */
  labels: string[];
  /** The labels above that the shipped model knows (the rest come from the taxonomy, decisions and corrections). */
  modelLabels: string[];
  modelVersion: string | null;
  /** The account's taxonomy version; null: the shipped default. */
  taxonomyVersion?: number | null;
  /** The enabled taxonomy intents with their names and descriptions, in file order (for the picker's text). */
  intents?: { id: string; name: string; description: string }[];
}
