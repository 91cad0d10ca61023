/// <reference path="./modules.d.ts" />
import config from "../../models/support/config.json";
import modelBytes from "../../models/support/model.onnx";
import { createIntentClassifier } from "../../models/shared/intent-classifier";
import { parseIntentModelConfig } from "../../models/shared/model-config";
import type { AdaptableIntentClassifier } from "../../models/shared/types";
import { createOnnxGraphRunner } from "./onnx-session";

export type { IntentClassifier, IntentPrediction } from "../../models/shared/types";

// Checked at module load: a config that does not fit this code fails loudly before any ticket is triaged.
const shippedConfig = parseIntentModelConfig(config);

/** The shipped model's config (its out-of-scope label and target precision judge candidates against it). */
export const shippedModelConfig = shippedConfig;

/** Version of the shipped model, known without loading it (for /health and stored decisions). */
export const SHIPPED_MODEL_VERSION: string = shippedConfig.version;

let cached: Promise<AdaptableIntentClassifier> | undefined;

/**
 * The shipped `support` intent model. The onnxruntime session is created on the first call and reused by every
 * later request in this isolate (creating it costs hundreds of milliseconds; a warm call costs microseconds).
 * A failed load is not cached, so the next request retries.
 */
export function loadIntentClassifier(): Promise<AdaptableIntentClassifier> {
  cached ??= createOnnxGraphRunner(modelBytes)
    .then((runGraph) => createIntentClassifier(shippedConfig, runGraph))
    .catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
  return cached;
}
