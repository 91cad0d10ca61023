/**
 * The replay report's figures from what the cascade decided on each history ticket and what the agents left on it.
 * Pure: outcomes in, ReplayReport figures out (worker/replay/report.ts says what each one means).
 */
import type { FieldFit, FitFigures, ReplayReport } from "../replay/report";
import { ROUTES, type Route, type Tier, type TriageDecision } from "../triage/types";

/** One replayed ticket: the decision's parts the report reads and the agents' final values. */
export interface ReplayOutcome {
  ticketId: number;
  decision: Pick<TriageDecision, "intent" | "tier" | "route" | "priority" | "groupId" | "ruleHits">;
  /** The agents' final intent when it is one the taxonomy knows (the ground truth), else null. */
  expected: string | null;
  agentPriority: string | null;
  agentGroupId: number | null;
}

export const MAX_MISSES = 50;

type Counts = Omit<FitFigures, "coverage" | "accuracy">;
const zero = (): Counts => ({ tickets: 0, labelled: 0, decided: 0, correct: 0 });
const rate = (n: number, d: number): number | null => (d === 0 ? null : n / d);
const figures = (c: Counts): FitFigures => ({ ...c, coverage: rate(c.decided, c.labelled), accuracy: rate(c.correct, c.decided) });
const fieldFit = (compared: number, matched: number): FieldFit => ({ compared, matched, accuracy: rate(matched, compared) });

function add(c: Counts, o: ReplayOutcome): void {
  c.tickets++;
  if (o.expected === null) return;
  c.labelled++;
  if (o.decision.tier === "none" || o.decision.intent === null) return;
  c.decided++;
  if (o.decision.intent === o.expected) c.correct++;
}

export type ReplayFigures = Pick<ReplayReport, "overall" | "perIntent" | "tiers" | "routes" | "priority" | "group" | "ruleHits" | "misses">;

export function replayFigures(outcomes: readonly ReplayOutcome[], intentNames: ReadonlyMap<string, string>): ReplayFigures {
  const overall = zero();
  const perIntent = new Map<string, Counts>();
  const tiers: Record<Exclude<Tier, "agent">, Counts> = { rule: zero(), model: zero(), llm: zero(), none: zero() };
  const routes = Object.fromEntries(ROUTES.map((r) => [r, 0])) as Record<Route, number>;
  const hits = new Map<string, number>();
  let priorityCompared = 0;
  let priorityMatched = 0;
  let groupCompared = 0;
  let groupMatched = 0;
  const misses: ReplayReport["misses"] = [];

  for (const o of outcomes) {
    add(overall, o);
    if (o.expected !== null) {
      const slice = perIntent.get(o.expected) ?? zero();
      add(slice, o);
      perIntent.set(o.expected, slice);
    }
    // The replay never pins an agent's correction, so `agent` cannot occur; counted under none if it ever did.
    const tier = o.decision.tier === "agent" ? "none" : o.decision.tier;
    add(tiers[tier], o);
    routes[o.decision.route]++;
    for (const h of new Set(o.decision.ruleHits.map((r) => r.ruleId))) hits.set(h, (hits.get(h) ?? 0) + 1);
    if (o.agentPriority !== null) {
      priorityCompared++;
      if (o.decision.priority === o.agentPriority) priorityMatched++;
    }
    if (o.agentGroupId !== null && o.decision.groupId !== null) {
      groupCompared++;
      if (o.decision.groupId === o.agentGroupId) groupMatched++;
    }
    const decided = o.decision.tier === "none" ? null : o.decision.intent;
    if (o.expected !== null && decided !== o.expected && misses.length < MAX_MISSES)
      misses.push({ ticketId: o.ticketId, expected: o.expected, decided, tier: o.decision.tier });
  }

  return {
    overall: figures(overall),
    perIntent: [...perIntent.entries()]
      .map(([intent, c]) => ({ intent, name: intentNames.get(intent) ?? null, ...figures(c) }))
      .sort((a, b) => b.tickets - a.tickets || a.intent.localeCompare(b.intent)),
    tiers: { rule: figures(tiers.rule), model: figures(tiers.model), llm: figures(tiers.llm), none: figures(tiers.none) },
    routes,
    priority: fieldFit(priorityCompared, priorityMatched),
    group: fieldFit(groupCompared, groupMatched),
    ruleHits: [...hits.entries()].map(([ruleId, n]) => ({ ruleId, hits: n })).sort((a, b) => b.hits - a.hits || a.ruleId.localeCompare(b.ruleId)),
    misses,
  };
}
