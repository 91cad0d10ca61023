/**
 * The learning loop: each account's intent taxonomy (versioned like the rule table), the training examples every
 * label source produces (agent corrections, LLM labels, rule-set intents, imported history), the account's edge
 * model versions (artifacts in R2, registry here) and the LLM tier's per-content cache.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { IntentTaxonomy } from "../../worker/triage/intents/schema";
import { accounts } from "./core";

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

/** Every version of an account's intent taxonomy; the highest version is live (none stored: the shipped default). */
export const intentTaxonomies = sqliteTable(
  "intent_taxonomies",
  {
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    version: integer("version").notNull(),
    taxonomy: text("taxonomy", { mode: "json" }).$type<IntentTaxonomy>().notNull(),
    /** The file as submitted (YAML or JSON), so a pull round-trips comments and order. */
    source: text("source").notNull(),
    sourceFormat: text("source_format", { enum: ["yaml", "json"] }).notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.version] })],
);

/** Where a training label came from, strongest first: an agent's correction beats a rule, a rule beats the LLM. */
export const TRAINING_SOURCES = ["correction", "import", "rule", "llm"] as const;
export type TrainingSource = (typeof TRAINING_SOURCES)[number];

/** One labelled text per ticket and source (a newer label of the same source replaces the older one). */
export const trainingExamples = sqliteTable(
  "training_examples",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    /** The Zendesk ticket the text is from. */
    ticketId: integer("ticket_id").notNull(),
    /** Exactly what the edge model classifies: subject + newest customer message (worker/triage/ticket-text.ts). */
    text: text("text").notNull(),
    intent: text("intent").notNull(),
    source: text("source", { enum: TRAINING_SOURCES }).notNull(),
    /** The labeller's confidence (the LLM's; 1 for agents and rules). */
    confidence: real("confidence").notNull().default(1),
    decisionId: integer("decision_id"),
    correctionId: integer("correction_id"),
    /** Kept out of training to judge candidate models (a stable hash of account + ticket: about one in five). */
    heldOut: integer("held_out", { mode: "boolean" }).notNull().default(false),
    createdAt: text("created_at").notNull().default(now),
    updatedAt: text("updated_at").notNull().default(now),
  },
  (t) => [uniqueIndex("training_examples_ticket_source").on(t.accountId, t.ticketId, t.source), index("training_examples_account").on(t.accountId, t.id)],
);

/** candidate (uploaded, not live) → live → retired (replaced) ; rejected: lost the promotion check. */
export const MODEL_VERSION_STATUSES = ["candidate", "live", "retired", "rejected"] as const;

/** An account's edge model versions. The artifact (int8 ONNX + config.json) is in R2 under `r2Key`. */
export const modelVersions = sqliteTable(
  "model_versions",
  {
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    /** `<name>-<content hash>` from the model's config: the same bytes always get the same version. */
    version: text("version").notNull(),
    r2Key: text("r2_key").notNull(),
    bytes: integer("bytes").notNull(),
    sha256: text("sha256").notNull(),
    labels: text("labels", { mode: "json" }).$type<string[]>().notNull(),
    status: text("status", { enum: MODEL_VERSION_STATUSES }).notNull().default("candidate"),
    /** How it was trained (example counts per source, since, recipe): from the uploader. */
    training: text("training", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    /** The last promotion check: candidate vs live on the held-out examples. */
    evaluation: text("evaluation", { mode: "json" }).$type<Record<string, unknown>>(),
    createdBy: text("created_by").notNull(),
    createdAt: text("created_at").notNull().default(now),
    promotedAt: text("promoted_at"),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.version] }), index("model_versions_status").on(t.accountId, t.status)],
);

/** Which model version an account runs (no row, or null: the shipped model), and the one before it (rollback). */
export const accountModels = sqliteTable("account_models", {
  accountId: text("account_id")
    .primaryKey()
    .references(() => accounts.id),
  liveVersion: text("live_version"),
  previousVersion: text("previous_version"),
  updatedBy: text("updated_by").notNull(),
  updatedAt: text("updated_at").notNull().default(now),
});

/** The LLM tier's answers, keyed by a hash of the redacted text, the taxonomy version and the model name. */
export const llmClassifications = sqliteTable(
  "llm_classifications",
  {
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    contentHash: text("content_hash").notNull(),
    intent: text("intent"),
    confidence: real("confidence").notNull(),
    reason: text("reason").notNull(),
    model: text("model").notNull(),
    costUsd: real("cost_usd").notNull().default(0),
    /** The ticket whose text the answer was for, so forgetting a requester removes their cached answers. */
    ticketId: integer("ticket_id"),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.contentHash] }), index("llm_classifications_ticket").on(t.accountId, t.ticketId)],
);
