/**
 * Per-account drafting settings (`settings.llm`) and HTTP tools (`settings.tools`), validated with zod when the
 * account is saved. The API key is not here: it is the encrypted account secret `llmApiKey`.
 * See docs/llm.md for examples (OpenAI, Cloudflare Workers AI, vLLM, Ollama).
 */
import { z } from "zod";
import { PRIORITIES, SENTIMENTS } from "../triage/signals/types";

const price = z
  .object({
    /** USD per million prompt (input) tokens. */
    inputPerMTok: z.number().min(0).max(10_000),
    /** USD per million completion (output) tokens. */
    outputPerMTok: z.number().min(0).max(10_000),
  })
  .strict();

const modelName = z.string().min(1).max(200);

/** When the large model drafts instead of the small one (any condition is enough). See chooseModel(). */
const largeModelWhen = z
  .object({
    /** Triage priorities that call for the large model. */
    priorities: z.array(z.enum(PRIORITIES)).default(["high", "urgent"]),
    /** Sentiments that call for the large model. */
    sentiments: z.array(z.enum(SENTIMENTS)).default(["very_negative"]),
    /** A thread with at least this many customer messages (first message included). */
    minCustomerMessages: z.number().int().min(1).max(100).default(3),
    /** A thread with at least this many characters of customer text. */
    minChars: z.number().int().min(100).max(100_000).default(2500),
    /** The intent model's confidence below this (or the model abstained / found the text out of scope). */
    belowConfidence: z.number().min(0).max(1).default(0.5),
  })
  .strict();

/** The cascade's LLM classification tier (worker/llm-triage): asked only when the edge model is unsure. */
const classification = z
  .object({
    /** false: the LLM drafts but never classifies (the cascade then says so). */
    enabled: z.boolean().default(true),
    /** The model that classifies; absent = smallModel. */
    model: modelName.optional(),
    /** Per HTTP call: classification sits in the triage path, so it gets a shorter leash than a draft. */
    timeoutMs: z.number().int().min(500).max(60_000).default(8_000),
    /** The LLM's answer decides only at or above this confidence (below it the ticket stays unplaced). */
    minConfidence: z.number().min(0).max(1).default(0.5),
    /** Example phrases per intent put in the prompt (the taxonomy may hold more). */
    maxExamplesPerIntent: z.number().int().min(0).max(20).default(3),
    /** Characters of the ticket text sent (the head of the thread; the rest is cut). */
    maxTextChars: z.number().int().min(200).max(20_000).default(3_000),
    /** Completion token limit: the answer is one short JSON object. */
    maxTokens: z.number().int().min(32).max(4_096).default(200),
  })
  .strict();

export const llmSettingsSchema = z
  .object({
    /**
     * OpenAI-compatible base URL including the version path, e.g. https://api.openai.com/v1,
     * https://api.cloudflare.com/client/v4/accounts/{account_id}/ai/v1, http://127.0.0.1:11434/v1 (Ollama).
     * Absent: no LLM; drafts come from the offline template drafter.
     */
    baseUrl: z.url({ protocol: /^https?$/ }).optional(),
    /**
     * What agents are told wrote a draft, in the sidebar and in Slack (e.g. "GPT-4o via Azure"); default: the model.
     * `npm start` names its built-in fake "local stand-in model (not a real LLM)".
     */
    displayName: z.string().trim().min(1).max(80).optional(),
    /** The model for ordinary tickets. */
    smallModel: modelName.default("gpt-4o-mini"),
    /** The model for hard tickets (see largeModelWhen); absent = always the small model. */
    largeModel: modelName.optional(),
    largeModelWhen: largeModelWhen.default(largeModelWhen.parse({})),
    /** Completion token limit per call. */
    maxTokens: z.number().int().min(64).max(16_384).default(800),
    /** The request field the limit goes in: OpenAI's reasoning models (o-series, gpt-5) want max_completion_tokens. */
    tokenParam: z.enum(["max_tokens", "max_completion_tokens"]).default("max_tokens"),
    temperature: z.number().min(0).max(2).default(0.2),
    /** Prices per model name; a model without a price is costed at 0 and the attempt says so. */
    prices: z.record(modelName, price).default({}),
    /** USD per UTC day for this account; once spent, drafts come from the template drafter. Absent = no cap. */
    dailyBudgetUsd: z.number().min(0).max(1_000_000).optional(),
    /**
     * How the JSON draft is requested. auto: `json_schema` (strict) first; a server that rejects it gets
     * `json_object` + validation from then on (remembered per account). Or force one of the two.
     */
    structuredOutput: z.enum(["auto", "json_schema", "json_object"]).default("auto"),
    /** Per HTTP call to the LLM. */
    timeoutMs: z.number().int().min(500).max(300_000).default(30_000),
    /** The whole draft (all LLM calls, tool calls and back-off waits). */
    deadlineMs: z.number().int().min(1_000).max(900_000).default(90_000),
    /** Retries per call on 429, 5xx, timeouts and network errors, with exponential back-off and jitter. */
    maxRetries: z.number().int().min(0).max(6).default(2),
    backoffBaseMs: z.number().int().min(0).max(60_000).default(500),
    /** A Retry-After longer than this is not waited for (the draft falls back instead). */
    maxRetryAfterMs: z.number().int().min(0).max(300_000).default(20_000),
    /** Circuit breaker: open after this many failed drafts in a row, for openSeconds. */
    circuitFailureThreshold: z.number().int().min(1).max(100).default(3),
    circuitOpenSeconds: z.number().int().min(1).max(86_400).default(60),
    /** Knowledge-base passages put into the prompt, and the characters kept of each. */
    passages: z.number().int().min(0).max(12).default(4),
    passageChars: z.number().int().min(100).max(4_000).default(700),
    /** Tool-call loop bounds: model rounds that may call tools, and tool calls in total per draft. */
    maxToolSteps: z.number().int().min(0).max(10).default(3),
    maxToolCalls: z.number().int().min(0).max(20).default(5),
    /** Extra instructions appended to the system prompt (brand voice, sign-off...). */
    instructions: z.string().max(4_000).optional(),
    /** Signature the reply ends with, e.g. "The Acme Support Team". */
    signature: z.string().max(200).optional(),
    classification: classification.default(classification.parse({})),
  })
  .strict();

