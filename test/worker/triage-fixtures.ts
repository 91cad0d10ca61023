/** Tickets and model outputs for tests of the pure triage core (written for the project). */
import type { IntentPrediction, TicketSnapshot } from "../../worker/triage/types";

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
