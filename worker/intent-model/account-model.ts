/**
 * The edge model an account runs: its live version from R2, or the shipped model, adapted with the taxonomy's
 * example phrases. Everything is cached per isolate:
 *   - opened account models (an onnxruntime session each), keyed by their R2 folder (account + version), at
 *     most MAX_OPEN_MODELS, least recently used evicted; an evicted session is freed once it has been idle for
 *     a while (a request may still hold it);
 *   - a failed load, for RETRY_FAILED_LOAD_MS, so a broken artifact is not fetched from R2 on every ticket,
 *     then retried;
 *   - adapted classifiers, keyed by (model, hash of the taxonomy's enabled intents and examples).
 * The live pointer itself is read from D1 on every call (one indexed query), so a promotion or a rollback takes
 * effect on the next ticket in every isolate.
 */
import type { IntentModelConfig } from "../../models/shared/model-config";
import type { IntentClassifier } from "../../models/shared/types";
import type { Env } from "../env/bindings";
import { sha256Hex } from "../lib/hash";
import { log } from "../lib/log";
import { getArtifact } from "../models-registry/artifacts";
import type { Database } from "../store/db";
import { liveModelVersion, type ModelVersionRow } from "../store/models";
import { enabledIntentIds, type IntentTaxonomy } from "../triage/intents/schema";
import { ArtifactInvalid, openArtifact, shortReason, type OpenedModel } from "./artifact";
import { loadIntentClassifier, shippedModelConfig } from "./index";

export interface AccountClassifier {
  /** null: no model could be loaded at all (triage runs on rules and the LLM tier). */
  classifier: IntentClassifier | null;
  /** Why the account's own model is not the one answering (it failed to load, say), or null. */
  fallback: string | null;
}

/** An account model's sessions are ~10 MB of an isolate's 128 MB once ort has dequantized the weights. */
export const MAX_OPEN_MODELS = 4;
export const RETRY_FAILED_LOAD_MS = 30_000;
/** An evicted session is freed after this long without a prediction (no request holds one that long). */
const RELEASE_IDLE_MS = 60_000;
const MAX_ADAPTED = 32;

/** A base model (before the taxonomy's examples): the shipped one or an account version. */
export interface BaseModel {
  /** Cache key: "shipped", or the version's R2 folder. */
  readonly key: string;
  readonly version: string;
  readonly config: IntentModelConfig;
  readonly classifier: IntentClassifier;
}

type Loading =
  | { state: "loading"; promise: Promise<BaseModel> }
  | { state: "open"; model: BaseModel; opened: OpenedModel; usedAt: number }
  | { state: "failed"; reason: string; at: number };

const open = new Map<string, Loading>();
/** Evicted sessions waiting to be idle long enough to free. */
const evicted: { opened: OpenedModel; usedAt: number }[] = [];
const adapted = new Map<string, Promise<IntentClassifier>>();

export class ModelLoadFailed extends Error {}

/** The registry fields loading needs. */
export type VersionRef = Pick<ModelVersionRow, "accountId" | "version" | "r2Key" | "sha256">;

/** An account version from R2, opened once per isolate; throws ModelLoadFailed with the reason. */
export async function openModelVersion(env: Pick<Env, "MODELS">, ref: VersionRef): Promise<BaseModel> {
  const now = Date.now();
  freeIdleEvicted(now);
  const entry = open.get(ref.r2Key);
  if (entry?.state === "open") {
    entry.usedAt = now;
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
      open.set(ref.r2Key, { state: "open", model, opened, usedAt: Date.now() });
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

async function loadFromR2(bucket: R2Bucket, ref: VersionRef): Promise<OpenedModel> {
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
    evicted.push({ opened: entry.opened, usedAt: entry.usedAt });
  }
}

function freeIdleEvicted(now: number): void {
  for (let i = evicted.length - 1; i >= 0; i--) {
    const item = evicted[i]!;
    if (now - item.usedAt < RELEASE_IDLE_MS) continue;
    evicted.splice(i, 1);
    item.opened.release().catch(() => {});
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
    classifier = withExamples(base, context).catch((error: unknown) => {
      adapted.delete(key);
      throw error;
    });
    if (adapted.size >= MAX_ADAPTED) adapted.delete(adapted.keys().next().value!);
    adapted.set(key, classifier);
  }
  return classifier;
}

/**
 * WIRE: the one call site of the in-context examples API (models/shared, being added): the examples join the
 * prototype vote and labels outside enabledLabels never answer. Until it lands the base model answers as is.
 */
async function withExamples(base: BaseModel, _context: ReturnType<typeof inContextExamples>): Promise<IntentClassifier> {
  return base.classifier;
}

/**
 * The classifier for one registry version (undefined: the account runs the shipped model), adapted to the
 * taxonomy. A version that cannot be loaded falls back to the shipped model and says why.
 */
export async function classifierForVersion(
  env: Pick<Env, "MODELS">,
  live: VersionRef | undefined,
  taxonomy: IntentTaxonomy,
): Promise<AccountClassifier & { base: BaseModel | null }> {
  let base: BaseModel | null = null;
  let fallback: string | null = null;
  if (live) {
    try {
      base = await openModelVersion(env, live);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log.warn("account model failed to load; the shipped model answers", { account: live.accountId, version: live.version, reason });
      fallback = `account model ${live.version} failed to load: ${reason}; the shipped model answered`;
    }
  }
  if (!base) {
    try {
      base = await shippedModel();
    } catch (error) {
      log.error("the shipped model failed to load", { reason: shortReason(error) });
      return {
        classifier: null,
        base: null,
        fallback: `${fallback ? `${fallback.replace(/; the shipped model answered$/, "")}; ` : ""}the shipped model failed to load too`,
      };
    }
  }
  try {
    return { classifier: await adaptToTaxonomy(base, taxonomy), base, fallback };
  } catch (error) {
    // The model still answers on its own intents; the taxonomy's examples just do not join its vote.
    const reason = shortReason(error);
    log.warn("in-context examples could not be applied", { version: base.version, reason });
    return { classifier: base.classifier, base, fallback: [fallback, `the taxonomy's examples were not applied (${reason})`].filter(Boolean).join("; ") };
  }
}

export async function classifierForAccount(
  env: Env,
  db: Database,
  accountId: string,
  taxonomy: { version: number | null; taxonomy: IntentTaxonomy },
): Promise<AccountClassifier> {
  const { classifier, fallback } = await classifierForVersion(env, await liveModelVersion(db, accountId), taxonomy.taxonomy);
  return { classifier, fallback };
}

/** For tests and the bench: forget every cached model of this isolate (sessions are freed). */
export async function resetAccountModelCache(): Promise<void> {
  const sessions = [...open.values()].flatMap((e) => (e.state === "open" ? [e.opened] : [])).concat(evicted.map((e) => e.opened));
  open.clear();
  evicted.length = 0;
  adapted.clear();
  await Promise.all(sessions.map((s) => s.release().catch(() => {})));
}
