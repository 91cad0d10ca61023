/**
 * The default answer to an escalation-summary request (worker/escalation-summary/llm.ts): a local stand-in that
 * picks the customer's request sentence and restates what the prompt says happened, and says plainly what it is.
 *
 * A request is a summary when its json_schema is named `escalation_summary`, or its schema (json_schema, or the
 * one embedded in the prompt for json_object) has exactly the properties `wants` and `so_far`.
 */
import { lastUserText, promptText } from "./messages.js";
import { embeddedSchema } from "./prompt-facts.js";
import { STAND_IN } from "./classify.js";
import { isPlainObject } from "./schema-check.js";
import type { ChatRequest, JsonSchema } from "./types.js";

export const SUMMARY_SCHEMA_NAME = "escalation_summary";
const ASK =
  /\b(want|would like|need|please|can you|could you|refund|money back|replace|cancel|fix|where is|when will|by (?:monday|tuesday|wednesday|thursday|friday|tomorrow))\b/i;

function isSummarySchema(schema: JsonSchema | null): boolean {
  const props = schema?.["properties"];
  if (!isPlainObject(props)) return false;
  const keys = Object.keys(props).sort();
  return keys.length === 2 && keys[0] === "so_far" && keys[1] === "wants";
}

function isSummaryRequest(req: ChatRequest): boolean {
  const f = req.responseFormat;
  if (f.type === "json_schema") return f.json_schema.name === SUMMARY_SCHEMA_NAME || isSummarySchema(f.json_schema.schema);
  if (f.type === "json_object") return isSummarySchema(embeddedSchema(promptText(req.messages)));
  return false;
}

/** The lines after `label` up to the next blank line. */
function block(text: string, label: string): string {
  const at = text.indexOf(label);
  if (at === -1) return "";
  return (
    text
      .slice(at + label.length)
      .split(/\n\s*\n/)[0]
      ?.trim() ?? ""
  );
}

function line(text: string, label: string): string {
  const m = new RegExp(`^${label}\\s*(.*)$`, "m").exec(text);
  return m?.[1]?.trim() ?? "";
}

function askSentence(text: string): string {
  const sentences = text.split(/(?<=[.!?])\s+|\n+/).filter((s) => /\p{L}/u.test(s));
  const ask = [...sentences].reverse().find((s) => ASK.test(s)) ?? sentences.at(-1) ?? "";
  return ask.length > 200 ? `${ask.slice(0, 197)}...` : ask;
}

export function summaryContent(req: ChatRequest): string | null {
  if (!isSummaryRequest(req)) return null;
  const user = lastUserText(req.messages);
  const latest = block(user, "Latest customer message:");
  const subject = line(user, "Ticket #\\d+\\. Subject:");
  const happened = line(user, "What the system knows happened:");
  const why = line(user, "Why it is escalated:");
  const sentiment = /sentiment (\w+)/.exec(line(user, "Triage:"))?.[1];
  const ask = askSentence(latest);
  const wants = ask ? `${STAND_IN} The customer asks: "${ask}"` : `${STAND_IN} The customer wrote about "${subject || "their request"}".`;
  const soFar = [
    happened || "Nothing is recorded yet.",
    why ? `It is escalated because: ${why}.` : "",
    sentiment && sentiment !== "neutral" ? `They sound ${sentiment.replace(/_/g, " ")}.` : "",
  ]
    .filter(Boolean)
    .join(" ");
  return JSON.stringify({ wants, so_far: soFar });
}
