import { and, eq } from "drizzle-orm";
import { escalations } from "../../db/schema/index";
import type { Database } from "./db";

export type EscalationRow = typeof escalations.$inferSelect;

export async function escalationFor(db: Database, accountId: string, ticketId: number): Promise<EscalationRow | undefined> {
  return db.select().from(escalations).where(and(eq(escalations.accountId, accountId), eq(escalations.ticketId, ticketId))).get();
}
