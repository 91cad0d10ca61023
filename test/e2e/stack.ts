/**
 * The whole product on free ports, the way `npm start` runs it: the fake Zendesk (real HTTP, signed webhooks),
 * local D1 migrated with wrangler, `wrangler dev` with local Queues/Workflows, the demo desk (DEMO_DESK=on,
 * --assets dist/demo-site) and the `demo` account seeded through the admin API. Each stack persists to its own
 * directory, so it never touches the developer's .wrangler/state.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { DEMO_ACCOUNT, DEMO_SIDEBAR_SECRET } from "../../dev/desk/config";
import { startDemoSlack, type DemoSlack } from "../../dev/fakes/slack/demo-workspace";
import { startFakeLlm, type FakeLlm } from "../../dev/fakes/llm/server";
import { demoDraftingSettings, demoKnowledgeBase } from "../../dev/fakes/shop/demo-account";
import { startFakeStore, type FakeStore } from "../../dev/fakes/shop/server";
import { demoSeed } from "../../dev/fakes/zendesk/demo-seed";
import { startFakeZendesk } from "../../dev/fakes/zendesk/server";

export const ROOT = resolve(import.meta.dirname, "../..");
const HOST = "127.0.0.1";
const WRANGLER = resolve(ROOT, "node_modules/wrangler/bin/wrangler.js");
/** Zendesk's own test-delivery signing secret, as in dev/start.ts. */
const ZENDESK_TEST_SECRET = "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==";

export interface Stack {
  workerUrl: string;
  fakeZendeskUrl: string;
  adminToken: string;
  /** With `slack: true`: the local Slack stand-in the demo account posts to (its page is `slack.pageUrl`). */
  slack: DemoSlack | null;
  /** Recent output of wrangler dev (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Test-only Worker secrets, passed with --var (which takes precedence over a developer's .dev.vars). */
const E2E_VARS = { ADMIN_TOKEN: "e2e-admin-token", SECRETS_KEY: Buffer.from("e2e-only-secrets-key-32-bytes!!!").toString("base64") };

function migrate(persistTo: string) {
  const result = spawnSync(process.execPath, [WRANGLER, "d1", "migrations", "apply", "DB", "--local", "--persist-to", persistTo], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, CI: "1" },
  });
  if (result.status !== 0) throw new Error(`wrangler d1 migrations apply failed:\n${result.stdout}\n${result.stderr}`);
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${output()}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not up yet
    }
    await sleep(300);
  }
  throw new Error(`the Worker did not answer ${url}/health within ${timeoutMs / 1000} s:\n${output()}`);
}

/**
 * `slack`: the local Slack stand-in, as npm start runs it. `llm`: the built-in fake LLM, the fake shop's order tools
 * and the demo knowledge base, as npm start configures the demo account (drafts by the labelled stand-in).
 */
type StackOptions = { persistTo: string; log?: (line: string) => void; slack?: boolean; llm?: boolean };

/** How often a stack is started again when a port picked as free was taken before wrangler bound it. */
const PORT_RACE_ATTEMPTS = 3;

export async function startStack(opts: StackOptions, attempt = 1): Promise<Stack> {
  const assets = join(ROOT, "dist", "demo-site");
  if (!existsSync(join(assets, "demo", "index.html"))) throw new Error("dist/demo-site is missing: run npm run app:build first");
  mkdirSync(opts.persistTo, { recursive: true });
  migrate(opts.persistTo);

  const [workerPort, inspectorPort] = [await freePort(), await freePort()];
  const workerUrl = `http://${HOST}:${workerPort}`;
  const fake = await startFakeZendesk({
    port: 0,
    subdomain: DEMO_ACCOUNT,
    seed: demoSeed(),
    webhook: { url: `${workerUrl}/webhooks/zendesk?account=${DEMO_ACCOUNT}`, secret: ZENDESK_TEST_SECRET },
    log: (line) => opts.log?.(`[fake-zendesk] ${line}`),
  });

  const vars = E2E_VARS;
  const varArgs = ["--var", "DEMO_DESK:on", "--var", `ADMIN_TOKEN:${vars.ADMIN_TOKEN}`, "--var", `SECRETS_KEY:${vars.SECRETS_KEY}`];
  const args = [
    WRANGLER,
    "dev",
    "--ip",
    HOST,
    "--port",
    String(workerPort),
    "--inspector-port",
    String(inspectorPort),
    "--local",
    "--persist-to",
    opts.persistTo,
    "--assets",
    assets,
    ...varArgs,
    "--show-interactive-dev-session=false",
  ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false", CI: "1" },
  });
  let buffer = "";
  const keep = (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    buffer = (buffer + text).slice(-20_000);
    for (const line of text.split("\n")) if (line.trim()) opts.log?.(`[wrangler] ${line}`);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const output = () => buffer;

  let slack: DemoSlack | null = null;
  let llm: FakeLlm | null = null;
  let store: FakeStore | null = null;
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await Promise.race([new Promise((r) => child.once("exit", r)), sleep(5000)]);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    await fake.close();
    await slack?.close();
    await llm?.close();
    await store?.close();
  };

  try {
    await waitForHealth(workerUrl, child, output);
    const admin = async (method: string, path: string, body: string, contentType = "application/json") => {
      const res = await fetch(`${workerUrl}/admin${path}`, {
        method,
        headers: { Authorization: `Bearer ${vars.ADMIN_TOKEN}`, "Content-Type": contentType },
        body,
      });
      if (!res.ok) throw new Error(`admin ${method} ${path} → ${res.status} ${await res.text()}`);
    };
    if (opts.slack) slack = await startDemoSlack({ port: 0, workerUrl, log: (line) => opts.log?.(`[fake-slack] ${line}`) });
    if (opts.llm) {
      llm = await startFakeLlm({ port: 0, log: (line) => opts.log?.(`[fake-llm] ${line}`) });
      store = await startFakeStore({ port: 0, log: (line) => opts.log?.(`[fake-store] ${line}`) });
    }
    const settings = {
      ...(llm && store ? demoDraftingSettings({ llmUrl: llm.url, storeUrl: store.url }) : {}),
      ...(slack ? { slack: slack.accountSlack.settings } : {}),
    };
    await admin(
      "PUT",
      `/accounts/${DEMO_ACCOUNT}`,
      JSON.stringify({
        name: "Demo store (fake Zendesk)",
        apiBaseUrl: fake.url,
        apiEmail: "riley@demo-support.example",
        secrets: { webhookSigningSecret: ZENDESK_TEST_SECRET, apiToken: "demo-api-token", sidebarSecret: DEMO_SIDEBAR_SECRET, ...slack?.accountSlack.secrets },
        settings,
      }),
    );
    if (llm) await admin("POST", `/kb/import?account=${DEMO_ACCOUNT}`, demoKnowledgeBase());
    await admin("PUT", `/rules?account=${DEMO_ACCOUNT}`, readFileSync(join(ROOT, "rules", "default.yaml"), "utf8"), "application/yaml");
  } catch (error) {
    await stop();
    // freePort() releases the port before wrangler binds it: another process can take it in between (seen in CI).
    if (attempt < PORT_RACE_ATTEMPTS && /Address already in use/.test(output())) {
      opts.log?.(`[stack] a port was taken before wrangler bound it; starting again (attempt ${attempt + 1})`);
      return startStack(opts, attempt + 1);
    }
    throw error;
  }
  return { workerUrl, fakeZendeskUrl: fake.url, adminToken: vars.ADMIN_TOKEN, slack, output, stop };
}
