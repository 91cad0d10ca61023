/**
 * `npm run black-box`: issue #13's black-box run against a running `npm start`, as an outsider would do it — only
 * HTTP to the Worker and the fakes' control APIs. Scenarios, each printed as tried / held / failed:
 *   hostile     malformed, wrong-typed and oversized requests over every route family, bad auth and signatures:
 *               held = a 2xx, or a 4xx JSON {error, message} carrying no secret, stack frame or SQL
 *   duplicates  each webhook delivered 10 times at once: held = exactly one accepted per event
 *   race        20 concurrent sidebar approvals of each pending draft: held = one 200, the rest 409, one reply in Zendesk
 *   faults      Zendesk answering 500/429 on the ticket read, and the LLM failing: held = every ticket reaches a
 *               decision (and a draft) once Zendesk answers again
 *   tenants     a second account with the same ticket ids: held = neither reads nor decides the other's data
 *   reload      (only with --reload-probe) edits a Worker source file during a burst of webhooks, to show what
 *               `wrangler dev`'s rebuild does to requests in flight (docs/hardening.md)
 *
 *   npm run black-box -- [--url http://127.0.0.1:8787] [--token dev-admin-token] [--zendesk http://127.0.0.1:8788]
 *                        [--llm http://127.0.0.1:8790] [--hostile 2000] [--tickets 20] [--reload-probe]
 * Exits 1 when any scenario has a failure, 2 when the stack is not running.
 */
import { createHmac } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { signWebhook } from "../dev/fakes/zendesk/webhooks";
import { CONTENT_TYPES, HOSTILE_IDS, MALFORMED_BODIES } from "../test/worker/hostile-inputs";
import { parseCommandLine } from "./lib/command-line";

const USAGE = `usage: npm run black-box -- [--url http://127.0.0.1:8787] [--token dev-admin-token] [--zendesk http://127.0.0.1:8788]
                          [--llm http://127.0.0.1:8790] [--hostile 2000] [--tickets 20] [--reload-probe]
Runs the hostile, duplicate, race, fault and tenant scenarios against a running npm start and prints tried / held /
failed for each. Exits 1 when a scenario has a failure, 2 when the stack is not running.`;

const { values: args } = parseCommandLine(USAGE, {
  options: {
    url: { type: "string", default: "http://127.0.0.1:8787" },
    token: { type: "string", default: process.env.ADMIN_TOKEN ?? "dev-admin-token" },
    zendesk: { type: "string", default: "http://127.0.0.1:8788" },
    llm: { type: "string", default: "http://127.0.0.1:8790" },
    hostile: { type: "string", default: "2000" },
    tickets: { type: "string", default: "20" },
    "reload-probe": { type: "boolean", default: false },
  },
});
const WORKER = args.url!;
const ADMIN = { Authorization: `Bearer ${args.token}` };
const ZD = args.zendesk!;
const RUN = Math.random().toString(36).slice(2, 8);
const WEBHOOK_SECRET = `bb-webhook-${RUN}-secret`;
const SIDEBAR = { a: `bb-sidebar-a-${RUN}-0123456789`, b: `bb-sidebar-b-${RUN}-0123456789` };
const ACCOUNTS = { a: `bb-a-${RUN}`, b: `bb-b-${RUN}` };
const SECRETS = [args.token!, WEBHOOK_SECRET, SIDEBAR.a, SIDEBAR.b];
const INTERNALS = /\n\s+at |\bat [\w$.<>]+ \(?[\w/.:-]+:\d+:\d+\)?|SQLITE_|D1_ERROR|Failed query/i;
const AGENT = { sub: "9100000123", name: "Black Box" };

