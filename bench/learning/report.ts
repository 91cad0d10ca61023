/** The learning-curve bench's rows, their console lines and the markdown table written under bench/out/learning. */
import { accuracy, COUNTED_TIERS, share, type Tally } from "./cascade.js";
import type { PromotionCheck } from "./promotion.js";

export interface SegmentRow {
  readonly from: number;
  readonly to: number;
  /** The edge model that served the segment (null: none yet). */
  readonly modelVersion: string | null;
  readonly tally: Tally;
  /** LLM calls and cost from the first ticket to the end of this segment. */
  readonly callsSoFar: number;
  readonly costSoFar: number;
}

export interface RetrainRow {
  /** Trained on the labels of the first `afterTickets` tickets. */
  readonly afterTickets: number;
  readonly labels: number;
  readonly heldOutLabels: number;
  readonly candidateVersion: string | null;
  /** The model serving after this retrain (the candidate when promoted). */
  readonly liveVersion: string | null;
  /** Why no candidate was trained, when none was. */
  readonly skipped: string | null;
  readonly promotion: PromotionCheck | null;
  readonly trainedExamples: number;
  readonly intents: number;
  readonly leftOutIntents: number;
  readonly validationExamples: number;
  readonly validationAccuracy: number | null;
  readonly temperature: number | null;
  readonly abstainBelow: number | null;
  readonly calibration: string;
  readonly warnings: readonly string[];
  readonly seconds: number;
  /** The whole cascade with this model on the data set's test split. */
  readonly test: Tally;
}

export interface Milestone {
  readonly tickets: number;
  /** The retrain it reads (the last one at or before `tickets`). */
  readonly retrainAfter: number;
  readonly testModelShare: number | null;
  readonly testModelAccuracy: number | null;
  readonly testRight: number | null;
  readonly testLlmShare: number | null;
  /** The stream segment the model served next (absent after the last retrain). */
  readonly nextSegment: { readonly from: number; readonly to: number; readonly modelShare: number | null; readonly modelAccuracy: number | null } | null;
}

export interface Totals {
  readonly tickets: number;
  readonly right: number;
  readonly llmCalls: number;
  readonly costUsd: number;
  readonly baseline: { readonly llmCalls: number; readonly costUsd: number; readonly right: number };
  readonly tally: Tally;
}

export function pct(value: number | null, digits = 1): string {
  return value === null || Number.isNaN(value) ? "n/a" : `${(value * 100).toFixed(digits)}%`;
}

export function usd(value: number): string {
  return `$${value.toFixed(value < 0.01 ? 6 : value < 1 ? 4 : 2)}`;
}

/** "rules 3.0% (96.7%)  model 10.0% (90.0%)  llm ..." : each tier's share, its accuracy in brackets. */
export function tierLine(tally: Tally): string {
  return COUNTED_TIERS.map(
    (tier) => `${tier === "rule" ? "rules" : tier} ${pct(share(tally, tier))}${tier === "none" ? "" : ` (${pct(accuracy(tally, tier))})`}`,
  ).join("  ");
}

export function segmentLine(row: SegmentRow): string {
  const t = row.tally;
  return (
    `tickets ${String(row.from).padStart(5)}-${String(row.to).padEnd(5)} ${tierLine(t)} | right ${pct(t.right / t.tickets)} | ` +
    `LLM calls ${t.llmCalls} (so far ${row.callsSoFar}, ${usd(row.costSoFar)})`
  );
}

function promotionText(row: RetrainRow): string {
  const p = row.promotion;
  if (!p) return "";
  const judged = p.candidate ? ` (held out: right ${pct(p.candidate.accuracy)}, answers ${p.candidate.answered} at ${pct(p.candidate.precision)})` : "";
  return p.promoted ? `promoted${judged}` : `not promoted: ${p.reason}${judged}`;
}

export function retrainLine(row: RetrainRow): string {
  const head = `retrain after ${row.afterTickets} tickets on ${row.labels - row.heldOutLabels} labels (${row.heldOutLabels} held out): `;
  const test = `live model ${row.liveVersion ?? "none"} on the test split: model ${pct(share(row.test, "model"))} at ${pct(accuracy(row.test, "model"))}, cascade right ${pct(row.test.right / row.test.tickets)}, LLM asked on ${pct(row.test.llmCalls / row.test.tickets)}`;
  if (row.skipped) return `${head}no candidate (${row.skipped})\n  ${test}`;
  return (
    `${head}${row.trainedExamples} trained (${row.intents} intents, ${row.leftOutIntents} left out) in ${row.seconds.toFixed(1)} s; ` +
    `validation ${row.validationExamples} ex ${pct(row.validationAccuracy)}, T ${row.temperature}, abstain below ${row.abstainBelow}; ` +
    `${promotionText(row)}\n  ${test}`
  );
}

