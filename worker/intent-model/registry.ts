/**
 * An account's model versions: upload a candidate (checked, stored in R2, registered in D1), promote it when it
 * beats the live model on the account's held-out examples (./evaluate.ts), roll back to the version before.
 * Every change is audited. Results are typed; worker/admin/models.ts turns them into HTTP answers.
 */
import type { Env } from "../env/bindings";
import { artifactFolder, hasArtifact, putArtifact } from "../models-registry/artifacts";
import { audit } from "../store/audit";
import type { Database } from "../store/db";
import { currentTaxonomy } from "../store/intents";
import { accountModelPointer, findModelVersion, insertModelVersion, markLive, movePointer, recordEvaluation, type ModelVersionRow } from "../store/models";
import { trainingExamplesFor } from "../store/training-examples";
import { classifierForVersion } from "./account-model";
import { adaptToTaxonomy, ModelLoadFailed, openModelVersion } from "./loader";
import { ArtifactInvalid, checkArtifact, openArtifact } from "./artifact";
import { compareModels, evaluateModel, type Comparison, type ModelEvaluation } from "./evaluate";

/** Fewer held-out examples than this and a promotion is refused unless forced: the figures would be noise. */
export const MIN_HELD_OUT = 20;
/** Held-out examples a promotion check runs (oldest first); both models run each one in the request. */
export const MAX_HELD_OUT = 5_000;

export type UploadResult = { created: boolean; row: ModelVersionRow } | { conflict: string };

/** Checks the artifact (size, config, checksum, and that the graph loads and predicts), stores it, registers it. */
export async function uploadModel(
  env: Pick<Env, "MODELS">,
  db: Database,
  accountId: string,
  upload: { onnx: Uint8Array; config: unknown; training: Record<string, unknown> },
): Promise<UploadResult> {
  const { config, sha256 } = await checkArtifact(upload.onnx, upload.config);
  const existing = await findModelVersion(db, accountId, config.version);
  if (existing) {
    if (existing.sha256 === sha256) return { created: false, row: existing };
    return { conflict: `version ${config.version} is already registered with another graph (sha256 ${existing.sha256.slice(0, 12)}…)` };
  }
  const opened = await openArtifact(upload.onnx, config);
  await opened.release();
  const folder = artifactFolder(accountId, config.version);
  // Same version, same bytes: a retried upload whose D1 write failed finds the objects already there.
  if (!(await hasArtifact(env.MODELS, folder))) await putArtifact(env.MODELS, folder, { onnx: upload.onnx, sha256, configJson: JSON.stringify(config) });
  const result = await insertModelVersion(db, {
    accountId,
    version: config.version,
    r2Key: folder,
    bytes: upload.onnx.length,
    sha256,
    labels: config.labels.filter((l) => l !== config.outOfScopeLabel),
    training: upload.training,
    createdBy: "admin",
  });
  if (result.created) {
    await audit(db, {
      accountId,
      actor: "admin",
      action: "model.uploaded",
      subject: `model:${config.version}`,
      details: { bytes: upload.onnx.length, sha256, labels: result.row.labels.length },
    });
  }
  return result;
}

export interface PromotionEvaluation {
  checkedAt: string;
  heldOut: number;
  minHeldOut: number;
  targetPrecision: number;
  candidate: ModelEvaluation | null;
  /** The model answering today: the live version, or the shipped model (also when the live one fails to load). */
  live: (ModelEvaluation & { fallback: string | null }) | null;
  comparison: Comparison | null;
  promoted: boolean;
  forced: boolean;
  forceReason: string | null;
}

export type PromotionResult =
  | { outcome: "not_found" }
  | { outcome: "already_live"; row: ModelVersionRow }
  | { outcome: "does_not_load"; reason: string }
  | { outcome: "not_enough_held_out"; evaluation: PromotionEvaluation }
  | { outcome: "not_better"; evaluation: PromotionEvaluation }
  | { outcome: "live_changed" }
  | { outcome: "promoted"; evaluation: PromotionEvaluation; previousVersion: string | null };

