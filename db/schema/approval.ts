/**
 * Drafted replies and what humans did with them. A draft is decided exactly once: the status moves out of
 * `pending` with one conditional UPDATE, whoever (Slack or the sidebar) gets there first.
 */
import { sql } from "drizzle-orm";
import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts, decisions } from "./core";
import type { DraftStatus, EscalationSummary, ReplyState } from "../../contract/app-api";
import { DRAFT_SOURCES } from "./drafting";

/** drafting → pending → approved | edited | rejected | escalated | expired; superseded (see worker/approval/lifecycle.ts). */
export const DRAFT_STATUSES = [
  "drafting",
  "pending",
  "approved",
  "edited",
  "rejected",
  "escalated",
  "expired",
  "superseded",
  "failed",
] as const satisfies readonly DraftStatus[];
/** none → posting → posted | failed: the Zendesk reply is claimed before it is sent, so it is sent once. */
export const REPLY_STATES = ["none", "posting", "posted", "failed"] as const satisfies readonly ReplyState[];

/** `satisfies` checks that every listed value is in the API contract; these check the contract lists none more. */
type Exhaustive<All, Listed extends All> = [All] extends [Listed] ? true : never;
const draftStatusesExhaustive: Exhaustive<DraftStatus, (typeof DRAFT_STATUSES)[number]> = true;
const replyStatesExhaustive: Exhaustive<ReplyState, (typeof REPLY_STATES)[number]> = true;
void draftStatusesExhaustive;
void replyStatesExhaustive;
/** What a human can decide about a pending draft. */
export const DRAFT_DECISIONS = ["approve", "edit", "reject", "escalate"] as const;
/** Where a decision came from. */
export const DECIDERS = ["slack", "sidebar", "system"] as const;
/**
 * What approval_actions records: a decision (applied, or `<decision>:refused` when it lost the race), the
 * timeout's expire, the reminder, and `refused` for a user who is not an approver.
 */
export const APPROVAL_ACTION_KINDS = [
  ...DRAFT_DECISIONS,
  "expire",
  "remind",
  "refused",
  "approve:refused",
  "edit:refused",
  "reject:refused",
  "escalate:refused",
] as const;

/** A knowledge-base passage a draft cites. */
export interface Citation {
  id: string;
  title: string;
  url?: string | null;
}

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

export const drafts = sqliteTable(
  "drafts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    ticketId: integer("ticket_id").notNull(),
    decisionId: integer("decision_id").references(() => decisions.id),
    status: text("status", { enum: DRAFT_STATUSES }).notNull().default("drafting"),
    /** The draft as composed (PII restored), and what was finally sent. */
    body: text("body"),
    finalText: text("final_text"),
    /** Knowledge-base passages the draft cites. */
    citations: text("citations", { mode: "json" }).$type<Citation[]>().notNull().default([]),
    confidence: real("confidence"),
    needsHuman: integer("needs_human", { mode: "boolean" }).notNull().default(false),
    reason: text("reason"),
    /** "llm" or "template" (the offline drafter), and the model used. */
    source: text("source", { enum: DRAFT_SOURCES }),
    model: text("model"),
    /** What agents are told wrote the draft (settings.llm.displayName at the time, e.g. "local stand-in model"). */
    modelLabel: text("model_label"),
    costUsd: real("cost_usd").notNull().default(0),
    /** Why drafting fell back or failed, for operators. */
    note: text("note"),
    decidedBy: text("decided_by"),
    decidedVia: text("decided_via", { enum: DECIDERS }),
    decidedAt: text("decided_at"),
    rejectReason: text("reject_reason"),
    /** Zendesk user the reply is authored by (the approver's mapped user). */
    replyAuthorId: integer("reply_author_id"),
    replyState: text("reply_state", { enum: REPLY_STATES }).notNull().default("none"),
    replyPostedAt: text("reply_posted_at"),
    slackChannel: text("slack_channel"),
    slackTs: text("slack_ts"),
    workflowId: text("workflow_id"),
    createdAt: text("created_at").notNull().default(now),
    updatedAt: text("updated_at").notNull().default(now),
  },
  (t) => [index("drafts_ticket").on(t.accountId, t.ticketId), index("drafts_status").on(t.status), uniqueIndex("drafts_decision").on(t.decisionId)],
);

/** Every human (or timeout) action on a draft, with the text before and after. */
export const approvalActions = sqliteTable(
  "approval_actions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    draftId: integer("draft_id")
      .notNull()
      .references(() => drafts.id),
    ticketId: integer("ticket_id").notNull(),
    action: text("action", { enum: APPROVAL_ACTION_KINDS }).notNull(),
    actor: text("actor").notNull(),
    actorName: text("actor_name"),
    via: text("via", { enum: DECIDERS }).notNull(),
    intent: text("intent"),
    originalText: text("original_text"),
    finalText: text("final_text"),
    editDistance: integer("edit_distance"),
    reason: text("reason"),
    /** Did this action change the draft (false: it lost the race or was not allowed). */
    applied: integer("applied", { mode: "boolean" }).notNull(),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [index("approval_actions_draft").on(t.draftId), index("approval_actions_account").on(t.accountId, t.createdAt)],
);

/**
 * One escalation per ticket, claimed before anyone is notified (so it is recorded with or without Slack); the Slack
 * message, when one was posted, so later events on the ticket go to the same thread.
 */
export const escalations = sqliteTable(
  "escalations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    ticketId: integer("ticket_id").notNull(),
    reason: text("reason").notNull(),
    /** What a person picking the ticket up needs (worker/escalation-summary), refreshed on every escalation event. */
    summary: text("summary", { mode: "json" }).$type<EscalationSummary>(),
    slackChannel: text("slack_channel"),
    slackTs: text("slack_ts"),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [uniqueIndex("escalations_ticket").on(t.accountId, t.ticketId)],
);
