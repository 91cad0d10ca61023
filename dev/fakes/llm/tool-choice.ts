/**
 * The default tool-calling rule (documented in README.md):
 *
 * 1. `tool_choice: "none"` -> no call. A forced `{type: "function", function: {name}}` -> always call that tool.
 * 2. Otherwise only when no tool result has arrived since the last user message (one round of tools per turn).
 * 3. Keywords: lower-case words of 3+ letters, minus stop words and generic verbs ("get", "lookup", "ticket", ...),
 *    crudely stemmed (orders -> order, refunded -> refund). A tool's keywords come from its name (split on _ - and
 *    camelCase) and description; the message's from the customer's words in the last user message.
 *    The tool sharing the most keywords wins (ties: declaration order). `tool_choice: "required"` falls back to the
 *    first tool when none matches.
 * 4. Arguments are generated from the tool's JSON-schema parameters: string fields are filled from patterns in the
 *    message (order ids `#?\d{4,}`, emails or [EMAIL_1]-style placeholders, phone numbers, tracking numbers,
 *    ticket-style ids `ABC-123`, the customer's words for query-like fields), else the placeholder "unknown";
 *    optional fields only when a value was found. One tool call per response.
 */
import { createHash } from "node:crypto";
import { lastUserText, toolResultsSinceLastUser } from "./messages.js";
import { customerMessage, firstSentence, subjectLine } from "./prompt-facts.js";
import { generateInstance, type Filler } from "./schema-instance.js";
import type { ChatRequest, FunctionTool, ToolCall } from "./types.js";

const STOP = new Set(
  (
    "the and for are but not you your yours our ours this that these those with from into onto about have has had was were " +
    "will would can could should may might must please thanks thank hello dear there here what when where which who whom " +
    "why how all any some each every its it's just also than then them they their his her she him get gets fetch look " +
    "lookup find search retrieve return returns use used using tool function call given provided specified customer user " +
    "users ticket tickets support help information info detail details data item items record records via based want need " +
    "know tell let like one two new current"
  ).split(" "),
);

function stem(w: string): string {
  for (const suffix of ["ing", "ed", "es", "s"]) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 4) return w.slice(0, -suffix.length);
  }
  return w;
}

export function keywords(text: string): Set<string> {
  const words = text
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  const out = new Set<string>();
  for (const w of words) if (w.length >= 3 && !STOP.has(w) && !/^\d+$/.test(w)) out.add(stem(w));
  return out;
}

function score(tool: FunctionTool, message: Set<string>): number {
  const own = keywords(`${tool.function.name.replace(/[_-]+/g, " ")} ${tool.function.description ?? ""}`);
  let n = 0;
  for (const k of own) if (message.has(k)) n++;
  return n;
}

/** Patterns tried for a field, chosen by the field's name. */
const PATTERNS: Array<{ key: RegExp; value: RegExp }> = [
  { key: /order/, value: /#\s?(\d{4,})\b|\border\b[^\d\n]{0,20}(\d{4,})\b|\b(\d{4,})\b/i },
  { key: /e_?mail/, value: /([\w.+-]+@[\w-]+(?:\.[\w-]+)+)|([[<{]EMAIL[\w-]*[\]>}])/i },
  { key: /phone|mobile|tel/, value: /(\+?\d[\d\s().-]{6,}\d)|([[<{]PHONE[\w-]*[\]>}])/i },
  { key: /tracking|shipment|parcel/, value: /\b(1Z[0-9A-Z]{16}|[A-Z]{2}\d{9}[A-Z]{2}|\d{10,22})\b/ },
  { key: /invoice|receipt|transaction|payment|charge/, value: /\b((?:INV|TX|CH|PAY|RCPT)[-_]?\d[A-Z0-9]*)\b|\b(\d{4,})\b/ },
  { key: /(^|_)(id|number|no|ref|reference|code)$|_id$|id$/i, value: /#\s?(\d{4,})\b|\b([A-Z]{2,5}-\d{2,})\b|\b(\d{4,})\b/ },
  { key: /url|link/, value: /(https?:\/\/\S+)/ },
];
const QUERY_KEY = /^(q|query|question|search|search_?query|text|topic|keywords?|message|issue|problem|description|subject)$/;

function toolFiller(message: string, topic: string): Filler {
  const fromPatterns = (key: string): string | undefined => {
    const k = key.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
    if (QUERY_KEY.test(k)) return topic || undefined;
    for (const p of PATTERNS) {
      if (!p.key.test(k)) continue;
      const m = p.value.exec(message);
      if (m) return (m.slice(1).find((g) => g !== undefined) ?? m[0]).trim();
    }
    return undefined;
  };
  return {
    string: (ctx) => fromPatterns(ctx.key) ?? "unknown",
    number: (ctx) => {
      const v = fromPatterns(ctx.key);
      const digits = v ? /\d+/.exec(v) : null;
      return digits ? Number(digits[0]) : undefined;
    },
    includeOptional: (ctx) => fromPatterns(ctx.key) !== undefined,
  };
}

export function toolCallId(name: string, args: string, salt: string): string {
  return `call_${createHash("sha256").update(`${name}\n${args}\n${salt}`).digest("base64url").slice(0, 24)}`;
}

/** The tool call the default model makes for this request, or null to answer in words. */
export function chooseToolCall(req: ChatRequest): ToolCall | null {
  if (req.tools.length === 0 || req.toolChoice === "none") return null;
  const lastUser = lastUserText(req.messages);
  const message = customerMessage(lastUser);
  const subject = subjectLine(lastUser);
  const text = subject ? `${subject}\n${message}` : message;

  let tool: FunctionTool | undefined;
  const forced = typeof req.toolChoice === "object" ? req.toolChoice.function.name : null;
  if (forced) {
    tool = req.tools.find((t) => t.function.name === forced);
  } else {
    if (req.toolChoice !== "required" && toolResultsSinceLastUser(req.messages).length > 0) return null;
    const words = keywords(text);
    let best = 0;
    for (const t of req.tools) {
      const s = score(t, words);
      if (s > best) {
        best = s;
        tool = t;
      }
    }
    if (!tool && req.toolChoice === "required") tool = req.tools[0];
  }
  if (!tool) return null;

  const filler = toolFiller(text, subject ?? firstSentence(message, 120));
  const schema = tool.function.parameters ?? { type: "object", properties: {} };
  const args = JSON.stringify(generateInstance(schema, filler));
  return {
    id: toolCallId(tool.function.name, args, String(req.messages.length)),
    type: "function",
    function: { name: tool.function.name, arguments: args },
  };
}
