/**
 * Insight: how each triage decision held up once agents were done with the ticket. One row per decision, written
 * when its ticket is solved (and refreshed when it is closed), so the dashboard's live accuracy is a plain read.
 * Rows carry ids, labels and timings only, never ticket text.
 */
import { sql } from "drizzle-orm";
import { index, integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts, decisions } from "./core";

/** Per compared field: `correct` (unchanged by close), `changed`, or `unknown` (agents left no usable value). */
export const OUTCOME_VERDICTS = ["correct", "changed", "unknown"] as const;

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

export const decisionOutcomes = sqliteTable(
  "decision_outcomes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    ticketId: integer("ticket_id").notNull(),
    decisionId: integer("decision_id")
      .notNull()
      .references(() => decisions.id),
    /** The Zendesk status that produced the row: solved, then closed. */
    status: text("status").notNull(),
    /** What triage decided, copied so a read needs no join (the decision row may be pruned of text, never of these). */
    intent: text("intent"),
    priority: text("priority"),
    groupId: integer("group_id"),
    /** What the agents left on the ticket at close. */
    finalIntent: text("final_intent"),
    finalPriority: text("final_priority"),
    finalGroupId: integer("final_group_id"),
    intentVerdict: text("intent_verdict", { enum: OUTCOME_VERDICTS }).notNull(),
    priorityVerdict: text("priority_verdict", { enum: OUTCOME_VERDICTS }).notNull(),
    groupVerdict: text("group_verdict", { enum: OUTCOME_VERDICTS }).notNull(),
    /** Every compared field unchanged (null when none could be compared). */
    correct: integer("correct", { mode: "boolean" }),
    /** Minutes from the ticket's creation to the first public reply by someone other than the requester. */
    firstResponseMinutes: real("first_response_minutes"),
    /** A draft of ours was posted as a reply on the ticket. */
    drafted: integer("drafted", { mode: "boolean" }).notNull().default(false),
    /** When Zendesk says the ticket reached the status (the event's updated_at), else when we saw it. */
    closedAt: text("closed_at").notNull(),
    traceId: text("trace_id"),
    createdAt: text("created_at").notNull().default(now),
    updatedAt: text("updated_at").notNull().default(now),
  },
  (t) => [uniqueIndex("decision_outcomes_decision").on(t.decisionId), index("decision_outcomes_closed").on(t.accountId, t.closedAt)],
);
