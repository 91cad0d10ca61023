/**
 * The classification prompt: the account's enabled intents (id, name, description, a few example phrases) in the
 * system message, the redacted ticket text in the user message, and the strict JSON schema of the answer (the
 * intent is an enum of the enabled ids plus "none"). Pure: the text arrives already redacted.
 *
 * The intent lines have a fixed shape (`- <id> (<name>): <description> Examples: "<json string>"; ...`) that the
 * local fake LLM reads back to answer plausibly (dev/fakes/llm/classify.ts); change both together.
 */
import type { ChatMessage } from "../drafting/prompt";
import type { IntentDefinition, IntentTaxonomy } from "../triage/intents/schema";

/** The json_schema name; the fake LLM also recognises a classification request by it. */
export const CLASSIFICATION_SCHEMA_NAME = "intent_classification";
/** The answer's word for "no intent fits" (the outcome's intent is then null). */
export const NO_INTENT = "none";

export interface ClassificationPromptInput {
  taxonomy: IntentTaxonomy;
  /** Already redacted. */
  text: string;
  maxExamplesPerIntent: number;
  maxTextChars: number;
}

export interface ClassificationPrompt {
  messages: ChatMessage[];
  /** The enabled intent ids, in taxonomy order: what the answer may name besides "none". */
  intentIds: string[];
  /** Strict-mode compatible: every property required, no additional properties. */
  schema: Record<string, unknown>;
}

const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();

/** Strict mode needs every property required and no extras; the 0..1 range is checked on our side (not every server takes minimum/maximum). */
export function classificationSchema(intentIds: readonly string[]): Record<string, unknown> {
  return {
    type: "object",
    properties: {
      intent: { type: "string", enum: [...intentIds, NO_INTENT], description: `The id of the intent that fits best, or "${NO_INTENT}".` },
      confidence: { type: "number", description: "0 to 1: how sure you are that this intent is right." },
      reason: { type: "string", description: "One short line: what in the ticket points to this intent." },
    },
    required: ["intent", "confidence", "reason"],
    additionalProperties: false,
  };
}

function intentLine(intent: IntentDefinition, maxExamples: number): string {
  const examples = intent.examples.slice(0, maxExamples).map((e) => JSON.stringify(oneLine(e)));
  const description = oneLine(intent.description);
  const end = /[.!?]$/.test(description) ? "" : ".";
  return `- ${intent.id} (${oneLine(intent.name)}): ${description}${end}${examples.length ? ` Examples: ${examples.join("; ")}` : ""}`;
}

export function buildClassificationPrompt(input: ClassificationPromptInput): ClassificationPrompt {
  const enabled = input.taxonomy.intents.filter((i) => i.enabled);
  const intentIds = enabled.map((i) => i.id);
  const system = [
    "You classify customer-support tickets by intent: what the customer wants from us.",
    `Choose the one intent from the list below that fits the ticket best, or "${NO_INTENT}" when none fits (for example spam, an automatic out-of-office reply, a thank-you with no request, or a request the list does not cover).`,
    'Answer with a JSON object: "intent" (an id from the list, or "none"), "confidence" (0 to 1: how sure you are), "reason" (one short line).',
    "Personal data in the ticket was replaced by placeholders such as [EMAIL_1]; they are not a reason to choose an intent.",
    "",
    "Intents:",
    ...enabled.map((i) => intentLine(i, input.maxExamplesPerIntent)),
  ].join("\n");
  const text = input.text.trim();
  const cut = text.length > input.maxTextChars;
  const ticket = cut ? `${text.slice(0, input.maxTextChars)}…` : text;
  const user = `${cut ? `Ticket (its first ${input.maxTextChars} characters):` : "Ticket:"}\n${ticket || "(empty)"}`;
  return {
    messages: [
      { role: "system", content: system },
      { role: "user", content: user },
    ],
    intentIds,
    schema: classificationSchema(intentIds),
  };
}
