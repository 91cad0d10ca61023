/**
 * The default "model": a deterministic support reply built from the conversation, and the leaf filler that puts
 * that reply (and citations, confidence, needs_human, reason, ...) into whatever JSON schema the client asked for.
 *
 * The draft (see README "Default behaviour"): a greeting in the reply language; the tool results as sentences an
 * agent would write, acknowledging what the customer says they see; the most relevant passage (a saved reply's
 * body, or an article's best sentences; reply-passages.ts); a closing and sign-off. Threats of legal action, a
 * chargeback or cancelling, a failed tool, or nothing to go on give a short holding reply and needs_human. The
 * confidence follows the evidence, and the reason tells the agent what was used, marked as a stand-in.
 */
import { STAND_IN } from "./classify.js";
import { lastUserText, promptText, toolResultsSinceLastUser, type ToolResult } from "./messages.js";
import {
  customerMessage,
  customerName,
  findCitationIds,
  findPassages,
  firstSentence,
  requestedLanguage,
  requestedSignature,
  subjectLine,
  triageIntent,
  triageLanguage,
  type Passage,
} from "./prompt-facts.js";
import { formatDate, formatMoney, isReplyLanguage, languageName, type Phrases, phrases, type ReplyLanguage } from "./reply-language.js";
import { choosePassage, type PassageChoice, queryTerms, sentences } from "./reply-passages.js";
import { type CustomerSignals, customerSignals, quotedOrderNumber } from "./reply-signals.js";
import { isSolidFact, type OrderFact, type RefundFact, readToolFacts, type ToolFact } from "./reply-tools.js";
import type { Filler, LeafContext } from "./schema-instance.js";
import { intentWords } from "./tool-choice.js";
import type { ChatMessage, JsonSchema } from "./types.js";

export interface ReplyFacts {
  customerText: string;
  /** Subject line, or the first sentence of the customer's message ("" if none). */
  topic: string;
  name: string | null;
  passages: Passage[];
  /** Every citation id the prompt shows (passage markers, then inline markers). */
  citationIds: string[];
  toolResults: ToolResult[];
  toolFacts: ToolFact[];
  /** The triage intent id ("track_order"), or null. */
  intent: string | null;
  /** The language the reply is asked for ("de"); "en" when the prompt does not say. */
  language: string;
  signature: string | null;
  /** The order number the customer quotes, else the one a tool was called with. */
  orderNumber: string | null;
  signals: CustomerSignals;
}

export function gatherFacts(messages: readonly ChatMessage[]): ReplyFacts {
  const lastUser = lastUserText(messages);
  const prompt = promptText(messages);
  const instructions = messages
    .filter((m) => m.role === "system" || m.role === "developer")
    .map((m) => m.text ?? "")
    .join("\n\n");
  const customerText = customerMessage(lastUser);
  // Per message, so the last passage of the system message never runs on into the ticket.
  const passages = messages.filter((m) => m.role === "system" || m.role === "developer" || m.role === "user").flatMap((m) => findPassages(m.text ?? ""));
  const subject = subjectLine(lastUser) ?? subjectLine(prompt);
  const toolFacts = readToolFacts(messages);
  return {
    customerText,
    topic: subject ?? (customerText ? firstSentence(customerText, 120) : ""),
    name: customerName(lastUser) ?? customerName(prompt),
    passages,
    citationIds: findCitationIds(prompt, passages),
    toolResults: toolResultsSinceLastUser(messages),
    toolFacts,
    intent: triageIntent(lastUser),
    language: requestedLanguage(instructions) ?? triageLanguage(lastUser) ?? "en",
    signature: requestedSignature(instructions),
    orderNumber: quotedOrderNumber(`${subject ?? ""}\n${customerText}`) ?? toolFacts.find((t) => t.orderId)?.orderId ?? null,
    signals: customerSignals(customerText),
  };
}

/** What the default model answers: the reply and everything a JSON draft carries. */
export interface Draft {
  reply: string;
  /** Ids of the passages the reply uses (as the prompt writes them: "kb:shp-03"). */
  citations: string[];
  /** The text taken from each cited passage. */
  quotes: Map<string, string>;
  needsHuman: boolean;
  /** 0..1, two decimals. */
  confidence: number;
  reason: string;
  language: string;
  /** A passage or a solid tool fact backs the reply. */
  grounded: boolean;
  summary: string;
}