interface Figures {
  tried: number;
  held: number;
  failed: number;
  notes: string[];
}
const results: Record<string, Figures> = {};
function scenario(name: string): Figures {
  results[name] = { tried: 0, held: 0, failed: 0, notes: [] };
  return results[name];
}
function tally(f: Figures, ok: boolean, note?: string) {
  f.tried++;
  if (ok) f.held++;
  else {
    f.failed++;
    if (note && f.notes.length < 8) f.notes.push(note);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

async function json(res: Response): Promise<Record<string, unknown>> {
  return (await res.json().catch(() => ({}))) as Record<string, unknown>;
}

/**
 * The sidebar's HS256 token as the ZAF proxy mints it (worker/sidebar/token.ts signs the same way inside workerd;
 * its Web Crypto types do not compile under the Node project, so Node's HMAC does it here).
 */
function signSidebarToken(secret: string, claims: Record<string, unknown>, opts: { nowS: number; expiresInS: number }): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const head = `${part({ typ: "JWT", alg: "HS256" })}.${part({ ...claims, iat: opts.nowS, exp: opts.nowS + opts.expiresInS })}`;
  return `${head}.${createHmac("sha256", secret).update(head).digest("base64url")}`;
}

// --- setup ------------------------------------------------------------------------------------------------------

const RULES = `version: 1
defaults:
  route: draft
  abstain_route: draft
rules: []
`;

async function connect(id: string, sidebarSecret: string, llm: boolean) {
  const res = await fetch(`${WORKER}/admin/accounts/${id}`, {
    method: "PUT",
    headers: { ...ADMIN, "Content-Type": "application/json" },
    body: JSON.stringify({
      name: `black-box ${id}`,
      apiBaseUrl: ZD,
      apiEmail: "agent@example.com",
      secrets: { webhookSigningSecret: WEBHOOK_SECRET, apiToken: "bb-token", sidebarSecret },
      ...(llm ? { settings: { llm: { baseUrl: args.llm, smallModel: "fake-gpt-4o-mini" } } } : {}),
    }),
  });
  if (res.status >= 300) throw new Error(`PUT /admin/accounts/${id}: ${res.status} ${await res.text()}`);
  const rules = await fetch(`${WORKER}/admin/rules?account=${id}`, { method: "PUT", headers: { ...ADMIN, "Content-Type": "application/yaml" }, body: RULES });
  if (rules.status !== 200) throw new Error(`PUT /admin/rules: ${rules.status} ${await rules.text()}`);
}

async function seedTicket(id: number, subject: string) {
  const res = await fetch(`${ZD}/__fake/tickets`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      id,
      subject,
      description: "My order #A-1001 has not arrived after two weeks. Where is it?",
      requester: { name: "Pat Doe", email: "pat@example.com" },
    }),
  });
  if (!res.ok) throw new Error(`seed ticket ${id}: ${res.status}`);
}

function ticketEvent(ticketId: number, eventId = crypto.randomUUID()) {
  return JSON.stringify({
    type: "zen:event-type:ticket.created",
    account_id: 1,
    id: eventId,
    time: new Date().toISOString(),
    zendesk_event_version: "2022-11-06",
    subject: `zen:ticket:${ticketId}`,
    detail: {
      id: String(ticketId),
      subject: "Where is my order?",
      description: "It has not arrived.",
      status: "NEW",
      priority: null,
      tags: [],
      requester_id: "1",
      updated_at: new Date().toISOString(),
      via: { channel: "web" },
    },
    event: {},
  });
}

async function webhook(account: string, body: string, signed?: Record<string, string>): Promise<Response> {
  const headers = signed ?? (await webhookHeaders(body));
  return fetch(`${WORKER}/webhooks/zendesk?account=${account}`, { method: "POST", headers, body });
}

async function webhookHeaders(body: string): Promise<Record<string, string>> {
  const ts = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace(".000Z", "Z");
  return {
    "Content-Type": "application/json",
    "X-Zendesk-Webhook-Signature": signWebhook(WEBHOOK_SECRET, ts, body),
    "X-Zendesk-Webhook-Signature-Timestamp": ts,
  };
}