export type LlmSettings = z.infer<typeof llmSettingsSchema>;

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
const HOST = /^(?:[a-z0-9-]+\.)*[a-z0-9-]+(?::\d{1,5})?$/i;

/** One HTTP tool the model may call: OpenAI function-calling shape plus where and how to call it. */
export const toolDeclarationSchema = z
  .object({
    name: z.string().regex(TOOL_NAME, "letters, digits, _ and - only (max 64)"),
    description: z.string().min(1).max(1_000),
    /** JSON schema of the arguments; must be `type: "object"`. */
    parameters: z
      .object({
        type: z.literal("object"),
        properties: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
        required: z.array(z.string()).optional(),
      })
      .catchall(z.unknown()),
    method: z.enum(["GET", "POST"]).default("GET"),
    /**
     * URL template; `{name}` is replaced by the URL-encoded argument. Placeholders may appear in the path and query
     * only, never in the host. Arguments not used by the template go to the query (GET) or the JSON body (POST).
     */
    url: z.string().min(8).max(2_000),
    /** Hosts (host or host:port) the tool may reach; the expanded URL must be on one of them. */
    allowedHosts: z.array(z.string().regex(HOST, "a host name, optionally with :port")).min(1).max(10),
    /** Non-secret headers sent with every call (e.g. Accept, an API version). */
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]{1,64}$/), z.string().max(500)).default({}),
    timeoutMs: z.number().int().min(100).max(30_000).default(5_000),
  })
  .strict()
  .superRefine((tool, ctx) => {
    const m = /^(https?):\/\/([^/?#]*)/.exec(tool.url);
    if (!m) return ctx.addIssue({ code: "custom", path: ["url"], message: "must start with https:// (or http:// for a loopback host)" });
    const host = m[2]!;
    if (host.includes("{")) return ctx.addIssue({ code: "custom", path: ["url"], message: "placeholders are not allowed in the host" });
    if (!tool.allowedHosts.some((h) => h.toLowerCase() === host.toLowerCase()))
      ctx.addIssue({ code: "custom", path: ["allowedHosts"], message: `the URL's host ${host} is not in allowedHosts` });
    if (m[1] === "http" && !isLoopback(host)) ctx.addIssue({ code: "custom", path: ["url"], message: "plain http is only allowed for 127.0.0.1/localhost" });
    const names = new Set(Object.keys(tool.parameters.properties));
    for (const p of tool.url.matchAll(/\{([A-Za-z0-9_]+)\}/g)) {
      if (!names.has(p[1]!)) ctx.addIssue({ code: "custom", path: ["url"], message: `placeholder {${p[1]}} is not a declared parameter` });
    }
  });

export type ToolDeclaration = z.infer<typeof toolDeclarationSchema>;

export const toolsSchema = z
  .array(toolDeclarationSchema)
  .max(16)
  .superRefine((tools, ctx) => {
    const seen = new Set<string>();
    tools.forEach((t, i) => {
      if (seen.has(t.name)) ctx.addIssue({ code: "custom", path: [i, "name"], message: `duplicate tool name ${t.name}` });
      seen.add(t.name);
    });
  });

export function isLoopback(host: string): boolean {
  const name = host.replace(/:\d+$/, "").toLowerCase();
  return name === "127.0.0.1" || name === "localhost" || name === "[::1]";
}

/** The settings with every default applied (an account with `llm: {}` gets these). */
export function resolveLlmSettings(input: unknown): LlmSettings {
  return llmSettingsSchema.parse(input ?? {});
}