export async function promoteModel(
  env: Pick<Env, "MODELS">,
  db: Database,
  accountId: string,
  version: string,
  force: { reason: string } | null,
): Promise<PromotionResult> {
  const row = await findModelVersion(db, accountId, version);
  if (!row) return { outcome: "not_found" };
  const pointer = await accountModelPointer(db, accountId);
  const liveVersion = pointer?.liveVersion ?? null;
  if (liveVersion === version) return { outcome: "already_live", row };

  const heldOut = await trainingExamplesFor(db, accountId, { split: "held_out", limit: MAX_HELD_OUT });
  let candidateBase: Awaited<ReturnType<typeof openModelVersion>>;
  try {
    candidateBase = await openModelVersion(env, row);
  } catch (error) {
    if (error instanceof ModelLoadFailed) return { outcome: "does_not_load", reason: error.message };
    throw error;
  }
  const targetPrecision = candidateBase.config.thresholds.targetPrecision;
  const evaluation: PromotionEvaluation = {
    checkedAt: new Date().toISOString(),
    heldOut: heldOut.length,
    minHeldOut: MIN_HELD_OUT,
    targetPrecision,
    candidate: null,
    live: null,
    comparison: null,
    promoted: false,
    forced: force !== null,
    forceReason: force?.reason ?? null,
  };

  if (heldOut.length > 0) {
    const stored = await currentTaxonomy(db, accountId);
    const liveRow = liveVersion ? await findModelVersion(db, accountId, liveVersion) : undefined;
    // Both models run as they would on tickets: with the account's taxonomy examples in their vote.
    const [candidate, live] = await Promise.all([adaptToTaxonomy(candidateBase, stored.taxonomy), classifierForVersion(env, liveRow, stored.taxonomy)]);
    const examples = heldOut.map((e) => ({ text: e.text, intent: e.intent }));
    evaluation.candidate = await evaluateModel(candidate, candidateBase.config.outOfScopeLabel, examples, targetPrecision);
    if (live.classifier && live.base) {
      evaluation.live = { ...(await evaluateModel(live.classifier, live.base.config.outOfScopeLabel, examples, targetPrecision)), fallback: live.fallback };
      evaluation.comparison = compareModels(evaluation.candidate, evaluation.live);
    }
  }

  if (!force) {
    if (heldOut.length < MIN_HELD_OUT) {
      await recordEvaluation(db, accountId, version, { ...evaluation });
      await auditRefusal(db, accountId, version, "not_enough_held_out", evaluation);
      return { outcome: "not_enough_held_out", evaluation };
    }
    if (evaluation.comparison?.verdict !== "better") {
      // A worse candidate is rejected; a tie stays a candidate (more held-out examples may separate them later).
      await recordEvaluation(db, accountId, version, { ...evaluation }, evaluation.comparison?.verdict === "worse" ? "rejected" : "candidate");
      await auditRefusal(db, accountId, version, "candidate_not_better", evaluation);
      return { outcome: "not_better", evaluation };
    }
  }

  if (!(await movePointer(db, accountId, { expectedLive: liveVersion, liveVersion: version, previousVersion: liveVersion, updatedBy: "admin" }))) {
    return { outcome: "live_changed" };
  }
  evaluation.promoted = true;
  await markLive(db, accountId, version, true);
  await recordEvaluation(db, accountId, version, { ...evaluation });
  await audit(db, {
    accountId,
    actor: "admin",
    action: "model.promoted",
    subject: `model:${version}`,
    details: {
      previousVersion: liveVersion,
      forced: evaluation.forced,
      forceReason: evaluation.forceReason,
      heldOut: evaluation.heldOut,
      candidate: figures(evaluation.candidate),
      live: figures(evaluation.live),
    },
  });
  return { outcome: "promoted", evaluation, previousVersion: liveVersion };
}

async function auditRefusal(db: Database, accountId: string, version: string, why: string, evaluation: PromotionEvaluation): Promise<void> {
  await audit(db, {
    accountId,
    actor: "admin",
    action: "model.promotion_refused",
    subject: `model:${version}`,
    details: { why, heldOut: evaluation.heldOut, candidate: figures(evaluation.candidate), live: figures(evaluation.live) },
  });
}

function figures(e: ModelEvaluation | null) {
  return e ? { version: e.version, accuracy: e.accuracy, coverageAtPrecision: e.coverageAtPrecision, targetPrecision: e.targetPrecision } : null;
}

export type RollbackResult = { outcome: "nothing_to_roll_back" } | { outcome: "live_changed" } | { outcome: "rolled_back"; from: string; to: string | null };

/**
 * Back to the version that was live before the current one (null: the shipped model). The registry keeps one step
 * of history: after a rollback the previous version is the shipped model, and a version can be promoted again.
 */
export async function rollbackModel(db: Database, accountId: string): Promise<RollbackResult> {
  const pointer = await accountModelPointer(db, accountId);
  const from = pointer?.liveVersion ?? null;
  if (from === null) return { outcome: "nothing_to_roll_back" };
  const to = pointer?.previousVersion ?? null;
  if (!(await movePointer(db, accountId, { expectedLive: from, liveVersion: to, previousVersion: null, updatedBy: "admin" })))
    return { outcome: "live_changed" };
  await markLive(db, accountId, to, false);
  await audit(db, { accountId, actor: "admin", action: "model.rolled_back", subject: `model:${from}`, details: { from, to } });
  return { outcome: "rolled_back", from, to };
}

export { ArtifactInvalid };
