/**
 * The offline drafter: when the LLM is not configured, over budget, behind an open circuit, down or answering
 * nonsense, the draft is composed from the best-matching macro (a saved reply) or help-center article. It is
 * always `source: "template"`, `needsHuman: true`, with a reason that starts with "Template draft", so agents and
 * operators can tell it from a written reply. Pure; no customer text is copied into it.
 */
import type { KbHit } from "../kb/search";
import type { Citation } from "../store/drafts";
import { fillZendeskPlaceholders } from "./zendesk-placeholders";

export interface TemplateDraft {
  body: string;
  citations: Citation[];
  needsHuman: true;
  reason: string;
  confidence: number;
}

function firstParagraphs(text: string, maxChars: number): string {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  let out = "";
  for (const p of paragraphs) {
    const next = out ? `${out}\n\n${p}` : p;
    if (next.length > maxChars && out) break;
    out = next;
    if (out.length >= maxChars) break;
  }
  return out.length > maxChars ? `${out.slice(0, maxChars - 1).replace(/\s+\S*$/, "")}…` : out;
}

/**
 * Picks the macro when it scores at least half as well as the best hit (macros are written to be sent),
 * else the best article; with no hit at all, a holding reply.
 */
export function templateDraft(
  hits: KbHit[],
  ctx: { why: string; language: string | null; signature?: string; requesterFirstName?: string | null; ticketId?: number },
): TemplateDraft {
  const hello = `Hi ${ctx.requesterFirstName || "there"},`;
  const sign = `Best regards,\n${ctx.signature ?? "The Support Team"}`;
  const languageNote =
    ctx.language && !ctx.language.startsWith("en") && ctx.language !== "und"
      ? ` The customer wrote in ${ctx.language}; the template may need translating.`
      : "";
  const best = hits[0];
  if (!best) {
    return {
      body: `${hello}\n\nThank you for contacting us. We have received your message and a member of our team will get back to you shortly.\n\n${sign}`,
      citations: [],
      needsHuman: true,
      reason: `Template draft (no LLM: ${ctx.why}). No knowledge-base document matched, so this is a holding reply; please answer the question.${languageNote}`,
      confidence: 0.1,
    };
  }
  const macro = hits.find((h) => h.kind === "macro" && h.score <= best.score * 0.5);
  const inLanguage = (h: KbHit) => !ctx.language || ctx.language === "und" || h.locale.split("-")[0] === ctx.language.split("-")[0];
  if (macro) {
    const { text, unfilled } = fillZendeskPlaceholders(macro.body, {
      requesterFirstName: ctx.requesterFirstName,
      agentName: ctx.signature,
      ticketId: ctx.ticketId,
    });
    const body = /^(hi|hello|dear|hey)\b/i.test(text.trim()) ? text.trim() : `${hello}\n\n${text.trim()}`;
    const signed = /(regards|thanks|thank you|cheers|sincerely)[,!.]?\s*\n?[^\n]*$/i.test(body.slice(-80)) ? body : `${body}\n\n${sign}`;
    return {
      body: signed,
      citations: [{ id: macro.docId, title: macro.title, url: macro.url }],
      needsHuman: true,
      reason: `Template draft from macro "${macro.title}" (no LLM: ${ctx.why}). Check it fits the ticket before sending.${unfilled.length ? ` Fill in ${unfilled.join(", ")}.` : ""}${inLanguage(macro) ? "" : languageNote}`,
      confidence: 0.35,
    };
  }
  const excerpt = firstParagraphs(best.passage || best.body, 600);
  const link = best.url ? `\n\nYou can read the full article here: ${best.url}` : "";
  return {
    body: `${hello}\n\nThank you for getting in touch. Our help-center article "${best.title}" covers this:\n\n${excerpt}${link}\n\nIf this does not answer your question, just reply and we will take it from there.\n\n${sign}`,
    citations: [{ id: best.docId, title: best.title, url: best.url }],
    needsHuman: true,
    reason: `Template draft from article "${best.title}" (no LLM: ${ctx.why}). Check it answers the question before sending.${inLanguage(best) ? "" : languageNote}`,
    confidence: 0.25,
  };
}
