import { desc, eq } from "drizzle-orm";
import { auditLog } from "../../db/schema/index";
import type { Database } from "./db";

export async function audit(db: Database, entry: { accountId: string | null; actor: string; action: string; subject?: string | null; details?: unknown }): Promise<void> {
  await db
    .insert(auditLog)
    .values({ accountId: entry.accountId, actor: entry.actor, action: entry.action, subject: entry.subject ?? null, details: JSON.stringify(entry.details ?? {}) })
    .run();
}

export async function auditEntries(db: Database, accountId: string, limit = 100) {
  const rows = await db.select().from(auditLog).where(eq(auditLog.accountId, accountId)).orderBy(desc(auditLog.id)).limit(limit).all();
  return rows.map((r) => ({ ...r, details: JSON.parse(r.details) as unknown }));
}
