/**
 * Core tables: accounts, rule tables, tickets, events, decisions, write-backs, audit log.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

const createdAt = () =>
  text("created_at")
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

/** A connected Zendesk account. `id` is the Zendesk subdomain. */
export const accounts = sqliteTable("accounts", {
  id: text("id").primaryKey(),
  zendeskAccountId: integer("zendesk_account_id"),
  name: text("name").notNull(),
  /** Where the Zendesk API lives; null means https://{id}.zendesk.com. Lets local runs point at the fake. */
  apiBaseUrl: text("api_base_url"),
  /** Agent email for API-token auth (not a secret). */
  apiEmail: text("api_email"),
  /** AES-GCM ciphertext of {webhookSecret, apiToken?, oauthToken?}; see worker/store/secrets.ts. */
  secretsCiphertext: text("secrets_ciphertext").notNull(),
  /** JSON AccountSettings (custom field ids, note on/off, ...). */
  settings: text("settings").notNull().default("{}"),
  createdAt: createdAt(),
  updatedAt: text("updated_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
}, (t) => [uniqueIndex("accounts_zendesk_account_id").on(t.zendeskAccountId)]);

/** Every version of an account's rule table; the highest version is the live one. */
export const ruleTables = sqliteTable("rule_tables", {
  accountId: text("account_id").notNull().references(() => accounts.id),
  version: integer("version").notNull(),
  /** The validated table as JSON (what the pipeline runs). */
  rules: text("rules").notNull(),
  /** The file as submitted (YAML or JSON), so an export round-trips comments and order. */
  source: text("source").notNull(),
  sourceFormat: text("source_format", { enum: ["yaml", "json"] }).notNull(),
  createdBy: text("created_by").notNull(),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.accountId, t.version] })]);

/** Latest known snapshot of a Zendesk ticket: what triage reads. */
export const tickets = sqliteTable("tickets", {
  accountId: text("account_id").notNull().references(() => accounts.id),
  ticketId: integer("ticket_id").notNull(),
  subject: text("subject").notNull().default(""),
  description: text("description").notNull().default(""),
  /** JSON array of the latest end-user comments [{id, body, createdAt}] (capped). */
  comments: text("comments").notNull().default("[]"),
  status: text("status"),
  priority: text("priority"),
  channel: text("channel"),
  requesterId: integer("requester_id"),
  organizationId: integer("organization_id"),
  /** JSON string arrays. */
  tags: text("tags").notNull().default("[]"),
  requesterTags: text("requester_tags").notNull().default("[]"),
  organizationTags: text("organization_tags").notNull().default("[]"),
  zendeskUpdatedAt: text("zendesk_updated_at"),
  createdAt: createdAt(),
  updatedAt: text("updated_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
}, (t) => [primaryKey({ columns: [t.accountId, t.ticketId] })]);

/** Raw webhook deliveries, deduplicated by `dedupeKey` per account. */
export const events = sqliteTable("events", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  accountId: text("account_id").notNull().references(() => accounts.id),
  dedupeKey: text("dedupe_key").notNull(),
  eventType: text("event_type").notNull(),
  ticketId: integer("ticket_id").notNull(),
  payload: text("payload").notNull(),
  /** received → queued → triaged | skipped | failed | dead */
  status: text("status").notNull().default("received"),
  duplicates: integer("duplicates").notNull().default(0),
  error: text("error"),
  /** When the delivery arrived (column created_at, like every table). */
  receivedAt: createdAt(),
  processedAt: text("processed_at"),
}, (t) => [
  uniqueIndex("events_dedupe").on(t.accountId, t.dedupeKey),
  index("events_ticket").on(t.accountId, t.ticketId),
  index("events_status").on(t.status),
]);

/** One triage decision, with every reason that produced it. At most one per event. */
export const decisions = sqliteTable("decisions", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  accountId: text("account_id").notNull().references(() => accounts.id),
  ticketId: integer("ticket_id").notNull(),
  eventId: integer("event_id").references(() => events.id),
  intent: text("intent"),
  confidence: real("confidence"),
  priority: text("priority").notNull(),
  sentiment: text("sentiment").notNull(),
  language: text("language").notNull(),
  /** JSON string array: every tag the decision adds in Zendesk. */
  tags: text("tags").notNull(),
  /** JSON string array: tags rules asked to remove. */
  removeTags: text("remove_tags").notNull().default("[]"),
  route: text("route").notNull(),
  groupId: integer("group_id"),
  /** JSON {fieldId: value}. */
  customFields: text("custom_fields").notNull().default("{}"),
  /** A rule set the priority, so it is written to the Zendesk priority field. */
  priorityFromRule: integer("priority_from_rule", { mode: "boolean" }).notNull().default(false),
  /** JSON array of human-readable reasons. */
  reasons: text("reasons").notNull(),
  /** JSON array of {ruleId, index}. */
  ruleHits: text("rule_hits").notNull(),
  rulesVersion: integer("rules_version"),
  modelVersion: text("model_version"),
  /** JSON of the model output (top labels, margin, abstain), null when no model ran. */
  modelOutput: text("model_output"),
  /** Hash of the text and fields triage read: an unchanged ticket is not triaged twice. */
  inputHash: text("input_hash").notNull(),
  latencyMs: real("latency_ms").notNull(),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex("decisions_event").on(t.eventId),
  index("decisions_ticket").on(t.accountId, t.ticketId),
]);

/** Each attempt to write a decision back to Zendesk, kept even when it fails. */
export const writebacks = sqliteTable("writebacks", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  accountId: text("account_id").notNull().references(() => accounts.id),
  ticketId: integer("ticket_id").notNull(),
  decisionId: integer("decision_id").notNull().references(() => decisions.id),
  /** JSON body sent to PUT /api/v2/tickets/{id}.json (without updated_stamp). */
  request: text("request").notNull(),
  /** pending → succeeded | retrying | failed | dead */
  status: text("status").notNull().default("pending"),
  attempts: integer("attempts").notNull().default(0),
  lastHttpStatus: integer("last_http_status"),
  error: text("error"),
  createdAt: createdAt(),
  updatedAt: text("updated_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
}, (t) => [
  uniqueIndex("writebacks_decision").on(t.decisionId),
  index("writebacks_ticket").on(t.accountId, t.ticketId),
]);

/** Who did what, when: admin changes, corrections, approvals. */
export const auditLog = sqliteTable("audit_log", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  accountId: text("account_id"),
  actor: text("actor").notNull(),
  action: text("action").notNull(),
  subject: text("subject"),
  details: text("details").notNull().default("{}"),
  createdAt: createdAt(),
}, (t) => [index("audit_account").on(t.accountId, t.createdAt)]);
