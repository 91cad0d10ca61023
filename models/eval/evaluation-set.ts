import { basename } from "node:path";
import { loadDataSource, loadDataSources, resolveDataPath, textKey, type DataSource } from "../data/data-source.js";
import type { BadRowPolicy } from "../data/labelled-texts.js";
import type { IntentModelConfig } from "../shared/model-config.js";
import { getPreset, type Preset } from "../presets/presets.js";
import type { EvaluationExample } from "./evaluate.js";

export interface EvaluationSet {
  readonly examples: EvaluationExample[];
  /** One line per source, for the report. */
  readonly description: string[];
  /** Training texts, when a near-duplicate-free score is wanted. */
  readonly trainTexts?: string[];
  /** The preset's notes on reading the numbers. */
  readonly notes: readonly string[];
  /** Problems the caller should print before the figures (e.g. an --oos-label the model or data lacks). */
  readonly warnings: readonly string[];
}

export interface EvaluationSetRequest {
  readonly dataRoot: string;
  /** Explicit test files; without them the model's preset test set is used. */
  readonly data?: readonly DataSource[];
  /** The label of out-of-scope examples in `data`, mapped to the model's out-of-scope class. */
  readonly outOfScopeDataLabel?: string;
  /** Skip or stop on unusable rows (models/data/labelled-texts.ts). */
  readonly badRows?: BadRowPolicy;
}

/**
 * The examples to evaluate a model on: the given files, or the benchmark test set of the preset that trained it.
 * For preset models, test texts also present in the training data are dropped when the preset says so, and the
 * training texts are returned when the preset reports a near-duplicate-free score. `presetOverride` evaluates a
 * variant of a preset (the benchmarks' cross-release check).
 */
export function loadEvaluationSet(config: IntentModelConfig, request: EvaluationSetRequest, presetOverride?: Preset): EvaluationSet {
  const presetName = typeof config.training.preset === "string" ? config.training.preset : undefined;
  const preset = presetOverride ?? (presetName ? getPreset(presetName, request.dataRoot) : undefined);
  const sources = request.data ?? preset?.test;
  if (!sources) throw new Error(`model "${config.name}" has no preset test set: pass --data <file>`);

  const mapLabel = (label: string) =>
    request.outOfScopeDataLabel !== undefined && label === request.outOfScopeDataLabel && config.outOfScopeLabel !== null ? config.outOfScopeLabel : label;
  // Only the preset's own test set is de-duplicated against its training data: a user's file needs no data set on disk.
  const seenInTrain =
    preset?.dropTestTextsSeenInTrain && !request.data
      ? new Set(loadDataSources([...preset.train, ...(preset.validation ?? [])], request.dataRoot).map((row) => textKey(row.text)))
      : undefined;

  const examples: EvaluationExample[] = [];
  const description: string[] = [];
  for (const source of sources) {
    const rows = loadDataSource(source, request.dataRoot, request.badRows);
    const kept = seenInTrain ? rows.filter((row) => !seenInTrain.has(textKey(row.text))) : rows;
    examples.push(...kept.map((row) => ({ text: row.text, label: mapLabel(row.label) })));
    const splits = source.splits ? ` [${source.splits.join(", ")}]` : "";
    const filtered = source.keepLabel ? ", other-domain intents only" : "";
    const relabelled = source.relabelAs ? ` as \`${source.relabelAs}\`` : "";
    const dropped = rows.length - kept.length;
    description.push(
      `${basename(resolveDataPath(request.dataRoot, source.path))}${splits}${filtered}${relabelled}: ${kept.length} examples` +
        (dropped > 0 ? ` (${dropped} also in the training data dropped)` : ""),
    );
  }
  const unknown = new Set(examples.map((e) => e.label).filter((label) => !config.labels.includes(label)));
  if (unknown.size > 0) {
    description.push(`labels the model does not know (always counted wrong): ${[...unknown].sort().join(", ")}`);
  }
  const warnings: string[] = [];
  const oosLabel = request.outOfScopeDataLabel;
  if (oosLabel !== undefined) {
    if (config.outOfScopeLabel === null) {
      warnings.push(`--oos-label "${oosLabel}": model ${config.name} has no out-of-scope class, so those examples always count as wrong`);
    }
    if (!examples.some((example) => example.label === oosLabel || (config.outOfScopeLabel !== null && example.label === config.outOfScopeLabel))) {
      warnings.push(`--oos-label "${oosLabel}": no test example has this label`);
    }
  }
  const trainTexts = preset?.reportNearDuplicateFreeScore ? loadDataSources(preset.train, request.dataRoot).map((row) => row.text) : undefined;
  return { examples, description, trainTexts, notes: request.data ? [] : (preset?.notes ?? []), warnings };
}
