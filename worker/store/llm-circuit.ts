/**
 * A circuit breaker per account, kept in D1 (isolates share no memory). Closed: calls go through. After
 * `threshold` failed drafts in a row it opens for `openSeconds`: drafts use the template drafter without calling
 * the LLM. When that time has passed, exactly one draft claims the trial call (a conditional UPDATE) while the
 * others keep using templates; success closes the circuit, failure opens it again.
 */
import { and, eq, or, sql } from "drizzle-orm";
import { llmCircuits } from "../../db/schema/index";
import type { Database } from "./db";

export type JsonSchemaSupport = (typeof llmCircuits.$inferSelect)["jsonSchema"];

export type CircuitGate = { allowed: true; trial: boolean; jsonSchema: JsonSchemaSupport } | { allowed: false; reason: string; jsonSchema: JsonSchemaSupport };

export async function circuitGate(db: Database, accountId: string, openSeconds: number, now = Date.now()): Promise<CircuitGate> {
  const row = await db.select().from(llmCircuits).where(eq(llmCircuits.accountId, accountId)).get();
  const jsonSchema = row?.jsonSchema ?? "unknown";
  if (!row || row.openUntil === null) return { allowed: true, trial: false, jsonSchema };
  if (row.openUntil > now) {
    const seconds = Math.ceil((row.openUntil - now) / 1000);
    return {
      allowed: false,
      reason: `circuit open after ${row.consecutiveFailures} failed draft(s) in a row (last: ${row.lastError ?? "unknown"}); next try in ${seconds} s`,
      jsonSchema,
    };
  }
  // Half-open: the first caller to move openUntil forward gets the trial call.
  const claimed = await db
    .update(llmCircuits)
    .set({ openUntil: now + openSeconds * 1000, updatedAt: new Date(now).toISOString() })
    .where(and(eq(llmCircuits.accountId, accountId), eq(llmCircuits.openUntil, row.openUntil)))
    .returning({ accountId: llmCircuits.accountId })
    .get();
  if (claimed) return { allowed: true, trial: true, jsonSchema };
  return { allowed: false, reason: "circuit half-open: another draft is trying the LLM", jsonSchema };
}

export async function circuitSuccess(db: Database, accountId: string): Promise<void> {
  await db
    .update(llmCircuits)
    .set({ consecutiveFailures: 0, openUntil: null, updatedAt: new Date().toISOString() })
    .where(and(eq(llmCircuits.accountId, accountId), or(sql`${llmCircuits.consecutiveFailures} > 0`, sql`${llmCircuits.openUntil} IS NOT NULL`)))
    .run();
}

/** Counts a failed draft; opens the circuit when the count reaches the threshold. Returns whether it is open now. */
export async function circuitFailure(
  db: Database,
  accountId: string,
  error: string,
  threshold: number,
  openSeconds: number,
  now = Date.now(),
): Promise<boolean> {
  const until = now + openSeconds * 1000;
  const lastError = error.slice(0, 200);
  const row = await db
    .insert(llmCircuits)
    .values({ accountId, consecutiveFailures: 1, openUntil: threshold <= 1 ? until : null, lastError })
    .onConflictDoUpdate({
      target: llmCircuits.accountId,
      set: {
        consecutiveFailures: sql`${llmCircuits.consecutiveFailures} + 1`,
        openUntil: sql`CASE WHEN ${llmCircuits.consecutiveFailures} + 1 >= ${threshold} THEN ${until} ELSE ${llmCircuits.openUntil} END`,
        lastError,
        updatedAt: new Date(now).toISOString(),
      },
    })
    .returning({ openUntil: llmCircuits.openUntil })
    .get();
  return row.openUntil !== null && row.openUntil > now;
}

export async function setJsonSchemaSupport(db: Database, accountId: string, value: JsonSchemaSupport): Promise<void> {
  await db
    .insert(llmCircuits)
    .values({ accountId, jsonSchema: value })
    .onConflictDoUpdate({ target: llmCircuits.accountId, set: { jsonSchema: value, updatedAt: new Date().toISOString() } })
    .run();
}

export async function circuitState(db: Database, accountId: string, now = Date.now()) {
  const row = await db.select().from(llmCircuits).where(eq(llmCircuits.accountId, accountId)).get();
  if (!row) return { state: "closed" as const, consecutiveFailures: 0, openUntil: null, lastError: null, jsonSchema: "unknown" as const };
  const state = row.openUntil === null ? ("closed" as const) : row.openUntil > now ? ("open" as const) : ("half_open" as const);
  return {
    state,
    consecutiveFailures: row.consecutiveFailures,
    openUntil: row.openUntil ? new Date(row.openUntil).toISOString() : null,
    lastError: row.lastError,
    jsonSchema: row.jsonSchema,
  };
}

export async function resetCircuit(db: Database, accountId: string): Promise<void> {
  await db
    .update(llmCircuits)
    .set({ consecutiveFailures: 0, openUntil: null, lastError: null, jsonSchema: "unknown", updatedAt: new Date().toISOString() })
    .where(eq(llmCircuits.accountId, accountId))
    .run();
}