async function sidebar(which: "a" | "b", method: string, path: string, body?: unknown): Promise<Response> {
  const nowS = Math.floor(Date.now() / 1000);
  const token = signSidebarToken(SIDEBAR[which], { account: ACCOUNTS[which], ...AGENT, req: `${method} ${path}` }, { nowS, expiresInS: 300 });
  return fetch(`${WORKER}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    await sleep(500);
  }
  console.log(`  (gave up waiting for ${what})`);
  return undefined;
}

async function pendingDraft(which: "a" | "b", ticketId: number): Promise<number | undefined> {
  const res = await sidebar(which, "GET", `/app/tickets/${ticketId}`);
  const view = (await json(res)) as { draft?: { id?: number; status?: string } | null };
  return view.draft?.status === "pending" && typeof view.draft.id === "number" ? view.draft.id : undefined;
}

// --- scenarios --------------------------------------------------------------------------------------------------

const ROUTE_TEMPLATES: [string, string][] = [
  ["GET", "/health"],
  ["POST", "/webhooks/zendesk"],
  ["POST", "/slack/interactions"],
  ["POST", "/slack/events"],
  ["GET", "/admin/accounts/:id"],
  ["PUT", "/admin/accounts/:id"],
  ["GET", "/admin/tickets/:id"],
  ["POST", "/admin/tickets/:id/writeback/retry"],
  ["GET", "/admin/rules"],
  ["POST", "/admin/rules/validate"],
  ["GET", "/admin/kb/documents/:id"],
  ["POST", "/admin/kb/import"],
  ["GET", "/admin/llm/attempts"],
  ["GET", "/admin/approvals"],
  ["GET", "/admin/corrections"],
  ["GET", "/admin/intents/versions/:id"],
  ["GET", "/admin/models/:id"],
  ["POST", "/admin/history/import"],
  ["GET", "/app/tickets/:id"],
  ["POST", "/app/tickets/:id/triage"],
  ["POST", "/app/tickets/:id/correction"],
  ["POST", "/app/drafts/:id/approve"],
  ["POST", "/app/drafts/:id/reject"],
  ["GET", "/no/such/route/{{setting.shared_secret}}"],
];

async function hostile(total: number) {
  const f = scenario("hostile");
  const specs = Array.from({ length: total }, (_, i) => i);
  await pool(specs, 16, async (i) => {
    const [method, template] = ROUTE_TEMPLATES[i % ROUTE_TEMPLATES.length]!;
    const id = i % 7 === 0 ? encodeURIComponent(SIDEBAR.a) : HOSTILE_IDS[i % HOSTILE_IDS.length]!;
    const path = template.replace(":id", id);
    const query = `account=${i % 5 === 0 ? HOSTILE_IDS[i % HOSTILE_IDS.length] : ACCOUNTS.a}&limit=${HOSTILE_IDS[(i * 7) % HOSTILE_IDS.length]}`;
    const body = method === "GET" ? undefined : MALFORMED_BODIES[i % MALFORMED_BODIES.length];
    const headers: Record<string, string> = { "Content-Type": CONTENT_TYPES[i % CONTENT_TYPES.length]! };
    if (path.startsWith("/admin") && i % 4 !== 3) Object.assign(headers, ADMIN);
    if (path.startsWith("/app") && i % 4 !== 3) {
      const nowS = Math.floor(Date.now() / 1000);
      const pathname = new URL(`${WORKER}${path}`).pathname;
      headers.Authorization = `Bearer ${signSidebarToken(SIDEBAR.a, { account: ACCOUNTS.a, ...AGENT, req: `${method} ${pathname}` }, { nowS, expiresInS: 300 })}`;
    }
    if (path === "/webhooks/zendesk" && body !== undefined && i % 2 === 0)
      Object.assign(headers, await webhookHeaders(body), { "Content-Type": headers["Content-Type"]! });
    try {
      const res = await fetch(`${WORKER}${path}?${query}`, { method, headers, body });
      const text = await res.text();
      let ok = res.status < 500 && !SECRETS.some((s) => text.includes(s)) && !INTERNALS.test(text);
      if (ok && res.status >= 400) {
        const parsed = (() => {
          try {
            return JSON.parse(text) as { error?: unknown; message?: unknown };
          } catch {
            return null;
          }
        })();
        ok = typeof parsed?.error === "string" && typeof parsed.message === "string";
      }
      tally(f, ok, `${method} ${template} → ${res.status} ${text.slice(0, 100)}`);
    } catch (error) {
      tally(f, false, `${method} ${template} → no answer (${(error as Error).message})`);
    }
  });
}

async function duplicates(ticketIds: number[]) {
  const f = scenario("duplicates");
  await Promise.all(
    ticketIds.map(async (id) => {
      const body = ticketEvent(id);
      const headers = await webhookHeaders(body);
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => webhook(ACCOUNTS.a, body, headers).then(async (r) => ({ status: r.status, body: await json(r) }))),
      );
      const accepted = answers.filter((a) => a.body.status === "accepted").length;
      const duplicate = answers.filter((a) => a.body.status === "duplicate").length;
      const restarted = answers.filter((a) => a.status === 503).length;
      tally(
        f,
        accepted === 1 && duplicate + restarted === 9 && restarted === 0,
        `ticket ${id}: ${accepted} accepted, ${duplicate} duplicate, ${restarted} 503`,
      );
    }),
  );
}

async function race(ticketIds: number[]) {
  const f = scenario("race");
  await Promise.all(
    ticketIds.map(async (ticketId) => {
      const draftId = await waitFor(`a pending draft on ticket ${ticketId}`, () => pendingDraft("a", ticketId));
      if (draftId === undefined) return tally(f, false, `ticket ${ticketId}: no pending draft`);
      const statuses = await Promise.all(
        Array.from({ length: 20 }, (_, i) => sidebar("a", "POST", `/app/drafts/${draftId}/${i % 3 === 2 ? "reject" : "approve"}`, {}).then((r) => r.status)),
      );
      const wins = statuses.filter((s) => s === 200).length;
      const conflicts = statuses.filter((s) => s === 409).length;
      tally(
        f,
        wins === 1 && conflicts === 19,
        `draft ${draftId}: ${wins} × 200, ${conflicts} × 409, others ${statuses.filter((s) => s !== 200 && s !== 409).join(",")}`,
      );
    }),
  );
  // Each approved draft is posted once: no ticket has two public replies from the Worker.
  await sleep(3000);
  for (const ticketId of ticketIds) {
    const res = await fetch(`${ZD}/__fake/requests?method=PUT&path=${encodeURIComponent(`/api/v2/tickets/${ticketId}.json`)}`);
    const list = ((await json(res)).requests ?? []) as { body?: { ticket?: { comment?: { public?: boolean } } }; status: number }[];
    const replies = list.filter((r) => r.status < 300 && r.body?.ticket?.comment?.public === true).length;
    if (replies > 1) tally(f, false, `ticket ${ticketId}: ${replies} public replies`);
  }
}

async function faults(ticketIds: number[]) {
  const f = scenario("faults");
  await fetch(`${args.llm}/__fake/config`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ failNext: { status: 500, times: 5 } }),
  }).catch(() => {});
  for (const [i, id] of ticketIds.entries()) {
    const fault = i % 2 === 0 ? { status: 500, times: 2 } : { status: 429, times: 1, retryAfter: 1 };
    await fetch(`${ZD}/__fake/faults`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ method: "GET", path: `/api/v2/tickets/${id}`, ...fault }),
    });
  }
  await Promise.all(ticketIds.map((id) => webhook(ACCOUNTS.a, ticketEvent(id))));
  await Promise.all(
    ticketIds.map(async (id) => {
      const draft = await waitFor(`ticket ${id} after faults`, () => pendingDraft("a", id), 180_000);
      tally(f, draft !== undefined, `ticket ${id}: no pending draft after Zendesk/LLM faults`);
    }),
  );
}

async function tenants(ticketIds: number[]) {
  const f = scenario("tenants");
  for (const id of ticketIds) {
    const draftA = await pendingDraft("a", id).catch(() => undefined);
    const viewB = (await json(await sidebar("b", "GET", `/app/tickets/${id}`))) as { account?: string; draft?: unknown; decision?: unknown };
    tally(f, viewB.account === ACCOUNTS.b && !viewB.draft, `ticket ${id}: B sees ${JSON.stringify(viewB).slice(0, 120)}`);
    const adminB = await fetch(`${WORKER}/admin/tickets/${id}?account=${ACCOUNTS.b}`, { headers: ADMIN });
    tally(f, adminB.status === 404, `ticket ${id}: admin ?account=B answered ${adminB.status}`);
    if (draftA === undefined) continue;
    const decideB = await sidebar("b", "POST", `/app/drafts/${draftA}/reject`, { reason: "not mine" });
    tally(f, decideB.status === 404, `draft ${draftA} of A: B's reject answered ${decideB.status}`);
    tally(f, (await pendingDraft("a", id)) === draftA, `draft ${draftA} of A changed after B's attempt`);
  }
}

