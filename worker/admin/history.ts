/**
 * POST /admin/history/import?account=<subdomain>: pulls the account's Zendesk history through the Incremental
 * Ticket Export into training examples (source `import`), up to `maxPages` export pages per call. Body:
 *   {since?: ISO date (default 90 days ago), cursor?: string (resume; wins over since),
 *    labelField?: custom field id | labelTagPrefix?: "intent__" (exactly one), maxPages?: 1-10 (1), perPage?: 1-1000}
 * → {imported, skipped: {unlabelled, unknownIntent, empty}, pages, cursor, done, retryAfterSeconds?}.
 * On Zendesk's 429 the answer is what was stored so far, the cursor and retryAfterSeconds: call again after that.
 * See docs/history-import.md.
 */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../http/app-env";
import { labelSourceFields, labelSourceOf, sinceMsOf } from "./history-input";
import { apiError } from "../http/errors";
import { jsonBody, withAccountFromQuery } from "../http/middleware";
import { HistoryImportFailed, importHistory } from "../history/import";
import { errorMessage, log } from "../lib/log";
import { unlockAccount } from "../store/accounts";
import { audit } from "../store/audit";
import { currentTaxonomy } from "../store/intents";
import { ZendeskApiError } from "../zendesk/http";
import { CURSOR_PATTERN, incrementalExportFor, MAX_EXPORT_PAGE_SIZE, type ExportStart } from "../zendesk/incremental-export";

export const MAX_PAGES_PER_CALL = 10;

const importBody = z
  .object({
    since: z.string().min(1).max(64).optional(),
    cursor: z.string().regex(CURSOR_PATTERN, "cursor is the value a previous call returned").optional(),
    ...labelSourceFields,
    maxPages: z.number().int().min(1).max(MAX_PAGES_PER_CALL).default(1),
    perPage: z.number().int().min(1).max(MAX_EXPORT_PAGE_SIZE).optional(),
  })
  .strict();

export const adminHistory = new Hono<AppEnv>();

adminHistory.post(
  "/history/import",
  withAccountFromQuery,
  jsonBody(importBody, { error: "invalid_history_import", message: "The history import body is invalid." }),
  async (c) => {
    const { db, account: row, body } = c.var;
    const labelSource = labelSourceOf(body);

    let start: ExportStart;
    if (body.cursor !== undefined) start = { cursor: body.cursor };
    else {
      start = { startTime: Math.floor(sinceMsOf(body.since) / 1000) };
    }

    const account = await unlockAccount(row, c.env.SECRETS_KEY);
    const { taxonomy } = await currentTaxonomy(db, account.id);
    const labels = labelSource.kind === "field" ? `field:${labelSource.fieldId}` : `tag:${labelSource.prefix}`;
    try {
      const exporter = incrementalExportFor(account);
      const result = await importHistory(db, account.id, exporter, taxonomy, {
        start,
        labelSource,
        maxPages: body.maxPages,
        ...(body.perPage === undefined ? {} : { perPage: body.perPage }),
      });
      // Counts only: no ticket text, no label values beyond the source's name.
      const { cursor: _cursor, ...counts } = result;
      await audit(db, { accountId: account.id, actor: "admin", action: "history.imported", subject: "history:zendesk", details: { ...counts, labels } });
      log.info("history import", {
        account: account.id,
        pages: result.pages,
        imported: result.imported,
        done: result.done,
        retryAfterSeconds: result.retryAfterSeconds ?? null,
      });
      return c.json(result);
    } catch (error) {
      const failure = error instanceof HistoryImportFailed ? error.error : error;
      const partial = error instanceof HistoryImportFailed ? error.partial : null;
      if (!(failure instanceof ZendeskApiError)) throw new Error(`history import failed: ${errorMessage(failure)}`);
      if (partial) {
        const { cursor: _cursor, ...counts } = partial;
        await audit(db, {
          accountId: account.id,
          actor: "admin",
          action: "history.imported",
          subject: "history:zendesk",
          details: { ...counts, labels, failed: failure.status },
        });
      }
      // Zendesk refusing the request itself (a cursor it never issued, a start_time it rejects) is the caller's to fix.
      if (failure.status === 400 || failure.status === 422)
        apiError(400, "zendesk_export_refused", `Zendesk refused the export request (check cursor and since): ${failure.message}`, {
          status: failure.status,
          code: failure.code,
          ...(partial ?? {}),
        });
      apiError(
        failure.status === 401 || failure.status === 403 ? 424 : 502,
        "zendesk_export_failed",
        `The Zendesk export failed${partial?.pages ? ` after ${partial.pages} page(s); what they held is stored, resume with details.cursor` : ""}: ${failure.message}`,
        { status: failure.status, code: failure.code, retryAfterSeconds: failure.retryAfterSeconds, ...(partial ?? {}) },
      );
    }
  },
);
