/**
 * Every command README.md shows is run by CI, or says why not (issue #14 item 6). The commands are extracted from the
 * README (fenced bash/sh blocks, and inline code that starts with npm, npx, curl, openssl, wrangler or zcli, after
 * optional VAR=value words) and each must have an entry in test/node/readme-commands.ts:
 *   here     run below, offline and in seconds, through the same tsx entry as `npm run` (remote CLI commands talk
 *            to a stand-in admin API on 127.0.0.1 that records what they send; the real routes are covered in
 *            test/worker/); curl examples are parsed and their JSON bodies validated with the Worker's schemas
 *   ranBy    the named files exist, contain the invocation, and are themselves run by CI
 *   notInCi  a reason; an npm script named there still exists with its entry file, and `offline` evidence holds
 * Run: npx vitest run --project node test/node/readme-commands
 */
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { readZip } from "../../scripts/app-zip";
import { accountSettingsSchema } from "../../worker/settings/account";
import { type Entry, type Evidence, README_COMMANDS } from "./readme-commands";

const ROOT = resolve(import.meta.dirname, "../..");
const PKG = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { name: string; version: string; scripts: Record<string, string> };
const scripts = PKG.scripts;
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const WRANGLER = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
const DRIZZLE_KIT = join(ROOT, "node_modules", "drizzle-kit", "bin.cjs");
const read = (file: string) => readFileSync(join(ROOT, file), "utf8");

// --- the README's commands --------------------------------------------------------------------------------------

interface Found {
  command: string;
  line: number;
}

/** One line of shell: its code without a `# comment`, and the quote still open at its end (a multi-line string). */
function scanLine(line: string, quote: string | null): { code: string; quote: string | null } {
  let open = quote;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (open) {
      if (c === open) open = null;
    } else if (c === "'" || c === '"') open = c;
    else if (c === "#" && (i === 0 || /\s/.test(line[i - 1]!))) return { code: line.slice(0, i), quote: null };
  }
  return { code: line, quote: open };
}

/** Whitespace collapsed; `npm run -s X` is `npm run X` (-s only silences npm's banner). */
function normalise(command: string): string {
  return command
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^((?:[A-Z][A-Z0-9_]*=\S*\s+)*npm run) -s /, "$1 ");
}

const INLINE_COMMAND = /^(?:[A-Z][A-Z0-9_]*=\S*\s+)*(?:npm|npx|curl|openssl|wrangler|zcli)\s+\S/;
/** Names of the tool in prose, not commands: "every `npm run` this README names". */
const NOT_A_COMMAND = /^npm run(?: -s)?$/;