async function reloadProbe(ticketIds: number[]) {
  const f = scenario("reload");
  // A file of the bundle whose content changes (wrangler ignores a bare mtime change): a trailing newline, removed after.
  const file = resolve(import.meta.dirname, "../worker/http/ids.ts");
  const original = readFileSync(file, "utf8");
  const statuses: number[] = [];
  // Webhooks for 8 s, 10 at a time; the file changes at 0.5 s and back at 4 s (each change: a rebuild and a restart).
  setTimeout(() => writeFileSync(file, `${original}\n`), 500);
  setTimeout(() => writeFileSync(file, original), 4000);
  const until = Date.now() + 8000;
  await Promise.all(
    Array.from({ length: 10 }, async (_, w) => {
      while (Date.now() < until) {
        const res = await webhook(ACCOUNTS.a, ticketEvent(ticketIds[w % ticketIds.length]!)).catch(() => null);
        statuses.push(res?.status ?? 0);
        const text = res && res.status >= 500 ? await res.text() : "";
        tally(f, res !== null && res.status < 500, `webhook during a rebuild → ${res?.status ?? "no answer"} ${text}`.slice(0, 160));
      }
    }),
  );
  writeFileSync(file, original);
  f.notes.unshift(`statuses: ${[...new Set(statuses)].map((s) => `${s}×${statuses.filter((x) => x === s).length}`).join(" ")}`);
}

