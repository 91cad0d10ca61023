/**
 * The cascade's LLM classification tier against the fake OpenAI-compatible server, through the real `openai`
 * client: the prompt and its strict schema, the validated answer, the cache, the ledger, and every way it
 * degrades to a recorded `ran: false` with its reason (never a throw, never a lost ticket).
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { classifyWithLlm, llmMinConfidence } from "../../worker/llm-triage/classify";
import { runCascade } from "../../worker/pipeline/cascade";
import { loadAccount } from "../../worker/store/accounts";
import { database } from "../../worker/store/db";
import { parseTaxonomy, type IntentTaxonomy } from "../../worker/triage/intents/schema";
import { parseRuleSource } from "../../worker/triage/rules/source";
import type { LlmTierOutcome } from "../../worker/triage/types";
import { llmRequests, llmSettings, marker, scriptLlm, SMALL, ticket } from "./drafting-fixtures";
import { createAccount, seedZendeskUser, uniqueAccountId, uniqueTicketId } from "./helpers";

const PRICE = { inputPerMTok: 0.15, outputPerMTok: 0.6 };

const TAXONOMY = parseTaxonomy({
  intents: [
    { id: "track_order", name: "Track an order", description: "The customer asks where their parcel is or when it will be delivered." },
    {
      id: "get_refund",
      name: "Refund",
      description: "The customer wants their money back for an order or an item.",
      examples: ["the mug arrived cracked, I want a refund", "please refund me", "money back for the broken lamp", "a fourth example never sent"],
    },
    { id: "warranty_claim", name: "Warranty claim", description: "A product stopped working within its warranty period.", examples: ["my blender died"] },
    { id: "newsletter_subscription", name: "Newsletter", description: "Subscribing to or leaving the mailing list.", enabled: false },
  ],
});

async function llmAccount(llm: Record<string, unknown> | null = {}): Promise<string> {
  const id = uniqueAccountId("llmtriage");
  await createAccount(id, {
    secrets: { webhookSigningSecret: "c2VjcmV0", apiToken: "t", llmApiKey: "sk-test-llm-key" },
    settings: llm === null ? {} : { llm: llmSettings({ prices: { [SMALL]: PRICE }, ...llm }) },
  });
  return id;
}

async function classify(
  accountId: string,
  text: string,
  taxonomy: IntentTaxonomy = TAXONOMY,
  ticketId = uniqueTicketId(),
  requesterId: number | null = null,
): Promise<LlmTierOutcome> {
  const db = database(env.DB);
  const account = await loadAccount(db, env.SECRETS_KEY, accountId);
  if (!account) throw new Error(`no account ${accountId}`);
  return classifyWithLlm(env, db, account, { ticketId, text, taxonomy, taxonomyVersion: null, requesterId });
}

interface AttemptRow {
  purpose: string;
  seq: number;
  model: string | null;
  outcome: string;
  response_format: string | null;
  http_status: number | null;
  error: string | null;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: number;
}

async function attempts(accountId: string): Promise<AttemptRow[]> {
  const rows = await env.DB.prepare(
    "select purpose, seq, model, outcome, response_format, http_status, error, prompt_tokens, completion_tokens, cost_usd from llm_attempts where account_id = ? order by id",
  )
    .bind(accountId)
    .all<AttemptRow>();
  return rows.results;
}

async function usage(accountId: string) {
  return env.DB.prepare("select cost_usd, prompt_tokens, llm_calls, llm_classifications from llm_usage_daily where account_id = ?").bind(accountId).first<{
    cost_usd: number;
    prompt_tokens: number;
    llm_calls: number;
    llm_classifications: number;
  }>();
}

const valid = { intent: "get_refund", confidence: 0.8, reason: "asks for money back" };

describe("a classification", () => {
  it("asks with the enabled intents and a strict schema, answers from the ticket text, and records the cost", async () => {
    const acct = await llmAccount();
    const m = marker();
    const outcome = await classify(acct, `My kettle arrived cracked, I want a refund please. ${m}`);
    expect(outcome).toMatchObject({ ran: true, intent: "get_refund", model: SMALL, cached: false });
    if (!outcome.ran) throw new Error("not ran");
    expect(outcome.confidence).toBeGreaterThanOrEqual(0.55);
    expect(outcome.confidence).toBeLessThanOrEqual(0.9);
    expect(outcome.reason).toMatch(/^\[local stand-in model\] matched .*'refund'.* of get_refund/);

    const [req, ...more] = await llmRequests(m);
    expect(more).toHaveLength(0);
    expect(req!.body.temperature).toBe(0);
    expect(req!.body.response_format).toMatchObject({
      type: "json_schema",
      json_schema: {
        name: "intent_classification",
        strict: true,
        schema: { properties: { intent: { enum: ["track_order", "get_refund", "warranty_claim", "none"] } }, required: ["intent", "confidence", "reason"] },
      },
    });
    const system = req!.body.messages[0]!.content!;
    expect(system).toContain("- get_refund (Refund): The customer wants their money back for an order or an item.");
    // Up to maxExamplesPerIntent (3) examples, JSON-quoted; a disabled intent is not offered at all.
    expect(system).toContain('Examples: "the mug arrived cracked, I want a refund"; "please refund me"; "money back for the broken lamp"');
    expect(system).not.toContain("a fourth example never sent");
    expect(system).not.toMatch(/newsletter/i);
    expect(req!.body.messages[1]!.content).toMatch(/^Ticket:\nMy kettle arrived cracked/);

    const rows = await attempts(acct);
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({ purpose: "classify", seq: 1, model: SMALL, outcome: "answer", response_format: "json_schema", http_status: 200, error: null });
    expect(row.prompt_tokens).toBeGreaterThan(100);
    expect(row.cost_usd).toBeCloseTo((row.prompt_tokens * PRICE.inputPerMTok + row.completion_tokens * PRICE.outputPerMTok) / 1e6, 12);
    expect(outcome.costUsd).toBeCloseTo(row.cost_usd, 12);
    expect(await usage(acct)).toMatchObject({ llm_calls: 1, llm_classifications: 1, prompt_tokens: row.prompt_tokens });
  });

  it("answers none when no intent fits, and a ticket whose words fit no intent is not forced into one", async () => {
    const acct = await llmAccount();
    const outcome = await classify(acct, `Thanks so much! ${marker()}`);
    expect(outcome).toMatchObject({ ran: true, intent: null });
    if (outcome.ran) expect(outcome.reason).toMatch(/^\[local stand-in model\] no intent shares enough words/);
  });

  it("is cached per content: the same text again makes no call and costs nothing; new intents ask again", async () => {
    const acct = await llmAccount();
    const m = marker();
    const text = `Where is my parcel? It has not been delivered yet. ${m}`;
    const first = await classify(acct, text);
    expect(first).toMatchObject({ ran: true, intent: "track_order", cached: false });
    const again = await classify(acct, text);
    expect(again).toMatchObject({ ran: true, intent: "track_order", cached: true, costUsd: 0 });
    if (first.ran && again.ran) expect([again.confidence, again.reason]).toEqual([first.confidence, first.reason]);
    expect(await llmRequests(m)).toHaveLength(1);
    expect(await attempts(acct)).toHaveLength(1);

    const more = parseTaxonomy({ intents: [...TAXONOMY.intents, { id: "parcel_lost", name: "Parcel lost", description: "The carrier lost the parcel." }] });
    const changed = await classify(acct, text, more);
    expect(changed).toMatchObject({ ran: true, cached: false });
    expect(await llmRequests(m)).toHaveLength(2);
  });
});

describe("a bad answer degrades to a recorded none", () => {
  it.each([
    ["not JSON", { invalidJson: true }, /^LLM answer invalid: not valid JSON/],
    ["an unknown intent id", { json: { ...valid, intent: "teleport_parcel" } }, /^LLM answer invalid: unknown intent id 'teleport_parcel'/],
    ["a disabled intent", { json: { ...valid, intent: "newsletter_subscription" } }, /^LLM answer invalid: unknown intent id 'newsletter_subscription'/],
    ["a confidence out of range", { json: { ...valid, confidence: 1.7 } }, /^LLM answer invalid: confidence 1\.7 is outside 0\.\.1$/],
    ["no confidence", { json: { intent: "get_refund", reason: "x" } }, /^LLM answer invalid: confidence is missing or not a number$/],
  ] as const)("%s", async (_label, response, reason) => {
    const acct = await llmAccount();
    const m = marker();
    await scriptLlm(m, [response]);
    const outcome = await classify(acct, `Refund please ${m}`);
    expect(outcome.ran).toBe(false);
    if (!outcome.ran) expect(outcome.reason).toMatch(reason);
    const rows = await attempts(acct);
    expect(rows).toEqual([expect.objectContaining({ purpose: "classify", outcome: "invalid_output", http_status: 200 })]);
    expect(rows[0]!.cost_usd).toBeGreaterThan(0);
    expect(rows[0]!.error).toBe((outcome as { reason: string }).reason.replace(/^LLM answer invalid: /, ""));
    // Invalid answers are not cached: the next try asks again (and gets the default, valid answer).
    expect(await classify(acct, `Refund please ${m}`)).toMatchObject({ ran: true, cached: false });
  });
});

describe("when the LLM cannot be asked or does not answer", () => {
  it("no LLM configured", async () => {
    const acct = await llmAccount(null);
    expect(await classify(acct, "Refund please")).toEqual({ ran: false, reason: "no LLM configured for this account (settings.llm.baseUrl)" });
    expect(await attempts(acct)).toEqual([]);
  });

  it("reads the confidence an answer needs from the account's settings", async () => {
    const db = database(env.DB);
    const strict = (await loadAccount(db, env.SECRETS_KEY, await llmAccount({ classification: { minConfidence: 0.8 } })))!;
    const plain = (await loadAccount(db, env.SECRETS_KEY, await llmAccount(null)))!;
    expect([llmMinConfidence(strict), llmMinConfidence(plain)]).toEqual([0.8, 0.5]);
  });

  it("classification turned off for the account", async () => {
    const acct = await llmAccount({ classification: { enabled: false } });
    const m = marker();
    expect(await classify(acct, `Refund please ${m}`)).toEqual({
      ran: false,
      reason: "LLM classification is turned off for this account (settings.llm.classification.enabled)",
    });
    expect(await llmRequests(m)).toHaveLength(0);
  });

  it("times out after the classification timeout, without a retry, and counts toward the circuit", async () => {
    const acct = await llmAccount({ classification: { timeoutMs: 500 } });
    const m = marker();
    await scriptLlm(m, [{ json: valid, delayMs: 2_000 }]);
    const started = Date.now();
    expect(await classify(acct, `Refund please ${m}`)).toEqual({ ran: false, reason: "LLM timed out after 500 ms" });
    expect(Date.now() - started).toBeLessThan(1_800);
    expect(await attempts(acct)).toEqual([expect.objectContaining({ purpose: "classify", outcome: "timeout", cost_usd: 0 })]);
    expect(await usage(acct)).toMatchObject({ llm_calls: 1, llm_classifications: 1 });
    const circuit = await env.DB.prepare("select consecutive_failures from llm_circuits where account_id = ?").bind(acct).first();
    expect(circuit).toEqual({ consecutive_failures: 1 });
  });

  it("stops asking once the daily budget is spent", async () => {
    const acct = await llmAccount({ dailyBudgetUsd: 0.01, prices: { [SMALL]: { inputPerMTok: 100, outputPerMTok: 100 } } });
    const m1 = marker("b1");
    const m2 = marker("b2");
    await scriptLlm(m1, [{ json: valid, usage: { prompt_tokens: 150, completion_tokens: 0 } }]);
    expect(await classify(acct, `Refund please ${m1}`)).toMatchObject({ ran: true, costUsd: 0.015 });
    expect(await classify(acct, `Refund again ${m2}`)).toEqual({ ran: false, reason: "daily LLM budget spent ($0.0150 of $0.0100 today, UTC)" });
    expect(await llmRequests(m2)).toHaveLength(0);
    expect((await attempts(acct)).map((a) => [a.purpose, a.outcome])).toEqual([
      ["classify", "answer"],
      ["classify", "skipped"],
    ]);
    // A cached answer costs nothing, so it is still given.
    expect(await classify(acct, `Refund please ${m1}`)).toMatchObject({ ran: true, cached: true });
  });

  it("retries a 5xx once, opens the circuit, and skips the LLM while it is open", async () => {
    const acct = await llmAccount({ circuitFailureThreshold: 1, circuitOpenSeconds: 60 });
    const m1 = marker("c1");
    const m2 = marker("c2");
    await scriptLlm(m1, [{ error: { status: 503, message: "overloaded" } }, { error: { status: 503, message: "overloaded" } }]);
    const failed = await classify(acct, `Refund please ${m1}`);
    expect(failed.ran).toBe(false);
    if (!failed.ran) expect(failed.reason).toMatch(/^LLM server error \(503: .*overloaded.*\); the circuit is now open for 60 s$/);
    const open = await classify(acct, `Refund again ${m2}`);
    expect(open.ran).toBe(false);
    if (!open.ran) expect(open.reason).toMatch(/^LLM circuit open until \d{4}-\d\d-\d\dT[\d:.]+Z \(1 failed call\(s\) in a row; last: LLM server error/);
    expect(await llmRequests(m2)).toHaveLength(0);
    expect((await attempts(acct)).map((a) => [a.outcome, a.http_status])).toEqual([
      ["server_error", 503],
      ["server_error", 503],
      ["skipped", null],
    ]);
    // One classification that called the LLM (twice): counted once.
    expect(await usage(acct)).toMatchObject({ llm_calls: 2, llm_classifications: 1 });
  });

  it("retries a 429 once after its Retry-After and then answers", async () => {
    const acct = await llmAccount();
    const m = marker();
    await scriptLlm(m, [{ error: { status: 429, message: "Rate limit reached", retryAfter: 0.1 } }]);
    expect(await classify(acct, `Refund please ${m}`)).toMatchObject({ ran: true, intent: "get_refund" });
    expect((await attempts(acct)).map((a) => a.outcome)).toEqual(["rate_limited", "answer"]);
  });

  it("reports an unreachable server and an authentication error in plain words", async () => {
    const down = await llmAccount({ baseUrl: "http://127.0.0.1:9/v1", backoffBaseMs: 10 });
    const unreachable = await classify(down, "Refund please");
    expect(unreachable.ran).toBe(false);
    if (!unreachable.ran) expect(unreachable.reason).toMatch(/^LLM unreachable/);
    expect((await attempts(down)).map((a) => a.outcome)).toEqual(["network_error", "network_error"]);

    const acct = await llmAccount();
    const m = marker();
    await scriptLlm(m, [{ error: { status: 401, message: "Incorrect API key provided", code: "invalid_api_key" } }]);
    const auth = await classify(acct, `Refund please ${m}`);
    expect(auth.ran).toBe(false);
    if (!auth.ran) expect(auth.reason).toMatch(/^LLM refused the API key \(401: .*invalid_api_key/);
    expect(await llmRequests(m)).toHaveLength(1);
  });
});

describe("privacy and formats", () => {
  it("never sends raw PII: e-mail, card and phone become placeholders", async () => {
    const acct = await llmAccount();
    const m = marker();
    const email = "jane.doe.refunds@example.org";
    const card = "4111 1111 1111 1111";
    const phone = "+44 20 7946 0958";
    await classify(acct, `Please refund the lamp, I paid with ${card}. Mail me at ${email} or call ${phone}. ${m}`);
    const [req] = await llmRequests(m);
    const sent = JSON.stringify(req!.body);
    for (const raw of [email, card, phone, "4111111111111111", "7946 0958"]) expect(sent).not.toContain(raw);
    expect(req!.body.messages[1]!.content).toMatch(/\[CARD_1\].*\[EMAIL_1\].*\[PHONE_1\]/);
  });

  it("redacts the requester's name, looked up in Zendesk, wherever the text carries it", async () => {
    const acct = await llmAccount();
    const m = marker();
    const requesterId = await seedZendeskUser({ name: "Zorvath Quillenby", email: `zq-${m}@example.org`, role: "end-user" });
    // Lower case and no sign-off: the text-only detectors miss it (checked), the looked-up name does not.
    await classify(acct, `The kettle was addressed to zorvath quillenby and arrived cracked, refund please ${m}`, TAXONOMY, uniqueTicketId(), requesterId);
    const [req] = await llmRequests(m);
    const sent = JSON.stringify(req!.body);
    expect(sent.toLowerCase()).not.toContain("zorvath");
    expect(sent.toLowerCase()).not.toContain("quillenby");
    expect(sent).toContain("[NAME_1]");
  });

  it("falls back to json_object + validation when the server rejects json_schema, and remembers it", async () => {
    const acct = await llmAccount();
    const m1 = marker("f1");
    await scriptLlm(m1, [
      { error: { status: 400, message: "json_schema response format is not supported by this server", param: "response_format.type", code: "invalid_value" } },
    ]);
    // The json_object retry gets the fake's default answer, read from the schema the prompt now carries.
    const outcome = await classify(acct, `My kettle arrived cracked, I want a refund please. ${m1}`);
    expect(outcome).toMatchObject({ ran: true, intent: "get_refund" });
    expect((await attempts(acct)).map((a) => [a.outcome, a.response_format])).toEqual([
      ["unsupported_json_schema", "json_schema"],
      ["answer", "json_object"],
    ]);
    const m2 = marker("f2");
    await classify(acct, `Where is my parcel? ${m2}`);
    const [req] = await llmRequests(m2);
    expect(req!.body.response_format).toEqual({ type: "json_object" });
    expect(req!.body.messages[0]!.content).toContain("It must validate against this JSON schema");
    expect(req!.body.messages[0]!.content).toContain('"enum":["track_order","get_refund","warranty_claim","none"]');
  });
});

describe("in the cascade", () => {
  it("decides a ticket the edge model is unsure about, and the decision says the LLM did", async () => {
    const acct = await llmAccount();
    const db = database(env.DB);
    const account = (await loadAccount(db, env.SECRETS_KEY, acct))!;
    const snapshot = ticket(`My kettle arrived cracked, I want a refund please. ${marker()}`, { subject: "Broken kettle" });
    const decision = await runCascade(
      env,
      db,
      { account, snapshot, table: parseRuleSource("rules: []\n", "yaml"), rulesVersion: null, requesterId: null },
      { taxonomy: { version: null, taxonomy: TAXONOMY }, pinned: null },
      {
        models: async () => ({
          fallback: null,
          classifier: {
            version: "unsure-stub",
            labels: ["track_order", "get_refund"],
            languages: ["en"],
            predict: async () => ({
              modelVersion: "unsure-stub",
              top: [
                { label: "track_order", probability: 0.4 },
                { label: "get_refund", probability: 0.35 },
              ],
              margin: 0.05,
              abstain: true,
              outOfScope: false,
            }),
          },
        }),
        llm: classifyWithLlm,
      },
    );
    expect(decision).toMatchObject({ tier: "llm", intent: "get_refund" });
    expect(decision.cascade.llm).toMatchObject({ ran: true, intent: "get_refund", model: SMALL });
    expect(decision.reasons.join("\n")).toMatch(/LLM tier \(fake-gpt-4o-mini\): intent get_refund at [\d.]+%: \[local stand-in model\]/);
  });
});
