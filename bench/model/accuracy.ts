/**
 * Accuracy, size and calibration figures of the intent models (issue 3, item 6), printed against the targets.
 *   npx tsx bench/model/accuracy.ts [--only banking77,clinc150,support,support-cross-release]
 *                                   [--data-root <dir>] [--out bench/out/model]
 * For each preset: trains it from scratch (timed: BANKING77 must train in <= 3 minutes), exports int8 and float32,
 * evaluates both through onnxruntime-web on the preset's test set, checks that the fresh int8 export has the
 * same version as the committed model (reproducibility), and writes a report per preset under --out.
 * `support-cross-release` is the support recipe without its refit, so no LLM-training-release text is trained on:
 * the generalisation check to differently written requests that the in-family support report cannot give.
 * Timings depend on machine load: run it on a quiet machine for the train-time figure.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_DATA_ROOT, requireDataRoot } from "../../models/data/data-source.js";
import { renderPng, reliabilityDiagram, riskCoverageChart } from "../../models/eval/charts.js";
import { evaluateModel, RISK_LEVELS, type Evaluation } from "../../models/eval/evaluate.js";
import { bestOutOfScopeRecall } from "../../models/metrics/metrics.js";
import { loadEvaluationSet, type EvaluationSet } from "../../models/eval/evaluation-set.js";
import { createNodeGraphRunner } from "../../models/eval/node-runtime.js";
import { COVERAGE_RISK_CHART, RELIABILITY_CHART, renderReport, type ReportContext } from "../../models/eval/report.js";
import { CONFIG_FILE, type ExportedModel } from "../../models/onnx/export-model.js";
import { getPreset, PRESET_NAMES, type Preset } from "../../models/presets/presets.js";
import { runTrainingJob } from "../../models/jobs/training-job.js";
import { parseCommandLine } from "../../scripts/lib/command-line";

const USAGE = `usage: npx tsx bench/model/accuracy.ts [--only banking77,clinc150,support,support-cross-release]
         [--data-root <dir>] [--out bench/out/model]`;

/** Issue #12 item 6 (few-shot targets: bench/model/few-shot.ts). */
const TARGETS = {
  banking77Accuracy: 0.93,
  bertLarge: 0.9366,
  int8MaxLossPoints: 0.3,
  maxModelBytes: 4 * 1024 * 1024,
  banking77TrainSeconds: 180,
  clincInScope: 0.92,
  clincOutOfScopeRecall: 0.75,
  maxEce: 0.03,
  /** The realistic-ticket test half: right overall, abstain at most, and right among the answered ones. */
  ticketsRight: 0.75,
  ticketsMaxAbstain: 0.4,
  ticketsAnsweredRight: 0.92,
} as const;

/**
 * The presets whose calibration the ECE target judges: the two benchmarks (../shared/data/README.md: prove it on
 * BANKING77 and CLINC150). The support model is calibrated for text unlike its templated Bitext training data, so
 * on its in-family test it is underconfident by design; its ECE is printed, split into in-scope and out-of-scope
 * texts (README "Known limits").
 */
const ECE_TARGET_PRESETS = new Set(["banking77", "clinc150"]);

interface Row {
  readonly metric: string;
  readonly value: string;
  readonly target: string;
  readonly ok: boolean | null;
}

const pct = (value: number | null) => (value === null ? "n/a" : `${(value * 100).toFixed(2)}%`);

const CROSS_RELEASE = "support-cross-release";

function benchedPreset(name: string, dataRoot: string): Preset {
  if (name !== CROSS_RELEASE) return getPreset(name, dataRoot);
  const support = getPreset("support", dataRoot);
  // No refit: the model never trains on an LLM-training release (the validation one only sets the temperature
  // and thresholds), and the test keeps only 2023-08-07 texts absent from training and validation.
  return {
    ...support,
    name: CROSS_RELEASE,
    recipe: { ...support.recipe, refitOnAllData: false },
    notes: ["The support recipe without the refit: no LLM-training-release text is ever trained on."],
  };
}