function readmeCommands(markdown: string): Found[] {
  const found: Found[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*```(?:bash|sh|shell)\s*$/.test(lines[i]!)) {
      let pending: string | null = null;
      let quote: string | null = null;
      let start = 0;
      for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]!); i++) {
        if (pending === null) start = i + 1;
        const scanned = scanLine(lines[i]!, quote);
        quote = scanned.quote;
        const text: string = pending === null ? scanned.code : `${pending}\n${scanned.code}`;
        if (quote) pending = text;
        else if (/\\\s*$/.test(text)) pending = text.replace(/\\\s*$/, "");
        else {
          pending = null;
          const command = normalise(text);
          if (command) found.push({ command, line: start });
        }
      }
      continue;
    }
    if (/^\s*```/.test(lines[i]!)) {
      for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]!); i++);
      continue;
    }
    // Inline code; `npm run X` (`-- --flag`) is one command written as two spans.
    let previous: string | null = null;
    for (const m of lines[i]!.matchAll(/`([^`]+)`/g)) {
      const span = m[1]!.trim();
      if (INLINE_COMMAND.test(span) && !NOT_A_COMMAND.test(span)) {
        previous = normalise(span);
        found.push({ command: previous, line: i + 1 });
      } else if (previous?.startsWith("npm run ") && span.startsWith("-- ")) found.push({ command: normalise(`${previous} ${span}`), line: i + 1 });
      else previous = null;
    }
  }
  return found;
}

const README = read("README.md");
const FOUND = readmeCommands(README);
const COMMANDS = [...new Set(FOUND.map((f) => f.command))];
const keyOf = (entry: Entry) => ("command" in entry ? entry.command : `${entry.startsWith}…`);
const matches = (entry: Entry, command: string) => ("command" in entry ? command === entry.command : command.startsWith(entry.startsWith));
const commandsOf = (entry: Entry) => COMMANDS.filter((c) => matches(entry, c));
const linesOf = (command: string) => FOUND.filter((f) => f.command === command).map((f) => f.line);

// --- running them -----------------------------------------------------------------------------------------------

/** Shell words: quotes removed, $NAME expanded from `vars` (not inside single quotes); | && > stay words of their own. */
function shellWords(command: string, vars: Record<string, string> = {}): string[] {
  const words: string[] = [];
  let word: string | null = null;
  const variable = (at: number): [string, number] => {
    const name = command.slice(at + 1).match(/^[A-Za-z_][A-Za-z0-9_]*/)?.[0];
    if (!name) return ["$", at + 1];
    if (!(name in vars)) throw new Error(`${command}: no value for $${name}`);
    return [vars[name]!, at + 1 + name.length];
  };
  for (let i = 0; i < command.length; ) {
    const c = command[i]!;
    if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
      i++;
    } else if (c === "'") {
      const end = command.indexOf("'", i + 1);
      word = (word ?? "") + command.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      word ??= "";
      for (i++; command[i] !== '"'; ) {
        if (command[i] === "\\") {
          word += command[i + 1];
          i += 2;
        } else if (command[i] === "$") {
          const [value, next] = variable(i);
          word += value;
          i = next;
        } else word += command[i++];
      }
      i++;
    } else if (c === "$") {
      const [value, next] = variable(i);
      word = (word ?? "") + value;
      i = next;
    } else {
      word = (word ?? "") + c;
      i++;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program from the checkout, without a shell; stopped (SIGTERM) after the timeout. */
function run(program: string, args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<Result> {
  return new Promise((done, fail) => {
    const child = spawn(program, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: "1", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGTERM"), timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      fail(new Error(`${program}: ${error.message}`));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

interface CliRun {
  vars?: Record<string, string>;
  /** README words replaced when run here (a file the README's previous step wrote, a fixed /tmp path). */
  swap?: Record<string, string>;
  extra?: string[];
  env?: Record<string, string>;
}

/**
 * A README `npm run <script> -- args` (or `npx tsx <file> args`) as `npm run` would run it: the script's tsx entry
 * with the README's arguments. A trailing `> file` is not written: the caller gets stdout and the file's name.
 */
async function runCli(command: string, opts: CliRun = {}): Promise<Result & { redirect?: string }> {
  const words = shellWords(command, opts.vars);
  const at = words.indexOf(">");
  const redirect = at >= 0 ? words[at + 1] : undefined;
  const argv = at >= 0 ? words.slice(0, at) : words;
  let file: string;
  let args: string[];
  if (argv[0] === "npm" && argv[1] === "run") {
    const script = scripts[argv[2]!];
    const entry = script?.match(/^tsx (\S+\.ts)$/)?.[1];
    if (!entry) throw new Error(`${command}: package.json script ${argv[2]} is not one tsx program (${script})`);
    file = entry;
    args = argv[3] === "--" ? argv.slice(4) : argv.slice(3);
    if (argv.length > 3 && argv[3] !== "--") throw new Error(`${command}: arguments without --`);
  } else if (argv[0] === "npx" && argv[1] === "tsx") {
    file = argv[2]!;
    args = argv.slice(3);
  } else throw new Error(`${command}: not an npm script or npx tsx`);
  const result = await run(TSX, [file, ...args.map((a) => opts.swap?.[a] ?? a), ...(opts.extra ?? [])], opts.env);
  return { ...result, redirect };
}

const TOKEN = "readme-commands-admin-token";
const TEMP_DIRS: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "readme-commands-"));
  TEMP_DIRS.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of TEMP_DIRS) rmSync(dir, { recursive: true, force: true });
});

interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}
type Answer = { status?: number; json?: unknown; text?: string };

/**
 * A stand-in for the Worker's admin API on 127.0.0.1: answers `"METHOD /path"` with the given JSON or text (shaped
 * like the real route's answer) and records every request; anything else is a 404 the CLI reports.
 */
async function standIn(answers: Record<string, Answer | ((seen: Seen) => Answer)>) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8").on("data", (d: string) => (body += d));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://stand-in");
      const request: Seen = {
        method: req.method ?? "",
        path: url.pathname,
        query: url.searchParams,
        authorization: req.headers.authorization,
        contentType: req.headers["content-type"],
        body,
      };
      seen.push(request);
      const answer = answers[`${request.method} ${request.path}`];
      const a = (typeof answer === "function" ? answer(request) : answer) ?? {
        status: 404,
        json: { error: "not_found", message: `the stand-in has no ${request.method} ${request.path}` },
      };
      res.writeHead(a.status ?? 200, { "Content-Type": a.text === undefined ? "application/json" : "application/yaml; charset=utf-8" });
      res.end(a.text ?? JSON.stringify(a.json));
    });
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    env: { EDGE_TRIAGE_URL: url, ADMIN_TOKEN: TOKEN },
    close: () => new Promise<void>((closed) => server.close(() => closed())),
  };
}

async function withStandIn(answers: Parameters<typeof standIn>[0], body: (api: Awaited<ReturnType<typeof standIn>>) => Promise<void>) {
  const api = await standIn(answers);
  try {
    await body(api);
  } finally {
    await api.close();
  }
}

const RULES_SOURCE = read("rules/default.yaml");
const RULES_OK = /^rules\/default\.yaml: ok, \d+ rules \(default route \w+, when unsure \w+\)\n/;
const WRANGLER_ENV = { CI: "1", WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" };

/** A README curl command: method, URL, headers and body (with $WORKER and $ADMIN_TOKEN filled in). */
function curl(command: string) {
  const words = shellWords(command, { WORKER: "https://edge-triage.example.workers.dev", ADMIN_TOKEN: TOKEN });
  expect(words[0]).toBe("curl");
  let method = "GET";
  let url: string | undefined;
  let data: string | undefined;
  const headers: Record<string, string> = {};
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (w === "-X") method = words[++i]!;
    else if (w === "-H") {
      const [name, ...value] = words[++i]!.split(":");
      headers[name!.trim().toLowerCase()] = value.join(":").trim();
    } else if (w === "-d") data = words[++i];
    else if (w === ">") i++;
    else url ??= w;
  }
  return { method, url: new URL(url!), headers, data };
}

/**
 * worker/store/secrets.ts is typed for workerd, whose BufferSource takes any Uint8Array (Node's lib does not), so it is
 * loaded at run time instead of joining this project's type-check.
 */
interface SecretsModule {
  accountSecretsSchema: z.ZodObject;
  encryptSecrets(secretsKey: string, secrets: Record<string, string>): Promise<string>;
  decryptSecrets(secretsKey: string, ciphertext: string): Promise<Record<string, string>>;
}
const SECRETS_MODULE = join(ROOT, "worker", "store", "secrets.ts");
const { accountSecretsSchema, encryptSecrets, decryptSecrets } = (await import(SECRETS_MODULE)) as SecretsModule;

/**
 * The body of PUT /admin/accounts/:id, built from the Worker's own secrets and settings schemas; worker/admin/accounts.ts
 * keeps its `accountInput` private, so the test below checks that it is made of these same parts.
 */
const accountBody = z
  .object({
    name: z.string().min(1).max(200).optional(),
    zendeskAccountId: z.number().int().positive().nullable().optional(),
    apiBaseUrl: z.url().nullable().optional(),
    apiEmail: z.email().nullable().optional(),
    secrets: accountSecretsSchema,
    settings: accountSettingsSchema.optional(),
  })
  .strict();

function checkAccountRoute(method: "put" | "patch", request: ReturnType<typeof curl>) {
  expect(request.url.pathname).toBe("/admin/accounts/yoursubdomain");
  expect(request.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, "content-type": "application/json" });
  expect(read("worker/app.ts")).toContain('app.route("/admin", adminAccounts)');
  const routes = read("worker/admin/accounts.ts");
  expect(routes).toMatch(new RegExp(`adminAccounts\\.${method}\\(\\s*"/accounts/:id"`));
  expect(routes).toContain("secrets: accountSecretsSchema,");
  expect(routes).toContain("settings: accountSettingsSchema.optional(),");
}

/** The sidebar app is built once for both app checks (the build rewrites zendesk-app/assets). */
let packaged: Promise<Result & { zip: string }> | undefined;
function packageApp(command: string) {
  packaged ??= (async () => {
    const zip = join(tempDir(), "edge-triage-zendesk-app.zip");
    return { ...(await runCli(command, { extra: ["--out", zip] })), zip };
  })();
  return packaged;
}
const PACKAGE_COMMAND = "npm run app:package -- --worker-url https://edge-triage.example.workers.dev";

const WRITEBACK = {
  id: 1,
  decisionId: 1,
  status: "dead",
  attempts: 5,
  lastHttpStatus: 503,
  error: "Zendesk answered 503",
  request: null,
  updatedAt: "2026-01-02T03:04:05Z",
};

/** What the test does for each `here` entry, keyed like the entry; it gets the README's command. */
const HERE: Record<string, (command: string) => Promise<void>> = {
  "npm run db:generate": async () => {
    expect(scripts["db:generate"]).toBe("drizzle-kit generate");
    const config = read("drizzle.config.ts");
    const field = (name: string) => config.match(new RegExp(`${name}: "([^"]+)"`))?.[1];
    expect(field("out")).toBe("./db/migrations");
    const copy = join(tempDir(), "migrations");
    cpSync(join(ROOT, "db", "migrations"), copy, { recursive: true });
    // drizzle-kit puts "./" before --out, so the copy is named relative to the checkout.
    const r = await run(process.execPath, [
      DRIZZLE_KIT,
      "generate",
      "--dialect",
      field("dialect")!,
      "--schema",
      field("schema")!,
      "--out",
      relative(ROOT, copy),
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/No schema changes, nothing to migrate/);
    expect(readdirSync(copy, { recursive: true }).sort()).toEqual(readdirSync(join(ROOT, "db", "migrations"), { recursive: true }).sort());
  },

  "openssl rand -base64 32": async (command) => {
    const [tool, ...args] = shellWords(command);
    const r = await run(tool!, args);
    expect(r.code, r.stderr).toBe(0);
    const key = r.stdout.trim();
    expect(Buffer.from(key, "base64")).toHaveLength(32);
    const secrets = { webhookSigningSecret: "readme-commands-secret" };
    expect(await decryptSecrets(key, await encryptSecrets(key, secrets))).toEqual(secrets);
  },

  'curl -X PUT "$WORKER/admin/accounts/yoursubdomain"…': async (command) => {
    const request = curl(command);
    expect(request.method).toBe("PUT");
    checkAccountRoute("put", request);
    const body = accountBody.parse(JSON.parse(request.data!));
    expect(body.secrets).toHaveProperty("webhookSigningSecret");
    expect(body.secrets.apiToken ?? body.secrets.oauthToken).toBeDefined();
  },

  'curl -X PATCH "$WORKER/admin/accounts/yoursubdomain"…': async (command) => {
    const request = curl(command);
    expect(request.method).toBe("PATCH");
    checkAccountRoute("patch", request);
    // A merge patch names only what changes: any part of the account, each part valid on its own.
    const body = accountBody.partial().extend({ secrets: accountSecretsSchema.partial().optional() }).parse(JSON.parse(request.data!));
    expect(body.secrets).toMatchObject({ slackBotToken: expect.any(String), slackSigningSecret: expect.any(String) });
    expect(body.settings?.slack).toMatchObject({ teamId: expect.any(String), approvalChannel: expect.any(String) });
  },

  'npm run rules -- push rules/default.yaml --account yoursubdomain --url "$WORKER"': async (command) => {
    await withStandIn({ "PUT /admin/rules": (s) => ({ json: { account: s.query.get("account"), version: 2, rules: 9 } }) }, async (api) => {
      const r = await runCli(command, { vars: { WORKER: api.url }, env: { ADMIN_TOKEN: TOKEN } });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(RULES_OK);
      expect(r.stdout).toMatch(/\npushed 9 rules to yoursubdomain as version 2\n$/);
      expect(api.seen).toHaveLength(1);
      expect(api.seen[0]).toMatchObject({ method: "PUT", authorization: `Bearer ${TOKEN}`, contentType: "application/yaml", body: RULES_SOURCE });
      expect(api.seen[0]!.query.get("account")).toBe("yoursubdomain");
    });
  },

  "npm run rules -- validate rules/default.yaml": async (command) => {
    const r = await runCli(command);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`${RULES_OK.source}$`));
  },

  "npm run rules -- pull --account demo > rules/mine.yaml": async (command) => {
    await withStandIn({ "GET /admin/rules": { text: RULES_SOURCE } }, async (api) => {
      const r = await runCli(command, { env: api.env });
      expect(r.code, r.stderr).toBe(0);
      expect(r.redirect).toBe("rules/mine.yaml");
      // Exactly the table as pushed: what lands in the file.
      expect(r.stdout).toBe(RULES_SOURCE);
      expect(api.seen.map((s) => [s.method, s.path, s.query.get("account"), s.query.get("format"), s.authorization])).toEqual([
        ["GET", "/admin/rules", "demo", "source", `Bearer ${TOKEN}`],
      ]);
    });
  },

  "npm run rules -- dry-run rules/mine.yaml --account demo": async (command) => {
    const mine = join(tempDir(), "mine.yaml");
    writeFileSync(mine, RULES_SOURCE);
    const report = { account: "demo", liveVersion: 3, tickets: 12, changed: { route: 2, priority: 1 } };
    await withStandIn({ "POST /admin/rules/dry-run": { json: report } }, async (api) => {
      const r = await runCli(command, { env: api.env, swap: { "rules/mine.yaml": mine } });
      expect(r.code, r.stderr).toBe(0);
      const [validated, ...json] = r.stdout.split("\n");
      expect(validated).toMatch(/: ok, \d+ rules/);
      expect(JSON.parse(json.join("\n"))).toEqual(report);
      expect(api.seen).toMatchObject([{ method: "POST", path: "/admin/rules/dry-run", body: RULES_SOURCE }]);
      expect(api.seen[0]!.query.get("account")).toBe("demo");
    });
  },

  "npm run rules -- push rules/mine.yaml --account demo": async (command) => {
    const mine = join(tempDir(), "mine.yaml");
    writeFileSync(mine, RULES_SOURCE);
    await withStandIn({ "PUT /admin/rules": { json: { account: "demo", version: 4, rules: 9 } } }, async (api) => {
      const r = await runCli(command, { env: api.env, swap: { "rules/mine.yaml": mine } });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/\npushed 9 rules to demo as version 4\n$/);
      expect(api.seen).toMatchObject([{ method: "PUT", path: "/admin/rules", body: RULES_SOURCE }]);
    });
  },

  "npm run …": async () => {
    const args = ["rules", "--", "validate", "rules/default.yaml"];
    const env = { npm_config_update_notifier: "false" };
    const silent = await run("npm", ["run", "-s", ...args], env);
    const loud = await run("npm", ["run", ...args], env);
    expect(silent.code, silent.stderr).toBe(0);
    expect(silent.stdout).toMatch(new RegExp(`${RULES_OK.source}$`));
    expect(loud.stdout).toContain(`> ${PKG.name}@${PKG.version} rules`);
    expect(loud.stdout.trimStart().startsWith(">")).toBe(true);
  },

  "npm run intents -- validate intents/default.yaml": async (command) => {
    const r = await runCli(command);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^intents\/default\.yaml: ok, \d+ intents \(\d+ enabled\), \d+ example phrases\n$/);
  },

  "npx tsx bench/llm-triage/prompt-size.ts": async (command) => {
    const r = await runCli(command);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/prompt tokens\s+min \d+\s+median \d+/);
    expect(r.stdout).toMatch(/per 1,000 classifications\s+\$\d+\.\d+/);
  },

  "npm run kb -- import dev/demo-data/demo-store.json --account demo": async (command) => {
    await withStandIn(
      {
        "POST /admin/kb/import": (s) => {
          const n = (JSON.parse(s.body) as { documents: unknown[] }).documents.length;
          return { json: { account: "demo", format: "json", total: n, created: n, updated: 0, unchanged: 0 } };
        },
      },
      async (api) => {
        const r = await runCli(command, { env: api.env });
        expect(r.code, r.stderr).toBe(0);
        expect(api.seen).toHaveLength(1);
        const sent = api.seen[0]!;
        expect(sent).toMatchObject({ method: "POST", contentType: "application/json", authorization: `Bearer ${TOKEN}` });
        expect([sent.query.get("account"), sent.query.get("format")]).toEqual(["demo", "json"]);
        const { documents } = JSON.parse(sent.body) as { documents: { id: string; kind: string; title: string; body: string }[] };
        expect(documents.length).toBeGreaterThan(0);
        for (const d of documents)
          expect(d).toMatchObject({ id: expect.any(String), kind: expect.stringMatching(/^(article|macro)$/), title: expect.any(String) });
        expect(r.stdout).toBe(
          `dev/demo-data/demo-store.json → account 'demo': ${documents.length} documents (${documents.length} new, 0 updated, 0 unchanged)\n`,
        );
      },
    );
  },

  'npm run kb -- search "where is my parcel" --account demo': async (command) => {
    const hit = {
      docId: "track-order",
      kind: "article",
      title: "Where is my order?",
      locale: "en",
      score: 3.25,
      passage: "Track your parcel with the link in the shipping email.",
    };
    await withStandIn({ "GET /admin/kb/search": (s) => ({ json: { account: "demo", query: s.query.get("q"), results: [hit] } }) }, async (api) => {
      const r = await runCli(command, { env: api.env });
      expect(r.code, r.stderr).toBe(0);
      expect([api.seen[0]?.query.get("q"), api.seen[0]?.query.get("account")]).toEqual(["where is my parcel", "demo"]);
      expect(r.stdout).toContain("track-order [article, en] Where is my order?");
      expect(r.stdout).toContain(hit.passage);
    });
  },

  "npm run writebacks -- list | show | retry | retry-all": async (command) => {
    const words = shellWords(command);
    const subcommands = words.slice(words.indexOf("--") + 1).filter((w) => w !== "|");
    expect(subcommands).toEqual(["list", "show", "retry", "retry-all"]);
    const ticket = 4711;
    await withStandIn(
      {
        "GET /admin/writebacks": { json: { account: "demo", status: "dead", writebacks: [{ ticketId: ticket, ...WRITEBACK }] } },
        [`GET /admin/tickets/${ticket}`]: {
          json: { account: "demo", ticket: { id: ticket }, decision: null, writeback: WRITEBACK, escalation: null, events: [] },
        },
        [`POST /admin/tickets/${ticket}/writeback/retry`]: {
          json: { account: "demo", ticketId: ticket, writeback: { ...WRITEBACK, status: "succeeded", attempts: 6, lastHttpStatus: 200, error: null } },
        },
        "POST /admin/writebacks/retry": {
          json: {
            account: "demo",
            status: "dead",
            tried: 1,
            succeeded: 1,
            failed: 0,
            skipped: 0,
            writebacks: [{ ticketId: ticket, outcome: "succeeded" }],
            stillDown: false,
            remaining: 0,
          },
        },
      },
      async (api) => {
        const out: Record<string, string> = {};
        for (const sub of subcommands) {
          const args = [sub, ...(sub === "show" || sub === "retry" ? [String(ticket)] : []), "--account", "demo", "--url", api.url, "--token", TOKEN];
          const r = await runCli(`npm run writebacks -- ${args.join(" ")}`);
          expect(r.code, `${sub}: ${r.stderr}`).toBe(0);
          out[sub] = r.stdout;
        }
        expect(out.list).toMatch(/^4711\s+dead\s+5 tries http 503 {2}2026-01-02T03:04:05Z {2}Zendesk answered 503\n1 dead write-back\(s\) in 'demo'\n$/);
        expect(out.show).toMatch(/^4711\s+dead\s+5 tries http 503/);
        expect(out.retry).toMatch(/^4711\s+succeeded\s+6 tries http 200 .*\nticket 4711: written back\n$/);
        expect(out["retry-all"]).toBe("4711         succeeded\ntried 1: 1 written back, 0 failed, 0 skipped; 0 still dead\n");
        expect(api.seen.map((s) => `${s.method} ${s.path}`)).toEqual([
          "GET /admin/writebacks",
          `GET /admin/tickets/${ticket}`,
          `POST /admin/tickets/${ticket}/writeback/retry`,
          "POST /admin/writebacks/retry",
        ]);
        expect(new Set(api.seen.map((s) => s.query.get("account")))).toEqual(new Set(["demo"]));
      },
    );
  },

  "npm run privacy -- forget --account yoursubdomain --email jane@example.com": async (command) => {
    await withStandIn(
      {
        "POST /admin/requesters/forget": (s) => ({
          json: s.query.get("after")
            ? { account: "yoursubdomain", requesterIds: [12345], tickets: 1, removed: { tickets: 1, events: 2 }, next: null }
            : { account: "yoursubdomain", requesterIds: [12345], tickets: 500, removed: { tickets: 500, eventsMentioningEmail: 3 }, next: 9001 },
        }),
      },
      async (api) => {
        const r = await runCli(command, { env: api.env });
        expect(r.code, r.stderr).toBe(0);
        expect(api.seen.map((s) => [s.query.get("account"), s.query.get("after"), JSON.parse(s.body)])).toEqual([
          ["yoursubdomain", null, { email: "jane@example.com" }],
          ["yoursubdomain", "9001", { email: "jane@example.com" }],
        ]);
        expect(r.stdout).toMatch(/^events\s+2\neventsMentioningEmail\s+3\ntickets\s+501\nforgot requester 12345 in 'yoursubdomain': 501 ticket\(s\)\n$/);
      },
    );
  },

  "npm run privacy -- forget --account yoursubdomain --requester 12345": async (command) => {
    await withStandIn(
      {
        "POST /admin/requesters/12345/forget": {
          json: { account: "yoursubdomain", requesterIds: [12345], tickets: 2, removed: { tickets: 2, drafts: 1 }, next: null },
        },
      },
      async (api) => {
        const r = await runCli(command, { env: api.env });
        expect(r.code, r.stderr).toBe(0);
        expect(api.seen.map((s) => `${s.method} ${s.path}?${s.query}`)).toEqual(["POST /admin/requesters/12345/forget?account=yoursubdomain"]);
        expect(api.seen[0]!.authorization).toBe(`Bearer ${TOKEN}`);
        expect(r.stdout).toContain("forgot requester 12345 in 'yoursubdomain': 2 ticket(s)");
      },
    );
  },

  [PACKAGE_COMMAND]: async (command) => {
    const r = await packageApp(command);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`[app:package] ${r.zip} (`);
    const files = new Map(readZip(readFileSync(r.zip)).map((e) => [e.name, e.data]));
    expect([...files.keys()]).toEqual(expect.arrayContaining(["manifest.json", "assets/iframe.html", "assets/main.js", "translations/en.json"]));
    expect(JSON.parse(files.get("manifest.json")!.toString("utf8")).domainWhitelist).toEqual(["edge-triage.example.workers.dev"]);
  },

  "npm run app:validate": async (command) => {
    // On a clean checkout zendesk-app/assets exists only once the app is built, as the README's previous step does.
    expect((await packageApp(PACKAGE_COMMAND)).code).toBe(0);
    const r = await runCli(command);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\[app:validate\] \S+zendesk-app: 0 error\(s\)/);
  },

  "npx wrangler deploy --dry-run --outdir /tmp/bundle": async (command) => {
    const words = shellWords(command);
    expect(words.slice(0, 2)).toEqual(["npx", "wrangler"]);
    const outdir = join(tempDir(), "bundle");
    const r = await run(process.execPath, [WRANGLER, ...words.slice(2).map((w) => (w === "/tmp/bundle" ? outdir : w))], WRANGLER_ENV);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("--dry-run: exiting now.");
    const gzipKiB = Number(r.stdout.match(/Total Upload: [\d.]+ KiB \/ gzip: ([\d.]+) KiB/)?.[1]);
    expect(gzipKiB).toBeGreaterThan(0);
    expect(gzipKiB, "Workers Paid takes 10 MB gzip").toBeLessThan(10 * 1024);
    expect(existsSync(join(outdir, "index.js"))).toBe(true);
  },

  "npx wrangler check startup": async (command) => {
    const words = shellWords(command);
    expect(words.slice(0, 2)).toEqual(["npx", "wrangler"]);
    const profile = join(tempDir(), "startup.cpuprofile");
    const r = await run(process.execPath, [WRANGLER, ...words.slice(2), "--outfile", profile], WRANGLER_ENV);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const cpu = JSON.parse(readFileSync(profile, "utf8")) as { nodes: { callFrame: { url: string } }[]; samples: number[] };
    expect(cpu.samples.length).toBeGreaterThan(0);
    expect(
      cpu.nodes.some((n) => n.callFrame.url.endsWith("index.js")),
      "the profile covers the Worker's bundle",
    ).toBe(true);
  },

  "npm run bench:signals": async (command) => {
    const r = await runCli(command);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^fixture: \d+ lines/);
    expect(r.stdout).toMatch(/\| wink-sentiment \+ rules \(shipped\) \| [\d.]+% \/ [\d.]+% \/ [\d.]+% \|/);
  },
};

