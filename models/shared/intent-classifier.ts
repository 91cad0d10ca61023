import { assertCompatibleFeaturizer, featurize } from "./featurizer.js";
import { assertIntentModelConfig, type IntentModelConfig } from "./model-config.js";
import { modelScores, type GraphRunner } from "./graph-outputs.js";
import { decide, softmaxWithTemperature } from "./postprocess.js";
import type { IntentClassifier } from "./types.js";

/**
 * The classifier both runtimes share: featurize -> run the graph -> calibrate -> decide. Node (eval, tests) and
 * the Worker differ only in how they create the onnxruntime session behind `runGraph`.
 */
export function createIntentClassifier(config: IntentModelConfig, runGraph: GraphRunner): IntentClassifier {
  assertIntentModelConfig(config);
  assertCompatibleFeaturizer(config.featurizer);
  const labels = config.labels.filter((label) => label !== config.outOfScopeLabel);
  return {
    version: config.version,
    labels,
    async predict(text: string) {
      const scores = modelScores(await runGraph(featurize(text, config.featurizer)), config);
      const probabilities = softmaxWithTemperature(scores.logits, scores.temperature);
      return { modelVersion: config.version, ...decide(probabilities, config) };
    },
  };
}
