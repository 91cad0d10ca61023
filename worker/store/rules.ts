import { and, desc, eq } from "drizzle-orm";
import { ruleTables } from "../../db/schema/index";
import { parseRuleTable, type RuleTable } from "../triage/rules/schema";
import type { Database } from "./db";

/** The table an account without rules runs: no rules, default routes. */
export const EMPTY_TABLE: RuleTable = parseRuleTable({ rules: [] });

export interface StoredTable {
  version: number;
  table: RuleTable;
  source: string;
  sourceFormat: "yaml" | "json";
  createdBy: string;
  createdAt: string;
}

export async function currentRuleTable(db: Database, accountId: string): Promise<StoredTable | null> {
  const row = await db.select().from(ruleTables).where(eq(ruleTables.accountId, accountId)).orderBy(desc(ruleTables.version)).limit(1).get();
  if (!row) return null;
  return { version: row.version, table: row.rules, source: row.source, sourceFormat: row.sourceFormat, createdBy: row.createdBy, createdAt: row.createdAt };
}

/** Appends a new version (history is kept; the highest version is live). */
export async function saveRuleTable(
  db: Database,
  accountId: string,
  t: { table: RuleTable; source: string; sourceFormat: "yaml" | "json"; createdBy: string },
): Promise<number> {
  const current = await currentRuleTable(db, accountId);
  const version = (current?.version ?? 0) + 1;
  await db.insert(ruleTables).values({ accountId, version, rules: t.table, source: t.source, sourceFormat: t.sourceFormat, createdBy: t.createdBy }).run();
  return version;
}

export async function ruleTableVersion(db: Database, accountId: string, version: number) {
  return db
    .select()
    .from(ruleTables)
    .where(and(eq(ruleTables.accountId, accountId), eq(ruleTables.version, version)))
    .get();
}
