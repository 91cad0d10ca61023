/**
 * `npm run cf-typegen:check`: fails when worker/env/worker-configuration.d.ts no longer matches what
 * `npm run cf-typegen` would generate from wrangler.toml and .dev.vars.example. The command is read from
 * package.json, so the flags live in one place; it runs offline.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { printUsage, wantsHelp } from "./lib/command-line";

if (wantsHelp(process.argv.slice(2))) {
  printUsage("usage: npm run cf-typegen:check   fails when worker/env/worker-configuration.d.ts is stale (fix: npm run cf-typegen)");
  process.exit(0);
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
const [tool, subcommand, committed, ...flags] = (pkg.scripts["cf-typegen"] ?? "").split(/\s+/);
if (tool !== "wrangler" || subcommand !== "types" || !committed?.endsWith(".d.ts")) {
  console.error('cf-typegen:check expects package.json "cf-typegen" to be "wrangler types <file>.d.ts [flags]".');
  process.exit(1);
}

// Same folder (the generated file imports "../index" relative to itself), and a dot name TypeScript's globs skip.
const fresh = join(
  dirname(committed),
  `.${committed
    .split("/")
    .pop()!
    .replace(/\.d\.ts$/, "")}.check.d.ts`,
);
const run = spawnSync(process.execPath, [join(ROOT, "node_modules/wrangler/bin/wrangler.js"), "types", fresh, ...flags], {
  cwd: ROOT,
  encoding: "utf8",
  env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1" },
});
const generated = run.status === 0 && existsSync(join(ROOT, fresh)) ? readFileSync(join(ROOT, fresh), "utf8") : null;
rmSync(join(ROOT, fresh), { force: true });
if (generated === null) {
  console.error(`cf-typegen:check: wrangler types failed:\n${run.stdout}${run.stderr}`);
  process.exit(1);
}
// The header names the output path; everything else must be identical.
const actual = existsSync(join(ROOT, committed)) ? readFileSync(join(ROOT, committed), "utf8") : "";
if (actual !== generated.replaceAll(fresh, committed)) {
  console.error(`${committed} is out of date with wrangler.toml / .dev.vars.example: run \`npm run cf-typegen\` and commit it.`);
  process.exit(1);
}
console.log(`${committed} is up to date.`);
