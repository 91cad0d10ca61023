/**
 * `npm run train -- --account <sub> --from-zendesk ...` end to end, against the real Worker (`wrangler dev` with
 * local D1 and R2, migrated with wrangler, in a temporary directory) and the fake Zendesk (real HTTP on 127.0.0.1, with its
 * seeded history): history import → training examples → training → upload as a candidate → the promotion check,
 * and the CLI's errors (unknown account, unreachable admin API, too few examples).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { demoSeed } from "../../dev/fakes/zendesk/demo-seed";
import { startFakeZendesk, type FakeZendesk } from "../../dev/fakes/zendesk/server";
import { trainAccount, TrainAccountError } from "../../models/cli/train-account";
import { freePort } from "../e2e/stack";

const ROOT = resolve(import.meta.dirname, "../..");
const WRANGLER = resolve(ROOT, "node_modules/wrangler/bin/wrangler.js");
const TOKEN = "train-account-test-token";
const ACCOUNT = "acme-history";
const EMPTY_ACCOUNT = "acme-empty";

let persist: string;
let fake: FakeZendesk;
let worker: ChildProcess;
let output = "";
let adminUrl: string;

async function admin(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${adminUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function createAccount(id: string): Promise<void> {
  const res = await admin("PUT", `/admin/accounts/${id}`, {
    name: id,
    apiBaseUrl: fake.url,
    apiEmail: "agent@example.com",
    secrets: { webhookSigningSecret: "dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==", apiToken: "test-api-token" },
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
}

async function run(args: string[]): Promise<string[]> {
  const lines: string[] = [];
  await trainAccount(["--admin-url", adminUrl, "--admin-token", TOKEN, ...args], { say: (line) => lines.push(line), sleep: async () => {} });
  return lines;
}

/** wrangler dev rebuilds when a source file changes (another checkout user editing): wait until it answers again. */
async function workerUp(timeoutMs: number): Promise<void> {
  for (let waited = 0; ; waited += 300) {
    if (worker.exitCode !== null) throw new Error(`wrangler dev exited:\n${output}`);
    if (waited > timeoutMs) throw new Error(`the Worker does not answer:\n${output}`);
    if (
      await fetch(`${adminUrl}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await sleep(300);
  }
}

beforeAll(async () => {
  persist = mkdtempSync(join(tmpdir(), "train-account-"));
  const migrated = spawnSync(process.execPath, [WRANGLER, "d1", "migrations", "apply", "DB", "--local", "--persist-to", persist], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, CI: "1" },
  });
  if (migrated.status !== 0) throw new Error(`migrations failed:\n${migrated.stdout}\n${migrated.stderr}`);
  fake = await startFakeZendesk({ port: 0, subdomain: ACCOUNT, seed: demoSeed() });
  const port = await freePort();
  const secretsKey = Buffer.from("train-account-test-secrets-key!!").toString("base64");
  adminUrl = `http://127.0.0.1:${port}`;
  worker = spawn(
    process.execPath,
    [
      WRANGLER,
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--inspector-port",
      String(await freePort()),
      "--local",
      "--persist-to",
      persist,
      "--var",
      `ADMIN_TOKEN:${TOKEN}`,
      "--var",
      `SECRETS_KEY:${secretsKey}`,
      "--show-interactive-dev-session=false",
    ],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, CI: "1" } },
  );
  // Test-only values, passed with --var (which takes precedence over a developer's .dev.vars), as test/e2e/stack.ts does.
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-10_000);
  };
  worker.stdout!.on("data", keep);
  worker.stderr!.on("data", keep);
  await workerUp(150_000);
  await createAccount(ACCOUNT);
  await createAccount(EMPTY_ACCOUNT);
}, 180_000);

afterAll(async () => {
  worker?.kill("SIGTERM");
  await fake?.close();
  if (persist) rmSync(persist, { recursive: true, force: true });
});

