/**
 * The cost ledger: every LLM attempt (llm_attempts: for a draft or for the cascade's classification tier, see
 * `purpose`), every draft composition (draft_runs: per draft and per ticket), and the roll-up per account and UTC
 * day (llm_usage_daily) that the daily budget is checked against; drafts and classifications share one budget.
 * Each attempt and its roll-up are written in one D1 batch, so the day's total always equals the sum of its rows.
 * Attempt rows carry the trace id of the work that made the call (worker/lib/trace.ts: the current trace).
 */
import { and, desc, eq, gte, lte, sql } from "drizzle-orm";
import { draftRuns, llmAttempts, llmToolCalls, llmUsageDaily, type LLM_PURPOSES } from "../../db/schema/index";
import type { Database } from "./db";
import { currentTraceId } from "../lib/trace";

/** YYYY-MM-DD in UTC: the budget day. */
export function utcDay(ms = Date.now()): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export interface LedgerContext {
  accountId: string;
  ticketId: number | null;
  draftId: number | null;
  runId: number | null;
  day: string;
  /** What the calls are for; absent = "draft". */
  purpose?: (typeof LLM_PURPOSES)[number];
}

function addDaily(
  db: Database,
  accountId: string,
  day: string,
  add: {
    costUsd?: number;
    promptTokens?: number;
    completionTokens?: number;
    llmCalls?: number;
    llmDrafts?: number;
    templateDrafts?: number;
    llmClassifications?: number;
    overBudget?: number;
  },
) {
  const v = {
    costUsd: add.costUsd ?? 0,
    promptTokens: add.promptTokens ?? 0,
    completionTokens: add.completionTokens ?? 0,
    llmCalls: add.llmCalls ?? 0,
    llmDrafts: add.llmDrafts ?? 0,
    templateDrafts: add.templateDrafts ?? 0,
    llmClassifications: add.llmClassifications ?? 0,
    overBudget: add.overBudget ?? 0,
  };
  return db
    .insert(llmUsageDaily)
    .values({ accountId, day, ...v })
    .onConflictDoUpdate({
      target: [llmUsageDaily.accountId, llmUsageDaily.day],
      set: {
        costUsd: sql`${llmUsageDaily.costUsd} + ${v.costUsd}`,
        promptTokens: sql`${llmUsageDaily.promptTokens} + ${v.promptTokens}`,
        completionTokens: sql`${llmUsageDaily.completionTokens} + ${v.completionTokens}`,
        llmCalls: sql`${llmUsageDaily.llmCalls} + ${v.llmCalls}`,
        llmDrafts: sql`${llmUsageDaily.llmDrafts} + ${v.llmDrafts}`,
        templateDrafts: sql`${llmUsageDaily.templateDrafts} + ${v.templateDrafts}`,
        llmClassifications: sql`${llmUsageDaily.llmClassifications} + ${v.llmClassifications}`,
        overBudget: sql`${llmUsageDaily.overBudget} + ${v.overBudget}`,
        updatedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`,
      },
    });
}

type AttemptRow = typeof llmAttempts.$inferInsert;
/** One HTTP attempt as the drafting loop reports it (worker/drafting/loop.ts AttemptRecord). */
export type AttemptValues = Pick<
  AttemptRow,
  | "seq"
  | "model"
  | "responseFormat"
  | "outcome"
  | "httpStatus"
  | "error"
  | "promptTokens"
  | "completionTokens"
  | "usageEstimated"
  | "unpriced"
  | "costUsd"
  | "latencyMs"
>;
/** One tool call's outcome, never its arguments or result (worker/drafting/tools.ts ToolResult). */
export type ToolCallValues = Pick<typeof llmToolCalls.$inferInsert, "tool" | "outcome" | "httpStatus" | "error" | "latencyMs">;

/** `classified`: this attempt ends a classification that made a call (counted once in llm_classifications). */
export async function recordAttempt(db: Database, ctx: LedgerContext, a: AttemptValues, opts: { classified?: boolean } = {}): Promise<void> {
  const httpCall = a.outcome !== "deadline";
  await db.batch([
    db.insert(llmAttempts).values({
      accountId: ctx.accountId,
      ticketId: ctx.ticketId,
      draftId: ctx.draftId,
      runId: ctx.runId,
      day: ctx.day,
      purpose: ctx.purpose ?? "draft",
      traceId: currentTraceId(),
      ...a,
    }),
    addDaily(db, ctx.accountId, ctx.day, {
      costUsd: a.costUsd,
      promptTokens: a.promptTokens,
      completionTokens: a.completionTokens,
      llmCalls: httpCall ? 1 : 0,
      llmClassifications: opts.classified ? 1 : 0,
    }),
  ]);
}

/** A draft that never called the LLM, and why (budget, circuit open, not configured). */
export async function recordSkipped(db: Database, ctx: LedgerContext, reason: string): Promise<void> {
  await db
    .insert(llmAttempts)
    .values({
      accountId: ctx.accountId,
      ticketId: ctx.ticketId,
      draftId: ctx.draftId,
      runId: ctx.runId,
      day: ctx.day,
      purpose: ctx.purpose ?? "draft",
      traceId: currentTraceId(),
      seq: 0,
      model: null,
      responseFormat: null,
      outcome: "skipped",
      error: reason.slice(0, 300),
    })
    .run();
}

export async function recordToolCall(db: Database, ctx: LedgerContext, t: ToolCallValues): Promise<void> {
  await db
    .insert(llmToolCalls)
    .values({
      accountId: ctx.accountId,
      ticketId: ctx.ticketId,
      draftId: ctx.draftId,
      runId: ctx.runId,
      tool: t.tool,
      outcome: t.outcome,
      httpStatus: t.httpStatus,
      error: t.error,
      latencyMs: Math.round(t.latencyMs ?? 0),
    })
    .run();
}

export type RunValues = Omit<typeof draftRuns.$inferInsert, "id" | "createdAt">;

/** Opens the run row first (its id ties attempts and tool calls together); finishRun fills it in. */
export async function startRun(db: Database, v: Pick<RunValues, "accountId" | "ticketId" | "draftId" | "day">): Promise<number> {
  const row = await db
    .insert(draftRuns)
    .values({ ...v, source: "pending" })
    .returning({ id: draftRuns.id })
    .get();
  return row.id;
}

export async function finishRun(
  db: Database,
  runId: number,
  v: Omit<RunValues, "accountId" | "ticketId" | "draftId" | "day">,
  daily: { accountId: string; day: string; overBudget: boolean },
): Promise<void> {
  await db.batch([
    db
      .update(draftRuns)
      .set(v)
      .where(and(eq(draftRuns.accountId, daily.accountId), eq(draftRuns.id, runId))),
    addDaily(db, daily.accountId, daily.day, v.source === "llm" ? { llmDrafts: 1 } : { templateDrafts: 1, overBudget: daily.overBudget ? 1 : 0 }),
  ]);
}

export async function spentOn(db: Database, accountId: string, day: string): Promise<number> {
  const row = await db
    .select({ cost: llmUsageDaily.costUsd })
    .from(llmUsageDaily)
    .where(and(eq(llmUsageDaily.accountId, accountId), eq(llmUsageDaily.day, day)))
    .get();
  return row?.cost ?? 0;
}

/** Today's spend against the daily cap (drafts and classifications together); null when the account has no cap. */
export async function budgetLeft(
  db: Database,
  accountId: string,
  day: string,
  dailyBudgetUsd: number | undefined,
): Promise<{ spentUsd: number; leftUsd: number } | null> {
  if (dailyBudgetUsd === undefined) return null;
  const spentUsd = await spentOn(db, accountId, day);
  return { spentUsd, leftUsd: dailyBudgetUsd - spentUsd };
}

/** The cost/usage report: per day (newest first), totals, the costliest tickets, fallbacks by reason. */
export async function usageReport(db: Database, accountId: string, from: string, to: string) {
  const days = await db
    .select()
    .from(llmUsageDaily)
    .where(and(eq(llmUsageDaily.accountId, accountId), gte(llmUsageDaily.day, from), lte(llmUsageDaily.day, to)))
    .orderBy(desc(llmUsageDaily.day))
    .all();
  const tickets = await db
    .select({
      ticketId: draftRuns.ticketId,
      drafts: sql<number>`count(*)`,
      costUsd: sql<number>`sum(${draftRuns.costUsd})`,
      promptTokens: sql<number>`sum(${draftRuns.promptTokens})`,
      completionTokens: sql<number>`sum(${draftRuns.completionTokens})`,
    })
    .from(draftRuns)
    .where(and(eq(draftRuns.accountId, accountId), gte(draftRuns.day, from), lte(draftRuns.day, to)))
    .groupBy(draftRuns.ticketId)
    .orderBy(desc(sql`sum(${draftRuns.costUsd})`))
    .limit(20)
    .all();
  const fallbacks = await db
    .select({ note: draftRuns.note, n: sql<number>`count(*)` })
    .from(draftRuns)
    .where(and(eq(draftRuns.accountId, accountId), eq(draftRuns.source, "template"), gte(draftRuns.day, from), lte(draftRuns.day, to)))
    .groupBy(draftRuns.note)
    .orderBy(desc(sql`count(*)`))
    .limit(20)
    .all();
  const totals = days.reduce(
    (t, d) => ({
      costUsd: t.costUsd + d.costUsd,
      promptTokens: t.promptTokens + d.promptTokens,
      completionTokens: t.completionTokens + d.completionTokens,
      llmCalls: t.llmCalls + d.llmCalls,
      llmDrafts: t.llmDrafts + d.llmDrafts,
      templateDrafts: t.templateDrafts + d.templateDrafts,
      llmClassifications: t.llmClassifications + d.llmClassifications,
      overBudget: t.overBudget + d.overBudget,
    }),
    { costUsd: 0, promptTokens: 0, completionTokens: 0, llmCalls: 0, llmDrafts: 0, templateDrafts: 0, llmClassifications: 0, overBudget: 0 },
  );
  return { days: days.map(({ accountId: _a, updatedAt: _u, ...d }) => d), totals, tickets, fallbacks };
}

export async function attemptsFor(db: Database, accountId: string, by: { draftId?: number; ticketId?: number; limit?: number }) {
  const where = and(
    eq(llmAttempts.accountId, accountId),
    by.draftId !== undefined ? eq(llmAttempts.draftId, by.draftId) : undefined,
    by.ticketId !== undefined ? eq(llmAttempts.ticketId, by.ticketId) : undefined,
  );
  const attempts = await db
    .select()
    .from(llmAttempts)
    .where(where)
    .orderBy(desc(llmAttempts.id))
    .limit(Math.min(by.limit ?? 100, 500))
    .all();
  const toolWhere = and(
    eq(llmToolCalls.accountId, accountId),
    by.draftId !== undefined ? eq(llmToolCalls.draftId, by.draftId) : undefined,
    by.ticketId !== undefined ? eq(llmToolCalls.ticketId, by.ticketId) : undefined,
  );
  const toolCalls = await db
    .select()
    .from(llmToolCalls)
    .where(toolWhere)
    .orderBy(desc(llmToolCalls.id))
    .limit(Math.min(by.limit ?? 100, 500))
    .all();
  const runWhere = and(
    eq(draftRuns.accountId, accountId),
    by.draftId !== undefined ? eq(draftRuns.draftId, by.draftId) : undefined,
    by.ticketId !== undefined ? eq(draftRuns.ticketId, by.ticketId) : undefined,
  );
  const runs = await db.select().from(draftRuns).where(runWhere).orderBy(desc(draftRuns.id)).limit(50).all();
  return { runs, attempts, toolCalls };
}