async function main() {
  const health = await fetch(`${WORKER}/health`).catch(() => null);
  if (!health?.ok) {
    console.error(`No Worker at ${WORKER} (start it with npm start).`);
    process.exit(2);
  }
  const started = Date.now();
  await connect(ACCOUNTS.a, SIDEBAR.a, true);
  await connect(ACCOUNTS.b, SIDEBAR.b, false);
  const n = Number(args.tickets);
  const base = 8_000_000 + Math.floor(Math.random() * 1_000_000) * 10;
  const ids = Array.from({ length: n }, (_, i) => base + i);
  const faultIds = Array.from({ length: Math.max(4, Math.floor(n / 2)) }, (_, i) => base + 5000 + i);
  for (const id of [...ids, ...faultIds]) await seedTicket(id, `Where is my order? (${id})`);

  await hostile(Number(args.hostile));
  await duplicates(ids);
  await race(ids.slice(0, Math.ceil(n / 2)));
  await tenants(ids.slice(Math.ceil(n / 2)));
  await faults(faultIds);
  if (args["reload-probe"]) await reloadProbe(ids.slice(0, 10));

  console.log(`black-box against ${WORKER} (run ${RUN}, ${((Date.now() - started) / 1000).toFixed(0)} s)`);
  console.log("scenario     tried   held  failed");
  let failed = 0;
  for (const [name, r] of Object.entries(results)) {
    console.log(`${name.padEnd(11)} ${String(r.tried).padStart(6)} ${String(r.held).padStart(6)} ${String(r.failed).padStart(7)}`);
    for (const note of r.notes) console.log(`    ${note}`);
    if (name !== "reload") failed += r.failed;
  }
  process.exit(failed > 0 ? 1 : 0);
}

await main();
