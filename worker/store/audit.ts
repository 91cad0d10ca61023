import { desc, eq } from "drizzle-orm";
import { auditLog } from "../../db/schema/index";
import type { Database } from "./db";

export async function audit(
  db: Database,
  entry: { accountId: string | null; actor: string; action: string; subject?: string | null; details?: object },
): Promise<void> {
  await db
    .insert(auditLog)
    .values({ accountId: entry.accountId, actor: entry.actor, action: entry.action, subject: entry.subject ?? null, details: entry.details ?? {} })
    .run();
}

export async function auditEntries(db: Database, accountId: string, limit = 100) {
  return db.select().from(auditLog).where(eq(auditLog.accountId, accountId)).orderBy(desc(auditLog.id)).limit(limit).all();
}
