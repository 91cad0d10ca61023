/**
 * A bench-only Worker (started by bench/drafting/overhead.ts, never deployed): runs the drafting preparation
 * (retrieval on the D1 binding + redaction + prompt build) exactly as composeDraft does, and times each call.
 * workerd's clock moves in 1 ms steps and only across I/O, so a call's time covers the D1 round trip and the
 * CPU work before it; the driver times the pure CPU parts separately in Node.
 *   POST /setup  {statements: string[], documents: KbDocument[]}   migrate and import the knowledge base
 *   POST /run    {cases: {ticket, decision}[], rounds, tools}      per-call ms, tokens and the hits' ids
 */
import { resolveLlmSettings, toolsSchema } from "../../worker/settings/drafting";
import { prepareDraft } from "../../worker/drafting/prepare";
import { estimateTokens } from "../../worker/drafting/prompt";
import type { KbDocument } from "../../worker/kb/documents";
import type { TicketSnapshot, TriageDecision } from "../../worker/triage/types";

/** The D1 binding, typed structurally (this file is also type-checked with the Node config). */
interface Statement {
  bind(...values: unknown[]): Statement;
  run(): Promise<unknown>;
  first(): Promise<unknown>;
  all<T = Record<string, unknown>>(): Promise<{ results: T[]; meta?: unknown }>;
}
interface BenchEnv {
  DB: { prepare(query: string): Statement; batch(statements: Statement[]): Promise<unknown> };
}

export default {
  async fetch(request: Request, env: BenchEnv): Promise<Response> {
    const path = new URL(request.url).pathname;
    if (path === "/setup") {
      const body = (await request.json()) as { statements: string[]; documents: KbDocument[] };
      for (const sql of body.statements) await env.DB.prepare(sql).run();
      await env.DB.prepare("INSERT OR IGNORE INTO accounts (id, name, secrets_ciphertext) VALUES ('bench', 'Fernhill Goods', 'v1:bench:bench')").run();
      // Plain inserts (the kb_fts triggers index them); the Worker's own import path is tested in test/worker/kb.test.ts.
      const insert =
        "INSERT INTO kb_documents (account_id, doc_id, kind, title, body, url, locale, tags, source, content_hash) VALUES ('bench', ?, ?, ?, ?, ?, ?, ?, 'import', 'bench')";
      await env.DB.batch(body.documents.map((d) => env.DB.prepare(insert).bind(d.docId, d.kind, d.title, d.body, d.url, d.locale, d.tags.join(" "))));
      return Response.json({ documents: body.documents.length });
    }
    if (path === "/run") {
      const body = (await request.json()) as { cases: { ticket: TicketSnapshot; decision: TriageDecision }[]; rounds: number; tools: unknown };
      const settings = resolveLlmSettings({ baseUrl: "http://127.0.0.1:8790/v1" });
      const tools = toolsSchema.parse(body.tools);
      const perCallMs: number[] = [];
      const tokens: number[] = [];
      const hits: string[][] = [];
      const batchStarted = performance.now();
      for (let r = 0; r < body.rounds; r++) {
        for (const c of body.cases) {
          const t0 = performance.now();
          const prepared = await prepareDraft(env.DB, {
            accountId: "bench",
            accountName: "Fernhill Goods",
            ticket: c.ticket,
            decision: c.decision,
            settings,
            tools,
          });
          perCallMs.push(performance.now() - t0);
          if (r === 0) {
            tokens.push(estimateTokens(prepared.prompt.messages, prepared.prompt.tools));
            hits.push(prepared.hits.map((h) => h.docId));
          }
        }
      }
      // A last I/O so the clock catches up with the final call's CPU work.
      await env.DB.prepare("SELECT 1").first();
      const batchMs = performance.now() - batchStarted;
      // The floor: a D1 round trip that does no work, as often as there were drafts.
      const floorMs: number[] = [];
      for (let i = 0; i < perCallMs.length; i++) {
        const t0 = performance.now();
        await env.DB.prepare("SELECT 1").first();
        floorMs.push(performance.now() - t0);
      }
      return Response.json({ perCallMs, batchMs, floorMs, calls: body.cases.length * body.rounds, tokens, hits });
    }
    return new Response("drafting bench", { status: 404 });
  },
};
