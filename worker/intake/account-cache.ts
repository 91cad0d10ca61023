/**
 * Webhook deliveries look their account up on every request; accounts change rarely. Keep found rows in the
 * isolate for a short time (misses are never cached, so a newly connected account works at once). A signature
 * that fails against a cached row is checked again against a fresh read, so a rotated secret takes effect at once.
 */
import { findAccount } from "../store/accounts";
import type { Database } from "../store/db";

type AccountRow = NonNullable<Awaited<ReturnType<typeof findAccount>>>;
export type AccountLookup = { id: string } | { zendeskAccountId: number };

export const ACCOUNT_CACHE_MS = 30_000;
const cache = new Map<string, { row: AccountRow; until: number }>();

const keyOf = (by: AccountLookup) => ("id" in by ? `id:${by.id}` : `zd:${by.zendeskAccountId}`);

export async function lookupAccount(
  db: Database,
  by: AccountLookup,
  nowMs: number,
  opts: { fresh?: boolean } = {},
): Promise<{ row: AccountRow; cached: boolean } | undefined> {
  const key = keyOf(by);
  const hit = cache.get(key);
  if (hit && hit.until > nowMs && !opts.fresh) return { row: hit.row, cached: true };
  const row = await findAccount(db, by);
  if (!row) {
    cache.delete(key);
    return undefined;
  }
  cache.set(key, { row, until: nowMs + ACCOUNT_CACHE_MS });
  return { row, cached: false };
}
