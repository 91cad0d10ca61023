/**
 * The account's Zendesk history from the command line, through the Worker's admin API (docs/history-import.md,
 * docs/replay.md):
 *   npm run history -- import --account demo --label-tag-prefix intent__ [--since 2026-06-01] [--limit 500]
 *       starts an import run (a durable workflow) and prints its progress until it is done or failed
 *   npm run history -- status <import id> --account demo        one run's progress (--watch: until it ends)
 *   npm run history -- resume <import id> --account demo        a failed run again from its cursor, then progress
 *   npm run history -- list --account demo                      the account's runs
 *   npm run history -- replay --account demo [--import <id>] [--llm estimate|call] [--html report.html]
 *       the replay ("model fit") report: a text summary, and with --html a self-contained page with charts
 * --url (default $EDGE_TRIAGE_URL or http://127.0.0.1:8787) and --token (default $ADMIN_TOKEN, else dev-admin-token).
 */
import { writeFileSync } from "node:fs";
import type { ReplayReport } from "../worker/replay/report";
import { adminApi } from "./admin-cli";
import { parseCommandLine, usageError } from "./lib/command-line";
import { replayHtml, replayText } from "./lib/replay-html";

const USAGE = `usage:
  npm run history -- import --account <subdomain> (--label-tag-prefix <prefix> | --label-field <field id>)
                            [--since <ISO date>] [--limit <tickets>] [--per-page <1-1000>]
  npm run history -- status <import id> --account <subdomain> [--watch]
  npm run history -- resume <import id> --account <subdomain>
  npm run history -- list --account <subdomain>
  npm run history -- replay --account <subdomain> [--import <import id>] [--llm estimate|call] [--html <file>]
  (all take --url URL --token TOKEN; import, resume and --watch poll every --interval seconds, default 2)`;

const { positionals, values } = parseCommandLine(USAGE, {
  allowPositionals: true,
  options: {
    account: { type: "string" },
    since: { type: "string" },
    limit: { type: "string" },
    "per-page": { type: "string" },
    "label-tag-prefix": { type: "string" },
    "label-field": { type: "string" },
    import: { type: "string" },
    llm: { type: "string" },
    html: { type: "string" },
    watch: { type: "boolean" },
    interval: { type: "string" },
    url: { type: "string" },
    token: { type: "string" },
  },
});

const bad = (message: string): never => usageError(message, USAGE);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function positiveInt(name: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]*$/.test(value) || Number(value) > max) bad(`--${name} must be a whole number from 1 to ${max} (got '${value}')`);
  return Number(value);
}

function account(): string {
  const a = values.account;
  if (!a) bad("--account <subdomain> is required");
  return a as string;
}

function importIdArgument(command: string): string {
  const id = positionals[1];
  if (!id) bad(`${command} needs the import id: npm run history -- ${command} <import id> --account <subdomain>`);
  if (!UUID.test(id as string)) bad(`'${id}' is not an import id (the id 'import' printed, a UUID)`);
  return id as string;
}

const intervalMs = (positiveInt("interval", values.interval, 3600) ?? 2) * 1000;
const api = adminApi(values.url, values.token);

interface RunView {
  id: string;
  status: "running" | "done" | "failed";
  pages: number;
  ticketsStored: number;
  examplesStored: number;
  skipped: Record<string, number>;
  rateLimitWaits: number;
  limit: number | null;
  lastError: string | null;
  attempts: number;
}

async function json<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await api.call(method, path, body === undefined ? undefined : JSON.stringify(body), "application/json");
  return (await res.json()) as T;
}

function progressLine(r: RunView): string {
  const skipped = Object.entries(r.skipped)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");
  return `${r.status.padEnd(7)} pages ${r.pages}, tickets ${r.ticketsStored}${r.limit ? `/${r.limit}` : ""}, examples ${r.examplesStored}${skipped ? `, skipped: ${skipped}` : ""}${r.rateLimitWaits ? `, rate-limit waits ${r.rateLimitWaits}` : ""}`;
}

