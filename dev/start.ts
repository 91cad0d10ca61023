/**
 * `npm start`: the whole product on this machine, offline.
 *   1. .dev.vars with local secrets (written once), local D1 migrated with wrangler;
 *   2. the built-in fake Zendesk on 127.0.0.1:8788 (unless a real Zendesk is configured, see README);
 *   3. `wrangler dev` on 127.0.0.1:8787 with local D1, Queues and Workflows;
 *   4. the `demo` account connected and seeded with rules/default.yaml through the admin API.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { DEMO_SIDEBAR_SECRET } from "./desk/config";
import { buildAll } from "../scripts/app-build";
import { startFakeLlm } from "./fakes/llm/server";
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
const WORKER_URL = `http://${HOST}:${WORKER_PORT}`;
/** Zendesk's own test-delivery signing secret: what the demo account verifies webhooks with. */
const ZENDESK_TEST_SECRET = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==";
const DEFAULT_ADMIN_TOKEN = "dev-admin-token";

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
    env: { ...process.env, CI: "1" },
  });
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

/** Connects the account through the admin API, exactly as an operator would, and pushes the rule file if it changed. */
async function seedAccount(
  adminToken: string,
  account: { id: string; apiBaseUrl: string | null; apiEmail: string; apiToken: string; webhookSecret: string; zendeskAccountId?: number; settings?: unknown },
) {
  await admin(
    adminToken,
    "PUT",
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
      },
      ...(account.settings ? { settings: account.settings } : {}),
    }),
  );
  const rules = readFileSync(resolve(ROOT, "rules/default.yaml"), "utf8");
  const live = await admin(adminToken, "GET", `/rules?account=${account.id}&format=source`);
  if (live.status === 404 || (await live.text()) !== rules) {
    const res = await admin(adminToken, "PUT", `/rules?account=${account.id}`, rules, "application/yaml");
    say(`rule table rules/default.yaml → account '${account.id}' v${((await res.json()) as { version: number }).version}`);
  }
}

async function shutdown(code = 0) {
  for (const child of children) child.kill("SIGTERM");
  await Promise.allSettled(closers.map((close) => close()));
  process.exit(code);
}

async function main() {
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
  if (!realZendesk) {
    // Drafting offline: a fake OpenAI-compatible LLM and a fake store API for the order-status tools.
    const llm = await startFakeLlm({ port: FAKE_LLM_PORT, log: (line) => process.stdout.write(`[fake-llm] ${line}\n`) });
    closers.push(() => llm.close());
    const store = await startFakeStore({ port: FAKE_STORE_PORT, log: (line) => process.stdout.write(`[fake-store] ${line}\n`) });
    closers.push(() => store.close());
    demoSettings = demoDraftingSettings({ llmUrl: llm.url, storeUrl: store.url });
    say(`fake LLM on ${llm.url}, fake store API on ${store.url}`);
    const fake = await startFakeZendesk({
      port: FAKE_ZENDESK_PORT,
      subdomain: "demo",
      seed: demoSeed(),
      webhook: { url: `${WORKER_URL}/webhooks/zendesk?account=demo`, secret: ZENDESK_TEST_SECRET },
      log: (line) => process.stdout.write(`[fake-zendesk] ${line}\n`),
    });
    closers.push(() => fake.close());
    fakeZendeskUrl = fake.url;
    say(`fake Zendesk on ${fake.url} (signed webhooks → ${WORKER_URL}/webhooks/zendesk?account=demo)`);
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
      env: { ...process.env },
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
    },
  );
  if (!realZendesk) {
    const kb = await admin(vars.ADMIN_TOKEN!, "POST", "/kb/import?account=demo", demoKnowledgeBase());
    const r = (await kb.json()) as { total: number; created: number; updated: number };
    say(`knowledge base dev/demo-data/demo-store.json → account 'demo': ${r.total} documents (${r.created} new, ${r.updated} updated)`);
  }

  say("ready.");
  say(`  Worker        ${WORKER_URL}   (health: ${WORKER_URL}/health)`);
  if (!realZendesk) say(`  Demo desk     ${WORKER_URL}/demo   ← open this`);
  say(`  Admin API     Authorization: Bearer ${vars.ADMIN_TOKEN === DEFAULT_ADMIN_TOKEN ? DEFAULT_ADMIN_TOKEN : "<ADMIN_TOKEN from .dev.vars>"}`);
  if (fakeZendeskUrl) {
    say(`  Fake Zendesk  ${fakeZendeskUrl}`);
    say("  Try it: a customer opens a ticket (the fake Zendesk sends the signed webhook, the Worker triages and tags it):");
    say(`    curl -s -X POST ${fakeZendeskUrl}/__fake/customer-tickets -H 'Content-Type: application/json' \\`);
    say(
      `      -d '{"subject":"Where is my order?","body":"I ordered a lamp two weeks ago and it has not arrived.","requester":{"name":"Ada","email":"ada@example.com"}}'`,
    );
    say(`    curl -s ${WORKER_URL}/admin/tickets/<id>?account=demo -H 'Authorization: Bearer ${DEFAULT_ADMIN_TOKEN}'`);
  }
}

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
