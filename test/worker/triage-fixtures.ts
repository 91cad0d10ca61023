/** Tickets and model outputs for tests of the pure triage core (written for the project). */
import { parseRuleTable, RuleTableInvalid, type RuleError } from "../../worker/triage/rules/schema";
import type { IntentPrediction, TicketSnapshot } from "../../worker/triage/types";

/** The errors a rule table is rejected with; fails the test when it is accepted. */
export function ruleErrorsOf(input: unknown): RuleError[] {
  try {
    parseRuleTable(input);
  } catch (error) {
    if (error instanceof RuleTableInvalid) return error.errors;
    throw error;
  }
  throw new Error("expected the table to be rejected");
}

export function ticket(overrides: Partial<TicketSnapshot> = {}): TicketSnapshot {
  return {
    id: 1,
    subject: "Question about my order",
    description: "Hello, could you tell me when my parcel ships? Thanks.",
    comments: [],
    status: "new",
    priority: null,
    channel: "email",
    tags: [],
    requesterTags: [],
    organizationTags: [],
    ...overrides,
  };
}

export function prediction(label: string, probability: number, extra: Partial<IntentPrediction> = {}): IntentPrediction {
  return {
    modelVersion: "test@1",
    top: [
      { label, probability },
      { label: "other", probability: 1 - probability },
    ],
    margin: probability - (1 - probability),
    abstain: false,
    outOfScope: false,
    ...extra,
  };
}