// Claims about this customer's order a passage may make; used only when a tool result confirms them.
const SHIPPED_CLAIM =
  /\b(?:has|have|had) (?:already )?(?:been )?(?:shipped|dispatched|left (?:our|the) warehouse)\b|\bis (?:already )?on (?:its|the) way\b|\balready left\b|\bwurde (?:bereits )?versandt\b|\bya se ha enviado\b|\ba déjà été expédiée\b/i;
const DELIVERED_CLAIM = /\b(?:has|have|was|were) (?:already )?(?:been )?delivered\b/i;
const REFUND_ISSUED_CLAIM = /\b(?:we|i) (?:have|'ve) (?:issued|sent|processed) (?:your|the|a) refund\b|\brefund (?:has been|was) (?:issued|processed|sent)\b/i;
const NOT_SHIPPED_CLAIM = /\b(?:has|have) not (?:yet )?(?:been )?shipped\b|\bhasn't (?:yet )?(?:been )?shipped\b|\bnot shipped yet\b/i;
const SORRY = /\b(?:sorry|apologi[sz]e|leid|siento|sentimos|désolée?s?|lamento|spijt|dispiace)\b/i;

const round2 = (n: number) => Math.round(n * 100) / 100;
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

interface ToolText {
  sentences: string[];
  /** Follow-up offers and hints, each left out when the passage used already makes it (`covered`). */
  offers?: Array<{ text: string; covered: RegExp }>;
  /** The customer's account and the tool's disagree (acknowledged in the reply). */
  conflict: string | null;
}

// What a passage says when it already offers to chase the carrier, or to look with the neighbours.
const OFFERS_CHASE = /\b(?:chase|investigation|nachhaken|nachforschung|reclam|relancer|enquête|cobrar|investiga|erachteraan|onderzoek|sollecit|indagine)/i;
const MENTIONS_NEIGHBOURS = /\b(?:neighbou?rs?|safe place|nachbarn|vecin|voisin|vizinh|buren|vicin)/i;

function orderText(o: OrderFact, s: CustomerSignals, p: Phrases, apologised: boolean): ToolText {
  const est = formatDate(o.estimatedDelivery, p);
  const shipped = formatDate(o.shippedAt, p);
  const delivered = formatDate(o.deliveredAt, p);
  const link = o.trackingUrl ? [p.trackingLink(o.trackingUrl)] : [];
  if (s.damaged) {
    // The customer has the item: never tell them it is still on the way.
    const conflict =
      o.status === "delivered"
        ? null
        : `The customer says it arrived damaged while ${o.tool} still says ${o.status}, so the reply does not say it is on the way.`;
    return { sentences: apologised ? [] : [p.damaged], conflict };
  }
  switch (o.status) {
    case "processing":
    case "packed":
      return { sentences: [...(s.notArrived ? [p.sorryNotArrived] : []), p.notShippedYet(o.status, est)], conflict: null };
    case "shipped":
      if (s.notShipped)
        return {
          sentences: [
            s.labelCreated ? p.seesLabelCreated : p.seesNotShipped,
            p.shipped(shipped, o.carrier, est),
            p.scanLag,
            ...link,
            p.followUpScan(o.carrier),
          ],
          conflict: `The customer says ${s.labelCreated ? 'the tracking still shows "label created"' : "it has not shipped"} while ${o.tool} says it shipped${o.shippedAt ? ` on ${o.shippedAt}` : ""}; the reply acknowledges both, so check the carrier's tracking.`,
        };
      if (s.notArrived)
        return {
          sentences: [p.sorryNotArrived, p.shipped(shipped, o.carrier, est), ...link],
          offers: [{ text: p.followUpLate(est), covered: OFFERS_CHASE }],
          conflict: null,
        };
      return { sentences: [p.shipped(shipped, o.carrier, est), ...link], conflict: null };
    case "delivered":
      if (s.notArrived || s.notShipped)
        return {
          sentences: [p.sorryNotReceived, p.delivered(delivered)],
          offers: [
            { text: p.deliveredMissing, covered: MENTIONS_NEIGHBOURS },
            { text: p.investigate, covered: OFFERS_CHASE },
          ],
          conflict: `The customer says it has not arrived while ${o.tool} says it was delivered${o.deliveredAt ? ` on ${o.deliveredAt}` : ""}; the reply acknowledges both, so check the proof of delivery.`,
        };
      return { sentences: [p.delivered(delivered)], conflict: null };
    case "cancelled":
      return { sentences: [p.cancelled], conflict: null };
  }
}

function refundText(r: RefundFact, p: Phrases, lang: ReplyLanguage): ToolText {
  const ends = formatDate(r.windowEnds, p);
  const reason = r.reason ?? "";
  const days = Number(/(\d+)[- ]day/i.exec(reason)?.[1] ?? 30);
  const original = r.method !== null && /original/i.test(r.method);
  if (r.eligible) {
    const why = /not (?:been )?shipped/i.test(reason) ? [p.notShippedFullRefund] : /window/i.test(reason) ? [p.withinWindow(days, ends)] : [];
    return { sentences: [p.refundEligible(formatMoney(r.amount, r.currency, p), original), ...why], conflict: null };
  }
  let why: string[] = [];
  if (/cancel/i.test(reason)) why = [p.cancelledNothingCharged];
  else if (/final[- ]?sale/i.test(reason)) why = [p.finalSale];
  else if (/window|period|days/i.test(reason)) why = [p.windowPassed(days, ends)];
  else if (reason && lang === "en") why = [`${capitalize(reason.replace(/[.\s]+$/, ""))}.`];
  return { sentences: [p.refundNotEligible, ...why], conflict: null };
}

function toolText(f: ToolFact, facts: ReplyFacts, p: Phrases, lang: ReplyLanguage, apologised: boolean): ToolText {
  switch (f.kind) {
    case "order":
      return orderText(f, facts.signals, p, apologised);
    case "refund":
      return refundText(f, p, lang);
    case "not_found":
      return { sentences: [p.notFound(f.orderId ?? facts.orderNumber)], conflict: null };
    case "error":
      return { sentences: [p.toolError(f.orderId ?? facts.orderNumber)], conflict: null };
    case "unknown":
      return { sentences: [], conflict: null };
  }
}

function describeFact(f: ToolFact): string {
  const order = f.orderId ? ` for order ${f.orderId}` : "";
  switch (f.kind) {
    case "order": {
      const when = f.status === "shipped" && f.shippedAt ? ` on ${f.shippedAt}` : f.status === "delivered" && f.deliveredAt ? ` on ${f.deliveredAt}` : "";
      return `${f.tool || "the tool"}${order} (${f.status}${when}${f.carrier && f.status === "shipped" ? ` with ${f.carrier}` : ""})`;
    }
    case "refund":
      return `${f.tool || "the tool"}${order} (${f.eligible ? "eligible" : "not eligible"}${f.reason ? `: ${f.reason}` : ""})`;
    case "not_found":
      return `${f.tool || "the tool"}, which found no order${f.orderId ? ` ${f.orderId}` : ""}`;
    case "error":
      return `${f.tool || "the tool"}, which failed${f.status ? ` (HTTP ${f.status})` : ""}`;
    case "unknown":
      return `${f.tool || "the tool"}`;
  }
}

const THREAT_WORDS = { legal: "legal action", chargeback: "a chargeback", cancellation: "cancelling" } as const;

/** The reply keeps what passages say about this customer's order only when a tool result says the same. */
function keepSentence(facts: readonly ToolFact[]): (s: string) => boolean {
  const order = facts.find((f): f is OrderFact => f.kind === "order");
  const shipped = order?.status === "shipped" || order?.status === "delivered";
  return (s) => {
    if (SHIPPED_CLAIM.test(s) && !shipped) return false;
    if (DELIVERED_CLAIM.test(s) && order?.status !== "delivered") return false;
    if (NOT_SHIPPED_CLAIM.test(s) && shipped) return false;
    return !REFUND_ISSUED_CLAIM.test(s);
  };
}

export function composeDraft(f: ReplyFacts): Draft {
  const requested = f.language.split("-")[0] ?? "en";
  const tableLanguage: ReplyLanguage = isReplyLanguage(requested) ? requested : "en";
  const terms = queryTerms(`${f.topic}\n${f.customerText}\n${intentWords(f.intent)}`);
  const threat = f.signals.threat;
  const choice: PassageChoice = threat
    ? { used: null, paragraphs: [], inRequestedLanguage: false, languageFallback: false, opensWithThanks: false }
    : choosePassage(f.passages, terms, tableLanguage, keepSentence(f.toolFacts), {
        // A tool that says no (not refundable, cancelled) rules out saved replies written for the happy path.
        macros: !f.toolFacts.some((t) => (t.kind === "refund" && !t.eligible) || (t.kind === "order" && t.status === "cancelled")),
      });
  // The language: the requested one when the passage used is in it, or when no passage is used (all text then
  // comes from the phrase tables); English when the only relevant passages are English.
  const lang: ReplyLanguage = choice.used ? (choice.inRequestedLanguage ? tableLanguage : "en") : tableLanguage;
  const p = phrases(lang);
  const languageNote =
    requested !== "en" && lang === "en"
      ? isReplyLanguage(requested)
        ? `The knowledge base has no ${languageName(requested)} article, so this draft is in English.`
        : `This stand-in has no ${languageName(requested)} phrases, so this draft is in English.`
      : null;

  const solid = f.toolFacts.filter(isSolidFact);
  const errors = f.toolFacts.filter((t) => t.kind === "error");
  const notFound = f.toolFacts.filter((t) => t.kind === "not_found");
  const unknown = f.toolFacts.filter((t) => t.kind === "unknown");
  const needsHuman = threat !== null || errors.length > 0 || (!choice.used && solid.length === 0 && notFound.length === 0);
  const holding = threat !== null || (needsHuman && errors.length === 0);

  const used = choice.used;
  const apologised = SORRY.test(choice.paragraphs.join(" "));
  const tools = holding ? [] : f.toolFacts.map((t) => ({ fact: t, ...toolText(t, f, p, lang, apologised) }));
  const conflicts = tools.map((t) => t.conflict).filter((c): c is string => c !== null);

  const paragraphs: string[] = [p.greeting(f.name)];
  if (holding) {
    paragraphs.push(threat ? p.holdingUpset : p.holding);
  } else {
    // A saved reply that opens with thanks gives the opening line; the tool facts come right after it.
    const body = [...choice.paragraphs];
    if (choice.opensWithThanks && body[0]) {
      const [thanks, ...rest] = sentences(body[0]);
      paragraphs.push(thanks ?? "");
      if (rest.length) body[0] = rest.join(" ");
      else body.shift();
    } else {
      paragraphs.push(p.thanks(f.orderNumber));
    }
    for (const t of tools) if (t.sentences.length > 0) paragraphs.push(t.sentences.join(" "));
    paragraphs.push(...body);
    // Follow-up offers go after the passage, unless it already makes them.
    const passageText = choice.paragraphs.join(" ");
    const offers = tools.flatMap((t) => t.offers ?? []).filter((o) => !o.covered.test(passageText));
    if (offers.length) paragraphs.push(offers.map((o) => o.text).join(" "));
    paragraphs.push(p.closing);
  }
  paragraphs.push(f.signature ?? p.signOff);
  const reply = paragraphs
    .join("\n\n")
    .replace(/\{\{[^}]*\}\}/g, "")
    .replace(/\{\{/g, "");

  // Confidence from the evidence.
  let confidence = 0.35;
  confidence += used ? 0.3 * Math.min(1, used.score / 3) : -0.1;
  for (const t of tools) {
    if (t.fact.kind === "order" || t.fact.kind === "refund") confidence += t.conflict ? 0.05 : 0.2;
    else if (t.fact.kind === "not_found") confidence -= 0.05;
    else if (t.fact.kind === "unknown") confidence -= 0.1;
  }
  confidence -= errors.length > 0 ? 0.15 : 0;
  if (languageNote) confidence -= 0.1;
  if (threat) confidence = Math.min(confidence, 0.3);
  if (needsHuman) confidence = Math.min(confidence, 0.4);
  confidence = round2(Math.max(0.05, Math.min(0.95, confidence)));

  // The reason, for the agent.
  const source = used
    ? `${used.passage.kind === "macro" ? "saved reply" : "article"} ${used.passage.id ?? "(no id)"}${used.passage.title ? ` "${used.passage.title}"` : ""}`
    : null;
  const toolNames = f.toolFacts.filter((t) => t.kind !== "unknown").map(describeFact);
  let first: string;
  if (threat) first = `The customer mentions ${THREAT_WORDS[threat]}, so this is a short holding reply and a person should take over.`;
  else if (holding) first = "No knowledge-base passage or tool result fits this ticket, so this is a holding reply for a person to answer.";
  else if (source && toolNames.length) first = `Answered from ${source} and ${toolNames.join(" and ")}.`;
  else if (source) first = `Answered from ${source}.`;
  else first = `Answered from ${toolNames.join(" and ")}; no knowledge-base passage matched.`;
  const checks: string[] = [];
  if (!threat) {
    if (conflicts[0]) checks.push(conflicts[0]);
    if (errors.length) checks.push("The tool failed, so check the order by hand before sending.");
    if (notFound.length) checks.push("Ask for the right order number, or look the customer up by email.");
    if (unknown.length) checks.push(`The ${unknown[0]?.tool || "tool"} result has an unexpected shape and was not used.`);
  }
  if (languageNote) checks.push(languageNote);

  const citations = used?.passage.id ? [used.passage.id] : [];
  const quotes = new Map(citations.map((id) => [id, choice.paragraphs.join(" ")]));
  return {
    reply,
    citations,
    quotes,
    needsHuman,
    confidence,
    reason: [STAND_IN, first, ...checks.slice(0, 2)].join(" "),
    language: lang,
    grounded: citations.length > 0 || solid.length > 0,
    summary: f.topic ? `Customer asks about: ${f.topic}` : "Customer request without details.",
  };
}

/** The plain-text answer (no response_format). */
export function composeReply(f: ReplyFacts): string {
  return composeDraft(f).reply;
}

export function quoteOf(p: Passage): string {
  return firstSentence(p.text, 220);
}

const norm = (key: string): string => key.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
const CITATIONS_KEY = /citation|sources?$|references?|kb_?ids?|passage_?ids?|article_?ids?|cited/;
const REPLY_KEY = /^(reply|body|draft|message|answer|response|text|content|output)$|reply|draft|answer|response_?text|message_?body/;

/** Leaf values for JSON answers, keyed on property names; see README "Default behaviour". */
export function replyFiller(f: ReplyFacts): Filler {
  const d = composeDraft(f);
  const inCitations = (ctx: LeafContext): boolean => ctx.arrayKey !== undefined && CITATIONS_KEY.test(norm(ctx.arrayKey));
  const usedText = d.citations[0] ? (d.quotes.get(d.citations[0]) ?? "") : "";
  return {
    string(ctx) {
      const key = norm(ctx.key);
      if (inCitations(ctx)) {
        const i = ctx.index ?? 0;
        const id = d.citations[i];
        const passage = f.passages.find((p) => p.id === id);
        if (ctx.key === ctx.arrayKey || /(^|_)(id|ids|source|ref|key|marker)$/.test(key)) return id ?? `${i + 1}`;
        if (/title|name/.test(key)) return passage?.title ?? passage?.id ?? undefined;
        if (/quote|text|snippet|excerpt|passage|content/.test(key)) return id ? (d.quotes.get(id) ?? (passage ? quoteOf(passage) : undefined)) : undefined;
        return id;
      }
      if (/reason|rationale|explanation|justification|why/.test(key)) return d.reason;
      if (/summary|tl_?dr|gist/.test(key)) return d.summary;
      if (/internal_?note|note_?to_?agent|agent_?note/.test(key)) return d.reason;
      if (/subject|title|headline/.test(key)) return f.topic ? `Re: ${f.topic}` : "Re: your request";
      if (REPLY_KEY.test(key)) return d.reply;
      if (/quote|snippet|excerpt/.test(key)) return usedText;
      if (/(^|_)(lang|language|locale)$/.test(key)) return d.language;
      if (/tone/.test(key)) return "friendly";
      if (/sentiment/.test(key)) return "neutral";
      return undefined;
    },
    number(ctx) {
      const key = norm(ctx.key);
      if (inCitations(ctx)) {
        const digits = /\d+/.exec(d.citations[ctx.index ?? 0] ?? "");
        return digits ? Number(digits[0]) : (ctx.index ?? 0) + 1;
      }
      if (/confidence|score|probab|certainty/.test(key)) {
        const max = typeof ctx.schema["maximum"] === "number" ? ctx.schema["maximum"] : 1;
        return ctx.schema["type"] === "integer" || max > 1 ? Math.round(d.confidence * 100) : d.confidence;
      }
      return undefined;
    },
    boolean(ctx) {
      const key = norm(ctx.key);
      if (/human|escalat|review|handoff|hand_off|manual/.test(key)) return d.needsHuman;
      if (/grounded|has_?citation|answer(ed|able)|can_?answer|confident/.test(key)) return d.grounded;
      return undefined;
    },
    arrayLength(ctx) {
      return CITATIONS_KEY.test(norm(ctx.key)) ? d.citations.length : undefined;
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
