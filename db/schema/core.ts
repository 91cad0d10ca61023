/**
 * Core tables: accounts, rule tables, tickets, events, decisions, write-backs, audit log.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { IntentPrediction } from "../../models/shared/types";
import type { AccountSettings } from "../../worker/settings/account";
import type { RuleTable } from "../../worker/triage/rules/schema";
import { PRIORITIES, SENTIMENTS } from "../../worker/triage/signals/types";
import { ROUTES, TIERS, type CascadeTrace, type CustomerComment, type CustomFieldValue, type RuleHit } from "../../worker/triage/types";
import type { ZendeskTicketUpdate } from "../../worker/zendesk/client";

/**
 * JSON columns use drizzle's JSON mode (stored as text, parsed on read) and status columns `{ enum }`: neither
 * changes the SQLite DDL, both type the rows. Imports from worker/ here are types or pure value lists only.
 */

/** received → queued → triaged | skipped | failed | dead */
export const EVENT_STATUSES = ["received", "queued", "triaged", "skipped", "failed", "dead"] as const;
/** pending → succeeded | retrying | failed | dead; skipped (route ignore, shadow mode) */
export const WRITEBACK_STATUSES = ["pending", "succeeded", "retrying", "failed", "dead", "skipped"] as const;

const createdAt = () => text("created_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

/** A connected Zendesk account. `id` is the Zendesk subdomain. */
export const accounts = sqliteTable(
  "accounts",
  {
    id: text("id").primaryKey(),
    zendeskAccountId: integer("zendesk_account_id"),
    name: text("name").notNull(),
    /** Where the Zendesk API lives; null means https://{id}.zendesk.com. Lets local runs point at the fake. */
    apiBaseUrl: text("api_base_url"),
    /** Agent email for API-token auth (not a secret). */
    apiEmail: text("api_email"),
    /** AES-GCM ciphertext of {webhookSecret, apiToken?, oauthToken?}; see worker/store/secrets.ts. */
    secretsCiphertext: text("secrets_ciphertext").notNull(),
    /** AccountSettings (custom field ids, note on/off, ...); read through its zod schema, so older rows get new defaults. */
    settings: text("settings", { mode: "json" }).$type<AccountSettings>().notNull().default(sql`'{}'`),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [uniqueIndex("accounts_zendesk_account_id").on(t.zendeskAccountId)],
);

/** Every version of an account's rule table; the highest version is the live one. */
export const ruleTables = sqliteTable(
  "rule_tables",
  {
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    version: integer("version").notNull(),
    /** The validated table as JSON (what the pipeline runs). */
    rules: text("rules", { mode: "json" }).$type<RuleTable>().notNull(),
    /** The file as submitted (YAML or JSON), so an export round-trips comments and order. */
    source: text("source").notNull(),
    sourceFormat: text("source_format", { enum: ["yaml", "json"] }).notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.version] })],
);

/** Latest known snapshot of a Zendesk ticket: what triage reads. */
export const tickets = sqliteTable(
  "tickets",
  {
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    ticketId: integer("ticket_id").notNull(),
    subject: text("subject").notNull().default(""),
    description: text("description").notNull().default(""),
    /** The latest end-user comments [{id, body, createdAt}] (capped). */
    comments: text("comments", { mode: "json" }).$type<CustomerComment[]>().notNull().default([]),
    status: text("status"),
    priority: text("priority"),
    channel: text("channel"),
    requesterId: integer("requester_id"),
    organizationId: integer("organization_id"),
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull().default([]),
    requesterTags: text("requester_tags", { mode: "json" }).$type<string[]>().notNull().default([]),
    organizationTags: text("organization_tags", { mode: "json" }).$type<string[]>().notNull().default([]),
    zendeskUpdatedAt: text("zendesk_updated_at"),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.ticketId] }),
    index("tickets_requester").on(t.accountId, t.requesterId),
    index("tickets_updated").on(t.accountId, t.updatedAt),
  ],
);

