/**
 * Training examples: one labelled text per ticket and label source (agent correction, imported history, a rule,
 * the LLM tier). The account's edge model is trained on them; about one ticket in five is held out to judge
 * candidate models before promotion.
 */
import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import { TRAINING_SOURCES, trainingExamples, type TrainingSource } from "../../db/schema/index";
import type { Database } from "./db";
import { isHeldOut } from "../lib/held-out";

export type TrainingExampleRow = typeof trainingExamples.$inferSelect;
export { TRAINING_SOURCES, type TrainingSource };

export interface NewTrainingExample {
  accountId: string;
  ticketId: number;
  text: string;
  intent: string;
  source: TrainingSource;
  confidence?: number;
  decisionId?: number | null;
  correctionId?: number | null;
}

function upsertStatement(db: Database, e: NewTrainingExample) {
  const values = {
    accountId: e.accountId,
    ticketId: e.ticketId,
    text: e.text.slice(0, 4000),
    intent: e.intent,
    source: e.source,
    confidence: e.confidence ?? 1,
    decisionId: e.decisionId ?? null,
    correctionId: e.correctionId ?? null,
    heldOut: isHeldOut(e.accountId, e.ticketId),
  };
  return db
    .insert(trainingExamples)
    .values(values)
    .onConflictDoUpdate({
      target: [trainingExamples.accountId, trainingExamples.ticketId, trainingExamples.source],
      set: {
        text: values.text,
        intent: values.intent,
        confidence: values.confidence,
        decisionId: values.decisionId,
        correctionId: values.correctionId,
        updatedAt: sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`,
      },
    });
}

/** Inserts, or replaces the label of the same ticket and source (the newer label wins). */
export async function upsertTrainingExample(db: Database, e: NewTrainingExample): Promise<void> {
  await upsertStatement(db, e).run();
}

/** Statements per D1 batch: one round trip each, so a 1,000-ticket export page is ten calls, not a thousand. */
const UPSERT_BATCH = 100;

/** upsertTrainingExample for many rows (a history import's page), batched. */
export async function upsertTrainingExamples(db: Database, list: readonly NewTrainingExample[]): Promise<void> {
  for (let i = 0; i < list.length; i += UPSERT_BATCH) {
    const chunk = list.slice(i, i + UPSERT_BATCH).map((e) => upsertStatement(db, e));
    const [first, ...rest] = chunk;
    if (first) await db.batch([first, ...rest]);
  }
}

export interface TrainingExampleQuery {
  /** "train": not held out; "held_out": the promotion check's examples; "all". */
  split?: "train" | "held_out" | "all";
  sources?: readonly TrainingSource[];
  /** Only LLM labels at or above this confidence (other sources are always kept). */
  minLlmConfidence?: number;
  afterId?: number;
  limit?: number;
}

/**
 * An account's examples, oldest first, one per ticket: the strongest source wins (correction > import > rule > llm),
 * so an agent's correction replaces the LLM's label of the same ticket.
 */
export async function trainingExamplesFor(db: Database, accountId: string, q: TrainingExampleQuery = {}): Promise<TrainingExampleRow[]> {
  const filters = [eq(trainingExamples.accountId, accountId)];
  if (q.split === "train") filters.push(eq(trainingExamples.heldOut, false));
  if (q.split === "held_out") filters.push(eq(trainingExamples.heldOut, true));
  if (q.sources?.length) filters.push(inArray(trainingExamples.source, [...q.sources]));
  if (q.afterId !== undefined) filters.push(gt(trainingExamples.id, q.afterId));
  const rows = await db
    .select()
    .from(trainingExamples)
    .where(and(...filters))
    .orderBy(asc(trainingExamples.id))
    .limit(Math.min(q.limit ?? 50_000, 50_000))
    .all();
  const rank = (s: TrainingSource) => TRAINING_SOURCES.indexOf(s);
  const best = new Map<number, TrainingExampleRow>();
  for (const row of rows) {
    if (row.source === "llm" && q.minLlmConfidence !== undefined && row.confidence < q.minLlmConfidence) continue;
    const seen = best.get(row.ticketId);
    if (!seen || rank(row.source) < rank(seen.source)) best.set(row.ticketId, row);
  }
  return [...best.values()].sort((a, b) => a.id - b.id);
}

/** Counts per source and split, for the admin API and the trainer's progress output. */
export async function trainingExampleCounts(db: Database, accountId: string): Promise<{ source: TrainingSource; heldOut: boolean; count: number }[]> {
  return db
    .select({ source: trainingExamples.source, heldOut: trainingExamples.heldOut, count: sql<number>`count(*)` })
    .from(trainingExamples)
    .where(eq(trainingExamples.accountId, accountId))
    .groupBy(trainingExamples.source, trainingExamples.heldOut)
    .all();
}
