import { and, desc, eq } from "drizzle-orm";
import { decisions } from "../../db/schema/index";
import type { CascadeTrace, TriageDecision } from "../triage/types";
import type { Database } from "./db";

export type DecisionRow = typeof decisions.$inferSelect;

/** Stores the decision for an event once; a retried event gets the decision stored the first time. */
export async function saveDecision(
  db: Database,
  d: { accountId: string; ticketId: number; eventId: number | null; decision: TriageDecision; inputHash: string; latencyMs: number; traceId?: string | null },
): Promise<DecisionRow> {
  const { decision } = d;
  const inserted = await db
    .insert(decisions)
    .values({
      accountId: d.accountId,
      ticketId: d.ticketId,
      eventId: d.eventId,
      intent: decision.intent,
      confidence: decision.confidence,
      priority: decision.priority,
      sentiment: decision.sentiment,
      language: decision.language,
      tags: decision.tags,
      removeTags: decision.removeTags,
      priorityFromRule: decision.priorityFromRule,
      route: decision.route,
      groupId: decision.groupId,
      customFields: decision.customFields,
      reasons: decision.reasons,
      ruleHits: decision.ruleHits,
      rulesVersion: decision.rulesVersion,
      modelVersion: decision.modelVersion,
      modelOutput: decision.prediction,
      tier: decision.tier,
      cascade: decision.cascade,
      inputHash: d.inputHash,
      latencyMs: d.latencyMs,
      traceId: d.traceId ?? null,
    })
    .onConflictDoNothing({ target: decisions.eventId })
    .returning()
    .get();
  if (inserted) return inserted;
  const existing = d.eventId === null ? undefined : await decisionForEvent(db, d.accountId, d.eventId);
  if (!existing) throw new Error(`decision for event ${d.eventId} vanished`);
  return existing;
}

export async function decisionById(db: Database, accountId: string, id: number): Promise<DecisionRow | undefined> {
  return db
    .select()
    .from(decisions)
    .where(and(eq(decisions.accountId, accountId), eq(decisions.id, id)))
    .get();
}

export async function decisionForEvent(db: Database, accountId: string, eventId: number): Promise<DecisionRow | undefined> {
  return db
    .select()
    .from(decisions)
    .where(and(eq(decisions.accountId, accountId), eq(decisions.eventId, eventId)))
    .get();
}

export async function latestDecision(db: Database, accountId: string, ticketId: number): Promise<DecisionRow | undefined> {
  return db
    .select()
    .from(decisions)
    .where(and(eq(decisions.accountId, accountId), eq(decisions.ticketId, ticketId)))
    .orderBy(desc(decisions.id))
    .limit(1)
    .get();
}

/** The decision as the triage core produced it, read back from its row. */
export function toDecision(row: DecisionRow): TriageDecision {
  return {
    intent: row.intent,
    confidence: row.confidence,
    priority: row.priority,
    sentiment: row.sentiment,
    language: row.language,
    tags: row.tags,
    removeTags: row.removeTags,
    route: row.route,
    groupId: row.groupId,
    customFields: row.customFields,
    priorityFromRule: row.priorityFromRule,
    reasons: row.reasons,
    ruleHits: row.ruleHits,
    rulesVersion: row.rulesVersion,
    modelVersion: row.modelVersion,
    prediction: row.modelOutput,
    tier: row.tier,
    cascade: row.cascade ?? legacyCascade(row.tier),
  };
}

/** Decisions stored before the cascade existed carry no trace. */
function legacyCascade(tier: DecisionRow["tier"]): CascadeTrace {
  return { tier, summary: "decided before the cascade was recorded", llm: null, modelFallback: null, ruleId: null, correctionId: null };
}
