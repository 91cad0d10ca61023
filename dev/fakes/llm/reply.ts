/**
 * The default "model": a polite, deterministic support reply built from the conversation, and the leaf filler that
 * puts that reply (and citations, confidence, ...) into whatever JSON schema the client asked for.
 */
import { lastUserText, promptText, toolResultsSinceLastUser, type ToolResult } from "./messages.js";
import { clip, customerMessage, customerName, findCitationIds, findPassages, firstSentence, subjectLine, type Passage } from "./prompt-facts.js";
import { isPlainObject } from "./schema-check.js";
import type { Filler, LeafContext } from "./schema-instance.js";
import type { ChatMessage, JsonSchema } from "./types.js";

export interface ReplyFacts {
  customerText: string;
  /** Subject line, or the first sentence of the customer's message ("" if none). */
  topic: string;
  name: string | null;
  passages: Passage[];
  citationIds: string[];
  toolResults: ToolResult[];
}

export function gatherFacts(messages: readonly ChatMessage[]): ReplyFacts {
  const lastUser = lastUserText(messages);
  const prompt = promptText(messages);
  const customerText = customerMessage(lastUser);
  const passages = findPassages(prompt);
  return {
    customerText,
    topic: subjectLine(lastUser) ?? subjectLine(prompt) ?? (customerText ? firstSentence(customerText, 120) : ""),
    name: customerName(lastUser) ?? customerName(prompt),
    passages,
    citationIds: findCitationIds(prompt, passages),
    toolResults: toolResultsSinceLastUser(messages),
  };
}

/** "status: shipped, carrier: UPS" from a JSON tool result, else its first sentence. */
export function summarizeToolResult(content: string): string {
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch {
    return firstSentence(content, 160);
  }
  if (Array.isArray(value)) return `${value.length} matching record${value.length === 1 ? "" : "s"}`;
  if (isPlainObject(value)) {
    const pairs = Object.entries(value)
      .filter(([, v]) => v === null || ["string", "number", "boolean"].includes(typeof v))
      .slice(0, 4)
      .map(([k, v]) => `${k.replace(/[_-]+/g, " ")}: ${String(v)}`);
    return pairs.length > 0 ? pairs.join(", ") : "the record was found";
  }
  return clip(String(value), 160);
}

export function quoteOf(p: Passage): string {
  return firstSentence(p.text, 220);
}

export function composeReply(f: ReplyFacts): string {
  const lines: string[] = [`Hi ${f.name ?? "there"},`, ""];
  const end = /[.!?]$/.test(f.topic) ? "" : ".";
  lines.push(f.topic ? `Thank you for reaching out about "${f.topic}"${end}` : "Thank you for reaching out.", "");
  const body: string[] = [];
  const passage = f.passages[0];
  if (passage) {
    const source = passage.title ? `our help center article "${passage.title}"` : "our help center";
    body.push(`According to ${source}: "${quoteOf(passage)}"`);
  }
  const tool = f.toolResults[f.toolResults.length - 1];
  if (tool) body.push(`I looked into this for you: ${summarizeToolResult(tool.content)}.`);
  if (body.length === 0) {
    body.push("I have passed the details to our team, and we will follow up with an update as soon as possible.");
  }
  lines.push(...body, "", "If you have any other questions, just reply to this message and we will be happy to help.", "", "Best regards,", "Support Team");
  return lines.join("\n");
}

export function reasonSentence(f: ReplyFacts): string {
  if (f.passages.length > 0) {
    const cited = f.citationIds.length > 0 ? ` ${f.citationIds.slice(0, 3).join(", ")}` : "";
    return `The reply answers the customer's question from knowledge-base passage${cited}.`;
  }
  if (f.toolResults.length > 0) return "The reply answers the customer's question from the tool result.";
  return "No knowledge-base passage matched, so the reply acknowledges the request and promises a follow-up.";
}

export function summarySentence(f: ReplyFacts): string {
  return f.topic ? `Customer asks about: ${f.topic}` : "Customer request without details.";
}

const norm = (key: string): string => key.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
const CITATIONS_KEY = /citation|sources?$|references?|kb_?ids?|passage_?ids?|article_?ids?|cited/;
const REPLY_KEY = /^(reply|body|draft|message|answer|response|text|content|output)$|reply|draft|answer|response_?text|message_?body/;

/** Leaf values for JSON answers, keyed on property names; see README "Default behaviour". */
export function replyFiller(f: ReplyFacts): Filler {
  const reply = composeReply(f);
  const inCitations = (ctx: LeafContext): boolean => ctx.arrayKey !== undefined && CITATIONS_KEY.test(norm(ctx.arrayKey));
  return {
    string(ctx) {
      const key = norm(ctx.key);
      if (inCitations(ctx)) {
        const i = ctx.index ?? 0;
        const passage = f.passages.find((p) => p.id === f.citationIds[i]) ?? f.passages[i];
        if (ctx.key === ctx.arrayKey || /(^|_)(id|ids|source|ref|key|marker)$/.test(key)) return f.citationIds[i] ?? `${i + 1}`;
        if (/title|name/.test(key)) return passage?.title ?? passage?.id ?? undefined;
        if (/quote|text|snippet|excerpt|passage|content/.test(key)) return passage ? quoteOf(passage) : undefined;
        return f.citationIds[i];
      }
      if (/reason|rationale|explanation|justification|why/.test(key)) return reasonSentence(f);
      if (/summary|tl_?dr|gist/.test(key)) return summarySentence(f);
      if (/internal_?note|note_?to_?agent|agent_?note/.test(key)) return reasonSentence(f);
      if (/subject|title|headline/.test(key)) return f.topic ? `Re: ${f.topic}` : "Re: your request";
      if (REPLY_KEY.test(key)) return reply;
      if (/quote|snippet|excerpt/.test(key)) return f.passages[0] ? quoteOf(f.passages[0]) : "";
      if (/(^|_)(lang|language|locale)$/.test(key)) return "en";
      if (/tone/.test(key)) return "friendly";
      if (/sentiment/.test(key)) return "neutral";
      return undefined;
    },
    number(ctx) {
      const key = norm(ctx.key);
      if (inCitations(ctx)) {
        const digits = /\d+/.exec(f.citationIds[ctx.index ?? 0] ?? "");
        return digits ? Number(digits[0]) : (ctx.index ?? 0) + 1;
      }
      if (/confidence|score|probab|certainty/.test(key)) {
        const max = typeof ctx.schema["maximum"] === "number" ? ctx.schema["maximum"] : 1;
        return ctx.schema["type"] === "integer" || max > 1 ? 80 : 0.8;
      }
      return undefined;
    },
    boolean(ctx) {
      const key = norm(ctx.key);
      if (/human|escalat|review|handoff|hand_off|manual/.test(key)) return false;
      if (/grounded|has_?citation|answer(ed|able)|can_?answer|confident/.test(key)) return true;
      return undefined;
    },
    arrayLength(ctx) {
      return CITATIONS_KEY.test(norm(ctx.key)) ? f.citationIds.length : undefined;
    },
  };
}

/** The object json_object mode returns when the prompt shows no schema or example. */
export const DEFAULT_JSON_SCHEMA: JsonSchema = {
  type: "object",
  properties: {
    reply: { type: "string" },
    citations: { type: "array", items: { type: "string" } },
    confidence: { type: "number", minimum: 0, maximum: 1 },
    needs_human: { type: "boolean" },
    reason: { type: "string" },
  },
  required: ["reply", "citations", "confidence", "needs_human", "reason"],
  additionalProperties: false,
};
