import { describeCalibration } from "../shared/familiarity.js";
import type { IntentModelConfig } from "../shared/model-config.js";
import type { Evaluation } from "./evaluate.js";

export const RELIABILITY_CHART = "reliability.png";
export const COVERAGE_RISK_CHART = "coverage-risk.png";

const percent = (value: number, digits = 2) => `${(value * 100).toFixed(digits)}%`;
const optionalPercent = (value: number | null) => (value === null ? "n/a" : percent(value));

export interface ReportContext {
  readonly config: IntentModelConfig;
  readonly modelBytes: number;
  /** What was evaluated, one line per source (e.g. "banking77/test.csv (3080)"). */
  readonly dataDescription: readonly string[];
  /** Commands that reproduce the model and this report. */
  readonly reproduce: readonly string[];
  /** Caveats on reading the numbers (from the preset). */
  readonly notes: readonly string[];
  /** The same model scored on further test sets (a preset's extra tests), summarised in one table. */
  readonly alsoScored?: readonly { readonly name: string; readonly evaluation: Evaluation }[];
}

/** The Markdown evaluation report. Deterministic (no dates or timings), so re-running it changes nothing. */
export function renderReport(evaluation: Evaluation, context: ReportContext): string {
  const { config } = context;
  const hasOutOfScope = config.outOfScopeLabel !== null && evaluation.outOfScopeExamples > 0;
  const lines: string[] = [];
  lines.push(`# Intent model \`${config.name}\`: evaluation`, "");
  lines.push(`- Version: \`${config.version}\``);
  lines.push(
    `- Graph: ${config.graph.weights} weights, ${(context.modelBytes / 1024 / 1024).toFixed(2)} MB; ` +
      `${config.labels.length} classes${config.outOfScopeLabel ? ` (incl. out-of-scope class \`${config.outOfScopeLabel}\`)` : ""}`,
  );
  lines.push(`- Calibration: ${describeCalibration(config.calibration)} (fitted on ${config.calibration.validationExamples} validation examples)`);
  lines.push(
    `- Thresholds: abstain below ${config.thresholds.abstainBelow} (chosen for ${percent(config.thresholds.targetPrecision, 0)} ` +
      `precision on validation); out of scope below ${config.thresholds.outOfScopeBelow}`,
  );
  lines.push(`- Test data (${evaluation.examples} examples):`);
  for (const line of context.dataDescription) lines.push(`  - ${line}`);
  lines.push("");

  lines.push("## Summary", "", "| metric | value |", "|---|---|");
  const row = (name: string, value: string) => lines.push(`| ${name} | ${value} |`);
  row("accuracy (decided label)", percent(evaluation.decided.accuracy));
  row("macro-F1 (decided label)", percent(evaluation.decided.macroF1));
  row("accuracy (argmax, no thresholds)", percent(evaluation.argmaxAccuracy));
  if (hasOutOfScope) {
    row(`in-scope accuracy (${evaluation.inScopeExamples} examples; flagged out of scope counts as wrong)`, optionalPercent(evaluation.inScopeAccuracy));
    row(`out-of-scope recall (${evaluation.outOfScopeExamples} examples)`, optionalPercent(evaluation.outOfScopeRecall));
    row("out-of-scope precision", optionalPercent(evaluation.outOfScopePrecision));
  }
  if (evaluation.nearDuplicateFree) {
    const free = evaluation.nearDuplicateFree;
    row(
      `accuracy without near-duplicates of train (${free.removed} removed, ${free.examples} left)`,
      `${percent(free.accuracy)} (macro-F1 ${percent(free.macroF1)})`,
    );
  }
  row("ECE before calibration (15 bins)", evaluation.calibration.eceBefore.toFixed(4));
  row("ECE after calibration", evaluation.calibration.eceAfter.toFixed(4));
  for (const level of evaluation.coverageAtRisk) {
    row(`coverage at ≤ ${percent(level.maxRisk, 0)} error`, `${percent(level.coverage)} (confidence ≥ ${level.threshold.toFixed(3)})`);
  }
  row("abstain flag: rate / accuracy of the rest", `${percent(evaluation.abstention.rate)} / ${optionalPercent(evaluation.abstention.accuracyWhenAnswered)}`);
  lines.push("");
  lines.push(
    "Coverage and ECE use the calibrated top probability over all classes (out-of-scope class included); " +
      "the decided label applies the product rule (`models/shared/postprocess.ts`): the out-of-scope flag wins, " +
      "otherwise the best intent.",
    "",
  );

  if (context.alsoScored && context.alsoScored.length > 0) {
    lines.push(
      "## Also scored on",
      "",
      "| test set | examples | accuracy | in-scope accuracy / out-of-scope recall | ECE after calibration | abstain rate / accuracy of the rest |",
      "|---|---|---|---|---|---|",
    );
    for (const { name, evaluation: scored } of context.alsoScored) {
      const scope = scored.outOfScopeExamples > 0 ? `${optionalPercent(scored.inScopeAccuracy)} / ${optionalPercent(scored.outOfScopeRecall)}` : "";
      lines.push(
        `| ${name} | ${scored.examples} | ${percent(scored.decided.accuracy)} | ${scope} | ${scored.calibration.eceAfter.toFixed(4)} | ` +
          `${percent(scored.abstention.rate)} / ${optionalPercent(scored.abstention.accuracyWhenAnswered)} |`,
      );
    }
    lines.push("");
  }

  if (context.notes.length > 0) {
    lines.push("## Notes", "");
    for (const note of context.notes) lines.push(`- ${note}`);
    lines.push("");
  }

  lines.push("## Charts", "");
  lines.push(`![Reliability diagram](${RELIABILITY_CHART}) ![Coverage-risk curve](${COVERAGE_RISK_CHART})`, "");

  lines.push("## Top confusions", "", "| expected | predicted | count |", "|---|---|---|");
  for (const confusion of evaluation.decided.topConfusions) {
    lines.push(`| ${confusion.expected} | ${confusion.predicted} | ${confusion.count} |`);
  }
  lines.push("");

  lines.push("## Per intent", "", "| intent | precision | recall | F1 | support |", "|---|---|---|---|---|");
  for (const c of evaluation.decided.perClass) {
    lines.push(`| ${c.label} | ${c.precision === null ? "n/a" : percent(c.precision, 1)} | ${percent(c.recall, 1)} | ${percent(c.f1, 1)} | ${c.support} |`);
  }
  lines.push("");

  lines.push("## Reproduce", "", "```sh", ...context.reproduce, "```", "");
  return lines.join("\n");
}
