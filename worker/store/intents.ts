/**
 * An account's intent taxonomy, versioned in D1 like the rule table: every push appends a version, the highest is
 * live, history is kept. An account that never pushed one runs the shipped default (version null).
 */
import { and, desc, eq, sql } from "drizzle-orm";
import { intentTaxonomies } from "../../db/schema/index";
import shippedSource from "../../intents/default.yaml";
import type { IntentTaxonomy } from "../triage/intents/schema";
import { parseTaxonomySource } from "../triage/intents/source";
import type { SourceFormat } from "../triage/source";
import type { Database } from "./db";

/**
 * The shipped default, intents/default.yaml, is a Text module (wrangler.toml `rules`): what is in git is what runs,
 * with no generated copy to drift. It is parsed and validated once per isolate; a broken default fails the first
 * ticket loudly rather than triaging against nothing.
 */
export const DEFAULT_TAXONOMY_SOURCE: string = shippedSource;

let shipped: IntentTaxonomy | undefined;

export function defaultTaxonomy(): IntentTaxonomy {
  shipped ??= parseTaxonomySource(shippedSource, "yaml");
  return shipped;
}

export interface StoredTaxonomy {
  /** null: the shipped default (the account never pushed a taxonomy). */
  version: number | null;
  taxonomy: IntentTaxonomy;
}

export type TaxonomyVersionRow = typeof intentTaxonomies.$inferSelect;

/** The live version as pushed (source and who pushed it), or undefined while the account runs the default. */
export async function latestTaxonomyVersion(db: Database, accountId: string): Promise<TaxonomyVersionRow | undefined> {
  return db.select().from(intentTaxonomies).where(eq(intentTaxonomies.accountId, accountId)).orderBy(desc(intentTaxonomies.version)).limit(1).get();
}

export async function currentTaxonomy(db: Database, accountId: string): Promise<StoredTaxonomy> {
  const row = await db
    .select({ version: intentTaxonomies.version, taxonomy: intentTaxonomies.taxonomy })
    .from(intentTaxonomies)
    .where(eq(intentTaxonomies.accountId, accountId))
    .orderBy(desc(intentTaxonomies.version))
    .limit(1)
    .get();
  return row ?? { version: null, taxonomy: defaultTaxonomy() };
}

const SAVE_ATTEMPTS = 5;

/** Appends a version and returns its number; two concurrent pushes get two versions, never one overwriting the other. */
export async function saveTaxonomy(
  db: Database,
  accountId: string,
  t: { taxonomy: IntentTaxonomy; source: string; sourceFormat: SourceFormat; createdBy: string },
): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    const last = await db
      .select({ version: intentTaxonomies.version })
      .from(intentTaxonomies)
      .where(eq(intentTaxonomies.accountId, accountId))
      .orderBy(desc(intentTaxonomies.version))
      .limit(1)
      .get();
    const version = (last?.version ?? 0) + 1;
    const inserted = await db
      .insert(intentTaxonomies)
      .values({ accountId, version, taxonomy: t.taxonomy, source: t.source, sourceFormat: t.sourceFormat, createdBy: t.createdBy })
      .onConflictDoNothing()
      .returning({ version: intentTaxonomies.version })
      .get();
    if (inserted) return inserted.version;
    if (attempt >= SAVE_ATTEMPTS) throw new Error(`could not append a taxonomy version for ${accountId} after ${attempt} attempts`);
  }
}

export async function taxonomyVersion(db: Database, accountId: string, version: number): Promise<TaxonomyVersionRow | undefined> {
  return db
    .select()
    .from(intentTaxonomies)
    .where(and(eq(intentTaxonomies.accountId, accountId), eq(intentTaxonomies.version, version)))
    .get();
}

export interface TaxonomyVersionSummary {
  version: number;
  intents: number;
  enabled: number;
  sourceFormat: SourceFormat;
  createdBy: string;
  createdAt: string;
}

/** The history, newest first; counts come from the stored JSON so the (possibly large) sources stay in D1. */
export async function taxonomyVersions(db: Database, accountId: string, limit = 100): Promise<TaxonomyVersionSummary[]> {
  return db
    .select({
      version: intentTaxonomies.version,
      intents: sql<number>`json_array_length(${intentTaxonomies.taxonomy}, '$.intents')`,
      enabled: sql<number>`(select count(*) from json_each(${intentTaxonomies.taxonomy}, '$.intents') where json_extract(value, '$.enabled') = 1)`,
      sourceFormat: intentTaxonomies.sourceFormat,
      createdBy: intentTaxonomies.createdBy,
      createdAt: intentTaxonomies.createdAt,
    })
    .from(intentTaxonomies)
    .where(eq(intentTaxonomies.accountId, accountId))
    .orderBy(desc(intentTaxonomies.version))
    .limit(limit)
    .all();
}
