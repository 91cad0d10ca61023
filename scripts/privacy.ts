/**
 * A requester's deletion request from the command line (through the Worker's admin API, docs/pii.md):
 *   npm run privacy -- forget --account demo --requester 12345        by Zendesk user id
 *   npm run privacy -- forget --account demo --email jane@example.com  by e-mail (looked up in Zendesk)
 * Follows the API's cursor until every ticket of the requester is done, then prints the rows changed per table.
 * --url (default $EDGE_TRIAGE_URL or http://127.0.0.1:8787) and --token (default $ADMIN_TOKEN, else dev-admin-token).
 */
import { parseCommandLine } from "./lib/command-line";

const USAGE = `usage:
  npm run privacy -- forget --account <subdomain> (--requester <zendesk user id> | --email <address>)
  (takes --url URL --token TOKEN)`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

const { positionals, values } = parseCommandLine(USAGE, {
  allowPositionals: true,
  options: {
    account: { type: "string" },
    requester: { type: "string" },
    email: { type: "string" },
    url: { type: "string" },
    token: { type: "string" },
  },
});
const baseUrl = (values.url ?? process.env.EDGE_TRIAGE_URL ?? "http://127.0.0.1:8787").replace(/\/$/, "");
const token = values.token ?? process.env.ADMIN_TOKEN ?? "dev-admin-token";

interface ForgetAnswer {
  requesterIds: number[];
  tickets: number;
  removed: Record<string, number>;
  next: number | null;
}

async function post(path: string, body: unknown): Promise<ForgetAnswer> {
  let res: Response;
  try {
    res = await fetch(`${baseUrl}/admin${path}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    fail(`cannot reach ${baseUrl}: ${error instanceof Error ? error.message : String(error)} (is the Worker running? npm start)`);
  }
  const text = await res.text();
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    fail(`POST ${path} → ${res.status}: ${text.slice(0, 300)}`);
  }
  if (res.status !== 200) fail(`${res.status} ${String(parsed.error ?? "")}: ${String(parsed.message ?? "")}`);
  return parsed as unknown as ForgetAnswer;
}

async function forget(): Promise<void> {
  const account = values.account;
  if (!account) fail(`forget needs --account <subdomain>.\n${USAGE}`);
  if (!values.requester === !values.email) fail(`forget needs exactly one of --requester <id> or --email <address>.\n${USAGE}`);
  if (values.requester !== undefined && !/^[1-9][0-9]{0,15}$/.test(values.requester)) fail(`--requester is a Zendesk user id (decimal digits).\n${USAGE}`);
  const path = values.requester ? `/requesters/${values.requester}/forget` : "/requesters/forget";
  const body = values.email ? { email: values.email } : undefined;
  const removed: Record<string, number> = {};
  let tickets = 0;
  let requesters: number[] = [];
  let after = 0;
  for (;;) {
    const q = new URLSearchParams({ account, ...(after ? { after: String(after) } : {}) });
    const r = await post(`${path}?${q}`, body);
    requesters = r.requesterIds;
    tickets += r.tickets;
    for (const [table, n] of Object.entries(r.removed)) removed[table] = (removed[table] ?? 0) + n;
    if (r.next === null) break;
    after = r.next;
  }
  for (const [table, n] of Object.entries(removed).sort()) process.stdout.write(`${table.padEnd(24)} ${n}\n`);
  process.stdout.write(
    `forgot requester ${requesters.length ? requesters.join(", ") : "(no Zendesk user with that address)"} in '${account}': ${tickets} ticket(s)\n`,
  );
}

if (positionals[0] === "forget") await forget();
else fail(USAGE);
