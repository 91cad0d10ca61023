/**
 * The models admin API: an account's edge model versions and the training examples they are made from.
 *   GET  /admin/models?account=                      versions (status, size, labels, evaluation) and the live pointer
 *   GET  /admin/models/:version?account=             one version, with its label names
 *   POST /admin/models?account=                      upload a candidate: JSON {config, model: base64 of model.onnx, training?}
 *   POST /admin/models/:version/promote?account=     promote if it beats the live model [&force=true&reason=...]
 *   POST /admin/models/rollback?account=             back to the previous live version (or the shipped model)
 *   GET  /admin/training-examples?account=&split=    the examples (train | held_out | all) for the trainer
 *   GET  /admin/training-examples/counts?account=    counts per source and split
 */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../http/app-env";
import { apiError } from "../http/errors";
import { jsonBody, withAccountFromQuery } from "../http/middleware";
import { ArtifactInvalid, MAX_MODEL_BYTES, MODEL_VERSION_PATTERN } from "../intent-model/artifact";
import { SHIPPED_MODEL_VERSION } from "../intent-model/index";
import { MIN_HELD_OUT, promoteModel, rollbackModel, uploadModel, type PromotionEvaluation } from "../intent-model/registry";
import { fromBase64 } from "../lib/encoding";
import { accountModelPointer, findModelVersion, listModelVersions, type AccountModelRow, type ModelVersionRow } from "../store/models";
import { trainingExampleCounts, trainingExamplesFor } from "../store/training-examples";

export const adminModels = new Hono<AppEnv>();

/** base64 grows bytes by 4/3; the rest of the body (config, training notes) is small. */
const MAX_UPLOAD_BODY = Math.ceil((MAX_MODEL_BYTES * 4) / 3) + 1024 * 1024;

function versionView(row: ModelVersionRow, withLabels = false) {
  return {
    version: row.version,
    status: row.status,
    bytes: row.bytes,
    sha256: row.sha256,
    labelCount: row.labels.length,
    ...(withLabels ? { labels: row.labels } : {}),
    training: row.training,
    evaluation: row.evaluation,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    promotedAt: row.promotedAt,
  };
}

function pointerView(pointer: AccountModelRow | undefined) {
  return {
    /** null: the shipped model answers. */
    liveVersion: pointer?.liveVersion ?? null,
    previousVersion: pointer?.previousVersion ?? null,
    shippedVersion: SHIPPED_MODEL_VERSION,
    updatedBy: pointer?.updatedBy ?? null,
    updatedAt: pointer?.updatedAt ?? null,
  };
}

function versionParam(raw: string | undefined): string {
  const version = raw ?? "";
  if (!MODEL_VERSION_PATTERN.test(version)) apiError(400, "invalid_model_version", "A model version is <name>-<12 hex digits>.");
  return version;
}

adminModels.get("/models", withAccountFromQuery, async (c) => {
  const { db, account } = c.var;
  const [pointer, versions] = await Promise.all([accountModelPointer(db, account.id), listModelVersions(db, account.id)]);
  return c.json({ account: account.id, ...pointerView(pointer), versions: versions.map((v) => versionView(v)) });
});

