import { eq } from "drizzle-orm";
import { accounts } from "../../db/schema/index";
import { accountSettingsSchema, type AccountSettings } from "../settings/account";
import type { Database } from "./db";
import { decryptSecrets, encryptSecrets, type AccountSecrets } from "./secrets";

export interface Account {
  id: string;
  name: string;
  zendeskAccountId: number | null;
  apiBaseUrl: string;
  apiEmail: string | null;
  settings: AccountSettings;
}

export interface AccountWithSecrets extends Account {
  secrets: AccountSecrets;
}

type Row = typeof accounts.$inferSelect;

function toAccount(row: Row): Account {
  return {
    id: row.id,
    name: row.name,
    zendeskAccountId: row.zendeskAccountId,
    apiBaseUrl: row.apiBaseUrl ?? `https://${row.id}.zendesk.com`,
    apiEmail: row.apiEmail,
    // Parsed, not cast: a row written by an older version gets the current defaults.
    settings: accountSettingsSchema.parse(row.settings),
  };
}

export async function findAccount(db: Database, by: { id?: string; zendeskAccountId?: number }): Promise<Row | undefined> {
  if (by.id !== undefined) return db.select().from(accounts).where(eq(accounts.id, by.id)).get();
  if (by.zendeskAccountId !== undefined) return db.select().from(accounts).where(eq(accounts.zendeskAccountId, by.zendeskAccountId)).get();
  return undefined;
}

/** Every account's retention settings (the sweep's per-account pass); settings parsed, so older rows get the defaults. */
export async function accountRetention(db: Database): Promise<{ id: string; retention: AccountSettings["retention"] }[]> {
  const rows = await db.select({ id: accounts.id, settings: accounts.settings }).from(accounts).orderBy(accounts.id).all();
  return rows.map((r) => ({ id: r.id, retention: accountSettingsSchema.parse(r.settings).retention }));
}

export async function loadAccount(db: Database, secretsKey: string, id: string): Promise<AccountWithSecrets | null> {
  const row = await findAccount(db, { id });
  return row ? unlockAccount(row, secretsKey) : null;
}

export async function unlockAccount(row: Row, secretsKey: string): Promise<AccountWithSecrets> {
  return { ...toAccount(row), secrets: await decryptSecrets(secretsKey, row.secretsCiphertext) };
}

export function publicAccount(row: Row): Account {
  return toAccount(row);
}

export interface AccountInput {
  id: string;
  name?: string;
  zendeskAccountId?: number | null;
  apiBaseUrl?: string | null;
  apiEmail?: string | null;
  secrets: AccountSecrets;
  settings?: AccountSettings;
}

export async function upsertAccount(db: Database, secretsKey: string, input: AccountInput): Promise<Account> {
  const values = {
    id: input.id,
    name: input.name ?? input.id,
    zendeskAccountId: input.zendeskAccountId ?? null,
    apiBaseUrl: input.apiBaseUrl ?? null,
    apiEmail: input.apiEmail ?? null,
    secretsCiphertext: await encryptSecrets(secretsKey, input.secrets),
    settings: input.settings ?? accountSettingsSchema.parse({}),
  };
  const row = await db
    .insert(accounts)
    .values(values)
    .onConflictDoUpdate({ target: accounts.id, set: { ...values, updatedAt: new Date().toISOString() } })
    .returning()
    .get();
  return toAccount(row);
}