async function benchPreset(name: string, dataRoot: string, outRoot: string): Promise<Row[]> {
  const preset = benchedPreset(name, dataRoot);
  const log = (line: string) => console.log(`[${name}] ${line}`);
  const started = performance.now();
  const result = runTrainingJob({ name, preset: preset.name, dataRoot, train: preset.train, validation: preset.validation, recipe: preset.recipe }, (line) =>
    line.includes("epoch") ? undefined : log(line),
  );
  const trainSeconds = (performance.now() - started) / 1000;
  const int8 = result.export("int8");
  const float = result.export("float32");
  log(`trained in ${trainSeconds.toFixed(1)} s; int8 ${int8.onnx.length} bytes, float32 ${float.onnx.length} bytes`);

  const set = loadEvaluationSet(int8.config, { dataRoot }, preset);
  const evaluate = async (model: typeof int8, on: EvaluationSet = set) =>
    evaluateModel(model.config, await createNodeGraphRunner(model.onnx), on.examples, { trainTexts: on.trainTexts });
  const int8Evaluation = await evaluate(int8);
  const floatEvaluation = await evaluate(float);
  const alsoScored = [];
  for (const extra of preset.extraTests ?? []) {
    const extraSet = loadEvaluationSet(int8.config, { dataRoot, data: extra.sources }, preset);
    alsoScored.push({ name: extra.name, evaluation: await evaluate(int8, extraSet) });
  }
  await writeBenchReport(join(outRoot, name), int8, int8Evaluation, set, alsoScored);

  const committedConfig = join("models", name, CONFIG_FILE);
  const committedVersion = existsSync(committedConfig) ? (JSON.parse(readFileSync(committedConfig, "utf8")) as { version: string }).version : null;

  const rows: Row[] = [];
  const add = (metric: string, value: string, target = "", ok: boolean | null = null) => rows.push({ metric, value, target, ok });
  const lossPoints = (floatEvaluation.decided.accuracy - int8Evaluation.decided.accuracy) * 100;
  add(
    "train time (train + calibrate + refit)",
    `${trainSeconds.toFixed(1)} s`,
    name === "banking77" ? "<= 180 s" : "",
    name === "banking77" ? trainSeconds <= TARGETS.banking77TrainSeconds : null,
  );
  add("model file (int8)", `${(int8.onnx.length / 1024 / 1024).toFixed(2)} MB`, "<= 4 MB", int8.onnx.length <= TARGETS.maxModelBytes);
  add("accuracy float32", pct(floatEvaluation.decided.accuracy));
  add(
    "accuracy int8",
    pct(int8Evaluation.decided.accuracy),
    name === "banking77" ? ">= 93% (BERT-Large 93.66%)" : "",
    name === "banking77" ? int8Evaluation.decided.accuracy >= TARGETS.banking77Accuracy : null,
  );
  add("int8 - float32", `${(-lossPoints).toFixed(2)} points`, "loss <= 0.3 points", lossPoints <= TARGETS.int8MaxLossPoints);
  add("macro-F1 int8", pct(int8Evaluation.decided.macroF1));
  if (int8Evaluation.nearDuplicateFree) {
    const free = int8Evaluation.nearDuplicateFree;
    add(`accuracy without near-duplicates (${free.removed} removed)`, pct(free.accuracy));
  }
  if (int8Evaluation.outOfScopeExamples > 0) {
    const isClinc = name === "clinc150";
    add(
      "in-scope accuracy",
      pct(int8Evaluation.inScopeAccuracy),
      isClinc ? ">= 92%" : "",
      isClinc ? (int8Evaluation.inScopeAccuracy ?? 0) >= TARGETS.clincInScope : null,
    );
    add(
      "out-of-scope recall",
      pct(int8Evaluation.outOfScopeRecall),
      isClinc ? ">= 75% (at in-scope >= 92%)" : "",
      isClinc ? (int8Evaluation.outOfScopeRecall ?? 0) >= TARGETS.clincOutOfScopeRecall : null,
    );
    if (isClinc) {
      // Not a score: the best any out-of-scope threshold could do, chosen on the test texts themselves. Below the
      // target, the model's scores are what fall short, not the threshold chosen on validation.
      const ceiling = bestOutOfScopeRecall(int8Evaluation.outOfScopeSweep, TARGETS.clincInScope);
      add(
        "out-of-scope recall, best threshold on test (ceiling)",
        ceiling ? `${pct(ceiling.outOfScopeRecall)} at in-scope ${pct(ceiling.inScopeAccuracy)}, below ${ceiling.threshold.toFixed(4)}` : "n/a",
      );
    }
  }
  add("ECE before calibration", int8Evaluation.calibration.eceBefore.toFixed(4));
  const eceJudged = ECE_TARGET_PRESETS.has(name);
  const eceAfter = int8Evaluation.calibration.eceAfter;
  add("ECE after calibration", eceAfter.toFixed(4), eceJudged ? "<= 0.03" : "reported", eceJudged ? eceAfter <= TARGETS.maxEce : null);
  if (int8Evaluation.outOfScopeExamples > 0 && int8Evaluation.inScopeExamples > 0) {
    const partEce = async (outOfScope: boolean) =>
      (
        await evaluate(int8, { ...set, examples: set.examples.filter((e) => (e.label === int8.config.outOfScopeLabel) === outOfScope) })
      ).calibration.eceAfter.toFixed(4);
    add("ECE after calibration: in-scope / out-of-scope texts", `${await partEce(false)} / ${await partEce(true)}`);
  }
  for (const level of int8Evaluation.coverageAtRisk) add(`coverage at <= ${level.maxRisk * 100}% error`, pct(level.coverage));
  for (const { name: extraName, evaluation: scored } of alsoScored) {
    add(`${extraName} (${scored.examples}): accuracy`, pct(scored.decided.accuracy));
    if (scored.outOfScopeExamples > 0) {
      add(`${extraName}: in-scope accuracy / out-of-scope recall`, `${pct(scored.inScopeAccuracy)} / ${pct(scored.outOfScopeRecall)}`);
    }
    add(`${extraName}: ECE after calibration`, scored.calibration.eceAfter.toFixed(4));
    if (name === "support") {
      const { rate, accuracyWhenAnswered } = scored.abstention;
      add(`${extraName}: right`, pct(scored.decided.accuracy), ">= 75%", scored.decided.accuracy >= TARGETS.ticketsRight);
      add(`${extraName}: abstain rate`, pct(rate), "<= 40%", rate <= TARGETS.ticketsMaxAbstain);
      add(`${extraName}: answered ones right`, pct(accuracyWhenAnswered), ">= 92%", (accuracyWhenAnswered ?? 0) >= TARGETS.ticketsAnsweredRight);
    }
  }
  add(
    "version (fresh / committed)",
    `${int8.config.version} / ${committedVersion ?? "none"}`,
    "equal",
    committedVersion === null ? null : committedVersion === int8.config.version,
  );
  return rows;
}