const uploadBody = z
  .object({
    config: z.record(z.string(), z.unknown()),
    model: z.string().min(1),
    training: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

adminModels.post(
  "/models",
  withAccountFromQuery,
  async (c, next) => {
    const length = Number(c.req.header("Content-Length") ?? 0);
    if (length > MAX_UPLOAD_BODY)
      apiError(413, "model_too_large", `Upload bodies are limited to ${MAX_UPLOAD_BODY} bytes (a graph of ${MAX_MODEL_BYTES} bytes).`);
    await next();
  },
  jsonBody(uploadBody, { error: "invalid_upload", message: "Send JSON {config, model: base64 of model.onnx, training?}." }),
  async (c) => {
    const { db, account, body } = c.var;
    let onnx: Uint8Array;
    try {
      onnx = fromBase64(body.model);
    } catch {
      apiError(400, "invalid_base64", "`model` is not base64.");
    }
    let result: Awaited<ReturnType<typeof uploadModel>>;
    try {
      result = await uploadModel(c.env, db, account.id, { onnx, config: body.config, training: body.training ?? {} });
    } catch (error) {
      if (error instanceof ArtifactInvalid) apiError(error.code === "model_too_large" ? 413 : 422, error.code, error.message);
      throw error;
    }
    if ("conflict" in result) apiError(409, "version_conflict", result.conflict);
    return c.json({ account: account.id, created: result.created, model: versionView(result.row, true) }, result.created ? 201 : 200);
  },
);

adminModels.post("/models/rollback", withAccountFromQuery, async (c) => {
  const { db, account } = c.var;
  const result = await rollbackModel(db, account.id);
  if (result.outcome === "nothing_to_roll_back") apiError(409, "nothing_to_roll_back", "The account already runs the shipped model.");
  if (result.outcome === "live_changed") apiError(409, "live_changed", "The live model changed meanwhile; list the models and try again.");
  return c.json({ account: account.id, rolledBack: result.from, ...pointerView(await accountModelPointer(db, account.id)) });
});

adminModels.get("/models/:version", withAccountFromQuery, async (c) => {
  const { db, account } = c.var;
  const row = await findModelVersion(db, account.id, versionParam(c.req.param("version")));
  if (!row) apiError(404, "model_not_found", "No model version with that name for this account.");
  const pointer = await accountModelPointer(db, account.id);
  return c.json({ account: account.id, live: pointer?.liveVersion === row.version, model: versionView(row, true) });
});

adminModels.post("/models/:version/promote", withAccountFromQuery, async (c) => {
  const { db, account } = c.var;
  const version = versionParam(c.req.param("version"));
  const forced = c.req.query("force") === "true";
  const reason = (c.req.query("reason") ?? "").trim();
  if (forced && !reason) apiError(400, "reason_required", "A forced promotion needs &reason=<why> (it is audited).");
  if (reason.length > 500) apiError(400, "reason_too_long", "The reason is at most 500 characters.");

  const result = await promoteModel(c.env, db, account.id, version, forced ? { reason } : null);
  switch (result.outcome) {
    case "not_found":
      apiError(404, "model_not_found", "No model version with that name for this account.");
      break;
    case "already_live":
      apiError(409, "already_live", `${version} is already the live model.`);
      break;
    case "does_not_load":
      apiError(422, "model_does_not_load", `${version} cannot be loaded: ${result.reason}`);
      break;
    case "live_changed":
      apiError(409, "live_changed", "The live model changed during the check; try again.");
      break;
    case "not_enough_held_out":
      apiError(
        409,
        "not_enough_held_out",
        `The account has ${result.evaluation.heldOut} held-out examples; a promotion check needs ${MIN_HELD_OUT} (add &force=true&reason=... to promote anyway).`,
        evaluationView(result.evaluation),
      );
      break;
    case "not_better":
      apiError(
        409,
        "candidate_not_better",
        `${result.evaluation.comparison?.reason ?? "the live model could not be evaluated"}. ${version} ${result.evaluation.comparison?.verdict === "worse" ? "is marked rejected" : "stays a candidate"}; the live model is unchanged.`,
        evaluationView(result.evaluation),
      );
      break;
    case "promoted":
      return c.json({ account: account.id, promoted: version, previousVersion: result.previousVersion, ...evaluationView(result.evaluation) });
  }
});

function evaluationView(e: PromotionEvaluation) {
  return {
    heldOut: e.heldOut,
    minHeldOut: e.minHeldOut,
    targetPrecision: e.targetPrecision,
    candidate: e.candidate,
    live: e.live,
    verdict: e.comparison?.verdict ?? null,
    reason: e.comparison?.reason ?? null,
    forced: e.forced,
    forceReason: e.forceReason,
  };
}

const SPLITS = ["train", "held_out", "all"] as const;

adminModels.get("/training-examples", withAccountFromQuery, async (c) => {
  const { db, account } = c.var;
  const split = c.req.query("split") ?? "train";
  if (!(SPLITS as readonly string[]).includes(split)) apiError(400, "invalid_split", "split is train, held_out or all.");
  const minRaw = c.req.query("minLlmConfidence");
  const minLlmConfidence = minRaw === undefined ? undefined : Number(minRaw);
  if (minLlmConfidence !== undefined && !(minLlmConfidence >= 0 && minLlmConfidence <= 1)) {
    apiError(400, "invalid_min_llm_confidence", "minLlmConfidence is a number from 0 to 1.");
  }
  const rows = await trainingExamplesFor(db, account.id, { split: split as (typeof SPLITS)[number], minLlmConfidence });
  return c.json({
    account: account.id,
    split,
    count: rows.length,
    examples: rows.map((r) => ({
      id: r.id,
      ticketId: r.ticketId,
      text: r.text,
      intent: r.intent,
      source: r.source,
      confidence: r.confidence,
      heldOut: r.heldOut,
    })),
  });
});

adminModels.get("/training-examples/counts", withAccountFromQuery, async (c) => {
  const { db, account } = c.var;
  const counts = await trainingExampleCounts(db, account.id);
  const total = (heldOut: boolean) => counts.filter((r) => r.heldOut === heldOut).reduce((sum, r) => sum + r.count, 0);
  return c.json({ account: account.id, train: total(false), heldOut: total(true), bySource: counts });
});
