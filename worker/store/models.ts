/**
 * The registry of each account's edge model versions (the artifacts themselves are in R2) and the account's live
 * pointer. No pointer, or a null live version, means the account runs the shipped model.
 */
import { and, desc, eq, isNull, ne, sql } from "drizzle-orm";
import { accountModels, type MODEL_VERSION_STATUSES, modelVersions } from "../../db/schema/index";
import type { Database } from "./db";

export type ModelVersionRow = typeof modelVersions.$inferSelect;
export type ModelVersionStatus = (typeof MODEL_VERSION_STATUSES)[number];
export type AccountModelRow = typeof accountModels.$inferSelect;

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

export interface NewModelVersion {
  accountId: string;
  version: string;
  r2Key: string;
  bytes: number;
  sha256: string;
  labels: string[];
  training: Record<string, unknown>;
  createdBy: string;
}

/** Registers an uploaded version as a candidate; an existing (account, version) row is left as it is. */
export async function insertModelVersion(db: Database, v: NewModelVersion): Promise<{ created: boolean; row: ModelVersionRow }> {
  const inserted = await db
    .insert(modelVersions)
    .values({ ...v, status: "candidate" })
    .onConflictDoNothing()
    .returning()
    .get();
  if (inserted) return { created: true, row: inserted };
  const existing = await findModelVersion(db, v.accountId, v.version);
  if (!existing) throw new Error(`model version ${v.version} neither inserted nor found`);
  return { created: false, row: existing };
}

export async function findModelVersion(db: Database, accountId: string, version: string): Promise<ModelVersionRow | undefined> {
  return db
    .select()
    .from(modelVersions)
    .where(and(eq(modelVersions.accountId, accountId), eq(modelVersions.version, version)))
    .get();
}

/** Newest first. */
export async function listModelVersions(db: Database, accountId: string, limit = 200): Promise<ModelVersionRow[]> {
  return db
    .select()
    .from(modelVersions)
    .where(eq(modelVersions.accountId, accountId))
    .orderBy(desc(modelVersions.createdAt), desc(modelVersions.version))
    .limit(limit)
    .all();
}

export async function accountModelPointer(db: Database, accountId: string): Promise<AccountModelRow | undefined> {
  return db.select().from(accountModels).where(eq(accountModels.accountId, accountId)).get();
}

/** The registry row of the account's live version, or undefined when it runs the shipped model. One query. */
export async function liveModelVersion(db: Database, accountId: string): Promise<ModelVersionRow | undefined> {
  const row = await db
    .select({ version: modelVersions })
    .from(accountModels)
    .innerJoin(modelVersions, and(eq(modelVersions.accountId, accountModels.accountId), eq(modelVersions.version, accountModels.liveVersion)))
    .where(eq(accountModels.accountId, accountId))
    .get();
  return row?.version;
}

/** Stores the last promotion check and, when given, the status it led to (candidate or rejected). */
export async function recordEvaluation(
  db: Database,
  accountId: string,
  version: string,
  evaluation: Record<string, unknown>,
  status?: Extract<ModelVersionStatus, "candidate" | "rejected">,
): Promise<void> {
  await db
    .update(modelVersions)
    .set(status ? { evaluation, status } : { evaluation })
    .where(and(eq(modelVersions.accountId, accountId), eq(modelVersions.version, version)))
    .run();
}

/**
 * Points the account at `liveVersion` (null: the shipped model), only if its live version is still `expectedLive`
 * (the one the caller checked against): false when another change got there first. The old live version becomes
 * `previousVersion`, unless the caller names it (rollback).
 */
export async function movePointer(
  db: Database,
  accountId: string,
  change: { expectedLive: string | null; liveVersion: string | null; previousVersion: string | null; updatedBy: string },
): Promise<boolean> {
  const set = { liveVersion: change.liveVersion, previousVersion: change.previousVersion, updatedBy: change.updatedBy, updatedAt: now };
  const current = await accountModelPointer(db, accountId);
  if (!current) {
    if (change.expectedLive !== null) return false;
    const inserted = await db
      .insert(accountModels)
      .values({ accountId, ...set })
      .onConflictDoNothing()
      .returning({ accountId: accountModels.accountId })
      .get();
    return inserted !== undefined;
  }
  const updated = await db
    .update(accountModels)
    .set(set)
    .where(
      and(
        eq(accountModels.accountId, accountId),
        change.expectedLive === null ? isNull(accountModels.liveVersion) : eq(accountModels.liveVersion, change.expectedLive),
      ),
    )
    .returning({ accountId: accountModels.accountId })
    .get();
  return updated !== undefined;
}

/**
 * Statuses after the pointer moved: the new live version is `live` (promotedAt set when it is a promotion), every
 * other version that said `live` is `retired`. One batch, so the registry never shows two live versions.
 */
export async function markLive(db: Database, accountId: string, liveVersion: string | null, promoted: boolean): Promise<void> {
  const retire = db
    .update(modelVersions)
    .set({ status: "retired" })
    .where(
      and(eq(modelVersions.accountId, accountId), eq(modelVersions.status, "live"), ...(liveVersion === null ? [] : [ne(modelVersions.version, liveVersion)])),
    );
  if (liveVersion === null) {
    await retire.run();
    return;
  }
  const live = db
    .update(modelVersions)
    .set(promoted ? { status: "live", promotedAt: now } : { status: "live" })
    .where(and(eq(modelVersions.accountId, accountId), eq(modelVersions.version, liveVersion)));
  await db.batch([retire, live]);
}
