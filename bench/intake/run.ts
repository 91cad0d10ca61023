/**
 * Intake benchmark: signed Zendesk webhooks per second and the latency of the 202, against `wrangler dev`
 * (local workerd, local D1 and Queues) on loopback. Every request carries a fresh event id and a valid
 * signature, so each one is verified, stored and enqueued (no dedupe shortcuts).
 *
 * Two runs: "with triage" (the queue consumer triages every event in the same local workerd process, as
 * `npm start` does) and "intake only" (the same Worker without queue consumers: what the 202 costs by itself;
 * in production consumers run in their own invocations).
 *
 *   npm run bench:intake -- [--seconds 10] [--connections 10]
 */
import autocannon from "autocannon";
import { spawn, spawnSync } from "node:child_process";
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { startFakeZendesk } from "../../dev/fakes/zendesk/server";
import { parseCommandLine } from "../../scripts/lib/command-line";

const USAGE = `usage: npm run bench:intake -- [--seconds 10] [--connections 10]`;

const { values } = parseCommandLine(USAGE, {
  options: { seconds: { type: "string", default: "10" }, connections: { type: "string", default: "10" }, port: { type: "string", default: "8797" } },
});
const ROOT = resolve(import.meta.dirname, "../..");
const PORT = Number(values.port);
const URL_BASE = `http://127.0.0.1:${PORT}`;
const SECRET = "bench-signing-secret-0123456789";
const ADMIN_TOKEN = "bench-admin-token";
const WRANGLER = resolve(ROOT, "node_modules/wrangler/bin/wrangler.js");

/** The same Worker without queue consumers (written beside wrangler.toml so relative paths still resolve). */
function intakeOnlyConfig(): string {
  const toml = readFileSync(resolve(ROOT, "wrangler.toml"), "utf8").replace(/\[\[queues\.consumers\]\][^[]*/g, "");
  const path = resolve(ROOT, ".wrangler-bench-intake.toml");
  writeFileSync(path, toml);
  return path;
}

async function run(label: string, config: string): Promise<string> {
  const state = mkdtempSync(join(tmpdir(), "edge-triage-bench-"));
  const migrate = spawnSync(process.execPath, [WRANGLER, "d1", "migrations", "apply", "DB", "--local", "--persist-to", state, "--config", config], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, CI: "1" },
  });
  if (migrate.status !== 0) throw new Error(`migrations failed:\n${migrate.stdout}${migrate.stderr}`);

  const zendesk = await startFakeZendesk({ port: 0 });
  const worker = spawn(
    process.execPath,
    [
      WRANGLER,
      "dev",
      "--config",
      config,
      "--ip",
      "127.0.0.1",
      "--port",
      String(PORT),
      "--local",
      "--persist-to",
      state,
      "--show-interactive-dev-session=false",
      "--log-level",
      "error",
      "--var",
      `ADMIN_TOKEN:${ADMIN_TOKEN}`,
      "--var",
      `SECRETS_KEY:${randomBytes(32).toString("base64")}`,
    ],
    { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] },
  );

  async function cleanup() {
    worker.kill("SIGTERM");
    await zendesk.close();
    rmSync(state, { recursive: true, force: true });
  }

  try {
    for (let i = 0; ; i++) {
      if (i > 300) throw new Error("wrangler dev did not start");
      try {
        if ((await fetch(`${URL_BASE}/health`)).ok) break;
      } catch {
        await sleep(200);
      }
    }
    const put = await fetch(`${URL_BASE}/admin/accounts/bench`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        zendeskAccountId: 777,
        apiBaseUrl: zendesk.url,
        apiEmail: "bench@example.com",
        secrets: { webhookSigningSecret: SECRET, apiToken: "x" },
        settings: { writeBack: false },
      }),
    });
    if (!put.ok) throw new Error(`account setup failed: ${put.status} ${await put.text()}`);

    let ticket = 1;
    const result = await autocannon({
      url: `${URL_BASE}/webhooks/zendesk`,
      connections: Number(values.connections),
      duration: Number(values.seconds),
      requests: [
        {
          method: "POST",
          setupRequest: (req) => {
            const id = ticket++;
            const body = JSON.stringify({
              type: "zen:event-type:ticket.created",
              account_id: 777,
              id: randomUUID(),
              time: new Date().toISOString(),
              zendesk_event_version: "2022-11-06",
              subject: `zen:ticket:${id}`,
              detail: {
                id: String(id),
                subject: "Where is my order?",
                description: "I ordered a lamp two weeks ago and it has not arrived yet.",
                status: "NEW",
                tags: [],
                updated_at: new Date().toISOString(),
                via: { channel: "web" },
              },
              event: {},
            });
            const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
            const signature = createHmac("sha256", SECRET)
              .update(timestamp + body)
              .digest("base64");
            return {
              ...req,
              body,
              headers: { "Content-Type": "application/json", "X-Zendesk-Webhook-Signature": signature, "X-Zendesk-Webhook-Signature-Timestamp": timestamp },
            };
          },
        },
      ],
    });
    console.log(`${label}: ${values.connections} connections, ${values.seconds} s, loopback, wrangler dev (local workerd + D1 + Queues)`);
    console.log(
      `  requests/s  mean ${result.requests.average.toFixed(0)}  (total ${result.requests.total}, 2xx ${result["2xx"]}, non-2xx ${result.non2xx}, errors ${result.errors})`,
    );
    console.log(`  latency ms  p50 ${result.latency.p50}  p90 ${result.latency.p90}  p99 ${result.latency.p99}  max ${result.latency.max}`);
    return `| ${label} | ${result.requests.average.toFixed(0)} | ${result.latency.p50} ms | ${result.latency.p99} ms | ${result.non2xx} |`;
  } finally {
    await cleanup();
  }
}

const rows = [await run("with triage", resolve(ROOT, "wrangler.toml")), await run("intake only", intakeOnlyConfig())];
rmSync(resolve(ROOT, ".wrangler-bench-intake.toml"), { force: true });
console.log(`\n| run | signed webhooks/s | p50 | p99 | non-2xx |\n|---|---|---|---|---|\n${rows.join("\n")}`);