// --- who runs the others ------------------------------------------------------------------------------------------

const TEST_PROJECTS = [
  ["test/worker/", "workers"],
  ["test/node/", "node"],
  ["test/e2e/", "e2e"],
] as const;

/** The package.json scripts `npm test` runs, through `npm run X` inside other scripts. */
function reachable(name: string, seen = new Set<string>()): Set<string> {
  if (seen.has(name) || !(name in scripts)) return seen;
  seen.add(name);
  for (const m of scripts[name]!.matchAll(/npm run ([\w:-]+)/g)) reachable(m[1]!, seen);
  return seen;
}

const TEST_FILES = (readdirSync(join(ROOT, "test"), { recursive: true }) as string[])
  .map((f) => `test/${f.split("\\").join("/")}`)
  .filter((f) => f.endsWith(".test.ts"));

function importsOf(file: string): string[] {
  return [...read(file).matchAll(/from "(\.{1,2}\/[^"]+)"/g)].map((m) => {
    const target = relative(ROOT, resolve(ROOT, dirname(file), m[1]!));
    return /\.[cm]?[jt]s$/.test(target) ? target : `${target}.ts`;
  });
}

/** How CI runs `file`, or null. */
function ranByCi(file: string): string | null {
  if (file === ".ci/run") return "the CI job";
  const project = TEST_PROJECTS.find(([dir]) => file.startsWith(dir));
  if (project && file.endsWith(".test.ts") && scripts.test?.includes(`vitest run --project ${project[1]}`)) return `vitest --project ${project[1]}`;
  const script = [...reachable("test")].find((name) => scripts[name]!.includes(file));
  if (script) return `npm run ${script}`;
  const importer = TEST_FILES.find((t) => ranByCi(t) && importsOf(t).includes(file));
  return importer ? `imported by ${importer}` : null;
}

