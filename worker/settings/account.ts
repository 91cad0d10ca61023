/**
 * Per-account behaviour (`accounts.settings`), validated with zod when an account is saved. Pure: no database,
 * no HTTP; the store parses stored settings with it and the admin API validates input with it.
 */
import { z } from "zod";
import { llmSettingsSchema, toolsSchema } from "./drafting";

const fieldId = z.number().int().positive();

/** Days to keep one kind of stored text; 0 keeps it forever (docs/pii.md#retention). At most ten years. */
const retentionDays = (fallback: number) => z.number().int().min(0).max(3650).default(fallback);

/** The defaults, in days: raw payloads are only needed to process a delivery, the rest for follow-ups and training. */
export const RETENTION_DEFAULTS = { rawPayloadDays: 30, ticketTextDays: 180, draftDays: 180, trainingExampleDays: 365 } as const;

/** How long stored text is kept before the scheduled sweep removes it (worker/queue/retention.ts). */
export const retentionSchema = z
  .object({
    /** Webhook deliveries as received (events.payload), once processed. */
    rawPayloadDays: retentionDays(RETENTION_DEFAULTS.rawPayloadDays),
    /** Ticket snapshots (subject, description, comments), the text in decisions and write-back notes, escalation summaries, the LLM tier's cache. */
    ticketTextDays: retentionDays(RETENTION_DEFAULTS.ticketTextDays),
    /** Decided drafts' text (body, sent text, reasons) and the texts in the approval audit. */
    draftDays: retentionDays(RETENTION_DEFAULTS.draftDays),
    /** Training examples (deleted) and the text of agents' intent corrections. */
    trainingExampleDays: retentionDays(RETENTION_DEFAULTS.trainingExampleDays),
  })
  .strict();
export type RetentionSettings = z.infer<typeof retentionSchema>;

/** Per-account behaviour; every key is optional with a safe default. */
export const accountSettingsSchema = z
  .object({
    /** Zendesk custom field ids that receive triage values. */
    fields: z
      .object({ intent: fieldId, confidence: fieldId, priority: fieldId, sentiment: fieldId, language: fieldId, route: fieldId })
      .partial()
      .strict()
      .default({}),
    /** Write tags/fields/note back to Zendesk. false = shadow mode: decisions are stored, Zendesk is untouched. */
    writeBack: z.boolean().default(true),
    /** Add the private "why" note to the ticket. */
    internalNote: z.boolean().default(true),
    approval: z
      .object({
        /** How an approved draft lands in Zendesk: a public reply, or an internal note for the agent to send. */
        postAs: z.enum(["public", "internal"]).default("public"),
        /** Minutes to wait for a human before one reminder; the same again before escalating. */
        timeoutMinutes: z
          .number()
          .int()
          .min(1)
          .max(7 * 24 * 60)
          .default(60),
      })
      .strict()
      .default({ postAs: "public", timeoutMinutes: 60 }),
    escalation: z
      .object({
        /** "auto": the LLM writes the summary when one is configured, else it is taken from the thread; "extractive": never the LLM. */
        summary: z.enum(["auto", "extractive"]).default("auto"),
        /** A Zendesk custom field (multi-line text) that receives the summary when the ticket is escalated. */
        summaryField: fieldId.optional(),
      })
      .strict()
      .default({ summary: "auto" }),
    slack: z
      .object({
        /** Slack workspace (team) id, which maps incoming Slack requests to this account. */
        teamId: z.string().min(1).max(40),
        /** Where approval requests go. */
        approvalChannel: z.string().min(1).max(40),
        /** Where escalations go (defaults to the approval channel). */
        escalationChannel: z.string().min(1).max(40).optional(),
        /** Who may approve or send: Slack user ids and/or a user group id. */
        approvers: z.array(z.string().min(1).max(40)).max(500).default([]),
        approverGroup: z.string().min(1).max(40).optional(),
        /** Slack user id → Zendesk user id; others are matched by email. */
        zendeskUsers: z.record(z.string(), z.number().int().positive()).default({}),
        /** Slack Web API base URL, e.g. a fake for local runs; default https://slack.com/api/. */
        apiBaseUrl: z.url().optional(),
      })
      .strict()
      .optional(),
    /** The OpenAI-compatible LLM that drafts replies (docs/llm.md); absent = template drafts only. */
    llm: llmSettingsSchema.optional(),
    /** HTTP tools the drafting LLM may call (order status, refund eligibility...), see docs/llm.md. */
    tools: toolsSchema.optional(),
    /** How many days each kind of stored text is kept (0 = forever). */
    retention: retentionSchema.default(RETENTION_DEFAULTS),
  })
  .strict();

export type AccountSettings = z.infer<typeof accountSettingsSchema>;
