/**
 * The knowledge-base CLI (scripts/kb.ts) offline: validation reads JSON, CSV and Markdown with the Worker's parsers
 * and names the file line of every problem. (Import/search/sync talk to the admin API, covered by test/worker/kb.)
 * Run: npx vitest run --project node test/node/kb-cli
 */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");

function kb(...args: string[]) {
  const r = spawnSync(process.execPath, [resolve(ROOT, "node_modules/tsx/dist/cli.mjs"), resolve(ROOT, "scripts/kb.ts"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("npm run kb -- validate", () => {
  it("accepts the demo knowledge base", () => {
    const r = kb("validate", "dev/demo-data/demo-store.json");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^dev\/demo-data\/demo-store\.json: ok, \d+ documents \(json; \d+ articles, \d+ macros\)\n$/);
  });

  it("accepts Markdown with front matter", () => {
    const r = kb("validate", "test/fixtures/drafting/kb-sample.md");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("ok, 2 documents (markdown; 1 articles, 1 macros)");
  });

  it("names the file and line of every problem and exits 1", () => {
    const r = kb("validate", "test/fixtures/drafting/kb-bad.csv");
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines).toContain(
      "test/fixtures/drafting/kb-bad.csv:3: document bad 2, field 'id': ids are 1-100 characters: letters, digits, . _ : - (not starting with a symbol)",
    );
    expect(lines.some((l) => l.startsWith("test/fixtures/drafting/kb-bad.csv:3: document bad 2, field 'kind':"))).toBe(true);
    expect(lines.some((l) => l.startsWith("test/fixtures/drafting/kb-bad.csv:3: document bad 2, field 'url':"))).toBe(true);
    expect(lines.at(-1)).toBe("test/fixtures/drafting/kb-bad.csv: 4 problem(s); nothing was imported");
  });

  it("explains usage errors", () => {
    const r = kb("import", "dev/demo-data/demo-store.json");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("import needs --account <subdomain>");
    expect(kb("validate", "nope.json").stderr).toMatch(/^cannot read nope\.json/);
  });
});
