/**
 * The draft the LLM returns, as a strict JSON schema (sent as `response_format: json_schema` where the server
 * supports it) and as a zod schema (every answer is validated, whichever way it was requested).
 */
import { z } from "zod";

export const DRAFT_SCHEMA_NAME = "support_reply_draft";

/** Strict-mode compatible: every property required, no additional properties, no unsupported keywords. */
export const DRAFT_JSON_SCHEMA = {
  type: "object",
  properties: {
    reply: { type: "string", description: "The reply to the customer, ready to send after review. Keep placeholders such as [EMAIL_1] exactly as written." },
    citations: { type: "array", items: { type: "string" }, description: 'Ids of the knowledge-base passages the reply relies on, e.g. "ret-01".' },
    needs_human: { type: "boolean", description: "true when a human must decide or check something before replying." },
    reason: { type: "string", description: "One or two sentences for the agent: why this reply, and what to check." },
    confidence: { type: "number", description: "0 to 1: how sure you are the reply is correct and complete." },
  },
  required: ["reply", "citations", "needs_human", "reason", "confidence"],
  additionalProperties: false,
} as const;

/** 0..1; a model that answers on a 0..100 scale is read as a percentage. */
const confidence = z
  .number()
  .transform((n) => (n > 1 && n <= 100 ? n / 100 : n))
  .pipe(z.number().min(0).max(1));

export const draftOutputSchema = z.object({
  reply: z.string().trim().min(1, "the reply is empty").max(20_000),
  citations: z
    .array(z.union([z.string(), z.number()]).transform(String))
    .max(20)
    .default([]),
  needs_human: z.boolean(),
  reason: z.string().max(2_000).default(""),
  confidence,
});

export type DraftOutput = z.infer<typeof draftOutputSchema>;

export type ParsedOutput = { ok: true; value: DraftOutput } | { ok: false; problem: string };

/** A model's JSON answer, optionally inside a ```json fence (models add one even in JSON mode). Shared with worker/llm-triage. */
export function parseJsonContent(content: string | null | undefined): { ok: true; data: unknown } | { ok: false; problem: string } {
  if (!content?.trim()) return { ok: false, problem: "the answer is empty" };
  let text = content.trim();
  const fence = /^```(?:json)?\s*\n?([\s\S]*?)\n?```$/i.exec(text);
  if (fence) text = fence[1]!.trim();
  try {
    return { ok: true, data: JSON.parse(text) };
  } catch (error) {
    return { ok: false, problem: `not valid JSON (${error instanceof Error ? error.message.slice(0, 120) : "parse error"})` };
  }
}

/** A model's JSON answer (optionally fenced) validated by a zod schema; the problem names the first few paths. Shared with worker/escalation-summary. */
export function parseJsonAnswer<T>(
  content: string | null | undefined,
  schema: z.ZodType<T>,
  maxIssues = 5,
): { ok: true; value: T } | { ok: false; problem: string } {
  const json = parseJsonContent(content);
  if (!json.ok) return json;
  const parsed = schema.safeParse(json.data);
  if (!parsed.success)
    return {
      ok: false,
      problem: parsed.error.issues
        .slice(0, maxIssues)
        .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
        .join("; "),
    };
  return { ok: true, value: parsed.data };
}

/** Parses the model's content: JSON (optionally inside a ```json fence), then the zod schema. */
export function parseDraftOutput(content: string | null | undefined): ParsedOutput {
  return parseJsonAnswer(content, draftOutputSchema);
}
