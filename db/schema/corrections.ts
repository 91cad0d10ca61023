/**
 * Intent corrections made by agents (the sidebar's "Correct intent"): training data for the next model
 * (`npm run train -- --corrections file.jsonl`, exported by GET /admin/corrections.jsonl).
 */
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { accounts, decisions } from "./core";

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

/** pending → tagged | failed | skipped (shadow mode): the re-tag in Zendesk. */
export const CORRECTION_ZENDESK_STATUSES = ["pending", "tagged", "failed", "skipped"] as const;

export const corrections = sqliteTable(
  "corrections",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    ticketId: integer("ticket_id").notNull(),
    /** The decision the agent corrected (null if the ticket had none yet). */
    decisionId: integer("decision_id").references(() => decisions.id),
    /** The model that produced the corrected decision's prediction, if a model ran. */
    modelVersion: text("model_version"),
    oldIntent: text("old_intent"),
    newIntent: text("new_intent").notNull(),
    /** Exactly what the model classified: subject + newest customer message (worker/triage/ticket-text.ts modelText). */
    text: text("text").notNull(),
    /** Who corrected it: Zendesk user id and name (from the verified sidebar token). */
    actor: text("actor").notNull(),
    actorName: text("actor_name"),
    via: text("via").notNull().default("sidebar"),
    zendeskStatus: text("zendesk_status", { enum: CORRECTION_ZENDESK_STATUSES }).notNull().default("pending"),
    zendeskError: text("zendesk_error"),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [index("corrections_ticket").on(t.accountId, t.ticketId), index("corrections_account").on(t.accountId, t.createdAt)],
);
