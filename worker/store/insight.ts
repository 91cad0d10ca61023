/**
 * Insight rows: each decision's outcome at close (decision_outcomes), and the reads the dashboard's figures are
 * built from (worker/insight/stats.ts). Every read is scoped to one account and a window.
 */
import { and, desc, eq, gte, inArray, ne, sql } from "drizzle-orm";
import { approvalActions, decisionOutcomes, decisions, drafts, llmAttempts } from "../../db/schema/index";
import type { Database } from "./db";

export type DecisionOutcomeRow = typeof decisionOutcomes.$inferSelect;
export type DecisionOutcomeInput = Omit<typeof decisionOutcomes.$inferInsert, "id" | "createdAt" | "updatedAt">;

/** One row per decision: the solved outcome is written, and replaced when the ticket is closed (or solved again). */
export async function saveOutcome(db: Database, row: DecisionOutcomeInput): Promise<DecisionOutcomeRow> {
  const { decisionId: _decision, accountId: _account, ...changes } = row;
  return db
    .insert(decisionOutcomes)
    .values(row)
    .onConflictDoUpdate({ target: decisionOutcomes.decisionId, set: { ...changes, updatedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))` } })
    .returning()
    .get();
}

export async function outcomeForDecision(db: Database, accountId: string, decisionId: number): Promise<DecisionOutcomeRow | undefined> {
  return db
    .select()
    .from(decisionOutcomes)
    .where(and(eq(decisionOutcomes.accountId, accountId), eq(decisionOutcomes.decisionId, decisionId)))
    .get();
}

/** Triage's own latest say on a ticket: decisions pinned by an agent's correction are not triage's to be judged on. */
export async function latestTriageDecision(db: Database, accountId: string, ticketId: number) {
  return db
    .select()
    .from(decisions)
    .where(and(eq(decisions.accountId, accountId), eq(decisions.ticketId, ticketId), ne(decisions.tier, "agent")))
    .orderBy(desc(decisions.id))
    .limit(1)
    .get();
}

/** Whether one of our drafts was posted as a reply on the ticket. */
export async function draftPostedOn(db: Database, accountId: string, ticketId: number): Promise<boolean> {
  const row = await db
    .select({ id: drafts.id })
    .from(drafts)
    .where(and(eq(drafts.accountId, accountId), eq(drafts.ticketId, ticketId), eq(drafts.replyState, "posted")))
    .limit(1)
    .get();
  return row !== undefined;
}

/** The rows the dashboard is computed from, for decisions, closes and draft actions since `sinceIso`. */
export async function insightFacts(db: Database, accountId: string, sinceIso: string) {
  const [decisionRows, outcomeRows, actionRows, llm] = await Promise.all([
    db
      .select({
        id: decisions.id,
        ticketId: decisions.ticketId,
        createdAt: decisions.createdAt,
        intent: decisions.intent,
        tier: decisions.tier,
        confidence: decisions.confidence,
        route: decisions.route,
        traceId: decisions.traceId,
        draftStatus: drafts.status,
      })
      .from(decisions)
      .leftJoin(drafts, and(eq(drafts.decisionId, decisions.id), eq(drafts.accountId, decisions.accountId)))
      .where(and(eq(decisions.accountId, accountId), gte(decisions.createdAt, sinceIso)))
      .all(),
    db
      .select({
        decisionId: decisionOutcomes.decisionId,
        ticketId: decisionOutcomes.ticketId,
        closedAt: decisionOutcomes.closedAt,
        intentVerdict: decisionOutcomes.intentVerdict,
        finalIntent: decisionOutcomes.finalIntent,
        correct: decisionOutcomes.correct,
        drafted: decisionOutcomes.drafted,
        firstResponseMinutes: decisionOutcomes.firstResponseMinutes,
      })
      .from(decisionOutcomes)
      .where(and(eq(decisionOutcomes.accountId, accountId), gte(decisionOutcomes.closedAt, sinceIso)))
      .all(),
    db
      .select({ action: approvalActions.action, intent: approvalActions.intent, editDistance: approvalActions.editDistance })
      .from(approvalActions)
      .where(
        and(
          eq(approvalActions.accountId, accountId),
          eq(approvalActions.applied, true),
          inArray(approvalActions.action, ["approve", "edit", "reject"]),
          gte(approvalActions.createdAt, sinceIso),
        ),
      )
      .all(),
    db
      .select({ calls: sql<number>`count(*)`, costUsd: sql<number>`coalesce(sum(${llmAttempts.costUsd}), 0)` })
      .from(llmAttempts)
      .where(and(eq(llmAttempts.accountId, accountId), ne(llmAttempts.outcome, "skipped"), gte(llmAttempts.createdAt, sinceIso)))
      .get(),
  ]);
  return {
    decisions: decisionRows,
    outcomes: outcomeRows,
    draftActions: actionRows,
    llm: { calls: Number(llm?.calls ?? 0), costUsd: Number(llm?.costUsd ?? 0) },
  };
}