/** Raw webhook deliveries, deduplicated by `dedupeKey` per account. */
export const events = sqliteTable(
  "events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    dedupeKey: text("dedupe_key").notNull(),
    eventType: text("event_type").notNull(),
    ticketId: integer("ticket_id").notNull(),
    /** The delivery as received: external data, kept as text and parsed with its schema (intake/payload.ts). */
    payload: text("payload").notNull(),
    status: text("status", { enum: EVENT_STATUSES }).notNull().default("received"),
    duplicates: integer("duplicates").notNull().default(0),
    error: text("error"),
    /** The trace id of the delivery (worker/lib/trace.ts), so a re-enqueue by the sweep continues the same trace. */
    traceId: text("trace_id"),
    /** When the delivery arrived (column created_at, like every table). */
    receivedAt: createdAt(),
    processedAt: text("processed_at"),
  },
  (t) => [
    uniqueIndex("events_dedupe").on(t.accountId, t.dedupeKey),
    index("events_ticket").on(t.accountId, t.ticketId),
    index("events_status").on(t.status),
    index("events_received").on(t.accountId, t.receivedAt),
  ],
);

/** One triage decision, with every reason that produced it. At most one per event. */
export const decisions = sqliteTable(
  "decisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    ticketId: integer("ticket_id").notNull(),
    eventId: integer("event_id").references(() => events.id),
    intent: text("intent"),
    confidence: real("confidence"),
    priority: text("priority", { enum: PRIORITIES }).notNull(),
    sentiment: text("sentiment", { enum: SENTIMENTS }).notNull(),
    language: text("language").notNull(),
    /** Every tag the decision adds in Zendesk. */
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull(),
    /** Tags rules asked to remove. */
    removeTags: text("remove_tags", { mode: "json" }).$type<string[]>().notNull().default([]),
    route: text("route", { enum: ROUTES }).notNull(),
    groupId: integer("group_id"),
    /** {fieldId: value}. */
    customFields: text("custom_fields", { mode: "json" }).$type<Record<string, CustomFieldValue>>().notNull().default({}),
    /** A rule set the priority, so it is written to the Zendesk priority field. */
    priorityFromRule: integer("priority_from_rule", { mode: "boolean" }).notNull().default(false),
    /** Human-readable reasons. */
    reasons: text("reasons", { mode: "json" }).$type<string[]>().notNull(),
    /** [{ruleId, index}]. */
    ruleHits: text("rule_hits", { mode: "json" }).$type<RuleHit[]>().notNull(),
    rulesVersion: integer("rules_version"),
    modelVersion: text("model_version"),
    /** The model output (top labels, margin, abstain), null when no model ran. */
    modelOutput: text("model_output", { mode: "json" }).$type<IntentPrediction>(),
    /** Hash of the text and fields triage read: an unchanged ticket is not triaged twice. */
    inputHash: text("input_hash").notNull(),
    latencyMs: real("latency_ms").notNull(),
    /** Which cascade tier decided the intent (rule, model, llm, agent) or none; older rows: none. */
    tier: text("tier", { enum: TIERS }).notNull().default("none"),
    /** The cascade as it ran (LLM tier outcome, model fallback, the deciding rule or correction). */
    cascade: text("cascade", { mode: "json" }).$type<CascadeTrace>(),
    /** The trace id of the work that made the decision (the webhook's, carried by the queue message); older rows: null. */
    traceId: text("trace_id"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("decisions_event").on(t.eventId), index("decisions_ticket").on(t.accountId, t.ticketId)],
);

/** Each attempt to write a decision back to Zendesk, kept even when it fails. */
export const writebacks = sqliteTable(
  "writebacks",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    ticketId: integer("ticket_id").notNull(),
    decisionId: integer("decision_id")
      .notNull()
      .references(() => decisions.id),
    /** The body sent to PUT /api/v2/tickets/{id}.json (without updated_stamp). */
    request: text("request", { mode: "json" }).$type<ZendeskTicketUpdate>().notNull(),
    status: text("status", { enum: WRITEBACK_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastHttpStatus: integer("last_http_status"),
    error: text("error"),
    createdAt: createdAt(),
    updatedAt: text("updated_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [uniqueIndex("writebacks_decision").on(t.decisionId), index("writebacks_ticket").on(t.accountId, t.ticketId)],
);

/** Who did what, when: admin changes, corrections, approvals. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    accountId: text("account_id"),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    subject: text("subject"),
    /** What the action concerns (ids, counts, outcomes; never ticket text). */
    details: text("details", { mode: "json" }).$type<object>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index("audit_account").on(t.accountId, t.createdAt)],
);
