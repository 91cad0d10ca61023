/** The private internal note written to the Zendesk ticket: what was decided, and why. */
import type { TriageDecision } from "./types";

export function decisionNote(d: TriageDecision): string {
  const intent = d.intent
    ? `${d.intent}${d.confidence !== null ? ` (${(d.confidence * 100).toFixed(1)}% confidence)` : " (set by rule)"}`
    : "none (model unsure or not run)";
  const lines = [
    `Edge triage → route: ${d.route}`,
    `Intent: ${intent}`,
    `Priority: ${d.priority} · Sentiment: ${d.sentiment} · Language: ${d.language}`,
    `Tags added: ${d.tags.join(", ") || "none"}`,
    "",
    "Why:",
    ...d.reasons.map((r) => `• ${r}`),
    "",
    `Rules v${d.rulesVersion ?? "-"} · Model ${d.modelVersion ?? "none"}`,
  ];
  return lines.join("\n");
}
