/**
 * The fake OpenAI-compatible server, exercised with the real `openai` client over real HTTP.
 * Run: npx vitest run --project node test/node/fake-llm
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import OpenAI, { type APIError, AuthenticationError, BadRequestError, InternalServerError, NotFoundError, RateLimitError } from "openai";
import { zodResponseFormat } from "openai/helpers/zod";
import type { ChatCompletionChunk, ChatCompletionMessageParam, ChatCompletionTool } from "openai/resources/chat/completions";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { generateInstance } from "../../dev/fakes/llm/schema-instance.js";
import { startFakeLlm, type FakeLlm, type RecordedRequest } from "../../dev/fakes/llm/server.js";

const API_KEY = "sk-fake-test-key-123";
const MODEL = "fake-gpt-4o-mini";

const SYSTEM = [
  "You are a support assistant. Draft a reply to the customer using only the knowledge base below.",
  "Knowledge base:",
  "[kb:12] Refund policy",
  "Refunds are issued to the original payment method within 5-7 business days after we receive the return. Store credit is instant.",
  "",
  "[kb:31] Shipping times",
  "Standard orders ship within 2 business days.",
].join("\n");

const USER = "Subject: Refund for order #12345\nCustomer message: I sent back order #12345 last week. When will I get my money back?";

const ORDER_TOOL: ChatCompletionTool = {
  type: "function",
  function: {
    name: "lookup_order",
    description: "Look up the status of a customer's order by its order id.",
    parameters: {
      type: "object",
      properties: { order_id: { type: "string", description: "The order number" } },
      required: ["order_id"],
      additionalProperties: false,
    },
    strict: true,
  },
};

let llm: FakeLlm;
let client: OpenAI;
const logLines: string[] = [];

beforeAll(async () => {
  llm = await startFakeLlm({ apiKey: API_KEY, log: (line) => logLines.push(line) });
  client = new OpenAI({ apiKey: API_KEY, baseURL: llm.url, maxRetries: 0 });
});

afterAll(async () => {
  await llm.close();
});

afterEach(() => {
  llm.reset();
});

const messages = (user = USER): ChatCompletionMessageParam[] => [
  { role: "system", content: SYSTEM },
  { role: "user", content: user },
];

/** A call to the fake's control API; `T` is the reply's shape for that route (see dev/fakes/llm/server.ts). */
async function control<T = unknown>(path: string, body?: unknown, method = body === undefined ? "GET" : "POST"): Promise<T> {
  const res = await fetch(`${llm.origin}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
}

describe("basics", () => {
  it("lists models in OpenAI's shape", async () => {
    const page = await client.models.list();
    expect(page.data.length).toBeGreaterThan(0);
    for (const m of page.data) expect(m).toMatchObject({ object: "model", owned_by: expect.any(String), created: expect.any(Number) });
    expect(page.data.map((m) => m.id)).toContain(MODEL);
  });

  it("answers a plain completion with a deterministic, grounded support reply", async () => {
    const a = await client.chat.completions.create({ model: MODEL, messages: messages(), temperature: 0.2, max_tokens: 500 });
    expect(a.object).toBe("chat.completion");
    expect(a.id).toMatch(/^chatcmpl-/);
    expect(a.model).toBe(MODEL);
    const choice = a.choices[0]!;
    expect(choice.finish_reason).toBe("stop");
    expect(choice.message.role).toBe("assistant");
    expect(choice.message.refusal).toBeNull();
    expect(choice.message.tool_calls).toBeUndefined();
    const text = choice.message.content ?? "";
    expect(text).toContain("order 12345"); // references the customer's order
    expect(text).toContain("Refunds are issued to the original payment method within 5-7 business days"); // quotes kb
    expect(text).not.toContain("Standard orders ship"); // not the unrelated passage
    expect(text).toMatch(/^Hi there,/);
    expect(a.usage).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: Math.ceil(text.length / 4) });
    expect(a.usage!.total_tokens).toBe(a.usage!.prompt_tokens + a.usage!.completion_tokens);

    const b = await client.chat.completions.create({ model: MODEL, messages: messages(), temperature: 0.2, max_tokens: 500 });
    expect(b.choices[0]!.message.content).toBe(text);
    expect(b.usage).toEqual(a.usage);
  });

  it("cuts the answer at max_tokens with finish_reason length", async () => {
    const r = await client.chat.completions.create({ model: MODEL, messages: messages(), max_completion_tokens: 5 });
    expect(r.choices[0]!.finish_reason).toBe("length");
    expect(r.choices[0]!.message.content).toHaveLength(20);
    expect(r.usage!.completion_tokens).toBe(5);
  });
});

describe("structured output", () => {
  const Draft = z.object({
    reply: z.string(),
    citations: z.array(z.string()),
    confidence: z.number().min(0).max(1),
    needs_human: z.boolean(),
    reason: z.string(),
    intent: z.enum(["refund", "shipping", "other"]),
    priority: z.number().int().min(1).max(4),
    follow_up: z.string().nullable(),
  });

  it("returns json_schema (strict) output that validates against the schema", async () => {
    const completion = await client.chat.completions.parse({
      model: MODEL,
      messages: messages(),
      response_format: zodResponseFormat(Draft, "draft_reply"),
    });
    const parsed = completion.choices[0]!.message.parsed;
    expect(parsed).not.toBeNull();
    const draft = Draft.parse(parsed);
    expect(draft.reply).toContain("order 12345");
    expect(draft.reply).toContain("Refunds are issued to the original payment method");
    expect(draft.citations).toEqual(["kb:12"]); // only the passage it used
    expect(draft.confidence).toBeGreaterThan(0.45); // from the evidence (a title match, no tool), not a constant
    expect(draft.confidence).toBeLessThan(0.95);
    expect(draft.needs_human).toBe(false);
    expect(draft.reason).toMatch(/^\[local stand-in model\] .*kb:12/);
    expect(draft.priority).toBe(1);
  });

  it("generates instances for richer schemas ($defs, anyOf, bounds, minItems, formats)", () => {
    const schema = {
      type: "object",
      properties: {
        draft: { type: "string", maxLength: 40 },
        score: { type: "integer", exclusiveMinimum: 5, maximum: 9 },
        ratio: { type: "number", minimum: 0.25, maximum: 0.5, multipleOf: 0.05 },
        tags: { type: "array", items: { enum: ["a", "b", "c"] }, minItems: 2, uniqueItems: true },
        owner: { anyOf: [{ type: "null" }, { $ref: "#/$defs/person" }] },
        when: { type: "string", format: "date-time" },
        note: { type: ["string", "null"], minLength: 3 },
        flags: { type: "array", items: { $ref: "#/$defs/flag" }, minItems: 1, maxItems: 2 },
      },
      required: ["draft", "score", "ratio", "tags", "owner", "when", "note", "flags"],
      additionalProperties: false,
      $defs: {
        person: {
          type: "object",
          properties: { name: { type: "string" }, age: { type: "integer", minimum: 18 } },
          required: ["name", "age"],
          additionalProperties: false,
        },
        flag: { type: "object", properties: { on: { type: "boolean" }, kind: { const: "x" } }, required: ["on", "kind"], additionalProperties: false },
      },
    };
    const value = generateInstance(schema);
    const validator = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
    expect(validator.safeParse(value).success, JSON.stringify(value)).toBe(true);
    expect(value).toMatchObject({ score: 6, tags: ["a", "b"], owner: { age: 18 } });
  });

  it("answers json_object with the default draft object, or follows a schema shown in the prompt", async () => {
    const r = await client.chat.completions.create({
      model: MODEL,
      messages: messages(`${USER}\nAnswer in JSON.`),
      response_format: { type: "json_object" },
    });
    const obj = JSON.parse(r.choices[0]!.message.content ?? "");
    expect(obj).toMatchObject({ citations: ["kb:12"], confidence: expect.any(Number), needs_human: false });
    expect(obj.reply).toContain("Refunds are issued");

    const shown = { type: "object", properties: { answer: { type: "string" }, escalate: { type: "boolean" } }, required: ["answer", "escalate"] };
    const r2 = await client.chat.completions.create({
      model: MODEL,
      messages: [
        { role: "system", content: `${SYSTEM}\nReturn JSON matching this schema: ${JSON.stringify(shown)}` },
        { role: "user", content: USER },
      ],
      response_format: { type: "json_object" },
    });
    const obj2 = JSON.parse(r2.choices[0]!.message.content ?? "");
    expect(Object.keys(obj2).sort()).toEqual(["answer", "escalate"]);
    expect(obj2.escalate).toBe(false);
    expect(obj2.answer).toContain("order 12345");
  });

  it("rejects json_object when no message mentions JSON, like OpenAI", async () => {
    const err = await client.chat.completions
      .create({ model: MODEL, messages: [{ role: "user", content: "hello" }], response_format: { type: "json_object" } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadRequestError);
  });

  it("answers 400 for json_schema when supportsJsonSchema is false; json_object still works (the fallback path)", async () => {
    const lacking = await startFakeLlm({ supportsJsonSchema: false });
    try {
      const c = new OpenAI({ apiKey: "any", baseURL: lacking.url, maxRetries: 0 });
      const err = await c.chat.completions
        .create({ model: MODEL, messages: messages(), response_format: zodResponseFormat(Draft, "draft_reply") })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BadRequestError);
      expect((err as BadRequestError).param).toBe("response_format.type");
      expect((err as BadRequestError).error).toMatchObject({ type: "invalid_request_error", code: "invalid_value" });

      const ok = await c.chat.completions.create({
        model: MODEL,
        messages: messages(`${USER}\nReply with a JSON object with keys reply, citations, confidence, needs_human, reason.`),
        response_format: { type: "json_object" },
      });
      expect(JSON.parse(ok.choices[0]!.message.content ?? "")).toHaveProperty("reply");
    } finally {
      await lacking.close();
    }
    // The same switch at runtime through the control API.
    await control("/__fake/config", { supportsJsonSchema: false });
    await expect(client.chat.completions.create({ model: MODEL, messages: messages(), response_format: zodResponseFormat(Draft, "d") })).rejects.toBeInstanceOf(
      BadRequestError,
    );
  });

  it("rejects a strict schema that OpenAI would reject (additionalProperties missing)", async () => {
    const err = await client.chat.completions
      .create({
        model: MODEL,
        messages: messages(),
        response_format: {
          type: "json_schema",
          json_schema: { name: "x", strict: true, schema: { type: "object", properties: { a: { type: "string" } }, required: ["a"] } },
        },
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as BadRequestError).message).toContain("additionalProperties");
  });
});

describe("tools", () => {
  it("round-trips a tool call: tool_calls -> tool result -> final answer", async () => {
    const convo: ChatCompletionMessageParam[] = messages("Customer message: Where is my order #98765? It still has not arrived.");
    const first = await client.chat.completions.create({ model: MODEL, messages: convo, tools: [ORDER_TOOL], tool_choice: "auto" });
    const choice = first.choices[0]!;
    expect(choice.finish_reason).toBe("tool_calls");
    expect(choice.message.content).toBeNull();
    const call = choice.message.tool_calls?.[0];
    expect(call?.type).toBe("function");
    if (call?.type !== "function") throw new Error("expected a function call");
    expect(call.id).toMatch(/^call_/);
    expect(call.function.name).toBe("lookup_order");
    expect(JSON.parse(call.function.arguments)).toEqual({ order_id: "98765" });

    convo.push(choice.message);
    convo.push({ role: "tool", tool_call_id: call.id, content: JSON.stringify({ status: "shipped", carrier: "UPS" }) });
    const second = await client.chat.completions.create({ model: MODEL, messages: convo, tools: [ORDER_TOOL] });
    expect(second.choices[0]!.finish_reason).toBe("stop");
    const answer = second.choices[0]!.message.content ?? "";
    expect(answer).toContain("Your order has shipped with UPS."); // a sentence, not a key/value dump
    expect(answer).not.toMatch(/status:|carrier:/);
  });

  it("picks the tool sharing keywords with the message and fills ids from patterns", async () => {
    const invoiceTool: ChatCompletionTool = {
      type: "function",
      function: {
        name: "get_invoice",
        description: "Fetch an invoice and its charges",
        parameters: {
          type: "object",
          properties: { invoice_id: { type: "string" }, include_lines: { type: "boolean" } },
          required: ["invoice_id"],
        },
      },
    };
    const r = await client.chat.completions.create({
      model: MODEL,
      messages: messages("Customer name: [NAME_1]\nCustomer message: My invoice INV-2231 shows a double charge."),
      tools: [ORDER_TOOL, invoiceTool],
    });
    const call = r.choices[0]!.message.tool_calls?.[0];
    expect(call?.type === "function" && call.function.name).toBe("get_invoice");
    expect(call?.type === "function" && JSON.parse(call.function.arguments)).toEqual({ invoice_id: "INV-2231" });
  });

  it("does not call a tool the message has nothing to do with, unless forced", async () => {
    const r = await client.chat.completions.create({ model: MODEL, messages: messages("How do I reset my password?"), tools: [ORDER_TOOL] });
    expect(r.choices[0]!.finish_reason).toBe("stop");
    const forced = await client.chat.completions.create({
      model: MODEL,
      messages: messages("How do I reset my password?"),
      tools: [ORDER_TOOL],
      tool_choice: { type: "function", function: { name: "lookup_order" } },
    });
    const call = forced.choices[0]!.message.tool_calls?.[0];
    expect(call?.type === "function" && JSON.parse(call.function.arguments)).toEqual({ order_id: "unknown" });
  });

  it("validates tools and tool messages like OpenAI", async () => {
    const badTool = await client.chat.completions
      .create({
        model: MODEL,
        messages: messages(),
        tools: [{ type: "function", function: { name: "bad name!", parameters: { type: "object", properties: {} } } }],
      })
      .catch((e: unknown) => e);
    expect(badTool).toBeInstanceOf(BadRequestError);
    const badSchema = await client.chat.completions
      .create({ model: MODEL, messages: messages(), tools: [{ type: "function", function: { name: "f", parameters: { type: "string" } } }] })
      .catch((e: unknown) => e);
    expect(badSchema).toBeInstanceOf(BadRequestError);
    expect((badSchema as BadRequestError).code).toBe("invalid_function_parameters");
    const orphanTool = await client.chat.completions
      .create({
        model: MODEL,
        messages: [
          { role: "user", content: "hi" },
          { role: "tool", tool_call_id: "call_1", content: "{}" },
        ],
      })
      .catch((e: unknown) => e);
    expect(orphanTool).toBeInstanceOf(BadRequestError);
  });
});

describe("streaming", () => {
  it("streams role, content pieces, finish_reason and a final usage chunk", async () => {
    const stream = await client.chat.completions.create({
      model: MODEL,
      messages: messages(),
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks) expect(c.object).toBe("chat.completion.chunk");
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    expect(chunks[0]!.choices[0]!.delta.role).toBe("assistant");
    const last = chunks[chunks.length - 1]!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number) });
    const finish = chunks[chunks.length - 2]!;
    expect(finish.choices[0]!.finish_reason).toBe("stop");
    for (const c of chunks.slice(0, -1)) expect(c.usage).toBeNull();

    const text = chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");
    const plain = await client.chat.completions.create({ model: MODEL, messages: messages() });
    expect(text).toBe(plain.choices[0]!.message.content);
    expect(last.usage).toEqual(plain.usage);
  });

  it("streams tool calls that the SDK's stream helper assembles", async () => {
    const stream = client.chat.completions.stream({
      model: MODEL,
      messages: messages("Customer message: Where is my order #98765?"),
      tools: [ORDER_TOOL],
      stream_options: { include_usage: true },
    });
    const final = await stream.finalChatCompletion();
    const call = final.choices[0]!.message.tool_calls?.[0];
    expect(final.choices[0]!.finish_reason).toBe("tool_calls");
    expect(call?.type === "function" && call.function.name).toBe("lookup_order");
    expect(call?.type === "function" && JSON.parse(call.function.arguments)).toEqual({ order_id: "98765" });
    expect(final.usage?.completion_tokens).toBeGreaterThan(0);
  });

  it("omits usage when include_usage is not asked for", async () => {
    const stream = await client.chat.completions.create({ model: MODEL, messages: messages(), stream: true });
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((c) => c.usage === undefined && c.choices.length === 1)).toBe(true);
  });
});

describe("scripts and injected failures", () => {
  it("surfaces a scripted 429 with retry-after as RateLimitError", async () => {
    await control("/__fake/script", { responses: [{ error: { status: 429, message: "Slow down", retryAfter: 0.2 } }] });
    const err = await client.chat.completions.create({ model: MODEL, messages: messages() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    const rl = err as RateLimitError;
    expect(rl.status).toBe(429);
    expect(rl.headers.get("retry-after")).toBe("0.2");
    expect(rl.requestID).toMatch(/^req_/);
    expect(rl.error).toMatchObject({ message: "Slow down", type: "requests", code: "rate_limit_exceeded", param: null });
  });

  it("lets the SDK retry after a 429 (maxRetries: 1) and succeed", async () => {
    llm.script([{ error: { status: 429, message: "Slow down", retryAfter: 0.2 } }, { content: "second time lucky" }]);
    const retrying = new OpenAI({ apiKey: API_KEY, baseURL: llm.url, maxRetries: 1 });
    const t0 = Date.now();
    const r = await retrying.chat.completions.create({ model: MODEL, messages: messages() });
    expect(r.choices[0]!.message.content).toBe("second time lucky");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(180);
    expect(
      llm
        .requests()
        .filter((q) => q.path === "/v1/chat/completions")
        .map((q) => q.status),
    ).toEqual([429, 200]);
  });

  it("injects 500 by script and 503 by failNext config", async () => {
    llm.script([{ error: { status: 500 } }]);
    const e500 = await client.chat.completions.create({ model: MODEL, messages: messages() }).catch((e: unknown) => e);
    expect(e500).toBeInstanceOf(InternalServerError);
    expect((e500 as APIError).error).toMatchObject({ type: "server_error" });

    await control("/__fake/config", { failNext: { status: 503, times: 2 } });
    for (let i = 0; i < 2; i++) {
      const e = await client.chat.completions.create({ model: MODEL, messages: messages() }).catch((x: unknown) => x);
      expect((e as APIError).status).toBe(503);
    }
    const ok = await client.chat.completions.create({ model: MODEL, messages: messages() });
    expect(ok.choices[0]!.finish_reason).toBe("stop");
  });

  it("injects latency (config) and per-response delays (script)", async () => {
    llm.configure({ latencyMs: 250 });
    let t0 = Date.now();
    await client.chat.completions.create({ model: MODEL, messages: messages() });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(240);

    llm.configure({ latencyMs: 0 });
    llm.script([{ content: "slow", delayMs: 300 }]);
    t0 = Date.now();
    const r = await client.chat.completions.create({ model: MODEL, messages: messages() });
    expect(r.choices[0]!.message.content).toBe("slow");
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);

    // The SDK's timeout fires against a slow server.
    llm.script([{ content: "too slow", delayMs: 1_000 }]);
    const impatient = new OpenAI({ apiKey: API_KEY, baseURL: llm.url, maxRetries: 0, timeout: 200 });
    await expect(impatient.chat.completions.create({ model: MODEL, messages: messages() })).rejects.toThrow(/timed out/i);
  });

  it("serves scripted json, tool calls, invalid JSON, refusals and usage overrides", async () => {
    llm.script([
      { json: { reply: "scripted", citations: [] } },
      { toolCalls: [{ name: "lookup_order", arguments: { order_id: "1" } }] },
      { invalidJson: true },
      { refusal: "I can't help with that." },
      { content: "tiny", usage: { prompt_tokens: 7, completion_tokens: 1 } },
    ]);
    const ask = () => client.chat.completions.create({ model: MODEL, messages: messages(), tools: [ORDER_TOOL], tool_choice: "none" });
    expect(JSON.parse((await ask()).choices[0]!.message.content ?? "")).toEqual({ reply: "scripted", citations: [] });
    const tc = (await ask()).choices[0]!;
    expect(tc.finish_reason).toBe("tool_calls");
    expect(tc.message.tool_calls?.[0]).toMatchObject({ type: "function", function: { name: "lookup_order", arguments: '{"order_id":"1"}' } });
    const invalid = (await ask()).choices[0]!.message.content ?? "";
    expect(() => JSON.parse(invalid)).toThrow();
    const refusal = (await ask()).choices[0]!.message;
    expect(refusal).toMatchObject({ content: null, refusal: "I can't help with that." });
    expect((await ask()).usage).toMatchObject({ prompt_tokens: 7, completion_tokens: 1, total_tokens: 8 });
    expect((await control<{ pending: unknown[] }>("/__fake/script")).pending).toEqual([]);
  });

  it("keeps scripts scoped by match from leaking into other requests", async () => {
    await control("/__fake/script", { match: { contains: "TEST-A" }, responses: [{ content: "for A" }] });
    await control("/__fake/script", { responses: [{ content: "for B", match: { contains: "TEST-B" } }, { content: "for anyone" }] });
    const ask = (marker: string) =>
      client.chat.completions.create({ model: MODEL, messages: messages(`${marker}: where is my refund?`) }).then((r) => r.choices[0]!.message.content);
    const [b, a, other, unscoped] = await Promise.all([ask("TEST-B"), ask("TEST-A"), ask("TEST-C"), ask("TEST-A")]);
    expect(a).toBe("for A");
    expect(b).toBe("for B");
    // TEST-C and the second TEST-A request share the unscoped script and the default answer, in arrival order.
    expect([other, unscoped].filter((x) => x === "for anyone")).toHaveLength(1);
    expect([other, unscoped].filter((x) => x?.startsWith("Hi there,"))).toHaveLength(1);
  });

  it("clears scripts with DELETE /__fake/script", async () => {
    llm.script([{ content: "never served" }]);
    await control("/__fake/script", undefined, "DELETE");
    const r = await client.chat.completions.create({ model: MODEL, messages: messages() });
    expect(r.choices[0]!.message.content).not.toBe("never served");
  });
});

describe("errors, limits and auth", () => {
  it("rejects a bad key with 401 and never logs or records the key", async () => {
    const wrong = new OpenAI({ apiKey: "sk-wrong-key-999", baseURL: llm.url, maxRetries: 0 });
    await expect(wrong.chat.completions.create({ model: MODEL, messages: messages() })).rejects.toBeInstanceOf(AuthenticationError);
    await client.chat.completions.create({ model: MODEL, messages: messages() });
    const dump = JSON.stringify(llm.requests()) + logLines.join("\n");
    expect(dump).not.toContain(API_KEY);
    expect(dump).not.toContain("sk-wrong-key-999");
  });

  it("answers malformed JSON, bad roles, missing messages and oversize bodies in OpenAI's error shape", async () => {
    const post = (body: string) =>
      fetch(`${llm.url}/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${API_KEY}`, "content-type": "application/json" },
        body,
      });
    const malformed = await post("{not json");
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { type: "invalid_request_error", message: expect.any(String), param: null, code: null } });

    const missing = await post(JSON.stringify({ model: MODEL }));
    expect(missing.status).toBe(400);
    expect((await missing.json()).error).toMatchObject({ param: "messages", code: "missing_required_parameter" });

    const badRole = await post(JSON.stringify({ model: MODEL, messages: [{ role: "robot", content: "hi" }] }));
    expect(badRole.status).toBe(400);
    expect((await badRole.json()).error).toMatchObject({ param: "messages[0].role", code: "invalid_value" });

    const unknownParam = await post(JSON.stringify({ model: MODEL, messages: [{ role: "user", content: "hi" }], temprature: 1 }));
    expect(unknownParam.status).toBe(400);

    const huge = await post(JSON.stringify({ model: MODEL, messages: [{ role: "user", content: "x".repeat(3 * 1024 * 1024) }] }));
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.message).toMatch(/too large/);

    // Still alive.
    expect((await client.models.list()).data.length).toBeGreaterThan(0);
  });

  it("404s unknown models only when an allowlist is configured", async () => {
    await client.chat.completions.create({ model: "anything-goes", messages: messages() });
    llm.configure({ models: [MODEL] });
    const err = await client.chat.completions.create({ model: "gpt-unknown", messages: messages() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).code).toBe("model_not_found");
    expect((await client.models.list()).data.map((m) => m.id)).toEqual([MODEL]);
  });
});

describe("recording", () => {
  it("records every API request with its full body and without credentials", async () => {
    await client.chat.completions.create({ model: MODEL, messages: messages("Customer message: my email is jane.doe@example.com") });
    const { requests } = await control<{ requests: RecordedRequest[] }>("/__fake/requests");
    expect(requests).toHaveLength(1);
    const rec = requests[0]!;
    expect(rec).toMatchObject({ seq: expect.any(Number), method: "POST", path: "/v1/chat/completions", status: 200, hasAuthorization: true });
    expect(rec.headers.authorization).toBe("[redacted]");
    expect(new Date(rec.at).getTime()).toBeGreaterThan(0);
    expect((rec.body as { model?: unknown }).model).toBe(MODEL);
    expect(JSON.stringify(rec.body)).toContain("jane.doe@example.com");

    await control("/__fake/requests", undefined, "DELETE");
    expect((await control<{ requests: RecordedRequest[] }>("/__fake/requests")).requests).toEqual([]);
  });
});

describe("CLI", () => {
  it("prints the base URL and serves requests", async () => {
    const child = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "dev/fakes/llm/server.ts", "--port", "0", "--quiet"], {
      cwd: process.cwd(),
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const lines = createInterface({ input: child.stdout! });
        lines.once("line", resolve);
        child.once("exit", (code) => reject(new Error(`CLI exited early with ${code}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const c = new OpenAI({ apiKey: "unused", baseURL: url, maxRetries: 0 });
      const r = await c.chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "Hello there" }] });
      expect(r.choices[0]!.message.content).toMatch(/^Hi there,/);
    } finally {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
  });
});
