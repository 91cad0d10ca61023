import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as ort from "onnxruntime-web";
import { readGraphOutput, type GraphRunner } from "../shared/graph-outputs.js";
import { assertIntentModelConfig, ONNX_INPUT_NAME, ONNX_SESSION_OPTIONS, type IntentModelConfig } from "../shared/model-config.js";
import { CONFIG_FILE, MODEL_FILE } from "../onnx/export-model.js";

/**
 * onnxruntime-web's wasm backend in Node, the same runtime and version the Worker uses, so evaluation measures
 * the graph that ships. Single-threaded, like the Worker.
 */
export async function createNodeGraphRunner(onnx: Uint8Array): Promise<GraphRunner> {
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(onnx, { ...ONNX_SESSION_OPTIONS, executionProviders: [...ONNX_SESSION_OPTIONS.executionProviders] });
  return async (featureIds) =>
    readGraphOutput(await session.run({ [ONNX_INPUT_NAME]: new ort.Tensor("int32", featureIds, [featureIds.length]) }), session.outputNames);
}

export interface ModelDirectory {
  readonly directory: string;
  readonly config: IntentModelConfig;
  readonly onnx: Uint8Array;
}

export function readModelDirectory(directory: string): ModelDirectory {
  const config: unknown = JSON.parse(readFileSync(join(directory, CONFIG_FILE), "utf8"));
  assertIntentModelConfig(config);
  return { directory, config, onnx: readFileSync(join(directory, MODEL_FILE)) };
}
