import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ONNX_INPUT_NAME, ONNX_OUTPUT_NAME, ONNX_SCORES_OUTPUT_NAME, type IntentModelConfig } from "../shared/model-config.js";
import { graphReturnsPooled } from "../shared/graph-outputs.js";
import type { TrainedIntentModel } from "../train/train-intent-model.js";
import type { FeaturizerConfig } from "../shared/featurizer.js";
import { buildEmbeddingBagGraph, type WeightFormat } from "./build-graph.js";

export const MODEL_FILE = "model.onnx";
export const CONFIG_FILE = "config.json";
const PRODUCER_VERSION = "1";

export interface ExportedModel {
  readonly onnx: Uint8Array;
  readonly config: IntentModelConfig;
}

/**
 * The ONNX bytes and config of a trained model. The version is `<name>-<hash>`, the hash covering the graph and
 * every config field inference reads, so two exports share a version exactly when they behave the same.
 */
export function exportIntentModel(
  name: string,
  trained: TrainedIntentModel,
  featurizer: FeaturizerConfig,
  format: WeightFormat,
  training: Record<string, unknown>,
  languages: readonly string[] = ["en"],
): ExportedModel {
  const returnsPooled = graphReturnsPooled({ neighbourVote: voteConfig(trained), calibration: trained.calibration });
  const onnx = buildEmbeddingBagGraph(trained.weights, format, PRODUCER_VERSION, returnsPooled);
  const sha256 = createHash("sha256").update(onnx).digest("hex");
  const behaviour = {
    format: "edge-triage-intent-model/1" as const,
    name,
    labels: trained.labels,
    outOfScopeLabel: trained.outOfScopeLabel,
    featurizer,
    graph: {
      file: MODEL_FILE,
      input: ONNX_INPUT_NAME,
      output: returnsPooled ? ONNX_SCORES_OUTPUT_NAME : ONNX_OUTPUT_NAME,
      weights: format,
      bytes: onnx.length,
      sha256,
    },
    calibration: { ...trained.calibration, validationExamples: trained.validation.examples },
    thresholds: trained.thresholds,
    neighbourVote: voteConfig(trained),
    // English only is the default a config without the field means, so English models keep their version.
    ...(languages.length === 1 && languages[0] === "en" ? {} : { languages: [...languages] }),
  };
  const contentHash = createHash("sha256").update(JSON.stringify(behaviour)).digest("hex").slice(0, 12);
  const config: IntentModelConfig = { ...behaviour, version: `${name}-${contentHash}`, training };
  return { onnx, config: orderedConfig(config) };
}

/** Same fields, readable order in the JSON file (version near the top). */
function orderedConfig(config: IntentModelConfig): IntentModelConfig {
  const { format, name, version, labels, outOfScopeLabel, featurizer, graph, calibration, thresholds, neighbourVote, training, languages } = config;
  return {
    format,
    name,
    version,
    labels,
    outOfScopeLabel,
    featurizer,
    graph,
    calibration,
    thresholds,
    neighbourVote,
    training,
    ...(languages ? { languages } : {}),
  };
}

function voteConfig(trained: TrainedIntentModel): IntentModelConfig["neighbourVote"] {
  const memory = trained.weights.neighbours;
  if (!memory) return null;
  const prototypesPerLabel = trained.labels.map(() => 0);
  memory.labels.forEach((label, p) => {
    if (p > 0 && label < memory.labels[p - 1]!) throw new Error("neighbour prototypes must be grouped by class in class order");
    prototypesPerLabel[label]!++;
  });
  return { k: memory.k, temperature: memory.temperature, weight: memory.weight, prototypesPerLabel };
}

export function writeModelDirectory(directory: string, model: ExportedModel): void {
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, MODEL_FILE), model.onnx);
  writeFileSync(join(directory, CONFIG_FILE), `${JSON.stringify(model.config, null, 2)}\n`);
}
