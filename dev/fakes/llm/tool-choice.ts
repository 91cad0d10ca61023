/**
 * The default tool-calling rule (documented in README.md):
 *
 * 1. `tool_choice: "none"` -> no call. A forced `{type: "function", function: {name}}` -> always call that tool.
 * 2. Otherwise only when no tool result has arrived since the last user message (one round of tools per turn).
 * 3. Keywords: lower-case words of 3+ letters, minus stop words and generic verbs ("get", "check", "lookup",
 *    "ticket", ...), crudely stemmed (orders -> order, shipped -> ship, cancelling -> cancel). A tool's keywords come
 *    from its name (split on _ - and camelCase; these count twice) and description; the message's from the
 *    customer's words and subject in the last user message, plus the words of the triage intent
 *    ("Triage: intent track_order" -> track, order). The tool with the highest score wins (ties: declaration order).
 *    With `tool_choice: "auto"` a tool whose required fields the message cannot fill (no order number for
 *    `order_id`) is not called; `tool_choice: "required"` falls back to the first tool when none matches.
 * 4. Arguments are generated from the tool's JSON-schema parameters: string fields are filled from patterns in the
 *    message (order ids `#?\d{4,}`, emails or [EMAIL_1]-style placeholders, phone numbers, tracking numbers,
 *    ticket-style ids `ABC-123`, the customer's words for query-like fields), else the placeholder "unknown";
 *    optional fields only when a value was found. One tool call per response.
 */
import { createHash } from "node:crypto";
import { lastUserText, toolResultsSinceLastUser } from "./messages.js";
import { customerMessage, firstSentence, subjectLine, triageIntent } from "./prompt-facts.js";
import { isPlainObject } from "./schema-check.js";
import { generateInstance, type Filler } from "./schema-instance.js";
import type { ChatRequest, FunctionTool, ToolCall } from "./types.js";

const STOP = new Set(
  (
    "the and for are but not you your yours our ours this that these those with from into onto about have has had was were " +
    "will would can could should may might must please thanks thank hello dear there here what when where which who whom " +
    "why how all any some each every its it's just also than then them they their his her she him get gets fetch look " +
    "lookup find search retrieve return returns use used using tool function call given provided specified customer user " +
    "users ticket tickets support help information info detail details data item items record records via based want need " +
    "know tell let like one two new current " +
    // Generic verbs that say nothing about which tool fits ("Can you check?").
    "check checks checking checked verify see show look looking make sure able kindly hey " +
    // Function words of the other languages the demo serves (de, es, fr, pt, nl, it).
    "der die das und ich mein meine meinen ist nicht ein eine einen wie wann bitte habe hat mit für von auf " +
    "los las que una por para con mis del pero como " +
    "les des une mon mes pas est pour avec mais vous " +
    "uma meu minha não com como mas " +
    "het een ik mijn niet voor met maar " +
    "il della che non per con mio mia"
  ).split(" "),
);

/**
 * Crude English stemming, the same on both sides of every comparison: one suffix (-ation, -ings, -ing, -ies, -ied,
 * -ed, -es, -s), then a doubled final consonant (shipp -> ship), then a final -e or -y (package -> packag,
 * delivery -> deliver). orders -> order, shipped -> ship, cancellation -> cancel, arrived -> arriv.
 */
export function stem(word: string): string {
  let w = word;
  const rules: Array<[string, string]> = [
    ["ations", ""],
    ["ation", ""],
    ["ings", ""],
    ["ing", ""],
    ["ies", "y"],
    ["ied", "y"],
    ["ed", ""],
    ["es", ""],
    ["s", ""],
  ];
  for (const [suffix, replacement] of rules) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 4) {
      w = w.slice(0, -suffix.length) + replacement;
      break;
    }
  }
  if (w.length >= 5 && /([bdfgklmnprstz])\1$/.test(w)) w = w.slice(0, -1);
  if (w.length >= 5 && /[ey]$/.test(w)) w = w.slice(0, -1);
  return w;
}

const PLACEHOLDER_RE = /\[[A-Z][A-Z_]*_\d+\]/g;

/**
 * A few support words of the demo's other languages, read as their English keyword, so a German "Bestellung" or a
 * Spanish "reembolso" meets the English tool descriptions and intent texts. A stand-in's crutch, not translation.
 */
