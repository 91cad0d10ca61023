/**
 * The knowledge base from the command line:
 *   npm run kb -- validate <file>                                      offline check; errors name the file line
 *   npm run kb -- import <file> --account demo [--replace] [--format json|csv|markdown]
 *   npm run kb -- search "where is my parcel" --account demo [--locale de] [--limit 5]
 *   npm run kb -- list --account demo [--kind article|macro]
 *   npm run kb -- sync --account demo [--locales en,de]                pull Help Center articles + macros from Zendesk
 * Files are parsed here first (the same parsers the Worker uses), so a broken file never reaches the server.
 * Remote commands use --url (default $EDGE_TRIAGE_URL or http://127.0.0.1:8787) and --token (default $ADMIN_TOKEN,
 * else dev-admin-token, the local value).
 */
import { readFileSync } from "node:fs";
import { detectKbFormat, formatProblem, KbParseError, parseKbFile, type KbFormat } from "../worker/kb/parse";
import type { KbDocument } from "../worker/kb/documents";
import { parseCommandLine } from "./lib/command-line";

const USAGE = `usage:
  npm run kb -- validate <file>
  npm run kb -- import <file> --account <subdomain> [--replace] [--format json|csv|markdown] [--url URL] [--token TOKEN]
  npm run kb -- search "<query>" --account <subdomain> [--locale xx] [--kind article|macro] [--limit N]
  npm run kb -- list --account <subdomain> [--kind article|macro]
  npm run kb -- sync --account <subdomain> [--locales en,de]`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

const { positionals, values } = parseCommandLine(USAGE, {
  allowPositionals: true,
  options: {
    account: { type: "string" },
    url: { type: "string" },
    token: { type: "string" },
    format: { type: "string" },
    replace: { type: "boolean", default: false },
    locale: { type: "string" },
    locales: { type: "string" },
    kind: { type: "string" },
    limit: { type: "string" },
  },
});
const [command, arg] = positionals;
const baseUrl = (values.url ?? process.env.EDGE_TRIAGE_URL ?? "http://127.0.0.1:8787").replace(/\/$/, "");
const token = values.token ?? process.env.ADMIN_TOKEN ?? "dev-admin-token";

function readDocuments(path: string | undefined): { docs: KbDocument[]; format: KbFormat } {
  if (!path) fail(`${command} needs a file.\n${USAGE}`);
  let content: string;
  try {
    content = readFileSync(path, "utf8");
  } catch (error) {
    fail(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (values.format && !["json", "csv", "markdown"].includes(values.format)) fail(`--format is json, csv or markdown (got ${values.format})`);
  const format = (values.format as KbFormat | undefined) ?? detectKbFormat(path, content);
  try {
    return { docs: parseKbFile(content, format), format };
  } catch (error) {
    if (!(error instanceof KbParseError)) throw error;
    for (const p of error.problems) process.stderr.write(`${formatProblem(p, path)}\n`);
    fail(`${path}: ${error.problems.length} problem(s); nothing was imported`);
  }
}

function account(): string {
  if (!values.account) fail(`${command} needs --account <subdomain>.\n${USAGE}`);
  return values.account;
}

async function call(method: string, path: string, body?: string): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`${baseUrl}/admin${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { "Content-Type": "application/json" } : {}) },
      body,
    });
  } catch (error) {
    fail(`cannot reach ${baseUrl}: ${error instanceof Error ? error.message : String(error)} (is the Worker running? npm start)`);
  }
  const text = await res.text();
  let data: unknown = text;
  try {
    data = JSON.parse(text);
  } catch {
    // not JSON
  }
  if (!res.ok) {
    const err = data as { error?: string; message?: string; details?: { problems?: { line: number; document?: string; field?: string; message: string }[] } };
    for (const p of err.details?.problems ?? []) process.stderr.write(`${formatProblem(p)}\n`);
    fail(`${method} ${path} → ${res.status} ${err.error ?? ""}: ${err.message ?? text.slice(0, 300)}`);
  }
  return data;
}

async function main() {
  switch (command) {
    case "validate": {
      const { docs, format } = readDocuments(arg);
      const kinds: Record<string, number> = {};
      for (const d of docs) kinds[d.kind] = (kinds[d.kind] ?? 0) + 1;
      process.stdout.write(
        `${arg}: ok, ${docs.length} documents (${format}; ${Object.entries(kinds)
          .map(([k, n]) => `${n} ${k}s`)
          .join(", ")})\n`,
      );
      return;
    }
    case "import": {
      const id = account();
      const { docs } = readDocuments(arg);
      // Sent as normalised JSON: the server re-validates, and line numbers were already checked here.
      const body = JSON.stringify({
        documents: docs.map((d) => ({ id: d.docId, kind: d.kind, title: d.title, body: d.body, format: "text", url: d.url, locale: d.locale, tags: d.tags })),
      });
      const r = (await call("POST", `/kb/import?account=${encodeURIComponent(id)}&format=json${values.replace ? "&replace=true" : ""}`, body)) as Record<
        string,
        number
      >;
      process.stdout.write(
        `${arg} → account '${id}': ${r.total} documents (${r.created} new, ${r.updated} updated, ${r.unchanged} unchanged${values.replace ? `, ${r.removed} removed` : ""})\n`,
      );
      return;
    }
    case "search": {
      const id = account();
      if (!arg) fail(`search needs a query.\n${USAGE}`);
      const q = new URLSearchParams({
        account: id,
        q: arg,
        limit: values.limit ?? "5",
        ...(values.locale ? { locale: values.locale } : {}),
        ...(values.kind ? { kind: values.kind } : {}),
      });
      const r = (await call("GET", `/kb/search?${q}`)) as {
        results: { docId: string; kind: string; title: string; locale: string; score: number; passage: string }[];
      };
      if (r.results.length === 0) process.stdout.write("no match\n");
      for (const hit of r.results) {
        process.stdout.write(
          `${hit.score.toFixed(2).padStart(7)}  ${hit.docId} [${hit.kind}, ${hit.locale}] ${hit.title}\n         ${hit.passage.replace(/\s+/g, " ").slice(0, 160)}\n`,
        );
      }
      return;
    }
    case "list": {
      const id = account();
      const q = new URLSearchParams({ account: id, limit: values.limit ?? "500", ...(values.kind ? { kind: values.kind } : {}) });
      const r = (await call("GET", `/kb?${q}`)) as {
        total: number;
        documents: { docId: string; kind: string; title: string; locale: string; source: string }[];
      };
      for (const d of r.documents) process.stdout.write(`${d.docId.padEnd(24)} ${d.kind.padEnd(8)} ${d.locale.padEnd(6)} ${d.source.padEnd(8)} ${d.title}\n`);
      process.stdout.write(`${r.total} documents\n`);
      return;
    }
    case "sync": {
      const id = account();
      const r = (await call(
        "POST",
        `/kb/sync?account=${encodeURIComponent(id)}${values.locales ? `&locales=${encodeURIComponent(values.locales)}` : ""}`,
      )) as Record<string, unknown>;
      process.stdout.write(
        `Zendesk → account '${id}': ${r.articles} articles, ${r.macros} macros (${r.created} new, ${r.updated} updated, ${r.unchanged} unchanged, ${r.removed} removed)\n`,
      );
      return;
    }
    default:
      fail(USAGE);
  }
}

await main();
