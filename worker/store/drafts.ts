import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { approvalActions, drafts, type DECIDERS, type DRAFT_DECISIONS } from "../../db/schema/index";
import type { DraftStatus } from "../../contract/app-api";
import type { Database } from "./db";

export type DraftRow = typeof drafts.$inferSelect;
/** A draft named the only way the store accepts: with its account. */
export type DraftRef = Pick<DraftRow, "accountId" | "id">;
/** The API contract's status union (db/schema checks DRAFT_STATUSES against it both ways). */
export type { DraftStatus };
/** What a human decides about a pending draft: approve, edit, reject, escalate. */
export type DraftDecision = (typeof DRAFT_DECISIONS)[number];
/** Where a decision came from: slack, sidebar or system (a timeout, a newer message). */
export type Decider = (typeof DECIDERS)[number];
/** Statuses a human can still act on. */
export const OPEN_STATUSES: DraftStatus[] = ["drafting", "pending"];

export type { Citation } from "../../db/schema/index";

/** The draft for a decision, created on first call (a retried event finds the same one). */
export async function draftForDecision(db: Database, d: { accountId: string; ticketId: number; decisionId: number }): Promise<DraftRow> {
  const created = await db
    .insert(drafts)
    .values({ ...d, status: "drafting" })
    .onConflictDoNothing({ target: drafts.decisionId })
    .returning()
    .get();
  return created ?? (await db.select().from(drafts).where(eq(drafts.decisionId, d.decisionId)).get())!;
}

/** Every read and write of a draft names its account: ids alone never cross tenants. */
export async function getDraft(db: Database, accountId: string, id: number): Promise<DraftRow | undefined> {
  return db
    .select()
    .from(drafts)
    .where(and(eq(drafts.accountId, accountId), eq(drafts.id, id)))
    .get();
}

export async function latestDraft(db: Database, accountId: string, ticketId: number): Promise<DraftRow | undefined> {
  return db
    .select()
    .from(drafts)
    .where(and(eq(drafts.accountId, accountId), eq(drafts.ticketId, ticketId)))
    .orderBy(desc(drafts.id))
    .limit(1)
    .get();
}

/** Open drafts of a ticket (a new customer reply supersedes them). */
export async function openDrafts(db: Database, accountId: string, ticketId: number): Promise<DraftRow[]> {
  return db
    .select()
    .from(drafts)
    .where(and(eq(drafts.accountId, accountId), eq(drafts.ticketId, ticketId), inArray(drafts.status, OPEN_STATUSES)))
    .all();
}

/** Columns a caller may set; the status changes only through transitionDraft (worker/approval/lifecycle.ts). */
export type DraftValues = Partial<Omit<DraftRow, "id" | "accountId" | "ticketId" | "createdAt" | "status">>;

export async function updateDraft(db: Database, accountId: string, id: number, values: DraftValues): Promise<void> {
  await db
    .update(drafts)
    .set({ ...values, updatedAt: new Date().toISOString() })
    .where(and(eq(drafts.accountId, accountId), eq(drafts.id, id)))
    .run();
}

/**
 * Moves a draft from one of `from` to `to` only if it is still there: the single UPDATE that changes a draft's
 * status, so a double click or Slack and the sidebar at once cannot both win. Returns the row if it moved.
 * Which moves are allowed is worker/approval/lifecycle.ts (TRANSITIONS), its only caller.
 */
export async function transitionDraft(
  db: Database,
  accountId: string,
  id: number,
  from: DraftStatus[],
  to: DraftStatus,
  values: DraftValues = {},
): Promise<DraftRow | undefined> {
  return db
    .update(drafts)
    .set({ ...values, status: to, updatedAt: new Date().toISOString() })
    .where(and(eq(drafts.accountId, accountId), eq(drafts.id, id), inArray(drafts.status, from)))
    .returning()
    .get();
}

/** Claims the right to post the reply (none → posting); only one caller ever gets true. */
export async function claimReply(db: Database, accountId: string, id: number): Promise<boolean> {
  const row = await db
    .update(drafts)
    .set({ replyState: "posting", updatedAt: new Date().toISOString() })
    .where(and(eq(drafts.accountId, accountId), eq(drafts.id, id), eq(drafts.replyState, "none")))
    .returning({ id: drafts.id })
    .get();
  return Boolean(row);
}

export async function recordApprovalAction(db: Database, a: typeof approvalActions.$inferInsert): Promise<void> {
  await db.insert(approvalActions).values(a).run();
}

export async function approvalActionsFor(db: Database, accountId: string, opts: { draftId?: number; limit?: number } = {}) {
  const where = opts.draftId
    ? and(eq(approvalActions.accountId, accountId), eq(approvalActions.draftId, opts.draftId))
    : eq(approvalActions.accountId, accountId);
  return db
    .select()
    .from(approvalActions)
    .where(where)
    .orderBy(desc(approvalActions.id))
    .limit(opts.limit ?? 200)
    .all();
}

/** Acceptance rate and mean edit distance per intent, from the audit of approval actions. */
export async function approvalStats(db: Database, accountId: string) {
  return db
    .select({
      intent: approvalActions.intent,
      decided: sql<number>`count(*)`,
      approved: sql<number>`sum(case when ${approvalActions.action} = 'approve' then 1 else 0 end)`,
      edited: sql<number>`sum(case when ${approvalActions.action} = 'edit' then 1 else 0 end)`,
      rejected: sql<number>`sum(case when ${approvalActions.action} = 'reject' then 1 else 0 end)`,
      meanEditDistance: sql<number | null>`avg(case when ${approvalActions.action} in ('approve','edit') then ${approvalActions.editDistance} end)`,
    })
    .from(approvalActions)
    .where(and(eq(approvalActions.accountId, accountId), eq(approvalActions.applied, true), inArray(approvalActions.action, ["approve", "edit", "reject"])))
    .groupBy(approvalActions.intent)
    .all();
}