const FOREIGN: Record<string, string> = Object.fromEntries(
  [
    ["order", "bestellung bestellt bestellungen pedido pedidos commande commandé encomenda encomendas bestelling besteld ordine"],
    ["parcel", "paket päckchen sendung paquete colis pacote pakket pacco"],
    ["refund", "rückerstattung rückerstattungen erstattung erstattungen reembolso reembolsos remboursement reembolsar rembourser terugbetaling rimborso"],
    // "return" is a stop word here (tool descriptions say "returns ..."), so sending back meets under "retour".
    ["retour", "rücksendung rücksendungen zurücksenden zurückgeben devolución devolver devoluciones retour retourner devolução retourneren reso"],
    ["deliver", "lieferung geliefert entrega entregado livraison livré entregue levering geleverd consegna"],
    ["track", "sendungsverfolgung seguimiento suivi rastreio rastreamento volgen tracciamento"],
    ["password", "passwort contraseña mot passe senha wachtwoord"],
    ["cancel", "stornieren storniert cancelar annuler cancelado annuleren annullare"],
    ["arrive", "angekommen bekommen llegado llegó arrivé reçu chegou recebi aangekomen ontvangen arrivato"],
  ].flatMap(([english, words]) =>
    words!.split(" ").flatMap((w) => [
      [w, english!],
      [stem(w), english!],
    ]),
  ),
);

/** Lower-case keyword stems of a text (3+ letters, no stop words, no numbers, no [EMAIL_1]-style placeholders). */
export function keywords(text: string): Set<string> {
  const words = text
    .replace(PLACEHOLDER_RE, " ")
    .replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u);
  const out = new Set<string>();
  for (const raw of words) {
    // The word or its stem ("Erstattungen" -> "erstattung"), so plurals meet the same English keyword.
    const w = FOREIGN[raw] ?? FOREIGN[stem(raw)] ?? raw;
    if (w.length < 3 || STOP.has(w) || /^\d+$/.test(w)) continue;
    const s = stem(w);
    if (!STOP.has(s)) out.add(s);
  }
  return out;
}

/** The words of a triage intent id ("track_order" -> "track order"), "" when there is none. */
export function intentWords(intent: string | null): string {
  return intent ? intent.replace(/[_-]+/g, " ") : "";
}

/** Shared keywords, weighted: a word of the tool's name counts 2, a word only in its description 1. */
function score(tool: FunctionTool, message: Set<string>): number {
  const name = keywords(tool.function.name.replace(/[_-]+/g, " "));
  const description = keywords(tool.function.description ?? "");
  let n = 0;
  for (const k of message) n += name.has(k) ? 2 : description.has(k) ? 1 : 0;
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

/** The value a field's name pattern finds in the message, or undefined. */
function patternValue(key: string, message: string, topic: string): string | undefined {
  const k = key.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
  if (QUERY_KEY.test(k)) return topic || undefined;
  for (const p of PATTERNS) {
    if (!p.key.test(k)) continue;
    const m = p.value.exec(message);
    if (m) return (m.slice(1).find((g) => g !== undefined) ?? m[0]).trim();
  }
  return undefined;
}

function toolFiller(message: string, topic: string): Filler {
  const fromPatterns = (key: string) => patternValue(key, message, topic);
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

/** Whether every required string/number field of the tool's parameters can be filled from the message. */
function canFill(tool: FunctionTool, message: string, topic: string): boolean {
  const schema = tool.function.parameters;
  if (!isPlainObject(schema)) return true;
  const props = isPlainObject(schema["properties"]) ? schema["properties"] : {};
  const required = Array.isArray(schema["required"]) ? schema["required"] : [];
  for (const key of required) {
    if (typeof key !== "string") continue;
    const prop = props[key];
    if (!isPlainObject(prop) || prop["enum"] !== undefined || prop["const"] !== undefined) continue;
    const type = Array.isArray(prop["type"]) ? prop["type"] : [prop["type"]];
    if (!type.some((t) => t === "string" || t === "number" || t === "integer")) continue;
    if (patternValue(key, message, topic) === undefined) return false;
  }
  return true;
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
  const topic = subject ?? firstSentence(message, 120);

  let tool: FunctionTool | undefined;
  const forced = typeof req.toolChoice === "object" ? req.toolChoice.function.name : null;
  if (forced) {
    tool = req.tools.find((t) => t.function.name === forced);
  } else {
    if (req.toolChoice !== "required" && toolResultsSinceLastUser(req.messages).length > 0) return null;
    const words = keywords(`${text}\n${intentWords(triageIntent(lastUser))}`);
    let best = 0;
    for (const t of req.tools) {
      const s = score(t, words);
      // "auto": a tool the message cannot supply the required arguments for is not called (no order number).
      if (s > best && (req.toolChoice === "required" || canFill(t, text, topic))) {
        best = s;
        tool = t;
      }
    }
    if (!tool && req.toolChoice === "required") tool = req.tools[0];
  }
  if (!tool) return null;

  const filler = toolFiller(text, topic);
  const schema = tool.function.parameters ?? { type: "object", properties: {} };
  const args = JSON.stringify(generateInstance(schema, filler));
  return {
    id: toolCallId(tool.function.name, args, String(req.messages.length)),
    type: "function",
    function: { name: tool.function.name, arguments: args },
  };
}
