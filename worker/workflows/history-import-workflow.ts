/**
 * One history import run, durable: each page of Zendesk's Incremental Ticket Export is one step (retried on
 * failure), its solved/closed tickets' comments are read, and the tickets (with the agents' final values) and their
 * training examples are upserted, so a step that runs twice, or a resumed run, never stores anything twice.
 * Zendesk's 429 (the export allows 10 requests a minute) is a `step.sleep` for its Retry-After, then the same page
 * again. Progress goes to the run's row after every page; a failure is recorded there with the cursor of the last
 * page stored, where `POST /admin/history/imports/:id/resume` starts a new instance.
 */
import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep, type WorkflowStepConfig } from "cloudflare:workers";
import type { Env, HistoryImportParams } from "../env/bindings";
import { sortExportPage } from "../history/import";
import { labelIndex } from "../history/labels";
import { historyTicketRow } from "../history/tickets";
import { errorMessage, log } from "../lib/log";
import { traceIdOr, withTrace } from "../lib/trace";
import { loadAccount } from "../store/accounts";
import { database } from "../store/db";
import { getHistoryImport, updateHistoryImport, upsertHistoryTickets, type HistorySkipCounts, type NewHistoryTicket } from "../store/history";
import { currentTaxonomy } from "../store/intents";
import { upsertTrainingExamples } from "../store/training-examples";
import { ZendeskApiError } from "../zendesk/http";
import { DEFAULT_RETRY_AFTER_SECONDS, incrementalExportFor, type ExportedComment } from "../zendesk/incremental-export";

/** A page's step is retried a few times (a 5xx, a network error) before the run is marked failed. */
export const PAGE_RETRY: WorkflowStepConfig = { retries: { limit: 3, delay: "10 seconds", backoff: "exponential" }, timeout: "10 minutes" };
/** A Retry-After beyond this is Zendesk being odd: wait this long and try again rather than sleep for hours. */
const MAX_SLEEP_SECONDS = 15 * 60;

/** Where the run stands: the row's progress, carried from step to step. */
interface RunState {
  cursor: string | null;
  startTime: number;
  pages: number;
  ticketsStored: number;
  examplesStored: number;
  skipped: HistorySkipCounts;
  rateLimitWaits: number;
  ticketLimit: number | null;
  done: boolean;
}

type PageOutcome = { kind: "stored"; state: RunState } | { kind: "rate_limited"; retryAfterSeconds: number; rateLimitWaits: number };

export class HistoryImportWorkflow extends WorkflowEntrypoint<Env, HistoryImportParams> {
  override async run(event: WorkflowEvent<HistoryImportParams>, step: WorkflowStep): Promise<void> {
    const p = event.payload;
    const traceId = traceIdOr(p.traceId);
    const traced =
      <T>(name: string, fn: () => Promise<T>) =>
      () =>
        withTrace({ traceId, step: name }, fn);
    let state = await step.do(
      "read the run",
      traced("read the run", () => this.readRun(p)),
    );
    try {
      let waits = 0;
      while (!state.done) {
        const name = `page ${state.pages + 1}${waits ? ` (after wait ${waits})` : ""}`;
        const current = state;
        const outcome: PageOutcome = await step.do(
          name,
          PAGE_RETRY,
          traced(name, () => this.importPage(p, current)),
        );
        if (outcome.kind === "rate_limited") {
          waits++;
          state = { ...state, rateLimitWaits: outcome.rateLimitWaits };
          await step.sleep(`rate limit wait ${state.rateLimitWaits}`, Math.min(outcome.retryAfterSeconds, MAX_SLEEP_SECONDS) * 1000);
          continue;
        }
        waits = 0;
        state = outcome.state;
      }
      await step.do(
        "finish",
        traced("finish", () => this.finish(p)),
      );
    } catch (error) {
      // The page's retries are spent: say so on the run (its cursor is the last page fully stored) and end failed.
      const reason = errorMessage(error).slice(0, 300);
      await step.do(
        "record the failure",
        traced("record the failure", () => this.fail(p, reason)),
      );
      throw error;
    }
  }

