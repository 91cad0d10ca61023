/**
 * The dashboard's figures, pure: rows read by the store in, the InsightStats contract out. Every rule of what
 * counts (coverage, accuracy at close, containment, acceptance) is here, next to its definition in docs/insight.md.
 */
import type { InsightStats, IntentDraftFigures, ModelFitView, RecentDecision, ResponseTimeFigures } from "../../contract/insight-api";
import type { Verdict } from "./accuracy";
import { detectDrift } from "./drift";
import { isoWeekLabel, lastWeeks } from "./weeks";

export interface DecisionFact {
  id: number;
  ticketId: number;
  createdAt: string;
  intent: string | null;
  tier: string;
  confidence: number | null;
  route: string;
  traceId: string | null;
  /** The status of the draft made for this decision, if one was. */
  draftStatus: string | null;
}

export interface OutcomeFact {
  decisionId: number;
  ticketId: number;
  closedAt: string;
  intentVerdict: Verdict;
  finalIntent: string | null;
  correct: boolean | null;
  drafted: boolean;
  firstResponseMinutes: number | null;
}

export interface DraftActionFact {
  action: string;
  intent: string | null;
  editDistance: number | null;
}

export interface LlmFact {
  calls: number;
  costUsd: number;
}

export interface StatsInput {
  accountId: string;
  nowMs: number;
  weeks: number;
  /** Decisions made in the window, any order. */
  decisions: DecisionFact[];
  /** Outcomes of tickets solved or closed in the window. */
  outcomes: OutcomeFact[];
  /** Applied human decisions on drafts in the window. */
  draftActions: DraftActionFact[];
  llm: LlmFact;
  modelFit: ModelFitView | null;
  recentLimit?: number;
}

const rate = (n: number, d: number): number | null => (d > 0 ? n / d : null);

function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Triage's own say on each ticket: the latest decision not pinned by an agent's correction. */
export function triageDecisionsPerTicket(decisions: DecisionFact[]): DecisionFact[] {
  const latest = new Map<number, DecisionFact>();
  for (const d of decisions) {
    if (d.tier === "agent") continue;
    const seen = latest.get(d.ticketId);
    if (!seen || d.id > seen.id) latest.set(d.ticketId, d);
  }
  return [...latest.values()];
}

/**
 * A ticket is contained when no human had to rewrite or take over triage's work: routed auto, or drafted and the
 * draft approved as written. Edited, rejected, escalated or expired drafts and escalations are not; drafts still
 * waiting for a human (and ignored tickets) are left out of the count.
 */
export function containment(decisions: DecisionFact[]): InsightStats["containment"] {
  let tickets = 0;
  let contained = 0;
  for (const d of decisions) {
    if (d.route === "ignore") continue;
    if (d.route === "draft" && (d.draftStatus === null || d.draftStatus === "pending" || d.draftStatus === "drafting")) continue;
    tickets++;
    if (d.route === "auto" || (d.route === "draft" && d.draftStatus === "approved")) contained++;
  }
  return { tickets, contained, rate: rate(contained, tickets) };
}

function draftFigures(actions: DraftActionFact[]): Omit<IntentDraftFigures, "intent"> {
  const approved = actions.filter((a) => a.action === "approve").length;
  const editedRows = actions.filter((a) => a.action === "edit");
  const rejected = actions.filter((a) => a.action === "reject").length;
  const decided = approved + editedRows.length + rejected;
  const distances = editedRows.map((a) => a.editDistance).filter((d): d is number => d !== null);
  return {
    decided,
    approved,
    edited: editedRows.length,
    rejected,
    acceptance: rate(approved, decided),
    meanEditDistance: distances.length ? Math.round((distances.reduce((s, d) => s + d, 0) / distances.length) * 10) / 10 : null,
  };
}

function responseFigures(outcomes: OutcomeFact[]): ResponseTimeFigures {
  const minutes = outcomes.map((o) => o.firstResponseMinutes).filter((m): m is number => m !== null);
  return { tickets: minutes.length, medianMinutes: median(minutes) };
}

export function buildStats(input: StatsInput): InsightStats {
  const axis = lastWeeks(input.nowMs, input.weeks);
  const triage = triageDecisionsPerTicket(input.decisions);
  const mix = new Map<string, Map<string, number>>();
  const weeks = axis.map(({ week, start }) => {
    const made = triage.filter((d) => isoWeekLabel(Date.parse(d.createdAt)) === week);
    const decided = made.filter((d) => d.tier !== "none" && d.intent !== null);
    const shares = new Map<string, number>();
    for (const d of decided) shares.set(d.intent!, (shares.get(d.intent!) ?? 0) + 1);
    mix.set(week, shares);
    const closed = input.outcomes.filter((o) => isoWeekLabel(Date.parse(o.closedAt)) === week && o.intentVerdict !== "unknown");
    const correct = closed.filter((o) => o.intentVerdict === "correct").length;
    return {
      week,
      start,
      decisions: made.length,
      decided: decided.length,
      coverage: rate(decided.length, made.length),
      closed: closed.length,
      correct,
      accuracy: rate(correct, closed.length),
    };
  });

  const byIntent = new Map<string, DraftActionFact[]>();
  for (const a of input.draftActions) {
    const key = a.intent ?? "(none)";
    byIntent.set(key, [...(byIntent.get(key) ?? []), a]);
  }
  const perIntent = [...byIntent.entries()]
    .map(([intent, actions]) => ({ intent, ...draftFigures(actions) }))
    .sort((a, b) => b.decided - a.decided || a.intent.localeCompare(b.intent));

  const outcomeByDecision = new Map(input.outcomes.map((o) => [o.decisionId, o]));
  const recent: RecentDecision[] = [...input.decisions]
    .sort((a, b) => b.id - a.id)
    .slice(0, input.recentLimit ?? 25)
    .map((d) => {
      const o = outcomeByDecision.get(d.id);
      return {
        decisionId: d.id,
        ticketId: d.ticketId,
        createdAt: d.createdAt,
        intent: d.intent,
        tier: d.tier,
        confidence: d.confidence,
        route: d.route,
        traceId: d.traceId,
        outcome: o ? o.intentVerdict : null,
        finalIntent: o?.finalIntent ?? null,
      };
    });

  const llmTickets = triage.length;
  return {
    accountId: input.accountId,
    generatedAt: new Date(input.nowMs).toISOString(),
    from: axis[0]?.start ?? new Date(input.nowMs).toISOString().slice(0, 10),
    weeks,
    drift: detectDrift(weeks, mix),
    containment: containment(triage),
    drafts: { perIntent, overall: draftFigures(input.draftActions) },
    llm: {
      calls: input.llm.calls,
      costUsd: Math.round(input.llm.costUsd * 1e6) / 1e6,
      tickets: llmTickets,
      callsPerTicket: llmTickets ? Math.round((input.llm.calls / llmTickets) * 100) / 100 : null,
      costPerTicket: llmTickets ? Math.round((input.llm.costUsd / llmTickets) * 1e6) / 1e6 : null,
    },
    firstResponse: {
      drafted: responseFigures(input.outcomes.filter((o) => o.drafted)),
      notDrafted: responseFigures(input.outcomes.filter((o) => !o.drafted)),
    },
    recent,
    modelFit: input.modelFit,
  };
}
