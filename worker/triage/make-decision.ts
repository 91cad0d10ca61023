/** A decision built by hand (admin previews, tests): neutral defaults, only the given fields set. */
import type { TriageDecision } from "./types";

export function makeDecision(fields: Partial<TriageDecision> = {}): TriageDecision {
  return {
    intent: null,
    confidence: null,
    priority: "normal",
    sentiment: "neutral",
    language: "und",
    tags: [],
    removeTags: [],
    route: "auto",
    groupId: null,
    customFields: {},
    priorityFromRule: false,
    reasons: [],
    ruleHits: [],
    rulesVersion: null,
    modelVersion: null,
    prediction: null,
    tier: "none",
    cascade: { tier: "none", summary: "built by hand", llm: null, modelFallback: null, ruleId: null, correctionId: null },
    ...fields,
  };
}
