/**
 * Write-backs the pipeline gave up on, from the command line (through the Worker's admin API):
 *   npm run writebacks -- list --account demo [--status dead|failed]        what is waiting for a retry
 *   npm run writebacks -- show <ticketId> --account demo                     one ticket's write-back
 *   npm run writebacks -- retry <ticketId> --account demo                    retry one ticket's write-back, once
 *   npm run writebacks -- retry-all --account demo [--status dead|failed] [--limit 25]
 * Remote commands use --url (default $EDGE_TRIAGE_URL or http://127.0.0.1:8787) and --token (default $ADMIN_TOKEN,
 * else dev-admin-token, the local value). Exit code 1 when a retry did not go through.
 */
import { parseCommandLine } from "./lib/command-line";

const USAGE = `usage:
  npm run writebacks -- list --account <subdomain> [--status dead|failed] [--limit N]
  npm run writebacks -- show <ticketId> --account <subdomain>
  npm run writebacks -- retry <ticketId> --account <subdomain>
  npm run writebacks -- retry-all --account <subdomain> [--status dead|failed] [--limit N]
  (all take --url URL --token TOKEN)`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

const { positionals, values } = parseCommandLine(USAGE, {
  allowPositionals: true,
  options: { account: { type: "string" }, url: { type: "string" }, token: { type: "string" }, status: { type: "string" }, limit: { type: "string" } },
});
const [command, arg] = positionals;
const baseUrl = (values.url ?? process.env.EDGE_TRIAGE_URL ?? "http://127.0.0.1:8787").replace(/\/$/, "");
const token = values.token ?? process.env.ADMIN_TOKEN ?? "dev-admin-token";

interface WritebackLine {
  ticketId?: number;
  status: string;
  attempts: number;
  lastHttpStatus: number | null;
  error: string | null;
  updatedAt: string;
}

function account(): string {
  if (!values.account) fail(`${command} needs --account <subdomain>.\n${USAGE}`);
  return values.account;
}

function ticketId(): string {
  if (!arg || !/^[1-9][0-9]{0,14}$/.test(arg)) fail(`${command} needs a ticket id (decimal digits).\n${USAGE}`);
  return arg;
}

function query(extra: Record<string, string | undefined>): string {
  const q = new URLSearchParams({ account: account() });
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) q.set(k, v);
  return q.toString();
}

/** Calls the admin API; answers with the parsed body and the status (errors are bodies too: retry explains them). */
async function call(method: "GET" | "POST", path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  let res: Response;
  try {
    res = await fetch(`${baseUrl}/admin${path}`, { method, headers: { Authorization: `Bearer ${token}` } });
  } catch (error) {
    fail(`cannot reach ${baseUrl}: ${error instanceof Error ? error.message : String(error)} (is the Worker running? npm start)`);
  }
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
  } catch {
    fail(`${method} ${path} → ${res.status}: ${text.slice(0, 300)}`);
  }
}

function line(w: WritebackLine): string {
  const http = w.lastHttpStatus === null ? "" : ` http ${w.lastHttpStatus}`;
  return `${String(w.ticketId ?? "").padEnd(12)} ${w.status.padEnd(9)} ${String(w.attempts).padStart(3)} tries${http}  ${w.updatedAt}  ${(w.error ?? "").slice(0, 120)}`;
}

function errorOf(r: { status: number; body: Record<string, unknown> }): string {
  return `${r.status} ${String(r.body.error ?? "")}: ${String(r.body.message ?? "")}`;
}

async function main() {
  switch (command) {
    case "list": {
      const r = await call("GET", `/writebacks?${query({ status: values.status, limit: values.limit })}`);
      if (r.status !== 200) fail(errorOf(r));
      const rows = r.body.writebacks as WritebackLine[];
      for (const w of rows) process.stdout.write(`${line(w)}\n`);
      process.stdout.write(`${rows.length} ${String(r.body.status)} write-back(s) in '${String(r.body.account)}'\n`);
      return;
    }
    case "show": {
      const id = ticketId();
      const r = await call("GET", `/tickets/${id}?${query({})}`);
      if (r.status !== 200) fail(errorOf(r));
      const w = r.body.writeback as WritebackLine | null;
      process.stdout.write(w ? `${line({ ...w, ticketId: Number(id) })}\n` : `ticket ${id}: no write-back recorded\n`);
      return;
    }
    case "retry": {
      const id = ticketId();
      const r = await call("POST", `/tickets/${id}/writeback/retry?${query({})}`);
      const w = (r.status === 200 ? r.body.writeback : (r.body.details as { writeback?: WritebackLine } | undefined)?.writeback) as WritebackLine | undefined;
      if (w) process.stdout.write(`${line({ ...w, ticketId: Number(id) })}\n`);
      if (r.status !== 200) fail(errorOf(r));
      process.stdout.write(`ticket ${id}: written back\n`);
      return;
    }
    case "retry-all": {
      const r = await call("POST", `/writebacks/retry?${query({ status: values.status, limit: values.limit })}`);
      if (r.status !== 200) fail(errorOf(r));
      const b = r.body as { tried: number; succeeded: number; failed: number; skipped: number; stillDown: boolean; remaining: number };
      for (const w of r.body.writebacks as { ticketId: number; outcome: string }[]) process.stdout.write(`${String(w.ticketId).padEnd(12)} ${w.outcome}\n`);
      process.stdout.write(
        `tried ${b.tried}: ${b.succeeded} written back, ${b.failed} failed, ${b.skipped} skipped; ${b.remaining > 100 ? "more than 100" : b.remaining} still ${String(r.body.status)}${b.stillDown ? " (Zendesk still failing: stopped early)" : ""}\n`,
      );
      if (b.failed > 0) process.exitCode = 1;
      return;
    }
    default:
      fail(USAGE);
  }
}

await main();