function tierCells(tally: Tally): string[] {
  return COUNTED_TIERS.flatMap((tier) => (tier === "none" ? [pct(share(tally, tier))] : [pct(share(tally, tier)), pct(accuracy(tally, tier))]));
}

const separator = (columns: number) => `|${"---|".repeat(columns)}`;

const TIER_HEADER = "rules | rule acc | model | model acc | LLM | LLM acc | none";

export interface RunDescription {
  readonly command: string;
  readonly settings: Record<string, unknown>;
  readonly assumption: string;
  readonly seconds: number;
}

export function markdownReport(
  run: RunDescription,
  segments: readonly SegmentRow[],
  retrains: readonly RetrainRow[],
  milestones: readonly Milestone[],
  totals: Totals,
): string {
  const lines: string[] = [];
  lines.push(`# Learning curve: ${String(run.settings.data)}, ${totals.tickets} tickets`, "");
  lines.push(`\`${run.command}\` (${run.seconds.toFixed(0)} s)`, "");
  lines.push(
    `Settings: ${Object.entries(run.settings)
      .map(([k, v]) => `${k} ${String(v)}`)
      .join(", ")}. ${run.assumption}`,
    "",
  );
  lines.push("## The stream, per segment (share decided by each tier, its accuracy)", "");
  lines.push(`| tickets | ${TIER_HEADER} | right | LLM calls | LLM cost so far |`, separator(11));
  for (const s of segments) {
    lines.push(
      `| ${s.from}-${s.to} | ${tierCells(s.tally).join(" | ")} | ${pct(s.tally.right / s.tally.tickets)} | ${s.tally.llmCalls} | ${usd(s.costSoFar)} |`,
    );
  }
  lines.push("", "## Each retrain, and the whole cascade with it on the test split", "");
  lines.push(
    `| after | labels (held out) | trained | intents | validation | T | abstain below | seconds | promotion | test: ${TIER_HEADER} | test right |`,
    separator(17),
  );
  for (const r of retrains) {
    const model = r.skipped
      ? [`no candidate: ${r.skipped}`, "", "", "", "", "", ""]
      : [
          String(r.trainedExamples),
          `${r.intents} (+${r.leftOutIntents} left out)`,
          `${r.validationExamples} ex, ${pct(r.validationAccuracy)}`,
          String(r.temperature),
          String(r.abstainBelow),
          r.seconds.toFixed(1),
          promotionText(r),
        ];
    lines.push(
      `| ${r.afterTickets} | ${r.labels} (${r.heldOutLabels}) | ${model.join(" | ")} | ${tierCells(r.test).join(" | ")} | ${pct(r.test.right / r.test.tickets)} |`,
    );
  }
  const warnings = retrains.flatMap((r) => r.warnings.map((w) => `- after ${r.afterTickets}: ${w}`));
  lines.push("", "Trainer warnings:", "", ...(warnings.length ? warnings : ["- none printed"]));
  lines.push("", "## What the edge model takes over", "");
  lines.push(
    "| after tickets | model share (test) | model accuracy (test) | cascade right (test) | LLM asked (test) | next segment: model share | model accuracy |",
    separator(7),
  );
  for (const m of milestones) {
    const next = m.nextSegment
      ? [`${pct(m.nextSegment.modelShare)} (${m.nextSegment.from}-${m.nextSegment.to})`, pct(m.nextSegment.modelAccuracy)]
      : ["-", "-"];
    lines.push(
      `| ${m.tickets} | ${pct(m.testModelShare)} | ${pct(m.testModelAccuracy)} | ${pct(m.testRight)} | ${pct(m.testLlmShare)} | ${next.join(" | ")} |`,
    );
  }
  lines.push("", "## Totals", "");
  lines.push(`- whole stream: ${tierLine(totals.tally)}; right ${pct(totals.right / totals.tickets)}`);
  lines.push(`- LLM calls ${totals.llmCalls} of ${totals.tickets} tickets, ${usd(totals.costUsd)}`);
  lines.push(
    `- LLM on every ticket (the Intercom/Zammad approach): ${totals.baseline.llmCalls} calls, ${usd(totals.baseline.costUsd)}, right ${pct(totals.baseline.right / totals.tickets)}; ` +
      `the cascade saves ${pct(1 - totals.costUsd / totals.baseline.costUsd)} of the LLM cost`,
  );
  return `${lines.join("\n")}\n`;
}
