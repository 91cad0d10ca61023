/**
 * The replay ("model fit") report: what rules, the account's model and the cascade would have decided on the
 * account's imported Zendesk history, measured against the values agents left on each ticket. Built by the
 * replay (worker/history-replay), served as JSON by the admin API and drawn by the replay page and the Zendesk dashboard.
 * Types only: the one contract those readers share.
 */
import type { FitFigures } from "../../contract/insight-api";
import type { Route, Tier } from "../triage/types";

export type { FitFigures };

/** A field the agents set (priority, group): how often triage's value matched theirs. */
export interface FieldFit {
  /** Tickets where agents left a value and triage proposed one. */
  compared: number;
  matched: number;
  accuracy: number | null;
}

export interface ReplayReport {
  replayId: string;
  accountId: string;
  /** The history import the tickets came from. */
  importId: string;
  createdAt: string;
  /** What decided: the versions in force when the replay ran. */
  modelVersion: string | null;
  rulesVersion: number | null;
  taxonomyVersion: number | null;
  /** How the LLM tier was treated: `estimate` counts the calls it would make and prices them, without calling. */
  llmMode: "estimate" | "call";
  overall: FitFigures;
  /** One row per intent the agents used (ground truth), sorted by tickets, descending. */
  perIntent: Array<FitFigures & { intent: string; name: string | null }>;
  /** Which tier decided how many tickets, and how often it was right on the labelled ones. */
  tiers: Record<Exclude<Tier, "agent">, FitFigures>;
  /** What would have happened to the tickets: drafted, escalated, auto-handled, ignored. */
  routes: Record<Route, number>;
  priority: FieldFit;
  group: FieldFit;
  llm: { calls: number; costUsd: number };
  /** Rules that matched at least once, most hits first. */
  ruleHits: Array<{ ruleId: string; hits: number }>;
  /** Up to 50 labelled tickets triage got wrong, for review: ids and labels only, never ticket text. */
  misses: Array<{ ticketId: number; expected: string; decided: string | null; tier: Tier }>;
}