function checkEvidence(evidence: Evidence) {
  for (const file of [evidence.file, ...(evidence.sameAs ? [evidence.sameAs] : [])]) {
    expect(existsSync(join(ROOT, file)), `${file} exists`).toBe(true);
    const text = read(file);
    expect(
      evidence.needles.filter((needle) => !text.includes(needle)),
      `${file} contains`,
    ).toEqual([]);
  }
}

/** The npm scripts a command names, each with its tsx entry file when it is one. */
function npmScripts(command: string): { name: string; entry?: string }[] {
  return [...command.matchAll(/\bnpm (?:run ([a-z][\w:-]*)|(start|test)\b)/g)].map((m) => {
    const name = m[1] ?? m[2]!;
    return { name, entry: scripts[name]?.match(/^tsx (\S+\.ts)$/)?.[1] };
  });
}

// --- the tests ----------------------------------------------------------------------------------------------------

describe("README commands", () => {
  it("finds the commands in fenced blocks and inline code", () => {
    expect(COMMANDS.length).toBeGreaterThan(50);
    expect(COMMANDS).toContain("npm test");
    expect(COMMANDS).toContain("npm run rules -- pull --account demo > rules/mine.yaml");
    expect(COMMANDS).toContain("npm run bench:learning -- --tickets 2000");
    expect(COMMANDS.find((c) => c.startsWith("curl -X PATCH"))).toMatch(/"approval": \{"postAs": "public", "timeoutMinutes": 60\}\}\}'$/);
  });

  it("has a decision for every command (add it to test/node/readme-commands.ts)", () => {
    const unclassified = COMMANDS.filter((c) => !README_COMMANDS.some((e) => matches(e, c))).map((c) => `README.md:${linesOf(c).join(",")}: ${c}`);
    expect(unclassified).toEqual([]);
    const twice = COMMANDS.filter((c) => README_COMMANDS.filter((e) => matches(e, c)).length > 1);
    expect(twice).toEqual([]);
  });

  it("has no entry for a command the README no longer shows", () => {
    expect(README_COMMANDS.filter((e) => commandsOf(e).length === 0).map(keyOf)).toEqual([]);
    expect(README_COMMANDS.filter((e) => "startsWith" in e && commandsOf(e).length > 1).map(keyOf)).toEqual([]);
  });

  it("runs here exactly the commands classified so", () => {
    expect(Object.keys(HERE).sort()).toEqual(
      README_COMMANDS.filter((e) => "here" in e)
        .map(keyOf)
        .sort(),
    );
  });

  it.each(COMMANDS.filter((c) => npmScripts(c).length > 0))("%s names npm scripts that exist, with their entry files", (command) => {
    for (const { name, entry } of npmScripts(command)) {
      expect(scripts[name], `package.json script ${name}`).toBeDefined();
      if (entry) expect(existsSync(join(ROOT, entry)), entry).toBe(true);
    }
    const tsxFile = command.match(/^npx tsx (\S+\.ts)/)?.[1];
    if (tsxFile) expect(existsSync(join(ROOT, tsxFile)), tsxFile).toBe(true);
  });
});

