/**
 * History imports (runs and their progress), the history tickets they store (one row per account and ticket, so a
 * retried page or a resumed run overwrites instead of adding) and the replay reports measured on them.
 */
import { and, asc, count, desc, eq, gt } from "drizzle-orm";
import {
  historyImports,
  historyTickets,
  replayRuns,
  type HistoryComment,
  type HistoryImportStatus,
  type HistorySkipCounts,
  type StoredLabelSource,
} from "../../db/schema/index";
import type { ReplayReport } from "../replay/report";
import type { Database } from "./db";

export type HistoryImportRow = typeof historyImports.$inferSelect;
export type HistoryTicketRow = typeof historyTickets.$inferSelect;
export type ReplayRunRow = typeof replayRuns.$inferSelect;
export type { HistoryComment, HistoryImportStatus, HistorySkipCounts, StoredLabelSource };

export const NO_SKIPS: HistorySkipCounts = { unlabelled: 0, unknownIntent: 0, empty: 0, notFinal: 0 };

const nowIso = () => new Date().toISOString();

export interface NewHistoryImport {
  id: string;
  accountId: string;
  labelSource: StoredLabelSource;
  since: string;
  ticketLimit: number | null;
  perPage: number;
  instanceId: string;
}

export async function createHistoryImport(db: Database, run: NewHistoryImport): Promise<HistoryImportRow> {
  const [row] = await db
    .insert(historyImports)
    .values({ ...run, status: "running", skipped: NO_SKIPS })
    .returning();
  return row as HistoryImportRow;
}

export async function getHistoryImport(db: Database, accountId: string, importId: string): Promise<HistoryImportRow | undefined> {
  return db
    .select()
    .from(historyImports)
    .where(and(eq(historyImports.accountId, accountId), eq(historyImports.id, importId)))
    .get();
}

export async function listHistoryImports(db: Database, accountId: string, limit = 50): Promise<HistoryImportRow[]> {
  return db.select().from(historyImports).where(eq(historyImports.accountId, accountId)).orderBy(desc(historyImports.startedAt)).limit(limit).all();
}

/** The newest import that finished, the replay's default. */
export async function latestDoneImport(db: Database, accountId: string): Promise<HistoryImportRow | undefined> {
  return db
    .select()
    .from(historyImports)
    .where(and(eq(historyImports.accountId, accountId), eq(historyImports.status, "done")))
    .orderBy(desc(historyImports.startedAt))
    .limit(1)
    .get();
}

export type HistoryImportProgress = Partial<
  Pick<
    HistoryImportRow,
    "status" | "cursor" | "pages" | "ticketsStored" | "examplesStored" | "skipped" | "rateLimitWaits" | "lastError" | "instanceId" | "attempts" | "finishedAt"
  >
>;

/** Absolute values, never increments: a step that runs twice writes the same progress twice. */
export async function updateHistoryImport(db: Database, accountId: string, importId: string, progress: HistoryImportProgress): Promise<void> {
  await db
    .update(historyImports)
    .set({ ...progress, updatedAt: nowIso() })
    .where(and(eq(historyImports.accountId, accountId), eq(historyImports.id, importId)))
    .run();
}

/**
 * A failed run goes back to running under a new workflow instance, from its stored cursor and counts. Conditional,
 * so two concurrent resumes cannot both start an instance: false when the run was not failed.
 */
export async function claimResume(db: Database, accountId: string, importId: string, instanceId: string): Promise<boolean> {
  const run = await getHistoryImport(db, accountId, importId);
  if (run?.status !== "failed") return false;
  const moved = await db
    .update(historyImports)
    .set({ status: "running", instanceId, attempts: run.attempts + 1, lastError: null, finishedAt: null, updatedAt: nowIso() })
    .where(and(eq(historyImports.accountId, accountId), eq(historyImports.id, importId), eq(historyImports.status, "failed")))
    .returning({ id: historyImports.id });
  return moved.length === 1;
}

export interface NewHistoryTicket {
  accountId: string;
  ticketId: number;
  importId: string;
  subject: string;
  description: string;
  comments: HistoryComment[];
  tags: string[];
  customFields: HistoryTicketRow["customFields"];
  groupId: number | null;
  priority: string | null;
  status: string;
  channel: string | null;
  requesterId: number | null;
  createdAt: string | null;
  solvedAt: string | null;
}

/** Statements per D1 batch (one round trip each). */
const UPSERT_BATCH = 50;

/** Insert or overwrite by (account, ticket): the newest export of a ticket is its truth. */
export async function upsertHistoryTickets(db: Database, list: readonly NewHistoryTicket[]): Promise<void> {
  for (let i = 0; i < list.length; i += UPSERT_BATCH) {
    const chunk = list.slice(i, i + UPSERT_BATCH).map((t) => {
      const { accountId: _a, ticketId: _t, ...rest } = t;
      return db
        .insert(historyTickets)
        .values(t)
        .onConflictDoUpdate({ target: [historyTickets.accountId, historyTickets.ticketId], set: { ...rest, importedAt: nowIso() } });
    });
    const [first, ...rest] = chunk;
    if (first) await db.batch([first, ...rest]);
  }
}

/** One import's tickets, by ticket id, a page at a time (afterTicketId: the last id of the previous page). */
export async function historyTicketsOfImport(
  db: Database,
  accountId: string,
  importId: string,
  opts: { afterTicketId?: number; limit?: number } = {},
): Promise<HistoryTicketRow[]> {
  return db
    .select()
    .from(historyTickets)
    .where(and(eq(historyTickets.accountId, accountId), eq(historyTickets.importId, importId), gt(historyTickets.ticketId, opts.afterTicketId ?? 0)))
    .orderBy(asc(historyTickets.ticketId))
    .limit(opts.limit ?? 500)
    .all();
}

export async function countHistoryTickets(db: Database, accountId: string, importId?: string): Promise<number> {
  const filters = [eq(historyTickets.accountId, accountId)];
  if (importId !== undefined) filters.push(eq(historyTickets.importId, importId));
  const row = await db
    .select({ n: count() })
    .from(historyTickets)
    .where(and(...filters))
    .get();
  return row?.n ?? 0;
}

export async function saveReplayRun(db: Database, report: ReplayReport): Promise<void> {
  await db.insert(replayRuns).values({ id: report.replayId, accountId: report.accountId, importId: report.importId, llmMode: report.llmMode, report }).run();
}

export async function getReplayReport(db: Database, accountId: string, replayId: string): Promise<ReplayReport | null> {
  const row = await db
    .select({ report: replayRuns.report })
    .from(replayRuns)
    .where(and(eq(replayRuns.accountId, accountId), eq(replayRuns.id, replayId)))
    .get();
  return row?.report ?? null;
}

/** The account's newest replay report (the Zendesk dashboard reads it), or null when none was run. */
export async function latestReplayReport(db: Database, accountId: string): Promise<ReplayReport | null> {
  const row = await db
    .select({ report: replayRuns.report })
    .from(replayRuns)
    .where(eq(replayRuns.accountId, accountId))
    .orderBy(desc(replayRuns.createdAt), desc(replayRuns.id))
    .limit(1)
    .get();
  return row?.report ?? null;
}
