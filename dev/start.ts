/**
 * `npm start`: the whole product on this machine, offline.
 *   1. .dev.vars with local secrets (written once), local D1 migrated with wrangler;
 *   2. the built-in fake Zendesk on 127.0.0.1:8788 (unless a real Zendesk is configured, see README);
 *   3. `wrangler dev` on 127.0.0.1:8787 with local D1, Queues and Workflows;
 *   4. the `demo` account connected through the admin API, and seeded (rules/default.yaml, the demo knowledge base)
 *      only while it has none: what a user pushed survives a restart.
 * State lives in .wrangler/: the local D1 under .wrangler/state and the fake Zendesk's tickets in
 * .wrangler/fake-zendesk.json, so a restart resumes both together. `npm start -- --reset` wipes both.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { DEMO_SIDEBAR_SECRET } from "./desk/config";
import { buildAll } from "../scripts/app-build";
import { startFakeLlm } from "./fakes/llm/server";
import { startDemoSlack } from "./fakes/slack/demo-workspace";
import { demoDraftingSettings, demoKnowledgeBase } from "./fakes/shop/demo-account";
import { startFakeStore } from "./fakes/shop/server";
import { demoSeed } from "./fakes/zendesk/demo-seed";
import { startFakeZendesk } from "./fakes/zendesk/server";

const ROOT = resolve(import.meta.dirname, "..");
const HOST = "127.0.0.1";
const WORKER_PORT = Number(process.env.PORT ?? 8787);
const FAKE_ZENDESK_PORT = Number(process.env.FAKE_ZENDESK_PORT ?? 8788);
const FAKE_LLM_PORT = Number(process.env.FAKE_LLM_PORT ?? 8790);
const FAKE_STORE_PORT = Number(process.env.FAKE_STORE_PORT ?? 8791);
const FAKE_SLACK_PORT = Number(process.env.FAKE_SLACK_PORT ?? 8789);
const WORKER_URL = `http://${HOST}:${WORKER_PORT}`;
/** Zendesk's own test-delivery signing secret: what the demo account verifies webhooks with. */
const ZENDESK_TEST_SECRET = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==";
const DEFAULT_ADMIN_TOKEN = "dev-admin-token";
const LOCAL_STATE = resolve(ROOT, ".wrangler/state");
const FAKE_ZENDESK_STATE = resolve(ROOT, ".wrangler/fake-zendesk.json");
/** Offline is expected here: no Request.cf download from workers.cloudflare.com, no telemetry. */
const QUIET_WRANGLER_ENV = { CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" };

const children: ChildProcess[] = [];
const closers: (() => Promise<void>)[] = [];

function say(line: string) {
  process.stdout.write(`[start] ${line}\n`);
}

/** Local secrets live in .dev.vars (git-ignored), which wrangler dev reads. Written once, never printed. */
function ensureDevVars(): Record<string, string> {
  const path = resolve(ROOT, ".dev.vars");
  const vars: Record<string, string> = {};
  if (existsSync(path)) {
    for (const line of readFileSync(path, "utf8").split("\n")) {
      const m = line.match(/^\s*([A-Z0-9_]+)\s*=\s*"?(.*?)"?\s*$/);
      if (m) vars[m[1]!] = m[2]!;
    }
  }
  let changed = false;
  if (!vars.ADMIN_TOKEN) {
    vars.ADMIN_TOKEN = DEFAULT_ADMIN_TOKEN;
    changed = true;
  }
  if (!vars.SECRETS_KEY) {
    vars.SECRETS_KEY = randomBytes(32).toString("base64");
    changed = true;
  }
  if (changed) {
    writeFileSync(
      path,
      `${Object.entries(vars)
        .map(([k, v]) => `${k}="${v}"`)
        .join("\n")}\n`,
      { mode: 0o600 },
    );
    say("wrote .dev.vars (local ADMIN_TOKEN and a fresh SECRETS_KEY)");
  }
  return vars;
}

function wrangler(args: string[]) {
  return spawnSync(process.execPath, [resolve(ROOT, "node_modules/wrangler/bin/wrangler.js"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...QUIET_WRANGLER_ENV, CI: "1" },
  });
}

/** `--reset`: both sides of the local state go together, or ticket ids would clash with stored decisions. */
function resetLocalState() {
  rmSync(LOCAL_STATE, { recursive: true, force: true });
  rmSync(FAKE_ZENDESK_STATE, { force: true });
  say("--reset: removed the local database (.wrangler/state) and the fake Zendesk's tickets (.wrangler/fake-zendesk.json)");
}

function migrateLocalD1() {
  say("applying D1 migrations to the local database (.wrangler/state)…");
  const result = wrangler(["d1", "migrations", "apply", "DB", "--local"]);
  if (result.status !== 0) {
    process.stderr.write(result.stdout + result.stderr);
    throw new Error("wrangler d1 migrations apply --local failed (output above)");
  }
}

async function waitForHealth(timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${WORKER_URL}/health`);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await sleep(300);
  }
  throw new Error(`the Worker did not answer ${WORKER_URL}/health within ${timeoutMs / 1000} s`);
}

async function admin(adminToken: string, method: string, path: string, body?: string, contentType = "application/json") {
  const res = await fetch(`${WORKER_URL}/admin${path}`, {
    method,
    headers: { Authorization: `Bearer ${adminToken}`, ...(body ? { "Content-Type": contentType } : {}) },
    body,
  });
  if (!res.ok && res.status !== 404) throw new Error(`admin ${method} ${path} → ${res.status} ${await res.text()}`);
  return res;
}

/**
 * Connects the account through the admin API, exactly as an operator would. A new account is created whole; an
 * existing one gets a merge patch of only what npm start owns (the fakes' URLs and credentials), so settings the
 * user changed stay. The rule table is pushed only when the account has none.
 */
async function seedAccount(
  adminToken: string,
  account: {
    id: string;
    apiBaseUrl: string | null;
    apiEmail: string;
    apiToken: string;
    webhookSecret: string;
    zendeskAccountId?: number;
    settings?: unknown;
    extraSecrets?: Record<string, string>;
  },
): Promise<{ created: boolean }> {
  const exists = (await admin(adminToken, "GET", `/accounts/${account.id}`)).status === 200;
  await admin(
    adminToken,
    exists ? "PATCH" : "PUT",
    `/accounts/${account.id}`,
    JSON.stringify({
      name: account.id === "demo" ? "Demo store (fake Zendesk)" : account.id,
      apiBaseUrl: account.apiBaseUrl,
      apiEmail: account.apiEmail,
      zendeskAccountId: account.zendeskAccountId ?? null,
      secrets: {
        webhookSigningSecret: account.webhookSecret,
        apiToken: account.apiToken,
        ...(account.id === "demo" ? { sidebarSecret: DEMO_SIDEBAR_SECRET } : {}),
        ...account.extraSecrets,
      },
      ...(account.settings ? { settings: account.settings } : {}),
    }),
  );
  say(`${exists ? "updated" : "created"} account '${account.id}'`);
  const { version } = (await (await admin(adminToken, "GET", `/rules?account=${account.id}`)).json()) as { version: number };
  if (version === 0) {
    const rules = readFileSync(resolve(ROOT, "rules/default.yaml"), "utf8");
    const res = await admin(adminToken, "PUT", `/rules?account=${account.id}`, rules, "application/yaml");
    say(`rule table rules/default.yaml → account '${account.id}' v${((await res.json()) as { version: number }).version}`);
  } else {
    say(`rule table: keeping account '${account.id}' v${version} (push rules/default.yaml yourself to change it)`);
  }
  return { created: !exists };
}

async function shutdown(code = 0) {
  for (const child of children) child.kill("SIGTERM");
  await Promise.allSettled(closers.map((close) => close()));
  process.exit(code);
}

async function main() {
  const args = process.argv.slice(2);
  if (args.includes("--help")) {
    process.stdout.write(
      "usage: npm start [-- --reset]\n  Runs the Worker with local D1/Queues/Workflows and the fake Zendesk, LLM and store on 127.0.0.1.\n" +
        "  --reset  start from scratch: remove the local database (.wrangler/state) and the fake Zendesk's tickets\n",
    );
    return;
  }
  const unknown = args.filter((a) => a !== "--reset");
  if (unknown.length) throw new Error(`unknown option ${unknown[0]} (npm start -- --help)`);
  if (args.includes("--reset")) resetLocalState();
  const resumingDatabase = existsSync(LOCAL_STATE);
  const vars = ensureDevVars();
  migrateLocalD1();
  say("building the sidebar app and the demo desk…");
  await buildAll();

  const realZendesk = process.env.ZENDESK_SUBDOMAIN
    ? {
        id: process.env.ZENDESK_SUBDOMAIN,
        apiBaseUrl: null,
        apiEmail: required("ZENDESK_EMAIL"),
        apiToken: required("ZENDESK_API_TOKEN"),
        webhookSecret: required("ZENDESK_WEBHOOK_SECRET"),
      }
    : null;

  let fakeZendeskUrl: string | null = null;
  let demoSettings: unknown;
  let demoSlack: Awaited<ReturnType<typeof startDemoSlack>> | null = null;
  if (!realZendesk) {
    // Drafting offline: a fake OpenAI-compatible LLM and a fake store API for the order-status tools.
    const llm = await startFakeLlm({ port: FAKE_LLM_PORT, log: (line) => process.stdout.write(`[fake-llm] ${line}\n`) });
    closers.push(() => llm.close());
    const store = await startFakeStore({ port: FAKE_STORE_PORT, log: (line) => process.stdout.write(`[fake-store] ${line}\n`) });
    closers.push(() => store.close());
    // The demo workspace's Slack: approval and escalation channels, and a page whose buttons send signed clicks.
    demoSlack = await startDemoSlack({ port: FAKE_SLACK_PORT, workerUrl: WORKER_URL, log: (line) => process.stdout.write(`[fake-slack] ${line}\n`) });
    const slackStandIn = demoSlack;
    closers.push(() => slackStandIn.close());
    demoSettings = { ...demoDraftingSettings({ llmUrl: llm.url, storeUrl: store.url }), slack: demoSlack.accountSlack.settings };
    say(`fake LLM on ${llm.url}, fake store API on ${store.url}`);
    const fake = await startFakeZendesk({
      port: FAKE_ZENDESK_PORT,
      subdomain: "demo",
      seed: demoSeed(),
      persistPath: FAKE_ZENDESK_STATE,
      webhook: { url: `${WORKER_URL}/webhooks/zendesk?account=demo`, secret: ZENDESK_TEST_SECRET },
      log: (line) => process.stdout.write(`[fake-zendesk] ${line}\n`),
    });
    closers.push(() => fake.close());
    fakeZendeskUrl = fake.url;
    say(`fake Zendesk on ${fake.url} (signed webhooks → ${WORKER_URL}/webhooks/zendesk?account=demo)`);
    if (fake.resumed) say(`resumed: the local database and ${fake.resumed.tickets} fake Zendesk tickets from .wrangler/ (npm start -- --reset starts over)`);
    else if (resumingDatabase)
      say("warning: the local database has data but the fake Zendesk starts from its seed; run npm start -- --reset if ticket ids clash");
    else say("fresh start: a new local database and the fake Zendesk's demo tickets (both kept in .wrangler/ from now on)");
  }

  const dev = spawn(
    process.execPath,
    [
      resolve(ROOT, "node_modules/wrangler/bin/wrangler.js"),
      "dev",
      "--ip",
      HOST,
      "--port",
      String(WORKER_PORT),
      "--local",
      ...(realZendesk ? [] : ["--assets", resolve(ROOT, "dist/demo-site"), "--var", "DEMO_DESK:on"]),
      "--show-interactive-dev-session=false",
    ],
    {
      cwd: ROOT,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, ...QUIET_WRANGLER_ENV },
    },
  );
  children.push(dev);
  dev.on("exit", (code) => {
    say(`wrangler dev exited (${code ?? "signal"})`);
    void shutdown(code ?? 1);
  });

  await waitForHealth();
  await seedAccount(
    vars.ADMIN_TOKEN!,
    realZendesk ?? {
      id: "demo",
      apiBaseUrl: fakeZendeskUrl,
      apiEmail: "riley@demo-support.example",
      apiToken: "demo-api-token",
      webhookSecret: ZENDESK_TEST_SECRET,
      settings: demoSettings,
      ...(demoSlack ? { extraSecrets: demoSlack.accountSlack.secrets } : {}),
    },
  );
  if (!realZendesk) {
    const existing = (await (await admin(vars.ADMIN_TOKEN!, "GET", "/kb?account=demo&limit=1")).json()) as { total?: number };
    if (existing.total) say(`knowledge base: keeping the ${existing.total} documents of account 'demo'`);
    else {
      const kb = await admin(vars.ADMIN_TOKEN!, "POST", "/kb/import?account=demo", demoKnowledgeBase());
      const r = (await kb.json()) as { total: number; created: number; updated: number };
      say(`knowledge base dev/demo-data/demo-store.json → account 'demo': ${r.total} documents (${r.created} new, ${r.updated} updated)`);
    }
  }

  say("ready.");
  say(`  Worker        ${WORKER_URL}   (health: ${WORKER_URL}/health)`);
  if (!realZendesk) say(`  Demo desk     ${WORKER_URL}/demo   ← open this`);
  say(`  Admin API     Authorization: Bearer ${vars.ADMIN_TOKEN === DEFAULT_ADMIN_TOKEN ? DEFAULT_ADMIN_TOKEN : "<ADMIN_TOKEN from .dev.vars>"}`);
  if (fakeZendeskUrl) {
    say(`  Fake Zendesk  ${fakeZendeskUrl}`);
    if (demoSlack) say(`  Slack         ${demoSlack.pageUrl}   ← the local Slack stand-in: approve, edit, reject, escalate`);
    say("  Try it: a customer opens a ticket; the fake Zendesk sends the signed webhook and the Worker triages it.");
    for (const t of TRY_IT) {
      say(`    # ${t.what}`);
      say(`    curl -s -X POST ${fakeZendeskUrl}/__fake/customer-tickets -H 'Content-Type: application/json' \\`);
      say(`      -d '${JSON.stringify({ subject: t.subject, body: t.body, requester: t.requester })}'`);
    }
    say(
      `  Then open ${WORKER_URL}/demo and pick the ticket (or: curl -s '${WORKER_URL}/admin/tickets/<id>?account=demo' -H 'Authorization: Bearer ${DEFAULT_ADMIN_TOKEN}').`,
    );
    say(`  Submit a ticket as Solved in the desk, then open ${WORKER_URL}/demo#/insight: the admin dashboard judges its triage at close.`);
  }
}

/** The Try-it tickets: one per way through the loop (rules/default.yaml decides each). */
const TRY_IT = [
  {
    what: "drafts a reply for a human to approve (order-and-delivery rule)",
    subject: "Where is my order?",
    body: "I ordered a desk lamp two weeks ago (order 88213) and it has not arrived. Can you check?",
    requester: { name: "Ada Lovelace", email: "ada@example.com" },
  },
  {
    what: "escalates to a person, urgent (legal-threat rule)",
    subject: "Chargeback",
    body: "Third time writing. If I do not get my money back by Friday I will file a chargeback and talk to my lawyer.",
    requester: { name: "Grace Hopper", email: "grace@example.com" },
  },
  {
    what: "is ignored: tagged, no reply (spam rule)",
    subject: "Grow your traffic",
    body: "We offer SEO services and backlinks to get you on the first page of Google. Reply for a quote!",
    requester: { name: "Promo Team", email: "promo@seo-offers.example" },
  },
];

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`ZENDESK_SUBDOMAIN is set, so ${name} must be set too (see README: Connect a real Zendesk)`);
  return value;
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
main().catch((error: unknown) => {
  process.stderr.write(`[start] ${error instanceof Error ? error.message : String(error)}\n`);
  void shutdown(1);
});