  private async readRun(p: HistoryImportParams): Promise<RunState> {
    const run = await getHistoryImport(database(this.env.DB), p.accountId, p.importId);
    if (!run) throw new Error(`history import ${p.importId} is missing`);
    return {
      cursor: run.cursor,
      startTime: Math.floor(Date.parse(run.since) / 1000),
      pages: run.pages,
      ticketsStored: run.ticketsStored,
      examplesStored: run.examplesStored,
      skipped: run.skipped,
      rateLimitWaits: run.rateLimitWaits,
      ticketLimit: run.ticketLimit,
      done: run.status === "done" || (run.ticketLimit !== null && run.ticketsStored >= run.ticketLimit),
    };
  }

  private async importPage(p: HistoryImportParams, state: RunState): Promise<PageOutcome> {
    const db = database(this.env.DB);
    const account = await loadAccount(db, this.env.SECRETS_KEY, p.accountId);
    const run = await getHistoryImport(db, p.accountId, p.importId);
    if (!account || !run) throw new Error(`account ${p.accountId} or import ${p.importId} no longer exists`);
    const { taxonomy } = await currentTaxonomy(db, account.id);
    const exporter = incrementalExportFor(account);
    const rateLimited = async (retryAfterSeconds: number): Promise<PageOutcome> => {
      const rateLimitWaits = state.rateLimitWaits + 1;
      await updateHistoryImport(db, p.accountId, p.importId, { rateLimitWaits });
      log.info("history import rate limited", { account: p.accountId, import: p.importId, retryAfterSeconds });
      return { kind: "rate_limited", retryAfterSeconds, rateLimitWaits };
    };

    const page = await exporter.page(state.cursor ? { cursor: state.cursor } : { startTime: state.startTime }, { perPage: run.perPage });
    if (page.rateLimited) return rateLimited(page.retryAfterSeconds);
    const room = state.ticketLimit === null ? Number.POSITIVE_INFINITY : state.ticketLimit - state.ticketsStored;
    const sorted = sortExportPage(account.id, page.tickets, run.labelSource, labelIndex(taxonomy, run.labelSource), room);

    // Only the page's solved/closed tickets (up to the limit) cost a comments request.
    const rows: NewHistoryTicket[] = [];
    for (const ticket of sorted.finals) {
      let comments: ExportedComment[];
      try {
        comments = await exporter.comments(ticket.id);
      } catch (error) {
        if (error instanceof ZendeskApiError && error.status === 429) return rateLimited(error.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS);
        // A ticket deleted since the export was generated has no comments to read; keep what the export had.
        if (error instanceof ZendeskApiError && error.status === 404) comments = [];
        else throw error;
      }
      rows.push(historyTicketRow(account.id, p.importId, ticket, comments));
    }
    await upsertHistoryTickets(db, rows);
    await upsertTrainingExamples(db, sorted.examples);

    const skipped = { ...state.skipped };
    for (const [k, n] of Object.entries(sorted.skipped) as [keyof HistorySkipCounts, number][]) skipped[k] += n;
    const ticketsStored = state.ticketsStored + rows.length;
    const next: RunState = {
      ...state,
      // A page cut short by the limit keeps the previous cursor: the run is done, and its cursor never skips a ticket.
      cursor: sorted.finals.length >= room ? state.cursor : (page.afterCursor ?? state.cursor),
      pages: state.pages + 1,
      ticketsStored,
      examplesStored: state.examplesStored + sorted.examples.length,
      skipped,
      done: page.endOfStream || !page.afterCursor || ticketsStored >= (state.ticketLimit ?? Number.POSITIVE_INFINITY),
    };
    await updateHistoryImport(db, p.accountId, p.importId, {
      cursor: next.cursor,
      pages: next.pages,
      ticketsStored: next.ticketsStored,
      examplesStored: next.examplesStored,
      skipped: next.skipped,
    });
    log.info("history import page", { account: p.accountId, import: p.importId, page: next.pages, tickets: rows.length, done: next.done });
    return { kind: "stored", state: next };
  }

  private async finish(p: HistoryImportParams): Promise<void> {
    await updateHistoryImport(database(this.env.DB), p.accountId, p.importId, { status: "done", lastError: null, finishedAt: new Date().toISOString() });
  }

  private async fail(p: HistoryImportParams, reason: string): Promise<void> {
    log.warn("history import failed", { account: p.accountId, import: p.importId, error: reason });
    await updateHistoryImport(database(this.env.DB), p.accountId, p.importId, { status: "failed", lastError: reason, finishedAt: new Date().toISOString() });
  }
}
