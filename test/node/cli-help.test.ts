/**
 * Every CLI in package.json behaves (issue #14 item 6): `--help` prints a usage on stdout and exits 0 without a
 * stack trace; a bad option is one line plus the usage on stderr with exit 2; a missing file or data set is one
 * clear line with exit 1; and every `npm run <script>` the README shows exists.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const scripts = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
/** The scripts that are one tsx program (the CLIs); the rest are compositions of other tools. */
const CLIS = Object.entries(scripts)
  .map(([name, command]) => [name, command.match(/^tsx (\S+\.ts)$/)?.[1]] as const)
  .filter((e): e is readonly [string, string] => e[1] !== undefined);
const TSX = join(ROOT, "node_modules", ".bin", "tsx");

function run(file: string, args: string[]) {
  const r = spawnSync(TSX, [file, ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000, env: { ...process.env, NO_COLOR: "1" } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const STACK = /\n\s+at [^\n]+:\d+:\d+|node:internal/;

describe("CLI --help", () => {
  it("finds the CLIs", () => expect(CLIS.length).toBeGreaterThanOrEqual(20));

  it.each(CLIS)("npm run %s -- --help prints its usage and exits 0", (_name, file) => {
    const r = run(file, ["--help"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^usage/i);
    expect(r.stdout + r.stderr).not.toMatch(STACK);
  });
});

describe("CLI errors are one clear line", () => {
  it.each(CLIS.filter(([name]) => !["start", "app:build", "app:validate", "cf-typegen:check", "bench:signals"].includes(name)).slice(0, 40))(
    "npm run %s -- --no-such-option is a usage error (exit 2)",
    (_name, file) => {
      const r = run(file, ["--no-such-option"]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/no-such-option/);
      expect(r.stdout + r.stderr).not.toMatch(STACK);
    },
  );

  it.each([
    ["scripts/rules.ts", ["validate", "/no/such/rules.yaml"], /cannot read \/no\/such\/rules\.yaml/],
    ["scripts/intents.ts", ["validate", "/no/such/intents.yaml"], /\/no\/such\/intents\.yaml/],
    ["scripts/kb.ts", ["validate", "/no/such/kb.json"], /\/no\/such\/kb\.json/],
    [
      "models/cli/train.ts",
      ["--data", "/no/such/data.csv", "--text", "t", "--label", "l", "--out", "/tmp/cli-help-model"],
      /\/no\/such\/data\.csv: cannot read/,
    ],
    ["models/cli/train.ts", ["--preset", "banking77", "--data-root", "/no/such/data"], /no data sets at \/no\/such\/data\. Pass --data-root/],
    ["bench/model/few-shot.ts", ["--data-root", "/no/such/data"], /no data sets at \/no\/such\/data\. Pass --data-root/],
    ["bench/learning/run.ts", ["--data-root", "/no/such/data"], /no data sets at \/no\/such\/data\. Pass --data-root/],
    ["scripts/history.ts", [], /a command is required/],
    ["scripts/history.ts", ["export", "--account", "demo"], /unknown command 'export'/],
    ["scripts/history.ts", ["import", "--label-tag-prefix", "intent__"], /--account <subdomain> is required/],
    ["scripts/history.ts", ["import", "--account", "demo"], /exactly one of --label-tag-prefix <prefix> or --label-field <field id>/],
    ["scripts/history.ts", ["import", "--account", "demo", "--label-field", "abc"], /--label-field is a custom field id \(digits\), not 'abc'/],
    ["scripts/history.ts", ["import", "--account", "demo", "--label-tag-prefix", "intent__", "--limit", "0"], /--limit must be a whole number from 1/],
    ["scripts/history.ts", ["import", "--account", "demo", "--label-tag-prefix", "intent__", "--since", "yesterday"], /--since must be an ISO date/],
    ["scripts/history.ts", ["status", "--account", "demo"], /status needs the import id/],
    ["scripts/history.ts", ["status", "42", "--account", "demo"], /'42' is not an import id/],
    ["scripts/history.ts", ["replay", "--account", "demo", "--llm", "maybe"], /--llm is 'estimate' or 'call' \(got 'maybe'\)/],
  ] as const)("%s %j fails with one line naming what is missing", (file, args, message) => {
    const r = run(file, [...args]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(r.stdout + r.stderr).not.toMatch(STACK);
  });
});

describe("the README", () => {
  it("names only npm scripts that exist", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const named = new Set([...readme.matchAll(/npm run (?:-s )?([a-z][\w:-]*)/g)].map((m) => m[1]!));
    expect([...named].filter((n) => !(n in scripts))).toEqual([]);
    expect(named.size).toBeGreaterThan(10);
  });
});
