/**
 * An account model's artifact (int8 ONNX bytes + config.json), checked and opened. The same checks run when an
 * artifact is uploaded and every time one is loaded from R2, so a corrupt or swapped object is refused at load
 * instead of answering tickets.
 */
import { createIntentClassifier } from "../../models/shared/intent-classifier";
import { parseIntentModelConfig, type IntentModelConfig } from "../../models/shared/model-config";
import type { AdaptableIntentClassifier } from "../../models/shared/types";
import { sha256Hex } from "../lib/hash";
import { createOnnxSession } from "./onnx-session";

/** Largest graph an account may upload: the shipped models are ~2.4 MB, the budget is 4 MB. */
export const MAX_MODEL_BYTES = 8 * 1024 * 1024;

/** `<name>-<12 hex>` as models/onnx/export-model.ts writes it; also safe in an R2 key and a URL path. */
export const MODEL_VERSION_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,80}-[0-9a-f]{12}$/;

export class ArtifactInvalid extends Error {
  constructor(
    readonly code: "model_too_large" | "invalid_model_config" | "invalid_version" | "bytes_mismatch" | "sha256_mismatch" | "model_does_not_load",
    message: string,
  ) {
    super(message);
  }
}

/** Config, size and checksum: everything that can be judged without creating a session. */
export async function checkArtifact(onnx: Uint8Array, configValue: unknown): Promise<{ config: IntentModelConfig; sha256: string }> {
  if (onnx.length > MAX_MODEL_BYTES) throw new ArtifactInvalid("model_too_large", `The graph is ${onnx.length} bytes; the limit is ${MAX_MODEL_BYTES}.`);
  let config: IntentModelConfig;
  try {
    config = parseIntentModelConfig(configValue);
  } catch (error) {
    throw new ArtifactInvalid("invalid_model_config", error instanceof Error ? error.message : String(error));
  }
  if (!MODEL_VERSION_PATTERN.test(config.version) || !config.version.startsWith(`${config.name}-`)) {
    throw new ArtifactInvalid("invalid_version", `version "${config.version.slice(0, 100)}" is not "<name>-<12 hex digits>" with the config's name.`);
  }
  if (config.graph?.weights !== "int8") throw new ArtifactInvalid("invalid_model_config", "account models are int8 graphs (config.graph.weights).");
  if (config.graph.bytes !== onnx.length) {
    throw new ArtifactInvalid("bytes_mismatch", `config.graph.bytes says ${config.graph.bytes}; the graph has ${onnx.length} bytes.`);
  }
  const sha256 = await sha256Hex(onnx);
  if (sha256 !== config.graph.sha256)
    throw new ArtifactInvalid("sha256_mismatch", `the graph's SHA-256 is ${sha256}; config.graph.sha256 says ${config.graph.sha256}.`);
  return { config, sha256 };
}

export interface OpenedModel {
  readonly config: IntentModelConfig;
  readonly classifier: AdaptableIntentClassifier;
  /** Frees the onnxruntime session (once no prediction is running on it). */
  release(): Promise<void>;
}

/**
 * Checks the artifact, creates its session and runs one prediction, so a graph that does not fit its config
 * (wrong label count, no pooled vector where the vote needs one) fails here rather than on a ticket.
 */
export async function openArtifact(onnx: Uint8Array, configValue: unknown): Promise<OpenedModel> {
  const { config } = await checkArtifact(onnx, configValue);
  let session: Awaited<ReturnType<typeof createOnnxSession>>;
  try {
    session = await createOnnxSession(onnx);
  } catch (error) {
    throw new ArtifactInvalid("model_does_not_load", `onnxruntime cannot load the graph: ${shortReason(error)}`);
  }
  const classifier = createIntentClassifier(config, session.run);
  try {
    await classifier.predict("Hello, I have a question about my order.");
  } catch (error) {
    await session.release().catch(() => {});
    throw new ArtifactInvalid("model_does_not_load", `the graph does not fit its config: ${shortReason(error)}`);
  }
  return { config, classifier, release: session.release };
}

/** An error as one short line (runtime messages can be long; none of them carries ticket text). */
export function shortReason(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s+/g, " ").slice(0, 200);
}