describe("npm run train -- --account", () => {
  beforeEach(() => workerUp(60_000));

  it("imports history, trains, uploads a candidate and reports the promotion check with both models' figures", async () => {
    const lines = await run(["--account", ACCOUNT, "--from-zendesk", "--label-tag-prefix", "intent__"]);
    const out = lines.join("\n");
    expect(out).toMatch(/history import: call 1, \+\d+ \(total \d+/);
    expect(out).toMatch(/, done/);
    expect(out).toMatch(/\d+ training examples \(import \d+\); \d+ more are held out/);
    expect(out).toMatch(/epoch/);
    const version = out.match(/trained (acme-history-[0-9a-f]{12}) in/)?.[1];
    expect(version, out).toBeDefined();
    expect(out).toContain(`uploaded ${version} as a candidate`);
    expect(out).toMatch(/candidate +acme-history-[0-9a-f]{12}.*: accuracy \d+\.\d%, coverage at 95\.0% precision/);
    expect(out).toMatch(/live +support-[0-9a-f]{12}.*: accuracy \d+\.\d%/);
    expect(out).toMatch(/verdict: (promoted|kept as a candidate, not promoted)/);

    const list = (await (await admin("GET", `/admin/models?account=${ACCOUNT}`)).json()) as {
      liveVersion: string | null;
      versions: { version: string; status: string; training: { fromZendesk: boolean }; evaluation: { heldOut: number } }[];
    };
    const registered = list.versions.find((v) => v.version === version);
    expect(registered?.training.fromZendesk).toBe(true);
    expect(registered?.evaluation.heldOut).toBeGreaterThanOrEqual(20);
    expect(list.liveVersion === version).toBe(out.includes("verdict: promoted"));
    expect(registered?.status).toBe(list.liveVersion === version ? "live" : out.includes("loses") ? "rejected" : "candidate");

    // The same examples and settings give the same bytes: uploading again is a no-op, not a second version.
    const again = (await run(["--account", ACCOUNT, "--no-promote"])).join("\n");
    expect(again).toContain(`uploaded ${version} as a candidate (already registered: same bytes)`);
  });

  it("npm run models lists, shows, force-promotes and rolls back", () => {
    const models = (...args: string[]) =>
      spawnSync(process.execPath, [resolve(ROOT, "node_modules/tsx/dist/cli.mjs"), "scripts/models.ts", ...args, "--account", ACCOUNT, "--url", adminUrl], {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, ADMIN_TOKEN: TOKEN },
      });
    const list = models("list");
    expect(list.status, list.stderr).toBe(0);
    const version = list.stdout.match(/(acme-history-[0-9a-f]{12})/)?.[1];
    expect(version, list.stdout).toBeDefined();
    expect(list.stdout).toMatch(/^live: /);
    const show = models("show", version!);
    expect(show.status, show.stderr).toBe(0);
    expect(show.stdout).toContain(`${version} (`);
    expect(show.stdout).toMatch(/intents: \w+/);
    expect(show.stdout).toMatch(/last promotion check .* held-out examples/);

    const unforced = models("promote", version!, "--force");
    expect(unforced.status).toBe(1);
    expect(unforced.stderr).toContain("--force needs --reason");
    if (!list.stdout.startsWith(`live: ${version}`)) {
      const forced = models("promote", version!, "--force", "--reason", "test of the CLI");
      expect(forced.status, forced.stderr).toBe(0);
      expect(forced.stdout).toContain(`promoted ${version} (was the shipped model)`);
    }
    const back = models("rollback");
    expect(back.status, back.stderr).toBe(0);
    expect(back.stdout).toMatch(new RegExp(`rolled back ${version}; live now: the shipped model \\(support-[0-9a-f]{12}\\)`));
    const none = models("rollback");
    expect(none.status).toBe(1);
    expect(none.stderr).toContain("already runs the shipped model");
  });

  it("names an unknown account", async () => {
    await expect(run(["--account", "nobody-here"])).rejects.toThrow(/account 'nobody-here' is unknown/);
  });

  it("says how many examples are needed when there are too few", async () => {
    const error = await run(["--account", EMPTY_ACCOUNT]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainAccountError);
    expect((error as Error).message).toMatch(/too few examples: training needs at least 5 examples for each of at least 2 intents.*no examples at all/);
  });

  it("says when the admin API cannot be reached, and when a flag is missing", async () => {
    await expect(trainAccount(["--account", ACCOUNT, "--admin-url", "http://127.0.0.1:9"], { say: () => {} })).rejects.toThrow(
      /cannot reach the admin API at http:\/\/127\.0\.0\.1:9/,
    );
    await expect(run(["--account", ACCOUNT, "--from-zendesk"])).rejects.toThrow(/exactly one of --label-field .* or --label-tag-prefix/);
    await expect(run([])).rejects.toThrow(/--account <subdomain> is required/);
  });
});
