/**
 * The per-isolate caches behind the account model (./account-model.ts): opened models and adapted classifiers.
 *   - opened account models (an onnxruntime session each), keyed by their R2 folder (account + version), at most
 *     MAX_OPEN_MODELS, least recently used evicted; an evicted session is freed as soon as no prediction runs on it;
 *   - a failed load, for RETRY_FAILED_LOAD_MS, so a broken artifact is not fetched from R2 on every ticket, then
 *     retried;
 *   - adapted classifiers, keyed by (model, hash of the taxonomy's enabled intents and examples).
 * No D1, no logging, no Worker-only types: the bench Worker runs it as is.
 */
import type { IntentModelConfig } from "../../models/shared/model-config";
import type { AdaptableIntentClassifier, IntentClassifier } from "../../models/shared/types";
import { sha256Hex } from "../lib/hash";
import { getArtifact, type ModelBucket } from "../models-registry/artifacts";
import { enabledIntentIds, type IntentTaxonomy } from "../triage/intents/schema";
import { ArtifactInvalid, openArtifact, shortReason, type OpenedModel } from "./artifact";
import { loadIntentClassifier, shippedModelConfig } from "./index";

/** An account model's sessions are ~10 MB of an isolate's 128 MB once ort has dequantized the weights. */
export const MAX_OPEN_MODELS = 4;
export const RETRY_FAILED_LOAD_MS = 30_000;
const MAX_ADAPTED = 32;

/** A base model (before the taxonomy's examples): the shipped one or an account version. */
export interface BaseModel {
  /** Cache key: "shipped", or the version's R2 folder. */
  readonly key: string;
  readonly version: string;
  readonly config: IntentModelConfig;
  readonly classifier: AdaptableIntentClassifier;
}

type Loading =
  | { state: "loading"; promise: Promise<BaseModel> }
  | { state: "open"; model: BaseModel; opened: OpenedModel }
  | { state: "failed"; reason: string; at: number };

const open = new Map<string, Loading>();
const adapted = new Map<string, Promise<IntentClassifier>>();

export class ModelLoadFailed extends Error {}

/** The registry fields loading needs (a row of worker/store/models.ts fits). */
export interface VersionRef {
  accountId: string;
  version: string;
  /** The version's R2 folder. */
  r2Key: string;
  sha256: string;
}

/** An account version from R2, opened once per isolate; throws ModelLoadFailed with the reason. */
export async function openModelVersion(env: { MODELS: ModelBucket }, ref: VersionRef): Promise<BaseModel> {
  const now = Date.now();
  const entry = open.get(ref.r2Key);
  if (entry?.state === "open") {
    // Re-insert: Map order is the LRU order.
    open.delete(ref.r2Key);
    open.set(ref.r2Key, entry);
    return entry.model;
  }
  if (entry?.state === "loading") return entry.promise;
  if (entry?.state === "failed" && now - entry.at < RETRY_FAILED_LOAD_MS) throw new ModelLoadFailed(entry.reason);

  const promise = loadFromR2(env.MODELS, ref).then(
    (opened) => {
      const model: BaseModel = { key: ref.r2Key, version: opened.config.version, config: opened.config, classifier: opened.classifier };
      open.set(ref.r2Key, { state: "open", model, opened });
      evictBeyondLimit();
      return model;
    },
    (error: unknown) => {
      const reason = error instanceof ArtifactInvalid || error instanceof ModelLoadFailed ? error.message : shortReason(error);
      open.set(ref.r2Key, { state: "failed", reason, at: Date.now() });
      throw new ModelLoadFailed(reason);
    },
  );
  open.set(ref.r2Key, { state: "loading", promise });
  return promise;
}

async function loadFromR2(bucket: ModelBucket, ref: VersionRef): Promise<OpenedModel> {
  const read = await getArtifact(bucket, ref.r2Key);
  if (!read.ok) throw new ModelLoadFailed(read.reason);
  let config: unknown;
  try {
    config = JSON.parse(read.configText);
  } catch {
    throw new ModelLoadFailed("config.json in R2 is not JSON");
  }
  // The registry recorded the graph's checksum at upload: a config swapped for another version's is refused too.
  if ((config as { graph?: { sha256?: unknown } } | null)?.graph?.sha256 !== ref.sha256) {
    throw new ModelLoadFailed(`config.json in R2 does not describe the registered graph (sha256 ${ref.sha256.slice(0, 12)}…)`);
  }
  const opened = await openArtifact(new Uint8Array(read.onnx), config);
  if (opened.config.version !== ref.version) {
    await opened.release();
    throw new ModelLoadFailed(`config.json in R2 is version ${opened.config.version}, not ${ref.version}`);
  }
  return opened;
}

function evictBeyondLimit(): void {
  const openKeys = [...open].filter(([, e]) => e.state === "open").map(([key]) => key);
  for (const key of openKeys.slice(0, Math.max(0, openKeys.length - MAX_OPEN_MODELS))) {
    const entry = open.get(key);
    if (entry?.state !== "open") continue;
    open.delete(key);
    for (const adaptedKey of [...adapted.keys()]) if (adaptedKey.startsWith(`${key}|`)) adapted.delete(adaptedKey);
    entry.opened.release().catch(() => {});
  }
}

/** The shipped model as a base model (its session lives for the isolate; see ./index.ts). */
export async function shippedModel(): Promise<BaseModel> {
  const classifier = await loadIntentClassifier();
  return { key: "shipped", version: classifier.version, config: shippedModelConfig, classifier };
}

/** What of the taxonomy reaches the model: enabled intent ids and every enabled intent's example phrases. */
export function inContextExamples(taxonomy: IntentTaxonomy): { examples: { label: string; text: string }[]; enabledLabels: string[] } {
  const enabled = taxonomy.intents.filter((i) => i.enabled);
  return { examples: enabled.flatMap((i) => i.examples.map((text) => ({ label: i.id, text }))), enabledLabels: enabledIntentIds(taxonomy) };
}

/**
 * The base model with the taxonomy's examples in its prototype vote and only the enabled intents answerable,
 * cached per (model, taxonomy content), so a new taxonomy version with the same examples reuses the work.
 */
export async function adaptToTaxonomy(base: BaseModel, taxonomy: IntentTaxonomy): Promise<IntentClassifier> {
  const context = inContextExamples(taxonomy);
  const key = `${base.key}|${await sha256Hex(JSON.stringify(context))}`;
  let classifier = adapted.get(key);
  if (!classifier) {
    classifier = base.classifier.withExamples(context.examples, { enabledLabels: context.enabledLabels }).catch((error: unknown) => {
      adapted.delete(key);
      throw error;
    });
    if (adapted.size >= MAX_ADAPTED) adapted.delete(adapted.keys().next().value!);
    adapted.set(key, classifier);
  }
  return classifier;
}

/** For tests and the bench: forget every cached model of this isolate (sessions are freed). */
export async function resetAccountModelCache(): Promise<void> {
  const sessions = [...open.values()].flatMap((e) => (e.state === "open" ? [e.opened] : []));
  open.clear();
  adapted.clear();
  await Promise.all(sessions.map((s) => s.release().catch(() => {})));
}
