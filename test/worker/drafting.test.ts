/**
 * composeDraft against the fake OpenAI-compatible server through the real `openai` client: grounded JSON drafts
 * with citations, the model-choice rule, tools, the cost ledger and the admin reports.
 */
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { ADMIN, seedTicket, uniqueTicketId } from "./helpers";
import { compose, decision, draftingAccount, draftJson, LARGE, llmRequests, marker, scriptLlm, SMALL, ticket } from "./drafting-fixtures";

let account: string;
beforeAll(async () => {
  account = await draftingAccount();
});

const admin = (path: string, init: RequestInit = {}) => SELF.fetch(`http://worker/admin${path}`, { ...init, headers: { ...ADMIN, ...(init.headers ?? {}) } });

describe("an LLM draft", () => {
  it("is grounded in the top KB passages, cites them, and is requested with a strict JSON schema", async () => {
    const m = marker();
    const draft = await compose(account, ticket(`Hi, where is my parcel? I'd like the tracking link please. ${m}`, { subject: "Tracking my order" }));
    expect(draft).toMatchObject({ source: "llm", model: SMALL, needsHuman: false, note: null });
    expect(draft.body).toMatch(/^Hi there,/);
    expect(draft.citations.length).toBeGreaterThan(0);
    expect(["shp-03", "mac-01"]).toContain(draft.citations[0]!.id);
    expect(draft.citations[0]!.title).toMatch(/track/i);
    // The stand-in's confidence comes from its evidence (a matching passage, no tool fact), not a constant.
    expect(draft.confidence).toBeGreaterThan(0.5);
    expect(draft.confidence).toBeLessThan(0.9);
    expect(draft.costUsd).toBeGreaterThan(0);

    const [req] = await llmRequests(m);
    expect(req!.body.response_format).toMatchObject({ type: "json_schema", json_schema: { strict: true } });
    expect(req!.body.model).toBe(SMALL);
    const system = req!.body.messages[0]!.content!;
    expect(system).toContain("Never invent policies");
    expect(system).toMatch(/\[kb:(shp-03|mac-01)\] /);
    expect(system).toContain("Reply in English (en)");
    expect(req!.body.messages[1]!.content).toMatch(/Triage: intent track_order \(confidence 0\.90\); priority normal; sentiment neutral; language en/);
  });

  it("drops citations of passages the prompt did not contain and keeps real ones", async () => {
    const m = marker();
    await scriptLlm(m, [{ json: draftJson({ citations: ["kb:ret-02", "made-up-99", "[kb:ret-02]"] }) }]);
    const draft = await compose(account, ticket(`What is your refund policy? ${m}`, { subject: "Refund policy" }), decision({ intent: "check_refund_policy" }));
    expect(draft.citations).toEqual([{ id: "ret-02", title: "Our refund policy", url: expect.stringContaining("ret-02") }]);
    expect(draft.note).toMatch(/cited passages it was not given \(made-up-99\)/);
  });

  it("replies in the customer's language and ranks their language's passages first", async () => {
    const m = marker();
    const draft = await compose(
      account,
      ticket(`Ich möchte meine Bestellung zurücksenden, wann bekomme ich die Erstattung? ${m}`, { subject: "Rücksendung" }),
      decision({ language: "de", intent: "get_refund" }),
    );
    expect(draft.source).toBe("llm");
    const [req] = await llmRequests(m);
    expect(req!.body.messages[0]!.content).toContain("Reply in German (de)");
    expect(req!.body.messages[0]!.content).toMatch(/Knowledge-base passages \(cite by id\):\n\n\[kb:ret-de-01\]/);
  });
});

describe("the model-choice rule", () => {
  it.each([
    ["an ordinary ticket", {}, {}, SMALL],
    ["urgent priority", { priority: "urgent" }, {}, LARGE],
    ["very negative sentiment", { sentiment: "very_negative" }, {}, LARGE],
    ["low intent confidence", { confidence: 0.31 }, {}, LARGE],
    ["the intent model abstained", { prediction: { modelVersion: "t", top: [], margin: 0, abstain: true, outOfScope: false } }, {}, LARGE],
    ["a long thread", {}, { comments: [1, 2, 3].map((i) => ({ id: String(i), body: `follow-up number ${i}` })) }, LARGE],
  ] as const)("%s → %s", async (_label, d, t, expected) => {
    const m = marker();
    const draft = await compose(account, ticket(`Where is my order? ${m}`, t as never), decision(d as never));
    expect(draft.model).toBe(expected);
    expect((await llmRequests(m))[0]!.body.model).toBe(expected);
  });

  it("uses the small model when no large one is configured", async () => {
    const small = await draftingAccount({ llm: { largeModel: undefined }, kb: false, prefix: "small" });
    const draft = await compose(small, ticket(`Where is my order? ${marker()}`), decision({ priority: "urgent" }));
    expect(draft.model).toBe(SMALL);
  });
});

