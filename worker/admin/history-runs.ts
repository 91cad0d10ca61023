/**
 * History import runs (a durable workflow each) and replay reports over them (docs/history-import.md, docs/replay.md):
 *   POST /admin/history/imports?account=      {since? | limit?, labelTagPrefix | labelField, perPage?} → 202 the run
 *   GET  /admin/history/imports?account=      the account's runs, newest first
 *   GET  /admin/history/imports/:id?account=  one run's progress
 *   POST /admin/history/imports/:id/resume?account=  a failed run again from its stored cursor → 202
 *   POST /admin/history/replays?account=      {importId?, llm?: "estimate" | "call"} → 201 the ReplayReport
 *   GET  /admin/history/replays/latest?account=, GET /admin/history/replays/:id?account=  a stored report
 * The synchronous POST /admin/history/import (training examples only, worker/admin/history.ts) stays for the training CLI.
 */
import { Hono, type Context } from "hono";
import { z } from "zod";
import type { Env } from "../env/bindings";
import { replayHistory } from "../history-replay/replay";
import type { AppEnv } from "../http/app-env";
import { labelSourceFields, labelSourceOf, sinceMsOf } from "./history-input";
import { apiError } from "../http/errors";
import { jsonBody, limitQuery, withAccountFromQuery } from "../http/middleware";
import { historyImportView } from "../http/views";
import { classifierForAccount } from "../intent-model/account-model";
import { errorMessage, log } from "../lib/log";
import { currentTraceId } from "../lib/trace";
import { classifyWithLlm } from "../llm-triage/classify";
import { unlockAccount } from "../store/accounts";
import { audit } from "../store/audit";
import type { Database } from "../store/db";
import {
  claimResume,
  createHistoryImport,
  getHistoryImport,
  getReplayReport,
  latestDoneImport,
  latestReplayReport,
  listHistoryImports,
  saveReplayRun,
  updateHistoryImport,
  type HistoryImportRow,
} from "../store/history";
import { incrementalExportFor, MAX_EXPORT_PAGE_SIZE } from "../zendesk/incremental-export";
import { ZendeskApiError } from "../zendesk/http";

/** Export page size of a run: small enough that one page's comment reads stay well inside one step. */
export const DEFAULT_RUN_PAGE_SIZE = 100;
export const MAX_IMPORT_LIMIT = 100_000;
const RUN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const startBody = z
  .object({
    since: z.string().min(1).max(64).optional(),
    limit: z.number().int().min(1).max(MAX_IMPORT_LIMIT).optional(),
    ...labelSourceFields,
    perPage: z.number().int().min(1).max(MAX_EXPORT_PAGE_SIZE).default(DEFAULT_RUN_PAGE_SIZE),
  })
  .strict();

const replayBody = z
  .object({
    importId: z.string().regex(RUN_ID, "importId is the id POST /admin/history/imports returned").optional(),
    llm: z.enum(["estimate", "call"]).default("estimate"),
  })
  .strict();

function runId(c: Context, what: string): string {
  const id = c.req.param("id") ?? "";
  if (!RUN_ID.test(id)) apiError(400, `invalid_${what}_id`, `The ${what} id is the id the API returned (a UUID).`);
  return id;
}

async function startInstance(env: Env, accountId: string, importId: string, attempt: number): Promise<string> {
  const instance = await env.HISTORY_IMPORT_WORKFLOW.create({
    id: `${importId}-${attempt}`,
    params: { accountId, importId, ...(currentTraceId() ? { traceId: currentTraceId() as string } : {}) },
  });
  return instance.id;
}

/**
 * A run whose row says running but whose workflow instance has ended without saying so (terminated, or errored
 * where even recording the failure failed) is marked failed here, so it shows as such and can be resumed.
 */
async function reconciled(env: Env, db: Database, run: HistoryImportRow): Promise<HistoryImportRow> {
  if (run.status !== "running" || !run.instanceId) return run;
  let status: InstanceStatus;
  try {
    status = await (await env.HISTORY_IMPORT_WORKFLOW.get(run.instanceId)).status();
  } catch {
    return run; // not visible (yet): the row stays the truth
  }
  if (status.status !== "errored" && status.status !== "terminated") return run;
  const lastError = `the workflow ${status.status}${status.error?.message ? `: ${status.error.message}` : ""}`.slice(0, 300);
  await updateHistoryImport(db, run.accountId, run.id, { status: "failed", lastError, finishedAt: new Date().toISOString() });
  return (await getHistoryImport(db, run.accountId, run.id)) ?? run;
}

export const adminHistoryRuns = new Hono<AppEnv>();

