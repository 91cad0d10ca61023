/**
 * Drift, pure: week over week, a drop in accuracy at close or a shift in the mix of intents triage decides.
 * Both need enough tickets in both weeks to mean anything; below that a week is not compared.
 */
import type { DriftSignal, InsightWeek } from "../../contract/insight-api";

/** Closed (or decided) tickets a week needs before it is compared with another. */
export const DRIFT_MIN_TICKETS = 10;
/** Accuracy at close falling by this much (absolute, 0..1) from one week to the next is a drift. */
export const ACCURACY_DROP = 0.1;
/** Total variation distance between two weeks' intent shares at or above this is a drift. */
export const MIX_SHIFT = 0.3;

/** Half the sum of absolute differences of two distributions' shares: 0 = same mix, 1 = nothing in common. */
export function totalVariation(a: Map<string, number>, b: Map<string, number>): number {
  const sum = (m: Map<string, number>) => [...m.values()].reduce((s, v) => s + v, 0);
  const ta = sum(a);
  const tb = sum(b);
  if (!ta || !tb) return 0;
  let distance = 0;
  for (const key of new Set([...a.keys(), ...b.keys()])) distance += Math.abs((a.get(key) ?? 0) / ta - (b.get(key) ?? 0) / tb);
  return distance / 2;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * Signals for each pair of consecutive weeks. `flagged` says whether the latest two weeks (this one and the last
 * complete one) moved: older signals are history, kept for the chart.
 */
export function detectDrift(weeks: InsightWeek[], intentMix: Map<string, Map<string, number>>): { flagged: boolean; signals: DriftSignal[] } {
  const signals: DriftSignal[] = [];
  for (let i = 1; i < weeks.length; i++) {
    const before = weeks[i - 1]!;
    const now = weeks[i]!;
    if (before.closed >= DRIFT_MIN_TICKETS && now.closed >= DRIFT_MIN_TICKETS && before.accuracy !== null && now.accuracy !== null) {
      if (before.accuracy - now.accuracy >= ACCURACY_DROP - 1e-9)
        signals.push({
          kind: "accuracy_drop",
          week: now.week,
          previous: before.accuracy,
          current: now.accuracy,
          message: `Accuracy at close fell from ${pct(before.accuracy)} to ${pct(now.accuracy)} (${before.week} → ${now.week}).`,
        });
    }
    const mixBefore = intentMix.get(before.week) ?? new Map<string, number>();
    const mixNow = intentMix.get(now.week) ?? new Map<string, number>();
    if (before.decided >= DRIFT_MIN_TICKETS && now.decided >= DRIFT_MIN_TICKETS) {
      const distance = totalVariation(mixBefore, mixNow);
      if (distance >= MIX_SHIFT - 1e-9)
        signals.push({
          kind: "intent_mix_shift",
          week: now.week,
          previous: 0,
          current: distance,
          message: `The intent mix shifted by ${pct(distance)} (total variation, ${before.week} → ${now.week}).`,
        });
    }
  }
  const recent = new Set(weeks.slice(-2).map((w) => w.week));
  return { flagged: signals.some((s) => recent.has(s.week)), signals };
}
