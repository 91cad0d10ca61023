/**
 * Removing stored text: by age (the retention sweep, worker/queue/retention.ts) and for one requester (the forget
 * request, worker/admin/requesters.ts). Rows, ids, statuses, counts and costs stay, since statistics need them; text
 * columns are emptied, and rows that are nothing but text (training examples, the LLM tier's answer cache) are
 * deleted. Every statement names its account and touches a bounded number of rows (D1 binds at most 100 values
 * per statement, so ticket id lists are chunked by the caller).
 *
 * What holds text, table by table (docs/pii.md#retention-and-forgetting-a-requester):
 *   events.payload · tickets.subject/description/comments (and history_tickets': imported history) · decisions.reasons and cascade.summary/llm.reason (they quote
 *   sentiment and priority evidence and the LLM's reason) · writebacks.request's private note · escalations.summary/reason ·
 *   drafts.body/final_text/reject_reason · approval_actions.original_text/final_text/reason · corrections.text ·
 *   training_examples (the row) · llm_classifications (the row). Ledger rows (llm_attempts, draft_runs, tool calls) and
 *   the audit log hold ids, counts and reasons, never ticket text; kb_documents are the account's own articles.
 */
import { and, eq, inArray, isNotNull, lt, ne, notInArray, or, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import {
  approvalActions,
  corrections,
  decisions,
  drafts,
  escalations,
  events,
  llmClassifications,
  historyTickets,
  tickets,
  trainingExamples,
  writebacks,
} from "../../db/schema/index";
import type { Database } from "./db";

/** Which rows: older than `before` (at most `limit` per table), or every row of these tickets. */
export type RemovalScope = { before: string; limit: number } | { ticketIds: number[] };

/** Rows changed (or deleted) per table. */
export type RemovalCounts = Record<string, number>;

const PROCESSED_EVENTS: ("triaged" | "skipped" | "failed" | "dead")[] = ["triaged", "skipped", "failed", "dead"];
const OPEN_DRAFTS: ("drafting" | "pending")[] = ["drafting", "pending"];

/** The scrubbed decision trace: the LLM's reason and the summary (which quotes it) emptied, the rest kept. */
const SCRUBBED_CASCADE = sql`CASE WHEN json_type(${decisions.cascade}, '$.llm') = 'object'
  THEN json_set(${decisions.cascade}, '$.summary', '', '$.llm.reason', '')
  ELSE json_set(${decisions.cascade}, '$.summary', '') END`;

/**
 * The rows of one table a scope selects, among those still holding text (`dirty`): by ticket, or the oldest-first
 * batch of rows older than the cutoff (a subquery with LIMIT, since SQLite's UPDATE/DELETE take none).
 */
function selected(
  db: Database,
  scope: RemovalScope,
  t: { table: Parameters<ReturnType<Database["select"]>["from"]>[0]; account: SQLiteColumn; key: SQLiteColumn; ticket: SQLiteColumn; age: SQLiteColumn },
  accountId: string,
  dirty: SQL | undefined,
): SQL {
  if ("ticketIds" in scope) return and(eq(t.account, accountId), inArray(t.ticket, scope.ticketIds), dirty)!;
  const batch = db
    .select({ key: t.key })
    .from(t.table)
    .where(and(eq(t.account, accountId), lt(t.age, scope.before), dirty))
    .orderBy(t.age)
    .limit(scope.limit);
  return and(eq(t.account, accountId), inArray(t.key, batch))!;
}

async function changed(statement: { run(): Promise<{ meta: { changes?: number } }> }): Promise<number> {
  return (await statement.run()).meta.changes ?? 0;
}

/** Processed webhook deliveries' payloads (by age; a forget request empties every event of the tickets, see below). */
export async function removeRawPayloads(db: Database, accountId: string, scope: RemovalScope): Promise<RemovalCounts> {
  const t = { table: events, account: events.accountId, key: events.id, ticket: events.ticketId, age: events.receivedAt };
  const dirty = "ticketIds" in scope ? ne(events.payload, "") : and(ne(events.payload, ""), inArray(events.status, PROCESSED_EVENTS));
  if ("ticketIds" in scope)
    // Not yet processed: it never will be now (its payload is gone), and says why.
    await db
      .update(events)
      .set({ status: "skipped", error: "requester forgotten before processing", processedAt: new Date().toISOString() })
      .where(and(selected(db, scope, t, accountId, undefined), notInArray(events.status, PROCESSED_EVENTS)))
      .run();
  return {
    events: await changed(
      db
        .update(events)
        .set({ payload: "" })
        .where(selected(db, scope, t, accountId, dirty)),
    ),
  };
}

/** Webhook payloads that mention `needle` (an e-mail address) anywhere, e.g. deliveries for tickets never snapshotted. */
export async function removePayloadsMentioning(db: Database, accountId: string, needle: string, limit: number): Promise<number> {
  const batch = db
    .select({ id: events.id })
    .from(events)
    .where(and(eq(events.accountId, accountId), sql`instr(lower(${events.payload}), ${needle.toLowerCase()}) > 0`))
    .limit(limit);
  const ids = (await batch.all()).map((r) => r.id);
  if (!ids.length) return 0;
  await db
    .update(events)
    .set({ status: "skipped", error: "requester forgotten before processing", processedAt: new Date().toISOString() })
    .where(and(eq(events.accountId, accountId), inArray(events.id, ids), notInArray(events.status, PROCESSED_EVENTS)))
    .run();
  return changed(
    db
      .update(events)
      .set({ payload: "" })
      .where(and(eq(events.accountId, accountId), inArray(events.id, ids))),
  );
}

/** Ticket snapshots, the text in decisions and write-back notes, escalation summaries, and the LLM tier's cached answers. */
export async function removeTicketText(db: Database, accountId: string, scope: RemovalScope): Promise<RemovalCounts> {
  const ticketRows = selected(
    db,
    scope,
    { table: tickets, account: tickets.accountId, key: tickets.ticketId, ticket: tickets.ticketId, age: tickets.updatedAt },
    accountId,
    or(ne(tickets.subject, ""), ne(tickets.description, ""), ne(tickets.comments, sql`'[]'`)),
  );
  const decisionRows = selected(
    db,
    scope,
    { table: decisions, account: decisions.accountId, key: decisions.id, ticket: decisions.ticketId, age: decisions.createdAt },
    accountId,
    ne(decisions.reasons, sql`'[]'`),
  );
  const writebackRows = selected(
    db,
    scope,
    { table: writebacks, account: writebacks.accountId, key: writebacks.id, ticket: writebacks.ticketId, age: writebacks.createdAt },
    accountId,
    sql`json_type(${writebacks.request}, '$.comment') IS NOT NULL`,
  );
  const escalationRows = selected(
    db,
    scope,
    { table: escalations, account: escalations.accountId, key: escalations.id, ticket: escalations.ticketId, age: escalations.createdAt },
    accountId,
    or(isNotNull(escalations.summary), ne(escalations.reason, "")),
  );
  const cacheRows = selected(
    db,
    scope,
    {
      table: llmClassifications,
      account: llmClassifications.accountId,
      key: llmClassifications.contentHash,
      ticket: llmClassifications.ticketId,
      age: llmClassifications.createdAt,
    },
    accountId,
    undefined,
  );
  // Imported history holds ticket text too: the same window, by when it was imported.
  const historyRows = selected(
    db,
    scope,
    { table: historyTickets, account: historyTickets.accountId, key: historyTickets.ticketId, ticket: historyTickets.ticketId, age: historyTickets.importedAt },
    accountId,
    or(ne(historyTickets.subject, ""), ne(historyTickets.description, ""), ne(historyTickets.comments, sql`'[]'`)),
  );
  return {
    tickets: await changed(db.update(tickets).set({ subject: "", description: "", comments: [] }).where(ticketRows)),
    historyTickets: await changed(db.update(historyTickets).set({ subject: "", description: "", comments: [] }).where(historyRows)),
    decisions: await changed(db.update(decisions).set({ reasons: [], cascade: SCRUBBED_CASCADE }).where(decisionRows)),
    writebacks: await changed(
      db
        .update(writebacks)
        .set({ request: sql`json_remove(${writebacks.request}, '$.comment')` })
        .where(writebackRows),
    ),
    escalations: await changed(db.update(escalations).set({ summary: null, reason: "" }).where(escalationRows)),
    llmClassifications: await changed(db.delete(llmClassifications).where(cacheRows)),
  };
}

/**
 * Drafts' text and the approval audit's. By age only decided drafts (an open draft is still being worked on); a
 * forget request also closes the requester's open drafts (superseded), so no emptied draft can be approved.
 */
export async function removeDraftText(db: Database, accountId: string, scope: RemovalScope): Promise<RemovalCounts> {
  const t = { table: drafts, account: drafts.accountId, key: drafts.id, ticket: drafts.ticketId, age: drafts.createdAt };
  const hasText = or(isNotNull(drafts.body), isNotNull(drafts.finalText), isNotNull(drafts.rejectReason));
  if ("ticketIds" in scope)
    await db
      .update(drafts)
      .set({ status: "superseded", note: "requester forgotten", updatedAt: new Date().toISOString() })
      .where(and(selected(db, scope, t, accountId, undefined), inArray(drafts.status, OPEN_DRAFTS)))
      .run();
  const dirty = "ticketIds" in scope ? hasText : and(hasText, notInArray(drafts.status, OPEN_DRAFTS));
  const actionRows = selected(
    db,
    scope,
    { table: approvalActions, account: approvalActions.accountId, key: approvalActions.id, ticket: approvalActions.ticketId, age: approvalActions.createdAt },
    accountId,
    or(isNotNull(approvalActions.originalText), isNotNull(approvalActions.finalText), isNotNull(approvalActions.reason)),
  );
  return {
    drafts: await changed(
      db
        .update(drafts)
        .set({ body: null, finalText: null, rejectReason: null })
        .where(selected(db, scope, t, accountId, dirty)),
    ),
    approvalActions: await changed(db.update(approvalActions).set({ originalText: null, finalText: null, reason: null }).where(actionRows)),
  };
}

/** Training examples (deleted: a label without its text is no example) and the text of agents' corrections. */
export async function removeTrainingText(db: Database, accountId: string, scope: RemovalScope): Promise<RemovalCounts> {
  const exampleRows = selected(
    db,
    scope,
    {
      table: trainingExamples,
      account: trainingExamples.accountId,
      key: trainingExamples.id,
      ticket: trainingExamples.ticketId,
      age: trainingExamples.updatedAt,
    },
    accountId,
    undefined,
  );
  const correctionRows = selected(
    db,
    scope,
    { table: corrections, account: corrections.accountId, key: corrections.id, ticket: corrections.ticketId, age: corrections.createdAt },
    accountId,
    ne(corrections.text, ""),
  );
  return {
    trainingExamples: await changed(db.delete(trainingExamples).where(exampleRows)),
    corrections: await changed(db.update(corrections).set({ text: "" }).where(correctionRows)),
  };
}

/**
 * The tickets a Zendesk user requested, as stored (ids only) among triaged tickets and imported history, after
 * `afterTicketId`, at most `limit`, in id order.
 */
export async function ticketsOfRequester(db: Database, accountId: string, requesterId: number, afterTicketId: number, limit: number): Promise<number[]> {
  const [live, history] = await Promise.all([
    db
      .select({ ticketId: tickets.ticketId })
      .from(tickets)
      .where(and(eq(tickets.accountId, accountId), eq(tickets.requesterId, requesterId), sql`${tickets.ticketId} > ${afterTicketId}`))
      .orderBy(tickets.ticketId)
      .limit(limit)
      .all(),
    db
      .select({ ticketId: historyTickets.ticketId })
      .from(historyTickets)
      .where(and(eq(historyTickets.accountId, accountId), eq(historyTickets.requesterId, requesterId), sql`${historyTickets.ticketId} > ${afterTicketId}`))
      .orderBy(historyTickets.ticketId)
      .limit(limit)
      .all(),
  ]);
  const ids = [...new Set([...live, ...history].map((r) => r.ticketId))].sort((a, b) => a - b);
  return ids.slice(0, limit);
}

/** Adds counts per table. */
export function addCounts(into: RemovalCounts, more: RemovalCounts): RemovalCounts {
  for (const [table, n] of Object.entries(more)) into[table] = (into[table] ?? 0) + n;
  return into;
}