describe("tools", () => {
  it("runs an allowlisted HTTP tool, feeds the result back, records the call, and reports failures to the model", async () => {
    const zd = new URL(env.FAKE_ZENDESK_URL);
    const tool = {
      name: "get_ticket_record",
      description: "Fetch the ticket record (status, priority, comments) from the help desk by ticket id.",
      parameters: { type: "object", properties: { ticket_id: { type: "string" } }, required: ["ticket_id"] },
      url: `${env.FAKE_ZENDESK_URL}/__fake/tickets/{ticket_id}`,
      allowedHosts: [zd.host],
    };
    const withTools = await draftingAccount({ tools: [tool], prefix: "tools" });
    const known = uniqueTicketId();
    await seedTicket({
      id: known,
      subject: "Lamp",
      description: "The lamp arrived",
      status: "open",
      requester: { name: "Tool Tester", email: "tool.tester@example.net" },
    });
    const m = marker();
    await scriptLlm(m, [
      {
        toolCalls: [
          { name: "get_ticket_record", arguments: { ticket_id: String(known) } },
          { name: "get_ticket_record", arguments: { ticket_id: "1" } },
        ],
      },
      { json: draftJson({ reply: "Hi there, your ticket is open.", reason: "from the tool" }) },
    ]);
    const t = ticket(`Can you check my ticket? ${m}`);
    const draft = await compose(withTools, t);
    expect(draft).toMatchObject({ source: "llm", body: "Hi there, your ticket is open." });

    const reqs = await llmRequests(m);
    expect(reqs).toHaveLength(2);
    expect(reqs[0]!.body.tools).toHaveLength(1);
    const toolMessages = reqs[1]!.body.messages.filter((x) => x.role === "tool").map((x) => JSON.parse(x.content!) as Record<string, unknown>);
    expect(toolMessages[0]).toMatchObject({ ticket: { id: known, status: "open" } });
    expect(toolMessages[1]).toMatchObject({ ok: false, status: 404 });

    const calls = await env.DB.prepare("select tool, outcome, http_status from llm_tool_calls where draft_id = ? order by id").bind(draft.draftId).all();
    expect(calls.results).toEqual([
      { tool: "get_ticket_record", outcome: "ok", http_status: 200 },
      { tool: "get_ticket_record", outcome: "http_error", http_status: 404 },
    ]);
  });
});

describe("the cost ledger", () => {
  it("records every attempt with tokens × price, per draft, per ticket and per day, and reports it", async () => {
    const acct = await draftingAccount({ prefix: "ledger", llm: { prices: { [SMALL]: { inputPerMTok: 10, outputPerMTok: 20 } } } });
    const m = marker();
    await scriptLlm(m, [{ error: { status: 503, message: "overloaded" } }, { json: draftJson(), usage: { prompt_tokens: 1000, completion_tokens: 200 } }]);
    const t = ticket(`Where is my order? ${m}`);
    const draft = await compose(acct, t);
    expect(draft.costUsd).toBeCloseTo((1000 * 10 + 200 * 20) / 1e6, 10);

    const attempts = await env.DB.prepare(
      "select seq, outcome, http_status, prompt_tokens, completion_tokens, cost_usd, model, response_format from llm_attempts where draft_id = ? order by seq",
    )
      .bind(draft.draftId)
      .all();
    expect(attempts.results).toEqual([
      { seq: 1, outcome: "server_error", http_status: 503, prompt_tokens: 0, completion_tokens: 0, cost_usd: 0, model: SMALL, response_format: "json_schema" },
      {
        seq: 2,
        outcome: "answer",
        http_status: 200,
        prompt_tokens: 1000,
        completion_tokens: 200,
        cost_usd: 0.014,
        model: SMALL,
        response_format: "json_schema",
      },
    ]);
    const run = await env.DB.prepare(
      "select source, model, tier, cost_usd, prompt_tokens, llm_calls, passages, citations, ticket_id from draft_runs where draft_id = ?",
    )
      .bind(draft.draftId)
      .first();
    expect(run).toMatchObject({ source: "llm", model: SMALL, tier: "small", cost_usd: 0.014, prompt_tokens: 1000, llm_calls: 2, ticket_id: t.id });

    const today = new Date().toISOString().slice(0, 10);
    const usage = await (await admin(`/llm/usage?account=${acct}`)).json<{
      days: { day: string; costUsd: number; llmCalls: number; llmDrafts: number; promptTokens: number }[];
      tickets: { ticketId: number; costUsd: number }[];
      totals: { costUsd: number };
    }>();
    expect(usage.days).toEqual([expect.objectContaining({ day: today, costUsd: 0.014, llmCalls: 2, llmDrafts: 1, promptTokens: 1000 })]);
    expect(usage.tickets).toEqual([expect.objectContaining({ ticketId: t.id, costUsd: 0.014 })]);
    const perDraft = await (await admin(`/llm/attempts?account=${acct}&draft=${draft.draftId}`)).json<{ attempts: unknown[]; runs: { costUsd: number }[] }>();
    expect(perDraft.attempts).toHaveLength(2);
    expect(perDraft.runs[0]!.costUsd).toBe(0.014);
  });

  it("marks attempts for unpriced models and servers that send no usage", async () => {
    const acct = await draftingAccount({ prefix: "unpriced", llm: { prices: {} }, kb: false });
    const m = marker();
    await scriptLlm(m, [{ json: draftJson() }]);
    const draft = await compose(acct, ticket(`Hello ${m}`));
    expect(draft.costUsd).toBe(0);
    const row = await env.DB.prepare("select unpriced, prompt_tokens from llm_attempts where draft_id = ?")
      .bind(draft.draftId)
      .first<{ unpriced: number; prompt_tokens: number }>();
    expect(row).toMatchObject({ unpriced: 1 });
    expect(row!.prompt_tokens).toBeGreaterThan(50);
  });
});

