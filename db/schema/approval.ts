/**
 * Drafted replies and what humans did with them. A draft is decided exactly once: the status moves out of
 * `pending` with one conditional UPDATE, whoever (Slack or the sidebar) gets there first.
 */
import { sql } from "drizzle-orm";
import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts, decisions } from "./core";

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

export const drafts = sqliteTable("drafts", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  accountId: text("account_id").notNull().references(() => accounts.id),
  ticketId: integer("ticket_id").notNull(),
  decisionId: integer("decision_id").references(() => decisions.id),
  /** drafting → pending → approved | edited | rejected | escalated | expired; superseded; failed */
  status: text("status").notNull().default("drafting"),
  /** The draft as composed (PII restored), and what was finally sent. */
  body: text("body"),
  finalText: text("final_text"),
  /** JSON [{id, title, url}] of knowledge-base passages the draft cites. */
  citations: text("citations").notNull().default("[]"),
  confidence: real("confidence"),
  needsHuman: integer("needs_human", { mode: "boolean" }).notNull().default(false),
  reason: text("reason"),
  /** "llm" or "template" (the offline drafter), and the model used. */
  source: text("source"),
  model: text("model"),
  costUsd: real("cost_usd").notNull().default(0),
  /** Why drafting fell back or failed, for operators. */
  note: text("note"),
  decidedBy: text("decided_by"),
  decidedVia: text("decided_via"),
  decidedAt: text("decided_at"),
  rejectReason: text("reject_reason"),
  /** Zendesk user the reply is authored by (the approver's mapped user). */
  replyAuthorId: integer("reply_author_id"),
  /** none → posting → posted: the Zendesk reply is claimed before it is sent, so it is sent once. */
  replyState: text("reply_state").notNull().default("none"),
  replyPostedAt: text("reply_posted_at"),
  slackChannel: text("slack_channel"),
  slackTs: text("slack_ts"),
  workflowId: text("workflow_id"),
  createdAt: text("created_at").notNull().default(now),
  updatedAt: text("updated_at").notNull().default(now),
}, (t) => [index("drafts_ticket").on(t.accountId, t.ticketId), index("drafts_status").on(t.status), uniqueIndex("drafts_decision").on(t.decisionId)]);

/** Every human (or timeout) action on a draft, with the text before and after. */
export const approvalActions = sqliteTable("approval_actions", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  accountId: text("account_id").notNull().references(() => accounts.id),
  draftId: integer("draft_id").notNull().references(() => drafts.id),
  ticketId: integer("ticket_id").notNull(),
  /** approve | edit | reject | escalate | expire | remind | refused */
  action: text("action").notNull(),
  actor: text("actor").notNull(),
  actorName: text("actor_name"),
  via: text("via").notNull(),
  intent: text("intent"),
  originalText: text("original_text"),
  finalText: text("final_text"),
  editDistance: integer("edit_distance"),
  reason: text("reason"),
  /** Did this action change the draft (false: it lost the race or was not allowed). */
  applied: integer("applied", { mode: "boolean" }).notNull(),
  createdAt: text("created_at").notNull().default(now),
}, (t) => [index("approval_actions_draft").on(t.draftId), index("approval_actions_account").on(t.accountId, t.createdAt)]);

/** Escalation messages in Slack, so later events on the ticket go to the same thread. */
export const escalations = sqliteTable("escalations", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  accountId: text("account_id").notNull().references(() => accounts.id),
  ticketId: integer("ticket_id").notNull(),
  reason: text("reason").notNull(),
  slackChannel: text("slack_channel"),
  slackTs: text("slack_ts"),
  createdAt: text("created_at").notNull().default(now),
}, (t) => [uniqueIndex("escalations_ticket").on(t.accountId, t.ticketId)]);
