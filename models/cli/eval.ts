/** A CLI: its usage, what `--help` prints, is USAGE below. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { DataFileError } from "../data/data-file-error.js";
import { DEFAULT_DATA_ROOT, requireDataRoot } from "../data/data-source.js";
import { renderPng, reliabilityDiagram, riskCoverageChart } from "../eval/charts.js";
import { evaluateModel, RISK_LEVELS, type Evaluation } from "../eval/evaluate.js";
import { loadEvaluationSet } from "../eval/evaluation-set.js";
import { createNodeGraphRunner, readModelDirectory } from "../eval/node-runtime.js";
import { COVERAGE_RISK_CHART, RELIABILITY_CHART, renderReport } from "../eval/report.js";
import { getPreset } from "../presets/presets.js";
import { DATA_OPTIONS, runCli, UsageError } from "./run-cli.js";

const USAGE = `usage:
npm run eval -- --model models/<name> [--data <file> --text <col> --label <col> [--split a,b] [--oos-label x]]
  [--out <dir>]        where report.md and the charts go (default: the model directory; for a shipped model
                       scored on --data nothing is written unless --out is given)
  [--skip-bad-rows]    leave out rows that cannot be used (each is listed) instead of stopping
  [--oos-label <x>]    the test data's out-of-scope label (a warning when the model or the data lacks it)
  [--data-root <dir>]  where preset data lives (default ../shared/data next to the checkout)
Without --data the model's preset test set is used (config.json records the preset). Prints the headline
figures and writes report.md, reliability.png and coverage-risk.png.`;

runCli(async (argv) => {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: "string" },
      ...DATA_OPTIONS,
    },
  });
  if (!values.model) throw new UsageError("give --model <directory> (e.g. models/support)");
  const model = readModelDirectory(values.model);
  const { config } = model;
  const log = (line: string) => console.log(`[eval ${config.name}] ${line}`);
  const firstSource = (config.training.data as { textColumn?: string; labelColumn?: string }[] | undefined)?.[0];
  const data = values.data?.map((path) => ({
    path: resolve(path),
    textColumn: values.text ?? firstSource?.textColumn ?? "text",
    labelColumn: values.label ?? firstSource?.labelColumn ?? "label",
    splits: values.split?.split(","),
  }));
  // A model scored on its preset's own test sets needs the reference data; one scored on --data does not.
  const dataRoot = data ? (values["data-root"] ?? DEFAULT_DATA_ROOT) : requireDataRoot(values["data-root"] ?? DEFAULT_DATA_ROOT, "eval");
  const badRows = {
    skip: values["skip-bad-rows"] ?? false,
    onSkipped: (problems: readonly DataFileError[]) => {
      log(`warning: skipped ${problems.length} bad row(s):`);
      for (const problem of problems) log(`  ${problem.message}`);
    },
  };
  const set = loadEvaluationSet(config, { dataRoot, data, outOfScopeDataLabel: values["oos-label"], badRows });
  for (const warning of set.warnings) log(`warning: ${warning}`);
  log(`${config.version}: ${set.examples.length} examples`);
  for (const line of set.description) log(`  ${line}`);

  const runGraph = await createNodeGraphRunner(model.onnx);
  const evaluation = await evaluateModel(config, runGraph, set.examples, {
    trainTexts: set.trainTexts,
    onProgress: (done, total) => log(`  scored ${done}/${total}`),
  });
  printSummary(evaluation, log);

  // Without --data, a preset's further test sets (e.g. support's realistic tickets) are scored too.
  const alsoScored = [];
  const preset = !data && typeof config.training.preset === "string" ? getPreset(config.training.preset, dataRoot) : undefined;
  for (const extra of preset?.extraTests ?? []) {
    const extraSet = loadEvaluationSet(config, { dataRoot, data: extra.sources }, preset);
    const scored = await evaluateModel(config, runGraph, extraSet.examples);
    log(`${extra.name} (${scored.examples} examples):`);
    printSummary(scored, (line) => log(`  ${line}`));
    alsoScored.push({ name: extra.name, evaluation: scored });
  }

  // A shipped model's report is the published one: a run on other data must not replace it unless --out says so.
  if (values.out === undefined && isShippedModelDirectory(values.model) && data) {
    log(`not writing a report: ${values.model} holds a shipped model's report (pass --out ${values.model} to replace it, or --out <dir>)`);
    return;
  }
  const out = values.out ?? values.model;
  mkdirSync(out, { recursive: true });
  const presetCommand = config.training.preset ? `--preset ${String(config.training.preset)}` : "--data <file> ...";
  const reproduce = [`npm run train -- ${presetCommand}`, `npm run eval -- --model ${values.model}`];
  writeFileSync(
    join(out, "report.md"),
    renderReport(evaluation, {
      config,
      modelBytes: model.onnx.length,
      dataDescription: set.description,
      reproduce,
      notes: set.notes,
      alsoScored,
    }),
  );
  const { calibration } = evaluation;
  writeFileSync(
    join(out, RELIABILITY_CHART),
    await renderPng(reliabilityDiagram(`${config.name}: reliability`, calibration.binsBefore, calibration.binsAfter, calibration.method)),
  );
  writeFileSync(join(out, COVERAGE_RISK_CHART), await renderPng(riskCoverageChart(`${config.name}: coverage vs error`, evaluation.riskCoverage, RISK_LEVELS)));
  log(`wrote ${join(out, "report.md")}, ${RELIABILITY_CHART}, ${COVERAGE_RISK_CHART}`);
}, USAGE);

/** models/support and models/banking77: the shipped models whose report.md is committed. */
function isShippedModelDirectory(directory: string): boolean {
  const shipped = ["support", "banking77"].map((name) => fileURLToPath(new URL(`../${name}`, import.meta.url)));
  return shipped.includes(resolve(directory).replace(/\/+$/, ""));
}

function printSummary(evaluation: Evaluation, log: (line: string) => void): void {
  const pct = (value: number | null) => (value === null ? "n/a" : `${(value * 100).toFixed(2)}%`);
  log(`accuracy ${pct(evaluation.decided.accuracy)}  macro-F1 ${pct(evaluation.decided.macroF1)}  argmax ${pct(evaluation.argmaxAccuracy)}`);
  if (evaluation.outOfScopeExamples > 0) {
    log(`in-scope accuracy ${pct(evaluation.inScopeAccuracy)}  out-of-scope recall ${pct(evaluation.outOfScopeRecall)}`);
  }
  if (evaluation.nearDuplicateFree) {
    const free = evaluation.nearDuplicateFree;
    log(`without near-duplicates of train (${free.removed} removed): accuracy ${pct(free.accuracy)}`);
  }
  log(`ECE ${evaluation.calibration.eceBefore.toFixed(4)} -> ${evaluation.calibration.eceAfter.toFixed(4)} (${evaluation.calibration.method})`);
  log(evaluation.coverageAtRisk.map((level) => `coverage at <=${level.maxRisk * 100}% error ${pct(level.coverage)}`).join("  "));
}
