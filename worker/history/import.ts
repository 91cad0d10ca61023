/**
 * Zendesk history → training examples: pages of the Incremental Ticket Export are read one after the other (up to
 * `maxPages` per call) and each solved/closed ticket with a known intent label is stored as an `import` example
 * (upserted per ticket, so a re-run or an overlapping resume adds nothing twice). A 429 ends the call early with
 * the cursor to resume from and Zendesk's Retry-After; the caller waits, the Worker never sleeps.
 */
import type { Database } from "../store/db";
import { upsertTrainingExamples, type NewTrainingExample } from "../store/training-examples";
import type { IntentTaxonomy } from "../triage/intents/schema";
import type { ExportedTicket, ExportStart, IncrementalTicketExport } from "../zendesk/incremental-export";
import { labelIndex, readHistoryTicket, type LabelSource, type SkipReason } from "./labels";

export interface HistoryImportOptions {
  start: ExportStart;
  labelSource: LabelSource;
  maxPages: number;
  perPage?: number;
}

/** The admin API's answer (the training CLI loops on it until `done`). */
export interface HistoryImportResult {
  imported: number;
  skipped: Record<SkipReason, number>;
  pages: number;
  /** Where to resume: the last after_cursor Zendesk gave (null: none yet, start again from `since`). */
  cursor: string | null;
  /** The export reached the end of the stream (a later call with `cursor` picks up newer changes). */
  done: boolean;
  retryAfterSeconds?: number;
}

/** A Zendesk failure after some pages were stored: the partial result says how far the import got. */
export class HistoryImportFailed extends Error {
  constructor(
    readonly error: unknown,
    readonly partial: HistoryImportResult,
  ) {
    super("history import failed");
  }
}

/** What one export page gives: the solved/closed tickets (the agents' final word), their examples, what was passed over. */
export interface SortedPage {
  finals: ExportedTicket[];
  examples: NewTrainingExample[];
  skipped: Record<SkipReason | "notFinal", number>;
}

/**
 * Sorts a page's tickets, shared by this synchronous import and the import workflow. With `maxFinals`, stops
 * once that many solved/closed tickets are taken (the workflow's ticket limit); the rest of the page is not counted.
 */
export function sortExportPage(
  accountId: string,
  tickets: readonly ExportedTicket[],
  source: LabelSource,
  index: Map<string, string>,
  maxFinals = Number.POSITIVE_INFINITY,
): SortedPage {
  const out: SortedPage = { finals: [], examples: [], skipped: { unlabelled: 0, unknownIntent: 0, empty: 0, notFinal: 0 } };
  for (const ticket of tickets) {
    if (out.finals.length >= maxFinals) break;
    const verdict = readHistoryTicket(ticket, source, index);
    if (verdict.kind === "not_final") {
      out.skipped.notFinal++;
      continue;
    }
    out.finals.push(ticket);
    if (verdict.kind === "skipped") out.skipped[verdict.reason]++;
    else out.examples.push({ accountId, ticketId: verdict.ticketId, text: verdict.text, intent: verdict.intent, source: "import", confidence: 1 });
  }
  return out;
}

export async function importHistory(
  db: Database,
  accountId: string,
  exporter: IncrementalTicketExport,
  taxonomy: IntentTaxonomy,
  opts: HistoryImportOptions,
): Promise<HistoryImportResult> {
  const index = labelIndex(taxonomy, opts.labelSource);
  const result: HistoryImportResult = {
    imported: 0,
    skipped: { unlabelled: 0, unknownIntent: 0, empty: 0 },
    pages: 0,
    cursor: "cursor" in opts.start ? opts.start.cursor : null,
    done: false,
  };
  let next = opts.start;
  try {
    while (result.pages < opts.maxPages) {
      const page = await exporter.page(next, opts.perPage === undefined ? {} : { perPage: opts.perPage });
      if (page.rateLimited) {
        result.retryAfterSeconds = page.retryAfterSeconds;
        break;
      }
      const { examples, skipped } = sortExportPage(accountId, page.tickets, opts.labelSource, index);
      for (const reason of ["unlabelled", "unknownIntent", "empty"] as const) result.skipped[reason] += skipped[reason];
      await upsertTrainingExamples(db, examples);
      result.imported += examples.length;
      result.pages++;
      if (page.afterCursor) result.cursor = page.afterCursor;
      // Without a cursor there is nothing to continue from, whatever end_of_stream says.
      if (page.endOfStream || !page.afterCursor) {
        result.done = true;
        break;
      }
      next = { cursor: page.afterCursor };
    }
  } catch (error) {
    throw new HistoryImportFailed(error, result);
  }
  return result;
}