async function writeBenchReport(directory: string, model: ExportedModel, evaluation: Evaluation, set: EvaluationSet, alsoScored: ReportContext["alsoScored"]) {
  mkdirSync(directory, { recursive: true });
  const reproduce = [`npx tsx bench/model/accuracy.ts --only ${model.config.name}`];
  const context = { config: model.config, modelBytes: model.onnx.length, dataDescription: set.description, reproduce, notes: set.notes, alsoScored };
  writeFileSync(join(directory, "report.md"), renderReport(evaluation, context));
  const { calibration } = evaluation;
  writeFileSync(
    join(directory, RELIABILITY_CHART),
    await renderPng(reliabilityDiagram(`${model.config.name}: reliability`, calibration.binsBefore, calibration.binsAfter, calibration.method)),
  );
  writeFileSync(
    join(directory, COVERAGE_RISK_CHART),
    await renderPng(riskCoverageChart(`${model.config.name}: coverage vs error`, evaluation.riskCoverage, RISK_LEVELS)),
  );
}

function printTable(name: string, rows: readonly Row[]): void {
  console.log(`\n## ${name}`);
  const width = Math.max(...rows.map((row) => row.metric.length));
  for (const row of rows) {
    const mark = row.ok === null ? "    " : row.ok ? "PASS" : "MISS";
    console.log(`${mark}  ${row.metric.padEnd(width)}  ${row.value.padEnd(28)} ${row.target}`);
  }
}

const { values } = parseCommandLine(USAGE, {
  options: { only: { type: "string" }, "data-root": { type: "string" }, out: { type: "string" } },
});
const names = values.only ? values.only.split(",") : [...PRESET_NAMES, CROSS_RELEASE];
const dataRoot = requireDataRoot(values["data-root"] ?? DEFAULT_DATA_ROOT, "bench:model");
const outRoot = values.out ?? "bench/out/model";
const tables: [string, Row[]][] = [];
for (const name of names) tables.push([name, await benchPreset(name, dataRoot, outRoot)]);
for (const [name, rows] of tables) printTable(name, rows);
console.log(`\nreports: ${outRoot}/<preset>/report.md (machine load makes times noisy; re-run when quiet)`);
