/**
 * Knowledge-base admin API (mounted under /admin, behind the admin token):
 *   GET    /kb?account=&kind=&source=&limit=&offset=       list documents
 *   GET    /kb/search?account=&q=&locale=&kind=&limit=     search preview (BM25 score and the passage a prompt would get)
 *   GET    /kb/documents/:docId?account=                   one document
 *   DELETE /kb/documents/:docId?account=
 *   POST   /kb/import?account=[&format=json|csv|markdown][&replace=true]   body: the file (JSON, CSV or Markdown)
 *   POST   /kb/sync?account=[&locales=en,de]               pull Help Center articles and active macros from Zendesk
 * The LLM usage/cost routes (/llm/...) live in llm.ts and are mounted through this router.
 */
import { Hono } from "hono";
import type { AppEnv } from "../http/app-env";
import { apiError } from "../http/errors";
import { detectKbFormat, KbParseError, parseKbFile, type KbFormat } from "../kb/parse";
import type { KbDocument } from "../kb/documents";
import { searchKb } from "../kb/search";
import { deleteDocument, getDocument, listDocuments, upsertDocuments } from "../store/kb";
import { syncFromZendesk } from "../kb/sync";
import { log } from "../lib/log";
import { safeErrorSummary } from "../http/errors";
import { unlockAccount } from "../store/accounts";
import { audit } from "../store/audit";
import { ZendeskApiError } from "../zendesk/client";
import { limitQuery, withAccountFromQuery } from "../http/middleware";
import { adminLlm } from "./llm";

export const MAX_KB_IMPORT_BYTES = 5 * 1024 * 1024;

export const adminKb = new Hono<AppEnv>();

adminKb.get("/kb", withAccountFromQuery, async (c) => {
  const { db, account } = c.var;
  const kind = c.req.query("kind");
  const source = c.req.query("source");
  if (kind && kind !== "article" && kind !== "macro") apiError(400, "invalid_kind", "kind is article or macro.");
  if (source && source !== "import" && source !== "zendesk") apiError(400, "invalid_source", "source is import or zendesk.");
  const list = await listDocuments(db, account.id, {
    kind: kind as "article" | "macro" | undefined,
    source: source as "import" | "zendesk" | undefined,
    limit: limitQuery(c, 100, 1000),
    offset: c.req.query("offset") === "0" ? 0 : limitQuery(c, 0, 1_000_000, "offset"),
  });
  return c.json({ account: account.id, ...list });
});

adminKb.get("/kb/search", withAccountFromQuery, async (c) => {
  const { account } = c.var;
  const q = c.req.query("q") ?? "";
  if (!q.trim()) apiError(400, "query_required", "Add ?q=<text to search for>.");
  const kind = c.req.query("kind");
  const hits = await searchKb(c.env.DB, account.id, q.slice(0, 2_000), {
    limit: limitQuery(c, 5, 50),
    locale: c.req.query("locale") ?? null,
    kind: kind === "article" || kind === "macro" ? kind : undefined,
  });
  return c.json({ account: account.id, query: q, results: hits.map(({ body: _body, rowId: _row, ...h }) => h) });
});

adminKb.get("/kb/documents/:docId", withAccountFromQuery, async (c) => {
  const { db, account } = c.var;
  const doc = await getDocument(db, account.id, c.req.param("docId"));
  if (!doc) apiError(404, "document_not_found", "No document with that id.");
  const { accountId: _a, contentHash: _h, id: _id, ...rest } = doc;
  return c.json({ document: { ...rest, tags: rest.tags ? rest.tags.split(" ") : [] } });
});

adminKb.delete("/kb/documents/:docId", withAccountFromQuery, async (c) => {
  const { db, account } = c.var;
  const deleted = await deleteDocument(db, account.id, c.req.param("docId"));
  if (!deleted) apiError(404, "document_not_found", "No document with that id.");
  await audit(db, { accountId: account.id, actor: "admin", action: "kb.deleted", subject: `kb:${c.req.param("docId")}` });
  return c.json({ deleted: true });
});

adminKb.post("/kb/import", withAccountFromQuery, async (c) => {
  const { db, account } = c.var;
  const bytes = await c.req.arrayBuffer();
  if (bytes.byteLength > MAX_KB_IMPORT_BYTES) apiError(413, "kb_too_large", `Knowledge-base imports are limited to ${MAX_KB_IMPORT_BYTES} bytes per request.`);
  const content = new TextDecoder().decode(bytes);
  if (!content.trim()) apiError(400, "empty_body", "Send the documents (JSON, CSV or Markdown) in the body.");
  const explicit = c.req.query("format");
  if (explicit && !["json", "csv", "markdown"].includes(explicit)) apiError(400, "invalid_format", "format is json, csv or markdown.");
  const format = (explicit as KbFormat | undefined) ?? detectKbFormat(c.req.header("Content-Type"), content);
  let docs: KbDocument[];
  try {
    docs = parseKbFile(content, format);
  } catch (error) {
    if (error instanceof KbParseError)
      apiError(422, "invalid_documents", `The ${format} file has ${error.problems.length} problem(s); nothing was imported.`, {
        format,
        problems: error.problems,
      });
    throw error;
  }
  const replace = c.req.query("replace") === "true" || c.req.query("replace") === "1";
  const result = await upsertDocuments(db, account.id, docs, "import", { replaceSource: replace });
  await audit(db, { accountId: account.id, actor: "admin", action: "kb.imported", subject: `kb:${format}`, details: { ...result, replace } });
  return c.json({ account: account.id, format, ...result });
});

adminKb.post("/kb/sync", withAccountFromQuery, async (c) => {
  const { db, account: row } = c.var;
  const account = await unlockAccount(row, c.env.SECRETS_KEY);
  const locales = (c.req.query("locales") ?? "")
    .split(",")
    .map((l) => l.trim())
    .filter((l) => /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(l));
  try {
    const result = await syncFromZendesk(db, account, { locales });
    await audit(db, { accountId: account.id, actor: "admin", action: "kb.synced", subject: "kb:zendesk", details: result });
    return c.json({ account: account.id, ...result });
  } catch (error) {
    if (error instanceof ZendeskApiError)
      apiError(error.status === 401 || error.status === 403 ? 424 : 502, "zendesk_sync_failed", `Zendesk sync failed; nothing was changed: ${error.message}`, {
        status: error.status,
        code: error.code,
        retryAfterSeconds: error.retryAfterSeconds,
      });
    log.error("kb sync failed", { account: account.id, error: safeErrorSummary(error) });
    apiError(502, "zendesk_sync_failed", "Zendesk sync failed; nothing was changed.");
  }
});

adminKb.route("/", adminLlm);
