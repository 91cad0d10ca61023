/**
 * Drafting overhead without the LLM's own time: retrieval (FTS5/BM25 on D1) + PII redaction + prompt build, per
 * ticket, and the prompt tokens each draft sends. Also retrieval quality: how often the expected help article or
 * macro is the first passage / among the passages in the prompt.
 *
 *   npm run bench:drafting -- [--rounds 20] [--bitext 1000] [--bitext-file PATH]
 *
 * Tickets: test/fixtures/drafting/tickets.jsonl (43 support tickets written for the project, with PII), and a
 * sample of Bitext customer-support instructions from ../shared/data (read for evaluation only, never copied).
 * The knowledge base is dev/demo-data/demo-store.json, imported with the Worker's own code.
 *
 * Two measurements, because workerd's clock moves in 1 ms steps and only across I/O:
 *   - in workerd (bench/drafting/worker.ts, local D1 binding): each prepareDraft call exactly as composeDraft runs
 *     it; the time covers the D1 query and the CPU work before it, at 1 ms resolution, plus a batch mean;
 *   - in Node (same code, same V8): redaction + prompt build, with the hits already in hand, at µs resolution.
 * Tokens use the fake LLM's estimate (about 4 characters per token), the two demo tool definitions included.
 */
import { existsSync, readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseCsv } from "csv-parse/sync";
import { unstable_splitSqlQuery, unstable_startWorker } from "wrangler";
import { resolveLlmSettings, toolsSchema } from "../../worker/settings/drafting";
import { retrievalText } from "../../worker/drafting/prepare";
import { buildPrompt } from "../../worker/drafting/prompt";
import { parseKbFile } from "../../worker/kb/parse";
import type { KbHit } from "../../worker/kb/search";
import { PiiVault } from "../../worker/pii/vault";
import { makeDecision } from "../../worker/triage/make-decision";
import type { TicketSnapshot, TriageDecision } from "../../worker/triage/types";
import { parseCommandLine } from "../../scripts/lib/command-line";

const USAGE = `usage: npm run bench:drafting -- [--rounds 20] [--bitext 1000] [--bitext-file PATH]`;

const ROOT = resolve(import.meta.dirname, "../..");
const { values } = parseCommandLine(USAGE, {
  options: {
    rounds: { type: "string", default: "20" },
    bitext: { type: "string", default: "1000" },
    "bitext-file": { type: "string", default: resolve(ROOT, "../shared/data/bitext/bitext_llm_train_2023-08-18.csv") },
  },
});

/** Which demo documents answer each Bitext intent (any one of them in the top k counts as a hit). */
const EXPECTED: Record<string, string[]> = {
  cancel_order: ["ord-02", "mac-04"],
  change_order: ["ord-03", "ret-05"],
  change_shipping_address: ["shp-05", "mac-05"],
  check_cancellation_fee: ["ord-04"],
  check_invoice: ["pay-04", "mac-09"],
  check_payment_methods: ["pay-01"],
  check_refund_policy: ["ret-02"],
  complaint: ["hlp-03", "mac-11", "ret-04"],
  contact_customer_service: ["hlp-01"],
  contact_human_agent: ["hlp-01", "mac-12"],
  create_account: ["acc-01"],
  delete_account: ["acc-05", "mac-10"],
  delivery_options: ["shp-01", "shp-07"],
  delivery_period: ["shp-02", "mac-13"],
  edit_account: ["acc-04"],
  get_invoice: ["pay-04", "mac-09"],
  get_refund: ["ret-01", "ret-02", "mac-02", "mac-03"],
  newsletter_subscription: ["acc-07"],
  payment_issue: ["pay-02", "pay-03", "mac-08"],
  place_order: ["ord-01"],
  recover_password: ["acc-03", "mac-06"],
  registration_problems: ["acc-02"],
  review: ["hlp-02"],
  set_up_shipping_address: ["shp-06"],
  switch_account: ["acc-06"],
  track_order: ["shp-03", "mac-01"],
  track_refund: ["ret-03", "mac-03"],
};

interface Case {
  ticket: TicketSnapshot;
  decision: TriageDecision;
  expect: string[];
}