describe("commands other files run in CI", () => {
  it.each(README_COMMANDS.filter((e) => "ranBy" in e).map((e) => [keyOf(e), e] as const))("%s", (_key, entry) => {
    if (!("ranBy" in entry)) throw new Error("not a ranBy entry");
    expect(entry.ranBy.length).toBeGreaterThan(0);
    for (const evidence of entry.ranBy) {
      checkEvidence(evidence);
      expect(ranByCi(evidence.file), `CI runs ${evidence.file}`).not.toBeNull();
    }
  });
});

describe("commands CI does not run", () => {
  it.each(README_COMMANDS.filter((e) => "notInCi" in e).map((e) => [keyOf(e), e] as const))("%s", (_key, entry) => {
    if (!("notInCi" in entry)) throw new Error("not a notInCi entry");
    expect(entry.notInCi.length).toBeGreaterThan(20);
    for (const evidence of entry.offline ?? []) checkEvidence(evidence);
    // "its --help … runs in cli-help.test.ts" holds for the scripts that are one tsx program (the CLIs it runs).
    if (entry.notInCi.includes("cli-help.test.ts"))
      for (const script of commandsOf(entry).flatMap(npmScripts)) expect(script.entry, `${script.name} is a tsx CLI`).toBeDefined();
  });
});

describe.concurrent("commands run here", () => {
  it.each(README_COMMANDS.filter((e) => "here" in e).map(keyOf))("%s", async (key) => {
    const entry = README_COMMANDS.find((e) => keyOf(e) === key)!;
    const [command] = commandsOf(entry);
    expect(command, "the README shows it").toBeDefined();
    await HERE[key]!(command!);
  });
});
