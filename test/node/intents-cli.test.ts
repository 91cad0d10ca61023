/**
 * The intents CLI (scripts/intents.ts): offline validation names the file line, entry and problem; push, pull and
 * versions speak the admin API's wire format (the API itself is covered in test/worker/intents.test.ts) to a
 * recording HTTP server on 127.0.0.1, and `pull` puts nothing but the YAML on stdout.
 * Run: npx vitest run --project node test/node/intents-cli
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const FIXTURES = "test/fixtures/intents";

function intents(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [resolve(ROOT, "node_modules/tsx/dist/cli.mjs"), resolve(ROOT, "scripts/intents.ts"), ...args],
      { cwd: ROOT, encoding: "utf8", env: { ...process.env, ...env } },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("npm run intents -- validate", () => {
  it("accepts the shipped default and a JSON file", async () => {
    expect(await intents(["validate", "intents/default.yaml"])).toEqual({
      code: 0,
      stdout: "intents/default.yaml: ok, 27 intents (27 enabled), 110 example phrases\n",
      stderr: "",
    });
    expect((await intents(["validate", `${FIXTURES}/small.json`])).stdout).toBe(`${FIXTURES}/small.json: ok, 3 intents (2 enabled), 1 example phrases\n`);
  });

  it("names the file line, the entry and the problem of every mistake", async () => {
    const r = await intents(["validate", `${FIXTURES}/bad.yaml`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toEqual([
      `${FIXTURES}/bad.yaml:8: intent #1 'Refund Please' at id: id is 1-100 of a-z 0-9 _ - (starting with a letter or digit)`,
      `${FIXTURES}/bad.yaml:11: intent #2 'no_description' at description: description is required (the LLM tier classifies by it)`,
      `${FIXTURES}/bad.yaml:13: intent #3 'track_parcel' at id: duplicate id (also intent #0)`,
      `${FIXTURES}/bad.yaml:16: intent #3 'track_parcel' at zendesk.tag: a tag is 1-80 of a-z 0-9 _ - : / . ? (lower case, no spaces)`,
    ]);
  });

  it("reports a YAML syntax error with its line", async () => {
    const r = await intents(["validate", `${FIXTURES}/syntax-error.yaml`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^test\/fixtures\/intents\/syntax-error\.yaml: taxonomy: YAML syntax error \(line 4, column 5\): Flow sequence/);
  });

  it("explains usage", async () => {
    const help = await intents(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("npm run intents -- pull --account <subdomain> [--version N] [--out <file>]");
    expect((await intents(["frobnicate"])).stderr).toMatch(/^usage:/);
    expect((await intents(["pull", "--acount", "x"])).stderr).toContain("Unknown option '--acount'");
    expect((await intents(["versions"])).stderr).toBe("versions needs --account <subdomain>\n");
    expect((await intents(["validate", "nope.yaml"])).stderr).toMatch(/^cannot read nope\.yaml/);
  });
});

interface Seen {
  method: string;
  url: string;
  auth: string | undefined;
  body: string;
}

describe("push, pull and versions against the admin API", () => {
  const seen: Seen[] = [];
  const PULLED = "# ours, as pushed\nintents:\n  - { id: refund, name: Refund, description: Money back. }\n";
  let server: Server;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => {
        body += chunk.toString("utf8");
      });
      req.on("end", () => {
        seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, body });
        const url = new URL(req.url!, "http://x");
        const json = (status: number, value: unknown) => {
          res.writeHead(status, { "Content-Type": "application/json" });
          res.end(JSON.stringify(value));
        };
        if (req.method === "PUT" && url.pathname === "/admin/intents") {
          json(200, {
            version: 3,
            intents: 3,
            enabled: 2,
            warnings: [{ message: "rule #0 'parcel' sets intent 'where_is_parcel', which the taxonomy does not define" }],
          });
        } else if (url.pathname === "/admin/intents" || url.pathname === "/admin/intents/versions/2") {
          res.writeHead(200, { "Content-Type": "application/yaml; charset=utf-8" });
          res.end(PULLED);
        } else if (url.pathname === "/admin/intents/versions") {
          json(200, {
            versions: [
              { version: 2, intents: 3, enabled: 2, sourceFormat: "json", createdBy: "admin", createdAt: "2026-05-02T10:00:00.000Z" },
              { version: 1, intents: 27, enabled: 27, sourceFormat: "yaml", createdBy: "admin", createdAt: "2026-05-01T09:00:00.000Z" },
            ],
          });
        } else json(404, { error: "version_not_found", message: "Account 'acme' has no taxonomy version 9." });
      });
    });
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    env = { EDGE_TRIAGE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, ADMIN_TOKEN: "cli-test-token" };
  });
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

  it("push validates first, sends the file as it is, and prints the version and the rule warnings", async () => {
    const before = seen.length;
    expect((await intents(["push", `${FIXTURES}/bad.yaml`, "--account", "acme"], env)).code).toBe(1);
    expect(seen.length).toBe(before);

    const r = await intents(["push", `${FIXTURES}/small.json`, "--account", "acme"], env);
    expect(r).toMatchObject({ code: 0, stdout: "pushed 3 intents (2 enabled) to acme as version 3\n" });
    expect(r.stderr).toBe("warning: rule #0 'parcel' sets intent 'where_is_parcel', which the taxonomy does not define\n");
    expect(seen.at(-1)).toEqual({
      method: "PUT",
      url: "/admin/intents?account=acme",
      auth: "Bearer cli-test-token",
      body: readFileSync(resolve(ROOT, FIXTURES, "small.json"), "utf8"),
    });
  });

  it("pull writes the YAML and nothing else to stdout, or to --out", async () => {
    expect(await intents(["pull", "--account", "acme"], env)).toEqual({ code: 0, stdout: PULLED, stderr: "" });
    expect(seen.at(-1)!.url).toBe("/admin/intents?account=acme&format=yaml");

    const out = join(mkdtempSync(join(tmpdir(), "intents-cli-")), "pulled.yaml");
    const r = await intents(["pull", "--account", "acme", "--version", "2", "--out", out], env);
    expect(r).toMatchObject({ code: 0, stdout: "" });
    expect(readFileSync(out, "utf8")).toBe(PULLED);
    expect(seen.at(-1)!.url).toBe("/admin/intents/versions/2?account=acme&format=yaml");

    const missing = await intents(["pull", "--account", "acme", "--version", "9"], env);
    expect(missing).toMatchObject({ code: 1, stdout: "" });
    expect(missing.stderr).toContain("→ 404\nAccount 'acme' has no taxonomy version 9.");
    expect((await intents(["pull", "--account", "acme", "--version", "two"], env)).stderr).toBe("--version is a positive integer\n");
  });

  it("versions lists the history, the live one first", async () => {
    const r = await intents(["versions", "--account", "acme"], env);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")).toEqual([
      "version  intents  enabled  format  created                   by",
      "2        3        2        json    2026-05-02T10:00:00.000Z  admin  (live)",
      "1        27       27       yaml    2026-05-01T09:00:00.000Z  admin",
      "",
    ]);
  });
});
