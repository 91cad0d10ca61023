/**
 * The R2 side of an account's edge model: one folder per version, `models/<account>/<version>/`, holding
 * `model.onnx` (the int8 graph) and `config.json`. A thin adapter: checking what is stored is the caller's job.
 */

export const MODEL_OBJECT = "model.onnx";
export const CONFIG_OBJECT = "config.json";

/**
 * The R2 calls used here, typed structurally: an R2Bucket fits, and the file type-checks outside the Worker's
 * types too (the bench Worker's loader).
 */
export interface ModelBucket {
  get(key: string): Promise<{ arrayBuffer(): Promise<ArrayBuffer>; text(): Promise<string>; body: ReadableStream } | null>;
  head(key: string): Promise<object | null>;
  put(key: string, value: Uint8Array | string, options?: { sha256?: string; httpMetadata?: { contentType?: string } }): Promise<unknown>;
}

/** The folder of one version; the registry stores it as `r2Key`. */
export function artifactFolder(accountId: string, version: string): string {
  return `models/${accountId}/${version}/`;
}

/**
 * Writes the graph, then the config (a reader finds the config only when the graph is there). R2 checks the
 * graph's SHA-256 on write, so a body damaged in transit is refused rather than stored.
 */
export async function putArtifact(bucket: ModelBucket, folder: string, artifact: { onnx: Uint8Array; sha256: string; configJson: string }): Promise<void> {
  await bucket.put(folder + MODEL_OBJECT, artifact.onnx, { sha256: artifact.sha256, httpMetadata: { contentType: "application/octet-stream" } });
  await bucket.put(folder + CONFIG_OBJECT, artifact.configJson, { httpMetadata: { contentType: "application/json" } });
}

export type ArtifactRead = { ok: true; onnx: ArrayBuffer; configText: string } | { ok: false; reason: string };

/** Both objects of a version, or which one is missing. */
export async function getArtifact(bucket: ModelBucket, folder: string): Promise<ArtifactRead> {
  const [model, config] = await Promise.all([bucket.get(folder + MODEL_OBJECT), bucket.get(folder + CONFIG_OBJECT)]);
  if (!model) {
    await config?.body.cancel();
    return { ok: false, reason: `${MODEL_OBJECT} is missing from R2` };
  }
  if (!config) {
    await model.body.cancel();
    return { ok: false, reason: `${CONFIG_OBJECT} is missing from R2` };
  }
  const [onnx, configText] = await Promise.all([model.arrayBuffer(), config.text()]);
  return { ok: true, onnx, configText };
}

/** Whether the version's graph is already stored (an idempotent re-upload skips the write). */
export async function hasArtifact(bucket: ModelBucket, folder: string): Promise<boolean> {
  const [model, config] = await Promise.all([bucket.head(folder + MODEL_OBJECT), bucket.head(folder + CONFIG_OBJECT)]);
  return model !== null && config !== null;
}