function decisionFor(intent: string | null, language: string, priority = "normal", sentiment = "neutral"): TriageDecision {
  return makeDecision({
    intent,
    confidence: intent ? 0.9 : null,
    priority: priority as TriageDecision["priority"],
    sentiment: sentiment as TriageDecision["sentiment"],
    language,
    route: "draft",
  });
}

function snapshot(id: number, subject: string, body: string, comments: string[] = []): TicketSnapshot {
  return {
    id,
    subject,
    description: body,
    comments: comments.map((c, i) => ({ id: String(i), body: c })),
    status: "new",
    priority: null,
    channel: "web",
    tags: [],
    requesterTags: [],
    organizationTags: [],
  };
}

function fixtureCases(): Case[] {
  const lines = readFileSync(resolve(ROOT, "test/fixtures/drafting/tickets.jsonl"), "utf8").split("\n").filter(Boolean);
  return lines.map((line, i) => {
    const t = JSON.parse(line) as {
      subject: string;
      body: string;
      comments: string[];
      intent: string;
      language: string;
      priority: string;
      sentiment: string;
      expect: string[];
    };
    return {
      ticket: snapshot(1000 + i, t.subject, t.body, t.comments),
      decision: decisionFor(t.intent, t.language, t.priority, t.sentiment),
      expect: t.expect,
    };
  });
}

function bitextCases(path: string, n: number): Case[] {
  if (n <= 0) return [];
  if (!existsSync(path)) {
    process.stderr.write(`(Bitext file not found at ${path}; skipping the Bitext evaluation)\n`);
    return [];
  }
  const rows = parseCsv(readFileSync(path, "utf8"), { columns: true, skip_empty_lines: true }) as { instruction: string; intent: string }[];
  const usable = rows.filter((r) => EXPECTED[r.intent]);
  const step = Math.max(1, Math.floor(usable.length / n));
  const out: Case[] = [];
  for (let i = 0; i < usable.length && out.length < n; i += step) {
    const r = usable[i]!;
    out.push({ ticket: snapshot(2000 + out.length, "", r.instruction), decision: decisionFor(r.intent, "en"), expect: EXPECTED[r.intent]! });
  }
  return out;
}

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? 0;
}
const ms = (v: number) => `${v.toFixed(3)} ms`;

interface RunResult {
  perCallMs: number[];
  floorMs: number[];
  batchMs: number;
  calls: number;
  tokens: number[];
  hits: string[][];
}

