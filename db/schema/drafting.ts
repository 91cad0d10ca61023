/**
 * Drafting: the knowledge base, every LLM attempt and tool call, the cost ledger and the per-account circuit
 * breaker. Rows carry ids, counts and reasons only, never ticket text, PII or keys.
 *
 * The full-text index over kb_documents (an FTS5 virtual table with triggers) cannot be expressed in drizzle's
 * schema; it lives in the custom migration db/migrations/*_kb_fts.sql.
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts } from "./core";

/** Where a draft's text came from: the LLM or the template (offline) drafter. */
export const DRAFT_SOURCES = ["llm", "template"] as const;
/** A run row is opened (`pending`) before the draft is composed. */
export const DRAFT_RUN_SOURCES = ["pending", ...DRAFT_SOURCES] as const;
export const MODEL_TIERS = ["small", "large"] as const;
export const LLM_RESPONSE_FORMATS = ["json_schema", "json_object"] as const;
/** How one LLM attempt ended (worker/drafting/loop.ts AttemptOutcome), or `skipped`: the draft made no call. */
export const LLM_ATTEMPT_OUTCOMES = [
  "answer",
  "tool_calls",
  "invalid_output",
  "refused",
  "truncated",
  "rate_limited",
  "server_error",
  "timeout",
  "network_error",
  "auth_error",
  "bad_request",
  "unsupported_json_schema",
  "not_found",
  "deadline",
  "skipped",
] as const;
/** How one tool call ended (worker/drafting/tools.ts ToolOutcome). */
export const LLM_TOOL_OUTCOMES = ["ok", "http_error", "timeout", "network_error", "blocked_host", "invalid_arguments", "unknown_tool", "limit"] as const;
export const LLM_PURPOSES = ["draft", "classify", "summarize"] as const;
/** Whether the LLM server accepts response_format json_schema. */
export const JSON_SCHEMA_SUPPORT = ["unknown", "supported", "unsupported"] as const;

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

/** Help-center articles and macros, imported from files or synced from Zendesk. Indexed by kb_fts (BM25). */
export const kbDocuments = sqliteTable(
  "kb_documents",
  {
    /** The FTS5 rowid (content_rowid of kb_fts). */
    id: integer("id").primaryKey({ autoIncrement: true }),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    /** Stable id within the account, what drafts cite: "ret-01", "zd-article-360001234", "zd-macro-77". */
    docId: text("doc_id").notNull(),
    /** worker/kb/documents.ts KB_KINDS; the compiler checks the documents written here against this list. */
    kind: text("kind", { enum: ["article", "macro"] }).notNull(),
    title: text("title").notNull(),
    /** Plain text (HTML and Markdown are flattened on the way in). */
    body: text("body").notNull(),
    url: text("url"),
    locale: text("locale").notNull().default("en"),
    /** Space-separated labels, indexed with the text (e.g. "returns refund"). */
    tags: text("tags").notNull().default(""),
    source: text("source", { enum: ["import", "zendesk"] }).notNull(),
    /** SHA-256 of what was indexed: an unchanged document is not rewritten. */
    contentHash: text("content_hash").notNull(),
    createdAt: text("created_at").notNull().default(now),
    updatedAt: text("updated_at").notNull().default(now),
  },
  (t) => [uniqueIndex("kb_documents_doc").on(t.accountId, t.docId), index("kb_documents_account").on(t.accountId, t.kind)],
);

/** One composition of a draft (the workflow may retry it): what it used and what it cost. The per-draft ledger. */
export const draftRuns = sqliteTable(
  "draft_runs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    ticketId: integer("ticket_id").notNull(),
    /** drafts.id; null for admin previews. Not a foreign key: a run is recorded before the draft row is updated. */
    draftId: integer("draft_id"),
    /** UTC day, YYYY-MM-DD. */
    day: text("day").notNull(),
    source: text("source", { enum: DRAFT_RUN_SOURCES }).notNull(),
    model: text("model"),
    /** null for a template draft. */
    tier: text("tier", { enum: MODEL_TIERS }),
    /** Why it fell back (budget, circuit open, LLM down, invalid output...), as shown to operators. */
    note: text("note"),
    costUsd: real("cost_usd").notNull().default(0),
    promptTokens: integer("prompt_tokens").notNull().default(0),
    completionTokens: integer("completion_tokens").notNull().default(0),
    llmCalls: integer("llm_calls").notNull().default(0),
    toolCalls: integer("tool_calls").notNull().default(0),
    /** Passages put in the prompt, and how many the draft cited. */
    passages: integer("passages").notNull().default(0),
    citations: integer("citations").notNull().default(0),
    /** {EMAIL: 1, PHONE: 2, ...}: how many values were redacted (never the values). */
    redactions: text("redactions", { mode: "json" }).$type<Record<string, number>>().notNull().default({}),
    /** Placeholders in the answer that the vault never issued (left as written; the draft needs a human). */
    unknownPlaceholders: integer("unknown_placeholders").notNull().default(0),
    durationMs: integer("duration_ms").notNull().default(0),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [index("draft_runs_draft").on(t.draftId), index("draft_runs_ticket").on(t.accountId, t.ticketId), index("draft_runs_day").on(t.accountId, t.day)],
);