adminHistoryRuns.post(
  "/history/imports",
  withAccountFromQuery,
  jsonBody(startBody, { error: "invalid_history_import", message: "The history import body is invalid." }),
  async (c) => {
    const { db, account: row, body } = c.var;
    const labelSource = labelSourceOf(body);
    const sinceMs = sinceMsOf(body.since);
    const account = await unlockAccount(row, c.env.SECRETS_KEY);
    try {
      incrementalExportFor(account);
    } catch (error) {
      if (error instanceof ZendeskApiError) apiError(424, "zendesk_not_configured", `The account cannot read Zendesk: ${error.message}`);
      throw error;
    }
    const id = crypto.randomUUID();
    await createHistoryImport(db, {
      id,
      accountId: account.id,
      labelSource,
      since: new Date(sinceMs).toISOString(),
      ticketLimit: body.limit ?? null,
      perPage: body.perPage,
      instanceId: `${id}-1`,
    });
    try {
      await startInstance(c.env, account.id, id, 1);
    } catch (error) {
      await updateHistoryImport(db, account.id, id, { status: "failed", lastError: `the workflow did not start: ${errorMessage(error).slice(0, 200)}` });
      throw error;
    }
    await audit(db, {
      accountId: account.id,
      actor: "admin",
      action: "history.import_started",
      subject: `history_import:${id}`,
      details: { labels: labelSource.kind === "field" ? `field:${labelSource.fieldId}` : `tag:${labelSource.prefix}`, limit: body.limit ?? null },
    });
    log.info("history import started", { account: account.id, import: id });
    const run = await getHistoryImport(db, account.id, id);
    return c.json(historyImportView(run!), 202);
  },
);

adminHistoryRuns.get("/history/imports", withAccountFromQuery, async (c) => {
  const runs = await listHistoryImports(c.var.db, c.var.account.id, limitQuery(c, 50, 200));
  return c.json({ imports: runs.map(historyImportView) });
});

adminHistoryRuns.get("/history/imports/:id", withAccountFromQuery, async (c) => {
  const run = await getHistoryImport(c.var.db, c.var.account.id, runId(c, "import"));
  if (!run) apiError(404, "import_not_found", "No history import with this id in this account.");
  return c.json(historyImportView(await reconciled(c.env, c.var.db, run)));
});

adminHistoryRuns.post("/history/imports/:id/resume", withAccountFromQuery, async (c) => {
  const { db, account } = c.var;
  const id = runId(c, "import");
  const stored = await getHistoryImport(db, account.id, id);
  if (!stored) apiError(404, "import_not_found", "No history import with this id in this account.");
  const run = await reconciled(c.env, db, stored);
  if (run.status !== "failed") apiError(409, "import_not_failed", `Only a failed import can be resumed; this one is ${run.status}.`, { status: run.status });
  const attempt = run.attempts + 1;
  if (!(await claimResume(db, account.id, id, `${id}-${attempt}`))) apiError(409, "import_not_failed", "The import was resumed meanwhile.");
  try {
    await startInstance(c.env, account.id, id, attempt);
  } catch (error) {
    await updateHistoryImport(db, account.id, id, { status: "failed", lastError: `the workflow did not start: ${errorMessage(error).slice(0, 200)}` });
    throw error;
  }
  log.info("history import resumed", { account: account.id, import: id, attempt });
  return c.json(historyImportView((await getHistoryImport(db, account.id, id))!), 202);
});

/**
 * Inline, not a workflow: a replay reads D1 and runs the pure core plus the edge model (well under a millisecond a
 * ticket warm), so a few thousand tickets fit one request's CPU budget, and waiting on D1 or an LLM is not CPU.
 * MAX_REPLAY_TICKETS bounds it.
 */
adminHistoryRuns.post(
  "/history/replays",
  withAccountFromQuery,
  jsonBody(replayBody, { error: "invalid_replay", message: "The replay body is invalid." }),
  async (c) => {
    const { db, account: row, body } = c.var;
    const run = body.importId ? await getHistoryImport(db, row.id, body.importId) : await latestDoneImport(db, row.id);
    if (!run)
      apiError(
        body.importId ? 404 : 409,
        body.importId ? "import_not_found" : "no_history_imported",
        body.importId ? "No history import with this id in this account." : "Import the account's history first (POST /admin/history/imports).",
      );
    if (run.ticketsStored === 0) apiError(409, "import_empty", "That import stored no tickets yet: nothing to replay.", { status: run.status });
    const account = await unlockAccount(row, c.env.SECRETS_KEY);
    const report = await replayHistory(c.env, db, account, run, { llm: body.llm, tiers: { models: classifierForAccount, llm: classifyWithLlm } });
    await saveReplayRun(db, report);
    log.info("history replayed", { account: account.id, import: run.id, replay: report.replayId, tickets: report.overall.tickets, llm: body.llm });
    return c.json(report, 201);
  },
);

adminHistoryRuns.get("/history/replays/latest", withAccountFromQuery, async (c) => {
  const report = await latestReplayReport(c.var.db, c.var.account.id);
  if (!report) apiError(404, "replay_not_found", "No replay has been run for this account yet (POST /admin/history/replays).");
  return c.json(report);
});

adminHistoryRuns.get("/history/replays/:id", withAccountFromQuery, async (c) => {
  const report = await getReplayReport(c.var.db, c.var.account.id, runId(c, "replay"));
  if (!report) apiError(404, "replay_not_found", "No replay with this id in this account.");
  return c.json(report);
});
