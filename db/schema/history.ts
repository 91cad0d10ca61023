/**
 * The account's Zendesk history: import runs (one durable workflow each, with their progress), the tickets they
 * brought in with the agents' final values, and the replay reports measured on them.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { ReplayReport } from "../../worker/replay/report";
import type { CustomFieldValue } from "../../worker/triage/types";
import { accounts } from "./core";

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

/** running → done | failed; a failed run can be resumed (running again, from its stored cursor). */
export const HISTORY_IMPORT_STATUSES = ["running", "done", "failed"] as const;
export type HistoryImportStatus = (typeof HISTORY_IMPORT_STATUSES)[number];

/** Where the agents kept the intent (same shape as worker/history/labels.ts LabelSource). */
export type StoredLabelSource = { kind: "field"; fieldId: number } | { kind: "tag"; prefix: string };

/** Tickets the import passed over, by reason (labels.ts SkipReason, plus not yet solved/closed). */
export interface HistorySkipCounts {
  unlabelled: number;
  unknownIntent: number;
  empty: number;
  notFinal: number;
}

/** One history import: what was asked, and its progress, updated after every export page. */
export const historyImports = sqliteTable(
  "history_imports",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    status: text("status", { enum: HISTORY_IMPORT_STATUSES }).notNull(),
    labelSource: text("label_source", { mode: "json" }).$type<StoredLabelSource>().notNull(),
    /** The export's start time as asked (ISO); the cursor wins once there is one. */
    since: text("since").notNull(),
    /** Stop after this many tickets stored (null: to the end of the export). */
    ticketLimit: integer("ticket_limit"),
    perPage: integer("per_page").notNull(),
    /** The last after_cursor whose page is fully stored: where a resume starts. */
    cursor: text("cursor"),
    pages: integer("pages").notNull().default(0),
    ticketsStored: integer("tickets_stored").notNull().default(0),
    examplesStored: integer("examples_stored").notNull().default(0),
    skipped: text("skipped", { mode: "json" }).$type<HistorySkipCounts>().notNull(),
    /** 429s answered with a sleep so far. */
    rateLimitWaits: integer("rate_limit_waits").notNull().default(0),
    lastError: text("last_error"),
    /** The workflow instance running (or that last ran) the import; a resume starts a new one. */
    instanceId: text("instance_id"),
    attempts: integer("attempts").notNull().default(1),
    startedAt: text("started_at").notNull().default(now),
    updatedAt: text("updated_at").notNull().default(now),
    finishedAt: text("finished_at"),
  },
  (t) => [index("history_imports_account").on(t.accountId, t.startedAt)],
);

/** One message of a history ticket, in order. */
export interface HistoryComment {
  /** `customer`: the requester wrote it; `agent`: anyone else. */
  author: "customer" | "agent";
  public: boolean;
  body: string;
  createdAt: string | null;
}

/** A solved or closed Zendesk ticket as the agents left it; one row per ticket (re-imports overwrite it). */
export const historyTickets = sqliteTable(
  "history_tickets",
  {
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    ticketId: integer("ticket_id").notNull(),
    /** The import that last wrote the row. */
    importId: text("import_id").notNull(),
    subject: text("subject").notNull().default(""),
    /** The first message (Zendesk's description). */
    description: text("description").notNull().default(""),
    comments: text("comments", { mode: "json" }).$type<HistoryComment[]>().notNull().default([]),
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull().default([]),
    customFields: text("custom_fields", { mode: "json" }).$type<Record<string, CustomFieldValue | CustomFieldValue[]>>().notNull().default({}),
    groupId: integer("group_id"),
    priority: text("priority"),
    status: text("status").notNull(),
    channel: text("channel"),
    requesterId: integer("requester_id"),
    /** Zendesk's created_at; solvedAt is the last change the export saw once solved (tickets carry no solved time). */
    createdAt: text("created_at"),
    solvedAt: text("solved_at"),
    importedAt: text("imported_at").notNull().default(now),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.ticketId] }),
    index("history_tickets_import").on(t.accountId, t.importId, t.ticketId),
    index("history_tickets_requester").on(t.accountId, t.requesterId),
  ],
);

/** A replay ("model fit") report over one import's tickets. */
export const replayRuns = sqliteTable(
  "replay_runs",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    importId: text("import_id").notNull(),
    llmMode: text("llm_mode", { enum: ["estimate", "call"] }).notNull(),
    report: text("report", { mode: "json" }).$type<ReplayReport>().notNull(),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [index("replay_runs_account").on(t.accountId, t.createdAt)],
);
