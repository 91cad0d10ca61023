/**
 * `npm run history` against a stand-in admin API on 127.0.0.1 (the real routes are tested in
 * test/worker/history-runs.test.ts): import polls the run until it is done and prints each change; a failed run
 * exits 1 naming how to resume; replay prints the summary and writes one self-contained HTML page with chart.js
 * inlined (no external script). Also: the token and the JSON bodies the CLI sends.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReplayReport } from "../../worker/replay/report";

const ROOT = resolve(import.meta.dirname, "../..");
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
const ID = "0f0e0d0c-0b0a-4999-8888-777766665555";

const slice = (tickets: number, labelled: number, decided: number, correct: number) => ({
  tickets,
  labelled,
  decided,
  correct,
  coverage: labelled ? decided / labelled : null,
  accuracy: decided ? correct / decided : null,
});
const REPORT: ReplayReport = {
  replayId: "11111111-2222-4333-8444-555555555555",
  accountId: "demo",
  importId: ID,
  createdAt: "2026-12-03T12:00:00.000Z",
  modelVersion: "support-abc",
  rulesVersion: 3,
  taxonomyVersion: null,
  llmMode: "estimate",
  overall: slice(10, 8, 6, 3),
  perIntent: [{ intent: "get_refund", name: "Refund </script><b>", ...slice(5, 5, 4, 2) }],
  tiers: { rule: slice(2, 2, 2, 1), model: slice(4, 4, 4, 2), llm: slice(0, 0, 0, 0), none: slice(4, 2, 0, 0) },
  routes: { auto: 6, draft: 3, escalate: 1, ignore: 0 },
  priority: { compared: 10, matched: 7, accuracy: 0.7 },
  group: { compared: 0, matched: 0, accuracy: null },
  llm: { calls: 4, costUsd: 0.0123 },
  ruleHits: [{ ruleId: "refunds", hits: 2 }],
  misses: [{ ticketId: 7, expected: "get_refund", decided: null, tier: "none" }],
};

interface Seen {
  method: string;
  url: string;
  auth: string | undefined;
  body: string;
}
const seen: Seen[] = [];
let polls = 0;
let failNext = false;
let base = "";
const server = createServer(async (req: IncomingMessage, res) => {
  let body = "";
  for await (const chunk of req) body += chunk;
  seen.push({ method: req.method ?? "", url: req.url ?? "", auth: req.headers.authorization, body });
  const send = (status: number, value: unknown) => {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(value));
  };
  const run = (status: string, pages: number, lastError: string | null = null) => ({
    id: ID,
    status,
    pages,
    ticketsStored: pages * 100,
    examplesStored: pages * 80,
    skipped: { unlabelled: pages, unknownIntent: 0, empty: 0, notFinal: 0 },
    rateLimitWaits: 0,
    limit: null,
    lastError,
    attempts: 1,
  });
  const url = req.url ?? "";
  if (req.method === "POST" && url.startsWith("/admin/history/imports?")) return send(202, run("running", 0));
  if (req.method === "GET" && url.startsWith(`/admin/history/imports/${ID}?`)) {
    polls++;
    if (failNext) return send(200, run("failed", 1, "Zendesk GET /api/v2/incremental/tickets/cursor.json → 500"));
    return send(200, polls < 3 ? run("running", polls) : run("done", 3));
  }
  if (req.method === "POST" && url.startsWith("/admin/history/replays?")) return send(201, REPORT);
  send(404, { error: "not_found", message: "no such route in the stand-in" });
});

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(TSX, [join(ROOT, "scripts/history.ts"), ...args, "--url", base, "--token", "t0ken", "--interval", "1"], { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (status) => done({ status, stdout, stderr }));
  });
}

describe("npm run history", () => {
  it("import starts a run and prints its progress until it is done", async () => {
    polls = 0;
    failNext = false;
    seen.length = 0;
    const r = await cli(["import", "--account", "demo", "--label-tag-prefix", "intent__", "--since", "2026-06-01", "--limit", "500"]);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe(`import ${ID} started`);
    expect(lines.filter((l) => l.startsWith("running")).length).toBe(2);
    expect(r.stdout).toMatch(/done {4}pages 3, tickets 300, examples 240, skipped: unlabelled 3/);
    expect(lines.at(-1)).toContain(`npm run history -- replay --account demo --import ${ID}`);
    const start = seen[0]!;
    expect(start).toMatchObject({ method: "POST", url: "/admin/history/imports?account=demo", auth: "Bearer t0ken" });
    expect(JSON.parse(start.body)).toEqual({ labelTagPrefix: "intent__", since: "2026-06-01", limit: 500 });
  });

  it("a failed run exits 1 with its error and the resume command", async () => {
    failNext = true;
    const r = await cli(["status", ID, "--account", "demo", "--watch"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`import ${ID} failed: Zendesk GET /api/v2/incremental/tickets/cursor.json → 500`);
    expect(r.stderr).toContain(`npm run history -- resume ${ID} --account demo`);
    failNext = false;
  });

  it("replay prints the summary and writes a self-contained page with charts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "replay-html-"));
    const file = join(dir, "report.html");
    seen.length = 0;
    const r = await cli(["replay", "--account", "demo", "--html", file]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("coverage 75.0%  accuracy 50.0%");
    expect(r.stdout).toContain("priority match 70.0% (7/10)");
    expect(r.stdout).toContain("LLM (estimated, not called): 4 call(s), $0.0123");
    expect(JSON.parse(seen[0]!.body)).toEqual({ llm: "estimate" });
    const html = readFileSync(file, "utf8");
    // chart.js is inlined, nothing is fetched from elsewhere.
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/(?:src|href)\s*=\s*["']?https?:/);
    expect(html).not.toMatch(/<link[^>]+stylesheet/);
    expect(html).toContain("new Chart(");
    expect(html.length).toBeGreaterThan(150_000);
    // A name from the account's taxonomy cannot end the script or inject markup.
    expect(html).not.toContain("Refund </script><b>");
    expect(html).toContain("Refund &lt;/script&gt;&lt;b&gt;");
  });
});
