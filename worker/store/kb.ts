/**
 * Writing and listing knowledge-base documents. kb_fts follows kb_documents through triggers (see the migration);
 * retrieval (worker/kb/search.ts) queries kb_fts with raw SQL, which drizzle cannot express.
 */
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import { kbDocuments } from "../../db/schema/index";
import { sha256Hex } from "../lib/hash";
import type { Database } from "./db";

export type KbRow = typeof kbDocuments.$inferSelect;
export type KbKind = KbRow["kind"];
export type KbSource = KbRow["source"];
/** A document ready to index (worker/kb/documents.ts KbDocument): tags as a list, stored space-separated. */
export type KbDocument = Pick<KbRow, "docId" | "kind" | "title" | "body" | "url" | "locale"> & { tags: string[] };

export interface UpsertResult {
  created: number;
  updated: number;
  unchanged: number;
  removed: number;
  total: number;
}

/** D1 allows 100 bound parameters per statement; a document row binds 11. Batches stay well under D1's limits. */
const BATCH = 40;

function hashInput(doc: KbDocument): string {
  return JSON.stringify([doc.kind, doc.title, doc.body, doc.url, doc.locale, doc.tags]);
}

/**
 * Inserts new documents and rewrites changed ones (by content hash), atomically per batch. With `replaceSource`,
 * documents from that source that are not in `docs` are deleted (a full re-import or a complete Zendesk sync).
 */
export async function upsertDocuments(
  db: Database,
  accountId: string,
  docs: KbDocument[],
  source: KbSource,
  opts: { replaceSource?: boolean } = {},
): Promise<UpsertResult> {
  const existing = new Map(
    (
      await db.select({ docId: kbDocuments.docId, contentHash: kbDocuments.contentHash }).from(kbDocuments).where(eq(kbDocuments.accountId, accountId)).all()
    ).map((r) => [r.docId, r.contentHash]),
  );
  const result: UpsertResult = { created: 0, updated: 0, unchanged: 0, removed: 0, total: docs.length };
  const writes = [];
  const now = new Date().toISOString();
  for (const doc of docs) {
    const contentHash = await sha256Hex(hashInput(doc));
    const before = existing.get(doc.docId);
    if (before === contentHash) {
      result.unchanged++;
      continue;
    }
    if (before === undefined) result.created++;
    else result.updated++;
    const values = {
      accountId,
      docId: doc.docId,
      kind: doc.kind,
      title: doc.title,
      body: doc.body,
      url: doc.url,
      locale: doc.locale,
      tags: doc.tags.join(" "),
      source,
      contentHash,
      updatedAt: now,
    };
    writes.push(
      db
        .insert(kbDocuments)
        .values(values)
        .onConflictDoUpdate({ target: [kbDocuments.accountId, kbDocuments.docId], set: values }),
    );
  }
  for (let i = 0; i < writes.length; i += BATCH) {
    const chunk = writes.slice(i, i + BATCH);
    await db.batch(chunk as [(typeof chunk)[number], ...typeof chunk]);
  }
  if (opts.replaceSource) {
    const keep = docs.map((d) => d.docId);
    const stale = (
      await db
        .select({ docId: kbDocuments.docId })
        .from(kbDocuments)
        .where(and(eq(kbDocuments.accountId, accountId), eq(kbDocuments.source, source)))
        .all()
    )
      .map((r) => r.docId)
      .filter((id) => !keep.includes(id));
    for (let i = 0; i < stale.length; i += 90) {
      await db
        .delete(kbDocuments)
        .where(and(eq(kbDocuments.accountId, accountId), inArray(kbDocuments.docId, stale.slice(i, i + 90))))
        .run();
    }
    result.removed = stale.length;
  }
  return result;
}

export async function deleteDocument(db: Database, accountId: string, docId: string): Promise<boolean> {
  const row = await db
    .delete(kbDocuments)
    .where(and(eq(kbDocuments.accountId, accountId), eq(kbDocuments.docId, docId)))
    .returning({ id: kbDocuments.id })
    .get();
  return Boolean(row);
}

export async function getDocument(db: Database, accountId: string, docId: string): Promise<KbRow | undefined> {
  return db
    .select()
    .from(kbDocuments)
    .where(and(eq(kbDocuments.accountId, accountId), eq(kbDocuments.docId, docId)))
    .get();
}

export async function listDocuments(db: Database, accountId: string, opts: { kind?: KbKind; source?: KbSource; limit?: number; offset?: number } = {}) {
  const where = and(
    eq(kbDocuments.accountId, accountId),
    opts.kind ? eq(kbDocuments.kind, opts.kind) : undefined,
    opts.source ? eq(kbDocuments.source, opts.source) : undefined,
  );
  const [rows, total] = await Promise.all([
    db
      .select({
        docId: kbDocuments.docId,
        kind: kbDocuments.kind,
        title: kbDocuments.title,
        url: kbDocuments.url,
        locale: kbDocuments.locale,
        tags: kbDocuments.tags,
        source: kbDocuments.source,
        chars: sql<number>`length(${kbDocuments.body})`,
        updatedAt: kbDocuments.updatedAt,
      })
      .from(kbDocuments)
      .where(where)
      .orderBy(asc(kbDocuments.docId))
      .limit(Math.min(opts.limit ?? 100, 500))
      .offset(opts.offset ?? 0)
      .all(),
    db.select({ n: count() }).from(kbDocuments).where(where).get(),
  ]);
  return { total: total?.n ?? 0, documents: rows.map((r) => ({ ...r, tags: r.tags ? r.tags.split(" ") : [] })) };
}