/** Every HTTP call to the LLM (and every draft that did not call it, with why). The per-call ledger. */
export const llmAttempts = sqliteTable(
  "llm_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    ticketId: integer("ticket_id"),
    draftId: integer("draft_id"),
    runId: integer("run_id"),
    day: text("day").notNull(),
    /** What the call was for: composing a draft, or the cascade's LLM classification tier. */
    purpose: text("purpose", { enum: LLM_PURPOSES }).notNull().default("draft"),
    /** Position of the call in its draft (1, 2, ...), retries included. */
    seq: integer("seq").notNull(),
    model: text("model"),
    /** null when no call was made. */
    responseFormat: text("response_format", { enum: LLM_RESPONSE_FORMATS }),
    outcome: text("outcome", { enum: LLM_ATTEMPT_OUTCOMES }).notNull(),
    httpStatus: integer("http_status"),
    /** A short reason (error code/type and message from the server, never prompt text). */
    error: text("error"),
    promptTokens: integer("prompt_tokens").notNull().default(0),
    completionTokens: integer("completion_tokens").notNull().default(0),
    /** The server sent no usage; tokens were estimated (about 4 characters per token). */
    usageEstimated: integer("usage_estimated", { mode: "boolean" }).notNull().default(false),
    /** No price configured for the model: costed at 0. */
    unpriced: integer("unpriced", { mode: "boolean" }).notNull().default(false),
    costUsd: real("cost_usd").notNull().default(0),
    latencyMs: integer("latency_ms").notNull().default(0),
    /** The trace id of the work that made the call (worker/lib/trace.ts); also sent to the LLM as `traceparent`. */
    traceId: text("trace_id"),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [
    index("llm_attempts_draft").on(t.draftId),
    index("llm_attempts_account_day").on(t.accountId, t.day),
    index("llm_attempts_ticket").on(t.accountId, t.ticketId),
  ],
);

/** Every tool call the model asked for, with its outcome (never arguments or results: they may hold PII). */
export const llmToolCalls = sqliteTable(
  "llm_tool_calls",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    ticketId: integer("ticket_id"),
    draftId: integer("draft_id"),
    runId: integer("run_id"),
    tool: text("tool").notNull(),
    outcome: text("outcome", { enum: LLM_TOOL_OUTCOMES }).notNull(),
    httpStatus: integer("http_status"),
    error: text("error"),
    latencyMs: integer("latency_ms").notNull().default(0),
    createdAt: text("created_at").notNull().default(now),
  },
  (t) => [index("llm_tool_calls_draft").on(t.draftId), index("llm_tool_calls_account").on(t.accountId, t.createdAt)],
);

/** The cost ledger rolled up per account and UTC day: what the daily budget is checked against. */
export const llmUsageDaily = sqliteTable(
  "llm_usage_daily",
  {
    accountId: text("account_id")
      .notNull()
      .references(() => accounts.id),
    day: text("day").notNull(),
    costUsd: real("cost_usd").notNull().default(0),
    promptTokens: integer("prompt_tokens").notNull().default(0),
    completionTokens: integer("completion_tokens").notNull().default(0),
    llmCalls: integer("llm_calls").notNull().default(0),
    llmDrafts: integer("llm_drafts").notNull().default(0),
    templateDrafts: integer("template_drafts").notNull().default(0),
    /** Tickets the cascade's LLM tier classified with a call (cache hits are not counted). */
    llmClassifications: integer("llm_classifications").notNull().default(0),
    /** Template drafts because the budget was spent. */
    overBudget: integer("over_budget").notNull().default(0),
    updatedAt: text("updated_at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.day] })],
);

/** Per-account circuit breaker and what the LLM server supports (Workers isolates share no memory: D1 does). */
export const llmCircuits = sqliteTable("llm_circuits", {
  accountId: text("account_id")
    .primaryKey()
    .references(() => accounts.id),
  /** Failed drafts in a row (LLM unreachable, 5xx/429 after retries, timeouts, auth errors). */
  consecutiveFailures: integer("consecutive_failures").notNull().default(0),
  /** Epoch ms until which no call is made; null = closed. After it passes, one trial call is let through. */
  openUntil: integer("open_until"),
  lastError: text("last_error"),
  jsonSchema: text("json_schema", { enum: JSON_SCHEMA_SUPPORT }).notNull().default("unknown"),
  updatedAt: text("updated_at").notNull().default(now),
});
