/** The private internal note written to the Zendesk ticket: what was decided, and why. */
import type { TriageDecision } from "./types";

export function decisionNote(d: TriageDecision): string {
  const by = { agent: "agent correction", rule: "rule", model: "edge model", llm: "LLM", none: "no tier" }[d.tier];
  const intent = d.intent
    ? `${d.intent} — decided by ${by}${d.confidence !== null ? ` (${(d.confidence * 100).toFixed(1)}% confidence)` : ""}`
    : "none — no tier could place it";
  const lines = [
    `Edge triage → route: ${d.route}`,
    `Intent: ${intent}`,
    `How: ${d.cascade.summary}`,
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
