/** Finding accounts by their Slack workspace (settings.slack.teamId), for incoming Slack requests. */
import { sql } from "drizzle-orm";
import { accounts } from "../../db/schema/index";
import type { Database } from "./db";

export type AccountRow = typeof accounts.$inferSelect;

/** Accounts connected to this Slack team (usually one; several Zendesk accounts may share a workspace). */
export async function accountsForSlackTeam(db: Database, teamId: string, limit = 20): Promise<AccountRow[]> {
  return db.select().from(accounts).where(sql`json_extract(${accounts.settings}, '$.slack.teamId') = ${teamId}`).limit(limit).all();
}

/** Accounts with any Slack configuration (for requests that name no team, such as url_verification). */
export async function accountsWithSlack(db: Database, limit = 100): Promise<AccountRow[]> {
  return db.select().from(accounts).where(sql`json_extract(${accounts.settings}, '$.slack.teamId') is not null`).limit(limit).all();
}
