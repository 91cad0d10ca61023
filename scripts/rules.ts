/**
 * Rule tables from the command line (teams keep them in git):
 *   npm run rules -- validate <file>                     offline check, errors name the file line
 *   npm run rules -- push <file> --account <subdomain>   replace the live table (PUT /admin/rules)
 *   npm run rules -- pull --account <subdomain>          print the live table as it was pushed
 *   npm run rules -- dry-run <file> --account <sub>      what the candidate would change on stored tickets
 * Remote commands use --url (default $EDGE_TRIAGE_URL or http://127.0.0.1:8787) and $ADMIN_TOKEN
 * (default dev-admin-token, the local value).
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { isMap, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { formatRuleError, RuleTableInvalid, type RuleError } from "../worker/triage/rules/schema";
import { detectFormat, parseRuleSource } from "../worker/triage/rules/source";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { account: { type: "string" }, url: { type: "string" }, limit: { type: "string" } },
});
const [command, file] = positionals;
const baseUrl = (values.url ?? process.env.EDGE_TRIAGE_URL ?? "http://127.0.0.1:8787").replace(/\/$/, "");
const token = process.env.ADMIN_TOKEN ?? "dev-admin-token";

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function readSource(path: string | undefined): string {
  if (!path) fail(`usage: npm run rules -- ${command} <file> [--account <subdomain>]`);
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    fail(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** "when.any[1].regex" → ["when", "any", 1, "regex"] */
function pathKeys(path: string): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
}

/** The line in the source where a rule error points (the deepest node that exists on its path). */
function lineOf(source: string, error: RuleError): number | null {
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines });
  const keys: (string | number)[] = error.index === null ? pathKeys(error.path) : ["rules", error.index, ...pathKeys(error.path)];
  let node: Node | null = doc.contents as Node | null;
  let found = node;
  for (const key of keys) {
    if (isMap(node)) node = (node.get(key, true) as Node | undefined) ?? null;
    else if (isSeq(node) && typeof key === "number") node = (node.get(key, true) as Node | undefined) ?? null;
    else node = null;
    if (!node) break;
    found = node;
  }
  const offset = found?.range?.[0];
  return offset === undefined ? null : lines.linePos(offset).line;
}

function validate(path: string, source: string): void {
  try {
    const table = parseRuleSource(source, detectFormat(source, path.endsWith(".json") ? "json" : null));
    process.stdout.write(`${path}: ok, ${table.rules.length} rules (default route ${table.defaults.route}, when unsure ${table.defaults.abstain_route})\n`);
  } catch (error) {
    if (!(error instanceof RuleTableInvalid)) throw error;
    for (const e of error.errors) {
      const line = e.path === "" && e.index === null ? null : lineOf(source, e);
      process.stderr.write(`${path}${line ? `:${line}` : ""}: ${formatRuleError(e)}\n`);
    }
    process.exit(1);
  }
}

async function call(method: string, path: string, body?: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { "Content-Type": "application/yaml" } : {}) },
      body,
    });
  } catch (error) {
    fail(`cannot reach ${baseUrl}: ${error instanceof Error ? error.message : String(error)} (is the Worker running? npm start)`);
  }
  if (!res.ok) {
    const text = await res.text();
    let message = text;
    try {
      const parsed = JSON.parse(text) as { message?: string; details?: { errors?: { text: string }[] } };
      message = [parsed.message, ...(parsed.details?.errors?.map((e) => `  ${e.text}`) ?? [])].filter(Boolean).join("\n");
    } catch {
      // not JSON
    }
    fail(`${method} ${path} → ${res.status}\n${message}`);
  }
  return res;
}

function account(): string {
  if (!values.account) fail("--account <subdomain> is required");
  return encodeURIComponent(values.account);
}

async function main() {
  switch (command) {
    case "validate": {
      validate(file!, readSource(file));
      return;
    }
    case "push": {
      const source = readSource(file);
      validate(file!, source);
      const res = await call("PUT", `/admin/rules?account=${account()}`, source);
      const { version, rules } = (await res.json()) as { version: number; rules: number };
      process.stdout.write(`pushed ${rules} rules to ${values.account} as version ${version}\n`);
      return;
    }
    case "pull": {
      const res = await call("GET", `/admin/rules?account=${account()}&format=source`);
      process.stdout.write(await res.text());
      return;
    }
    case "dry-run": {
      const source = readSource(file);
      validate(file!, source);
      const res = await call("POST", `/admin/rules/dry-run?account=${account()}${values.limit ? `&limit=${Number(values.limit)}` : ""}`, source);
      process.stdout.write(`${JSON.stringify(await res.json(), null, 2)}\n`);
      return;
    }
    default:
      fail("usage: npm run rules -- validate <file> | push <file> --account <sub> | pull --account <sub> | dry-run <file> --account <sub>");
  }
}

await main();
