import { assertCompatibleFeaturizer, featurize } from "./featurizer.js";
import { assertIntentModelConfig, type IntentModelConfig } from "./model-config.js";
import { modelScores, type GraphRunner } from "./graph-outputs.js";
import { buildInContext, type InContextModel } from "./in-context.js";
import { decide, softmaxWithTemperature } from "./postprocess.js";
import type { AdaptableIntentClassifier, InContextSummary } from "./types.js";

/**
 * The classifier both runtimes share: featurize -> run the graph -> calibrate -> decide. Node (eval, tests) and
 * the Worker differ only in how they create the onnxruntime session behind `runGraph`. `withExamples` adds an
 * account's in-context examples (models/shared/in-context.ts).
 */
export function createIntentClassifier(config: IntentModelConfig, runGraph: GraphRunner): AdaptableIntentClassifier {
  assertIntentModelConfig(config);
  assertCompatibleFeaturizer(config.featurizer);
  return classifierOn(config, runGraph, undefined);
}

function classifierOn(config: IntentModelConfig, runGraph: GraphRunner, inContext: InContextModel | undefined): AdaptableIntentClassifier {
  const version = inContext?.version ?? config.version;
  const allLabels = inContext?.labels ?? config.labels;
  const decisionConfig = { labels: allLabels, outOfScopeLabel: config.outOfScopeLabel, thresholds: config.thresholds };
  const labels = allLabels.filter((label, index) => label !== config.outOfScopeLabel && !inContext?.hidden.has(index));
  return {
    version,
    labels,
    languages: config.languages ?? ["en"],
    async predict(text: string) {
      const scores = modelScores(await runGraph(featurize(text, config.featurizer)), config, inContext?.prototypes);
      const probabilities = softmaxWithTemperature(scores.logits, scores.temperature);
      return { modelVersion: version, ...decide(probabilities, decisionConfig, inContext?.hidden) };
    },
    async withExamples(examples, options) {
      const built = await buildInContext(config, runGraph, examples, options);
      const adapted = classifierOn(config, runGraph, built);
      const summary: InContextSummary = built.summary;
      return Object.assign(adapted, { inContext: summary });
    },
  };
}