async function main() {
  const worker = await unstable_startWorker({
    config: fileURLToPath(new URL("./wrangler.toml", import.meta.url)),
    dev: { persist: false, inspector: false, watch: false, logLevel: "error", server: { port: 0 } },
  });
  try {
    await worker.ready;
    const post = async <T>(path: string, body: unknown): Promise<T> => {
      const res = await worker.fetch(`http://bench${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const journal = JSON.parse(readFileSync(resolve(ROOT, "db/migrations/meta/_journal.json"), "utf8")) as { entries: { tag: string }[] };
    const statements = journal.entries.flatMap(({ tag }) => unstable_splitSqlQuery(readFileSync(resolve(ROOT, `db/migrations/${tag}.sql`), "utf8")));
    const docs = parseKbFile(readFileSync(resolve(ROOT, "dev/demo-data/demo-store.json"), "utf8"), "json");
    await post("/setup", { statements, documents: docs });

    const settings = resolveLlmSettings({ baseUrl: "http://127.0.0.1:8790/v1" });
    const toolsJson = JSON.parse(readFileSync(resolve(ROOT, "dev/demo-data/demo-tools.json"), "utf8")) as unknown;
    const tools = toolsSchema.parse(toolsJson);
    const fixtures = fixtureCases();
    const bitext = bitextCases(values["bitext-file"]!, Number(values.bitext));
    const rounds = Math.max(1, Number(values.rounds));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

    /** Redaction + prompt build in Node, with hits of the same shape the Worker returns (bodies from the KB file). */
    const pureTimes = (cases: Case[], hitIds: string[][], repeat: number): number[] => {
      const byId = new Map(docs.map((d) => [d.docId, d]));
      const out: number[] = [];
      for (let r = 0; r < repeat; r++) {
        cases.forEach((c, i) => {
          const hits: KbHit[] = (hitIds[i] ?? []).map((id, k) => {
            const d = byId.get(id)!;
            return {
              rowId: k,
              docId: id,
              kind: d.kind,
              title: d.title,
              url: d.url,
              locale: d.locale,
              tags: d.tags,
              score: -1,
              passage: d.body.slice(0, settings.passageChars),
              body: d.body,
            };
          });
          const t0 = performance.now();
          const vault = new PiiVault();
          retrievalText(c.ticket, c.decision, vault);
          buildPrompt({ accountName: "Fernhill Goods", ticket: c.ticket, decision: c.decision, hits, tools, vault });
          out.push(performance.now() - t0);
        });
      }
      return out;
    };

    const report = async (label: string, cases: Case[], repeat: number) => {
      const payload = cases.map((c) => ({ ticket: c.ticket, decision: c.decision }));
      await post<RunResult>("/run", { cases: payload.slice(0, 20), rounds: 1, tools: toolsJson }); // warm-up
      const r = await post<RunResult>("/run", { cases: payload, rounds: repeat, tools: toolsJson });
      pureTimes(cases, r.hits, 1); // warm-up
      const pure = pureTimes(cases, r.hits, repeat);
      let top1 = 0;
      let topK = 0;
      cases.forEach((c, i) => {
        const ids = r.hits[i] ?? [];
        if (c.expect.includes(ids[0] ?? "")) top1++;
        if (ids.some((id) => c.expect.includes(id))) topK++;
      });
      process.stdout.write(`\n## ${label}: ${cases.length} tickets × ${repeat} round(s)\n\n`);
      process.stdout.write("| | p50 | p95 | mean |\n|---|---|---|---|\n");
      process.stdout.write(
        `| prepareDraft in workerd: retrieval on the D1 binding + redaction (1 ms clock) | ${ms(pct(r.perCallMs, 50))} | ${ms(pct(r.perCallMs, 95))} | ${ms(r.batchMs / r.calls)} |\n`,
      );
      process.stdout.write(
        `|   of which the D1 binding round trip (SELECT 1, same worker) | ${ms(pct(r.floorMs, 50))} | ${ms(pct(r.floorMs, 95))} | ${ms(mean(r.floorMs))} |\n`,
      );
      process.stdout.write(`| redaction + prompt build in Node (µs clock) | ${ms(pct(pure, 50))} | ${ms(pct(pure, 95))} | ${ms(mean(pure))} |\n`);
      process.stdout.write(
        `| **overhead per draft** (workerd row + Node row) | ${ms(pct(r.perCallMs, 50) + pct(pure, 50))} | ${ms(pct(r.perCallMs, 95) + pct(pure, 95))} | ${ms(r.batchMs / r.calls + mean(pure))} |\n\n`,
      );
      process.stdout.write(
        `prompt tokens per draft (first LLM call, 2 demo tools): p50 ${pct(r.tokens, 50)}, p95 ${pct(r.tokens, 95)}, mean ${mean(r.tokens).toFixed(0)}\n`,
      );
      process.stdout.write(
        `retrieval: expected document first ${((100 * top1) / cases.length).toFixed(1)}%, among the ${settings.passages} passages ${((100 * topK) / cases.length).toFixed(1)}%\n`,
      );
    };

    process.stdout.write(
      `# Drafting overhead (no LLM time): Node ${process.version}, wrangler local workerd + D1, knowledge base ${docs.length} documents (dev/demo-data/demo-store.json)\n`,
    );
    process.stdout.write(
      `${cpus().length} CPUs, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(" / ")} at the start (other work on the machine inflates every figure)\n`,
    );
    await report("Project fixture (test/fixtures/drafting/tickets.jsonl)", fixtures, rounds);
    if (bitext.length) await report(`Bitext sample (${values["bitext-file"]!.split("/").pop()}, intent from the data set)`, bitext, 1);
  } finally {
    await worker.dispose();
  }
}

await main();