describe("admin", () => {
  it("previews a draft for a made-up ticket and shows the LLM status without secrets", async () => {
    const res = await admin(`/llm/preview?account=${account}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ subject: "Cancel", body: `Please cancel my order, I placed it 5 minutes ago ${marker()}`, intent: "cancel_order" }),
    });
    expect(res.status).toBe(200);
    const { draft } = await res.json<{ draft: { source: string; citations: { id: string }[] } }>();
    expect(draft.source).toBe("llm");
    expect(draft.citations.map((c) => c.id)).toContain("ord-02");
    const status = await admin(`/llm/status?account=${account}`);
    const text = await status.text();
    expect(JSON.parse(text)).toMatchObject({ configured: true, smallModel: SMALL, largeModel: LARGE, circuit: { state: "closed" } });
    expect(text).not.toContain("sk-test-llm-key");
  });

  it("rejects invalid LLM and tool settings when the account is saved", async () => {
    const bad = await admin("/accounts/llm-bad", {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        secrets: { webhookSigningSecret: "12345678" },
        settings: {
          llm: { baseUrl: "ftp://x", temperature: 5 },
          tools: [{ name: "bad name", description: "d", parameters: { type: "object" }, url: "https://evil.example/{x}", allowedHosts: ["api.example.com"] }],
        },
      }),
    });
    expect(bad.status).toBe(400);
    const paths = (await bad.json<{ details: { path: string }[] }>()).details.map((d) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        "settings.llm.baseUrl",
        "settings.llm.temperature",
        "settings.tools.0.name",
        "settings.tools.0.allowedHosts",
        "settings.tools.0.url",
      ]),
    );
  });
});

/** End to end with the demo store's order tool (dev/fakes/shop, started by test/global-setup.ts). */
const storeUrl = env.FAKE_STORE_URL;
describe("the demo order-status tool (fake store)", () => {
  it("looks the order up, keeps the customer's data out of the prompt, and drafts from the result", async () => {
    const base = storeUrl!.replace(/\/$/, "");
    const tools = [
      {
        name: "get_order_status",
        description: "Look up an order by its order number: status, carrier, tracking link and estimated delivery.",
        parameters: { type: "object", properties: { order_id: { type: "string" } }, required: ["order_id"] },
        url: `${base}/api/orders/{order_id}`,
        allowedHosts: [new URL(base).host],
      },
    ];
    const acct = await draftingAccount({ tools, prefix: "store" });
    const orderId = String(100_000 + Math.floor(Math.random() * 800_000));
    const order = (await (await fetch(`${base}/api/orders/${orderId}`)).json()) as { status: string; customer_email: string; shipping_address: string };
    const m = marker("store");
    const draft = await compose(acct, ticket(`Where is my order #${orderId}? ${m}`, { subject: "Where is my order?" }));
    expect(draft.source).toBe("llm");
    // The order's status is told in words ("Your order shipped on …"), never as a raw "status: …" dump.
    const said: Record<string, RegExp> = {
      processing: /not shipped yet|being prepared|processing/i,
      packed: /packed/i,
      shipped: /shipped on/i,
      delivered: /delivered on/i,
      cancelled: /cancel/i,
    };
    expect(draft.body).toMatch(said[order.status]!);
    expect(draft.body).not.toMatch(/status:/);
    const sent = JSON.stringify((await llmRequests(m)).map((r) => r.body));
    expect(sent).not.toContain(order.customer_email);
    expect(sent).not.toContain(order.shipping_address);
    const calls = await env.DB.prepare("select tool, outcome from llm_tool_calls where draft_id = ?").bind(draft.draftId).all();
    expect(calls.results).toEqual([{ tool: "get_order_status", outcome: "ok" }]);
  });
});
