/**
 * Intake benchmark: signed Zendesk webhooks per second and the latency of the 202, against `wrangler dev`
 * (local workerd, local D1 and Queues) on loopback. Every request carries a fresh event id and a valid
 * signature, so each one is verified, stored and enqueued (no dedupe shortcuts).
 *
 *   npm run bench:intake -- [--seconds 10] [--connections 10]
 */
import autocannon from "autocannon";
import { spawn, spawnSync } from "node:child_process";
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { startFakeZendesk } from "../../dev/fakes/zendesk/server";

const { values } = parseArgs({ options: { seconds: { type: "string", default: "10" }, connections: { type: "string", default: "10" }, port: { type: "string", default: "8797" } } });
const ROOT = resolve(import.meta.dirname, "../..");
const PORT = Number(values.port);
const URL_BASE = `http://127.0.0.1:${PORT}`;
const SECRET = "bench-signing-secret-0123456789";
const ADMIN_TOKEN = "bench-admin-token";
const WRANGLER = resolve(ROOT, "node_modules/wrangler/bin/wrangler.js");

const state = mkdtempSync(join(tmpdir(), "edge-triage-bench-"));
const migrate = spawnSync(process.execPath, [WRANGLER, "d1", "migrations", "apply", "DB", "--local", "--persist-to", state], { cwd: ROOT, encoding: "utf8", env: { ...process.env, CI: "1" } });
if (migrate.status !== 0) throw new Error(`migrations failed:\n${migrate.stdout}${migrate.stderr}`);

const zendesk = await startFakeZendesk({ port: 0 });
const worker = spawn(
  process.execPath,
  [WRANGLER, "dev", "--ip", "127.0.0.1", "--port", String(PORT), "--local", "--persist-to", state, "--show-interactive-dev-session=false", "--log-level", "error", "--var", `ADMIN_TOKEN:${ADMIN_TOKEN}`, "--var", `SECRETS_KEY:${randomBytes(32).toString("base64")}`],
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
    body: JSON.stringify({ zendeskAccountId: 777, apiBaseUrl: zendesk.url, apiEmail: "bench@example.com", secrets: { webhookSigningSecret: SECRET, apiToken: "x" }, settings: { writeBack: false } }),
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
            detail: { id: String(id), subject: "Where is my order?", description: "I ordered a lamp two weeks ago and it has not arrived yet.", status: "NEW", tags: [], updated_at: new Date().toISOString(), via: { channel: "web" } },
            event: {},
          });
          const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
          const signature = createHmac("sha256", SECRET).update(timestamp + body).digest("base64");
          return { ...req, body, headers: { "Content-Type": "application/json", "X-Zendesk-Webhook-Signature": signature, "X-Zendesk-Webhook-Signature-Timestamp": timestamp } };
        },
      },
    ],
  });
  const accepted = result["2xx"];
  console.log(`intake: ${values.connections} connections, ${values.seconds} s, loopback, wrangler dev (local workerd + D1 + Queues)`);
  console.log(`  requests/s  mean ${result.requests.average.toFixed(0)}  (total ${result.requests.total}, 2xx ${accepted}, non-2xx ${result.non2xx}, errors ${result.errors})`);
  console.log(`  latency ms  p50 ${result.latency.p50}  p90 ${result.latency.p90}  p99 ${result.latency.p99}  max ${result.latency.max}`);
  console.log(`| signed webhooks/s | p50 | p99 | non-2xx |\n|---|---|---|---|\n| ${result.requests.average.toFixed(0)} | ${result.latency.p50} ms | ${result.latency.p99} ms | ${result.non2xx} |`);
} finally {
  await cleanup();
}
