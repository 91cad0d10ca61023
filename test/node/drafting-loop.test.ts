/**
 * The drafting loop (worker/drafting/loop.ts) over real HTTP, with the real `openai` client: the fake LLM decides
 * to call the demo store's order tool, the tool runs against the fake store, its result is redacted and fed back,
 * and the JSON answer is validated. Storage is replaced by in-memory recorders (the workerd tests cover D1).
 * Run: npx vitest run --project node test/node/drafting-loop
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeLlm, type FakeLlm } from "../../dev/fakes/llm/server";
import { startFakeStore, type FakeStore } from "../../dev/fakes/shop/server";
import { resolveLlmSettings, toolsSchema, type LlmSettings, type ToolDeclaration } from "../../worker/settings/drafting";
import { createChatFn } from "../../worker/drafting/llm-client";
import { runDraftLoop, type AttemptRecord, type LoopInput } from "../../worker/drafting/loop";
import { buildPrompt } from "../../worker/drafting/prompt";
import { runTool, type ToolResult } from "../../worker/drafting/tools";
import type { KbHit } from "../../worker/kb/search";
import { PiiVault } from "../../worker/pii/vault";
import { makeDecision } from "../../worker/triage/make-decision";
import type { TicketSnapshot, TriageDecision } from "../../worker/triage/types";

let llm: FakeLlm;
let store: FakeStore;
let tools: ToolDeclaration[];

beforeAll(async () => {
  llm = await startFakeLlm({ port: 0 });
  store = await startFakeStore({ port: 0 });
  const host = new URL(store.url).host;
  tools = toolsSchema.parse([
    {
      name: "get_order_status",
      description: "Look up an order's status, carrier and tracking link by its order number.",
      parameters: { type: "object", properties: { order_id: { type: "string", description: "digits only" } }, required: ["order_id"] },
      url: `${store.url}/api/orders/{order_id}`,
      allowedHosts: [host],
    },
  ]);
});
afterAll(async () => {
  await Promise.all([llm.close(), store.close()]);
});
beforeEach(() => {
  llm.reset();
  store.reset();
});

const settings = (patch: Partial<LlmSettings> = {}): LlmSettings => ({
  ...resolveLlmSettings({
    baseUrl: "http://x.invalid/v1",
    smallModel: "fake-small",
    prices: { "fake-small": { inputPerMTok: 1, outputPerMTok: 2 } },
    backoffBaseMs: 10,
  }),
  ...patch,
});

function ticket(text: string): TicketSnapshot {
  return {
    id: 4242,
    subject: "Order question",
    description: text,
    comments: [],
    status: "new",
    priority: null,
    channel: "web",
    tags: [],
    requesterTags: [],
    organizationTags: [],
  };
}
const decision: TriageDecision = makeDecision({ intent: "track_order", confidence: 0.9, language: "en", route: "draft" });
const hit: KbHit = {
  rowId: 1,
  docId: "shp-03",
  kind: "article",
  title: "Tracking your order",
  url: "https://help.example/shp-03",
  locale: "en",
  tags: [],
  score: -3,
  passage: "When your order ships we email you a tracking link.",
  body: "",
};

function harness(text: string, opts: { settings?: LlmSettings; tools?: ToolDeclaration[]; format?: "json_schema" | "json_object" } = {}) {
  const vault = new PiiVault();
  const s = opts.settings ?? settings();
  const prompt = buildPrompt({ accountName: "Fernhill Goods", ticket: ticket(text), decision, hits: [hit], tools: opts.tools ?? tools, vault });
  const attempts: AttemptRecord[] = [];
  const toolCalls: ToolResult[] = [];
  const byName = new Map((opts.tools ?? tools).map((t) => [t.name, t]));
  const input: LoopInput = {
    model: "fake-small",
    messages: prompt.messages,
    tools: prompt.tools,
    settings: s,
    responseFormat: opts.format ?? "json_schema",
    allowFormatFallback: true,
    deadline: Date.now() + 20_000,
    budgetLeftUsd: null,
  };
  const run = () =>
    runDraftLoop(input, {
      chat: createChatFn({ baseUrl: llm.url, apiKey: "sk-test" }),
      runTool: (name, args) => runTool(byName.get(name), name, args, vault),
      onAttempt: async (a) => void attempts.push(a),
      onToolCall: async (t) => void toolCalls.push(t),
    });
  return { vault, attempts, toolCalls, run, input };
}

function requestsWith(marker: string) {
  return llm.requests().filter((r) => r.path === "/v1/chat/completions" && JSON.stringify(r.body).includes(marker));
}

describe("tool loop against the fake store", () => {
  it("calls the order tool, feeds back a redacted result and returns a valid, costed draft", async () => {
    const marker = `m-${crypto.randomUUID().slice(0, 8)}`;
    const h = harness(`Where is my order #100234? I am ${marker}, write to me at jo.doe@example.com`);
    const result = await h.run();
    expect(result.ok).toBe(true);
    expect(h.toolCalls).toEqual([expect.objectContaining({ tool: "get_order_status", outcome: "ok", httpStatus: 200 })]);
    expect(store.calls().map((c) => c.path)).toEqual(["/api/orders/100234"]);
    expect(h.attempts.map((a) => a.outcome)).toEqual(["tool_calls", "answer"]);
    expect(result).toMatchObject({ llmCalls: 2, toolCalls: 1, responseFormat: "json_schema" });
    expect(result.promptTokens).toBeGreaterThan(100);
    expect(result.costUsd).toBeCloseTo((result.promptTokens * 1 + result.completionTokens * 2) / 1e6, 12);
    if (!result.ok) throw new Error("unreachable");
    expect(result.output.citations).toContain("kb:shp-03");

    // Nothing raw reached the LLM: neither the customer's email nor the store's customer email and street address.
    const order = (await (await fetch(`${store.url}/api/orders/100234`)).json()) as { customer_email: string; shipping_address: string };
    const bodies = JSON.stringify(requestsWith(marker).map((r) => r.body));
    expect(requestsWith(marker)).toHaveLength(2);
    for (const raw of ["jo.doe@example.com", order.customer_email, order.shipping_address]) expect(bodies).not.toContain(raw);
    expect(bodies).toContain("[EMAIL_1]");
    expect(bodies).toMatch(/\[ADDRESS_1\]/);
  });

  it("reports a failing tool to the model and records it", async () => {
    store.fault({ path: "/api/orders/*", status: 503, body: { error: "maintenance" } });
    const h = harness("Where is my order 555123?");
    const result = await h.run();
    expect(result.ok).toBe(true);
    expect(h.toolCalls[0]).toMatchObject({ outcome: "http_error", httpStatus: 503, error: "HTTP 503" });
    const toolMessage = (llm.requests().at(-1)!.body as { messages: { role: string; content: string }[] }).messages.find((m) => m.role === "tool");
    expect(JSON.parse(toolMessage!.content)).toEqual({ ok: false, status: 503, error: { error: "maintenance" } });
  });

  it("bounds the loop: past maxToolSteps the model gets tool_choice none and extra calls are refused", async () => {
    const marker = `bound-${crypto.randomUUID().slice(0, 8)}`;
    llm.script(
      [
        { toolCalls: [{ name: "get_order_status", arguments: { order_id: "100001" } }] },
        { toolCalls: [{ name: "get_order_status", arguments: { order_id: "100002" } }] },
        { json: { reply: "Hi, here is the status.", citations: [], needs_human: false, reason: "tool", confidence: 0.7 } },
      ],
      { contains: marker },
    );
    const h = harness(`Order status please ${marker}`, { settings: settings({ maxToolSteps: 1 }) });
    const result = await h.run();
    expect(result.ok).toBe(true);
    expect(h.toolCalls.map((t) => t.outcome)).toEqual(["ok", "limit"]);
    expect(store.calls()).toHaveLength(1);
    const choices = requestsWith(marker).map((r) => (r.body as { tool_choice?: string }).tool_choice);
    expect(choices).toEqual(["auto", "none", "none"]);
  });

  it("refuses hosts that are not allowlisted and arguments that do not fit the schema", async () => {
    const vault = new PiiVault();
    const evil = toolsSchema.parse([
      {
        name: "x",
        description: "d",
        parameters: { type: "object", properties: { q: { type: "string" } } },
        url: `${store.url}/api/orders/{q}`,
        allowedHosts: [new URL(store.url).host],
      },
    ])[0]!;
    expect((await runTool(evil, "x", '{"q": 5}', vault)).outcome).toBe("invalid_arguments");
    expect((await runTool(evil, "x", "not json", vault)).outcome).toBe("invalid_arguments");
    expect((await runTool(undefined, "nope", "{}", vault)).outcome).toBe("unknown_tool");
    // The host check runs on the expanded URL, whatever the declaration says.
    expect((await runTool({ ...evil, url: "http://127.0.0.1:1/{q}" }, "x", '{"q": "a"}', vault)).outcome).toBe("blocked_host");
    expect(() => toolsSchema.parse([{ ...evil, url: "https://{q}.example.com/x" }])).toThrow(/placeholders are not allowed in the host/);
    expect(() => toolsSchema.parse([{ ...evil, url: "http://api.example.com/{q}", allowedHosts: ["api.example.com"] }])).toThrow(/plain http/);
    expect(store.calls()).toHaveLength(0);
  });

  it("restores placeholders in tool arguments (the account's API needs real values)", async () => {
    const vault = new PiiVault();
    const redacted = vault.redact("mail me at ann@shop.example");
    expect(redacted).toBe("mail me at [EMAIL_1]");
    const echo = toolsSchema.parse([
      {
        name: "lookup",
        description: "d",
        parameters: { type: "object", properties: { id: { type: "string" }, email: { type: "string" } }, required: ["id"] },
        url: `${store.url}/api/orders/{id}`,
        allowedHosts: [new URL(store.url).host],
      },
    ])[0]!;
    await runTool(echo, "lookup", JSON.stringify({ id: "100234", email: "[EMAIL_1]" }), vault);
    expect(store.calls()[0]!.query).toEqual({ email: "ann@shop.example" });
  });
});

describe("structured output and resilience", () => {
  it("backs off on 429 (honouring Retry-After) and 5xx, recording every attempt", async () => {
    const marker = `retry-${crypto.randomUUID().slice(0, 8)}`;
    llm.script([{ error: { status: 429, message: "slow down", retryAfter: 0.05 } }, { error: { status: 502, message: "bad gateway" } }], { contains: marker });
    const h = harness(`Hello ${marker}`, { tools: [] });
    const result = await h.run();
    expect(result.ok).toBe(true);
    expect(h.attempts.map((a) => [a.outcome, a.httpStatus])).toEqual([
      ["rate_limited", 429],
      ["server_error", 502],
      ["answer", 200],
    ]);
  });

  it("gives up after maxRetries and reports the LLM as unavailable", async () => {
    const marker = `down-${crypto.randomUUID().slice(0, 8)}`;
    llm.script([{ error: { status: 500 } }, { error: { status: 500 } }, { error: { status: 500 } }], { contains: marker });
    const h = harness(`Hello ${marker}`, { tools: [], settings: settings({ maxRetries: 2 }) });
    const result = await h.run();
    expect(result).toMatchObject({ ok: false, failure: "unavailable" });
    expect(h.attempts).toHaveLength(3);
  });

  it("times out a slow call", async () => {
    const marker = `slow-${crypto.randomUUID().slice(0, 8)}`;
    llm.script([{ content: "late", delayMs: 2_000 }], { contains: marker });
    const h = harness(`Hello ${marker}`, { tools: [], settings: settings({ timeoutMs: 500, maxRetries: 0 }) });
    const result = await h.run();
    expect(result).toMatchObject({ ok: false, failure: "unavailable" });
    expect(h.attempts[0]).toMatchObject({ outcome: "timeout" });
  });

  it("falls back from json_schema to json_object + validation when the server lacks structured outputs", async () => {
    const marker = `fmt-${crypto.randomUUID().slice(0, 8)}`;
    llm.script([{ error: { status: 400, message: "response_format json_schema is not supported", param: "response_format.type", code: "invalid_value" } }], {
      contains: marker,
    });
    const h = harness(`Hello ${marker}`, { tools: [] });
    const result = await h.run();
    expect(result).toMatchObject({ ok: true, jsonSchemaRejected: true, responseFormat: "json_object" });
    const second = requestsWith(marker)[1]!.body as { response_format: { type: string }; messages: { content: string }[] };
    expect(second.response_format.type).toBe("json_object");
    expect(second.messages[0]!.content).toContain('"additionalProperties":false');
  });

  it("retries an invalid answer once, then gives up", async () => {
    const once = `inv1-${crypto.randomUUID().slice(0, 8)}`;
    llm.script([{ invalidJson: true }], { contains: once });
    const h1 = harness(`Hello ${once}`, { tools: [] });
    expect(await h1.run()).toMatchObject({ ok: true, repaired: true });
    expect(h1.attempts.map((a) => a.outcome)).toEqual(["invalid_output", "answer"]);

    const twice = `inv2-${crypto.randomUUID().slice(0, 8)}`;
    llm.script([{ json: { reply: "" } }, { refusal: "I can't help with that.", match: { contains: `for ${twice} could not be used` } }], { contains: twice });
    const h2 = harness(`Hello ${twice}`, { tools: [] });
    h2.input.ticketRef = twice;
    expect(await h2.run()).toMatchObject({ ok: false, failure: "invalid_output" });
    expect(h2.attempts.map((a) => a.outcome)).toEqual(["invalid_output", "refused"]);
  });

  it("stops before a call once the draft has spent the remaining budget", async () => {
    const marker = `budget-${crypto.randomUUID().slice(0, 8)}`;
    llm.script([{ invalidJson: true, usage: { prompt_tokens: 1_000_000, completion_tokens: 0 } }], { contains: marker });
    const h = harness(`Hello ${marker}`, { tools: [] });
    h.input.budgetLeftUsd = 0.5;
    expect(await h.run()).toMatchObject({ ok: false, failure: "budget", costUsd: 1, llmCalls: 1 });
  });
});
