/**
 * Validates the LLM's classification answer, whichever way it was requested (a server may ignore json_schema, and
 * json_object is only a request): JSON, an intent id the prompt offered (or "none"), a confidence in 0..1, a
 * one-line reason. Anything else is invalid and says what was wrong. Pure.
 */
import { parseJsonContent } from "../drafting/output";
import { NO_INTENT } from "./prompt";

export interface ClassificationAnswer {
  /** null: the LLM said no intent fits. */
  intent: string | null;
  confidence: number;
  reason: string;
}

export type ParsedClassification = { ok: true; value: ClassificationAnswer } | { ok: false; problem: string };

const MAX_REASON_CHARS = 300;

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function parseClassification(content: string | null | undefined, intentIds: readonly string[]): ParsedClassification {
  const json = parseJsonContent(content);
  if (!json.ok) return json;
  const data = json.data;
  if (typeof data !== "object" || data === null || Array.isArray(data)) return { ok: false, problem: "the answer is not a JSON object" };
  const { intent, confidence, reason } = data as Record<string, unknown>;

  let id: string | null;
  if (intent === null || (typeof intent === "string" && intent.trim().toLowerCase() === NO_INTENT)) id = null;
  else if (typeof intent !== "string") return { ok: false, problem: "intent is missing or not text" };
  else {
    const wanted = intent.trim();
    // Ids are lower case; a model that capitalises one still named it.
    const found = intentIds.find((i) => i === wanted) ?? intentIds.find((i) => i === wanted.toLowerCase());
    if (!found) return { ok: false, problem: `unknown intent id '${clip(wanted, 60)}' (not one of the ${intentIds.length} enabled intents)` };
    id = found;
  }
  if (typeof confidence !== "number" || !Number.isFinite(confidence)) return { ok: false, problem: "confidence is missing or not a number" };
  if (confidence < 0 || confidence > 1) return { ok: false, problem: `confidence ${confidence} is outside 0..1` };
  const why = typeof reason === "string" ? clip(reason, MAX_REASON_CHARS) : "";
  return { ok: true, value: { intent: id, confidence, reason: why || "(the LLM gave no reason)" } };
}
