/**
 * The insight dashboard's contract (GET /app/insight/stats, and its admin twin GET /admin/insight/stats): the JSON
 * the Worker answers and the Zendesk app's nav_bar dashboard draws. Types only and dependency-free, like
 * ./app-api.ts. Rates are 0..1 and null when there is nothing to divide by.
 */

/** One ISO week (Monday 00:00 UTC to the next), oldest first. */
export interface InsightWeek {
  /** "2026-W49". */
  week: string;
  /** The Monday, YYYY-MM-DD. */
  start: string;
  /** Triage decisions made that week (the latest per ticket). */
  decisions: number;
  /** Of those, decisions some tier gave an intent (tier other than none). */
  decided: number;
  /** decided / decisions. */
  coverage: number | null;
  /** Decisions whose ticket was solved or closed that week with a comparable intent. */
  closed: number;
  /** Of those, the intent agents left at close equals triage's. */
  correct: number;
  /** correct / closed: triage accuracy at close. */
  accuracy: number | null;
}

export interface DriftSignal {
  kind: "accuracy_drop" | "intent_mix_shift";
  /** The week that moved, compared with the one before it. */
  week: string;
  previous: number;
  current: number;
  message: string;
}

export interface IntentDraftFigures {
  intent: string;
  /** Drafts a human decided (approved as written, edited then sent, rejected). */
  decided: number;
  approved: number;
  edited: number;
  rejected: number;
  /** approved / decided: drafts sent without a change. */
  acceptance: number | null;
  /** Mean Levenshtein distance between draft and sent text, over edited drafts. */
  meanEditDistance: number | null;
}

export interface ResponseTimeFigures {
  /** Closed tickets with a first public reply. */
  tickets: number;
  medianMinutes: number | null;
}

export interface RecentDecision {
  decisionId: number;
  ticketId: number;
  createdAt: string;
  intent: string | null;
  tier: string;
  confidence: number | null;
  route: string;
  /** The trace id of the work that made the decision: search the logs for it. */
  traceId: string | null;
  /** How it held up at close: null while the ticket is open. */
  outcome: "correct" | "changed" | "unknown" | null;
  finalIntent: string | null;
}

/**
 * Counts and rates for one slice of replayed history (overall, one intent, one tier): the history replay report
 * (worker/replay/report.ts) is built of them and the dashboard draws them. Rates are null without data.
 */
export interface FitFigures {
  /** Tickets replayed in this slice. */
  tickets: number;
  /** Of those, tickets whose agents left a known intent (the ground truth). */
  labelled: number;
  /** Labelled tickets the cascade gave an intent (any tier but `none`). */
  decided: number;
  /** Decided tickets whose intent equals the agents' final one. */
  correct: number;
  /** decided / labelled. */
  coverage: number | null;
  /** correct / decided. */
  accuracy: number | null;
}

export interface ModelFitView {
  replayId: string;
  createdAt: string;
  modelVersion: string | null;
  overall: FitFigures;
  perIntent: Array<FitFigures & { intent: string; name: string | null }>;
  /** Share of the replayed tickets each tier decided (rule, model, llm, none), 0..1. */
  tierShares: Array<{ tier: string; tickets: number; share: number | null }>;
}

export interface InsightStats {
  accountId: string;
  generatedAt: string;
  /** The window the figures cover: the last `weeks.length` ISO weeks, this one included. */
  from: string;
  weeks: InsightWeek[];
  drift: { flagged: boolean; signals: DriftSignal[] };
  /** Tickets handled without a human editing or rejecting a draft, of the tickets triage routed (ignore excluded). */
  containment: { tickets: number; contained: number; rate: number | null };
  drafts: { perIntent: IntentDraftFigures[]; overall: Omit<IntentDraftFigures, "intent"> };
  llm: { calls: number; costUsd: number; tickets: number; callsPerTicket: number | null; costPerTicket: number | null };
  firstResponse: { drafted: ResponseTimeFigures; notDrafted: ResponseTimeFigures };
  recent: RecentDecision[];
  modelFit: ModelFitView | null;
}