/** Prints a line whenever the progress changes, until the run ends; exit 1 when it failed. */
async function follow(acct: string, id: string): Promise<void> {
  let last = "";
  for (;;) {
    const run = await json<RunView>("GET", `/admin/history/imports/${id}?account=${encodeURIComponent(acct)}`);
    const line = progressLine(run);
    if (line !== last) process.stdout.write(`${line}\n`);
    last = line;
    if (run.status === "done") return;
    if (run.status === "failed") {
      process.stderr.write(`import ${id} failed: ${run.lastError ?? "unknown error"}\nresume it with: npm run history -- resume ${id} --account ${acct}\n`);
      process.exit(1);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

async function startImport(): Promise<void> {
  const acct = account();
  const prefix = values["label-tag-prefix"];
  const field = values["label-field"];
  if ((prefix === undefined) === (field === undefined)) bad("give exactly one of --label-tag-prefix <prefix> or --label-field <field id>");
  if (field !== undefined && !/^[1-9][0-9]{0,15}$/.test(field)) bad(`--label-field is a custom field id (digits), not '${field}'`);
  if (values.since !== undefined && Number.isNaN(Date.parse(values.since))) bad(`--since must be an ISO date or time, e.g. 2026-06-01 (got '${values.since}')`);
  const limit = positiveInt("limit", values.limit, 100_000);
  const perPage = positiveInt("per-page", values["per-page"], 1000);
  const body = {
    ...(prefix !== undefined ? { labelTagPrefix: prefix } : { labelField: Number(field) }),
    ...(values.since !== undefined ? { since: values.since } : {}),
    ...(limit !== undefined ? { limit } : {}),
    ...(perPage !== undefined ? { perPage } : {}),
  };
  const run = await json<RunView>("POST", `/admin/history/imports?account=${encodeURIComponent(acct)}`, body);
  process.stdout.write(`import ${run.id} started\n`);
  await follow(acct, run.id);
  process.stdout.write(`import ${run.id} done; replay it with: npm run history -- replay --account ${acct} --import ${run.id}\n`);
}

async function status(): Promise<void> {
  const acct = account();
  const id = importIdArgument("status");
  if (values.watch) return follow(acct, id);
  const run = await json<RunView>("GET", `/admin/history/imports/${id}?account=${encodeURIComponent(acct)}`);
  process.stdout.write(`${progressLine(run)}${run.lastError ? `\nlast error: ${run.lastError}` : ""}\n`);
}

async function resume(): Promise<void> {
  const acct = account();
  const id = importIdArgument("resume");
  const run = await json<RunView>("POST", `/admin/history/imports/${id}/resume?account=${encodeURIComponent(acct)}`);
  process.stdout.write(`import ${id} resumed (attempt ${run.attempts})\n`);
  await follow(acct, id);
}

async function list(): Promise<void> {
  const acct = account();
  const { imports } = await json<{ imports: (RunView & { startedAt: string })[] }>("GET", `/admin/history/imports?account=${encodeURIComponent(acct)}`);
  if (imports.length === 0) process.stdout.write(`no history imports in '${acct}'\n`);
  for (const r of imports) process.stdout.write(`${r.id}  ${r.startedAt}  ${progressLine(r)}\n`);
}

async function replay(): Promise<void> {
  const acct = account();
  const llm = values.llm ?? "estimate";
  if (llm !== "estimate" && llm !== "call") bad(`--llm is 'estimate' or 'call' (got '${llm}')`);
  if (values.import !== undefined && !UUID.test(values.import)) bad(`--import '${values.import}' is not an import id (a UUID)`);
  const report = await json<ReplayReport>("POST", `/admin/history/replays?account=${encodeURIComponent(acct)}`, {
    llm,
    ...(values.import ? { importId: values.import } : {}),
  });
  process.stdout.write(replayText(report));
  if (values.html) {
    writeFileSync(values.html, replayHtml(report));
    process.stdout.write(`wrote ${values.html}\n`);
  }
}

const commands: Record<string, () => Promise<void>> = { import: startImport, status, resume, list, replay };
const command = positionals[0];
if (!command) bad("a command is required: import, status, resume, list or replay");
const run = commands[command as string];
if (!run) bad(`unknown command '${command}' (import, status, resume, list or replay)`);
await (run as () => Promise<void>)();
