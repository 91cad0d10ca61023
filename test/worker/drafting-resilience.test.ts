/**
 * When the LLM is missing, over budget, down, slow or answering nonsense, composeDraft never throws: it writes a
 * template draft from the best macro/article, says why in `note`, and records every attempt.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { compose, decision, draftingAccount, draftJson, llmRequests, marker, scriptLlm, SMALL, ticket } from "./drafting-fixtures";

async function attempts(draftId: number) {
  return (
    await env.DB.prepare("select outcome, http_status, error, response_format from llm_attempts where draft_id = ? order by id")
      .bind(draftId)
      .all<{ outcome: string; http_status: number | null; error: string | null; response_format: string | null }>()
  ).results;
}

describe("the offline template drafter", () => {
  it("drafts from the best macro when no LLM is configured, clearly marked as a template", async () => {
    const acct = await draftingAccount({ llm: null, prefix: "offline" });
    const draft = await compose(acct, ticket("I was charged twice for my order, please fix this"), decision({ intent: "payment_issue" }));
    expect(draft).toMatchObject({ source: "template", model: null, costUsd: 0, needsHuman: true });
    expect(draft.note).toBe("Template draft: no LLM is configured for this account (settings.llm.baseUrl).");
    expect(draft.reason).toMatch(/^Template draft from macro "Double charge: authorisation explained"/);
    expect(draft.citations).toEqual([{ id: "mac-08", title: "Double charge: authorisation explained", url: null }]);
    expect(draft.body).toMatch(/^Hi there,\n\nThanks for checking with us\./);
    expect(draft.body).not.toContain("{{");
    expect(await attempts(draft.draftId)).toEqual([
      { outcome: "skipped", http_status: null, error: "no LLM is configured for this account (settings.llm.baseUrl)", response_format: null },
    ]);
  });

  it("falls back to an article, or to a holding reply when nothing matches", async () => {
    const acct = await draftingAccount({ llm: null, prefix: "offline2" });
    const article = await compose(acct, ticket("Do you ship to Japan, and do I pay customs duties?"), decision({ intent: "delivery_options" }));
    expect(article.citations[0]?.id).toBe("shp-07");
    expect(article.body).toContain('Our help-center article "International shipping, duties and taxes" covers this');
    expect(article.body).toContain("https://help.fernhill-goods.example/");
    const empty = await draftingAccount({ llm: null, prefix: "offline3", kb: false });
    const holding = await compose(empty, ticket("Zxqv plorb?"));
    expect(holding).toMatchObject({ source: "template", citations: [], confidence: 0.1 });
    expect(holding.reason).toMatch(/No knowledge-base document matched/);
  });
});

describe("resilience", () => {
  it("retries 429 with Retry-After and 5xx with back-off, then drafts", async () => {
    const acct = await draftingAccount({ prefix: "retry", kb: false });
    const m = marker();
    await scriptLlm(m, [
      { error: { status: 429, message: "Rate limit reached", retryAfter: 0.2 } },
      { error: { status: 500, message: "boom" } },
      { json: draftJson() },
    ]);
    const started = Date.now();
    const draft = await compose(acct, ticket(`Hello ${m}`));
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(draft.source).toBe("llm");
    expect((await attempts(draft.draftId)).map((a) => [a.outcome, a.http_status])).toEqual([
      ["rate_limited", 429],
      ["server_error", 500],
      ["answer", 200],
    ]);
  });

  it("times out a slow LLM and falls back", async () => {
    const acct = await draftingAccount({ prefix: "slow", llm: { timeoutMs: 600, maxRetries: 0 } });
    const m = marker();
    await scriptLlm(m, [{ json: draftJson(), delayMs: 3_000 }]);
    const draft = await compose(acct, ticket(`Where is my order? ${m}`));
    expect(draft.source).toBe("template");
    expect(draft.note).toMatch(/^Template draft: the LLM is unavailable \(the LLM did not answer in time\)/);
    expect((await attempts(draft.draftId))[0]).toMatchObject({ outcome: "timeout" });
  });

  it("opens the circuit after repeated failures, skips the LLM while open, and closes after a good trial call", async () => {
    const acct = await draftingAccount({ prefix: "circuit", kb: false, llm: { maxRetries: 0, circuitFailureThreshold: 2, circuitOpenSeconds: 1 } });
    const m1 = marker("c1");
    const m2 = marker("c2");
    const m3 = marker("c3");
    const m4 = marker("c4");
    await scriptLlm(m1, [{ error: { status: 503 } }]);
    await scriptLlm(m2, [{ error: { status: 503 } }]);
    const d1 = await compose(acct, ticket(`one ${m1}`));
    expect(d1.source).toBe("template");
    expect(d1.note).not.toMatch(/circuit is now open/);
    const d2 = await compose(acct, ticket(`two ${m2}`));
    expect(d2.note).toMatch(/the circuit is now open for 1 s/);
    const d3 = await compose(acct, ticket(`three ${m3}`));
    expect(d3.note).toMatch(/^Template draft: the LLM is paused for this account: circuit open after 2 failed draft\(s\) in a row/);
    expect(await llmRequests(m3)).toHaveLength(0);
    expect(await attempts(d3.draftId)).toEqual([expect.objectContaining({ outcome: "skipped" })]);
    const state = await env.DB.prepare("select consecutive_failures, open_until from llm_circuits where account_id = ?")
      .bind(acct)
      .first<{ consecutive_failures: number; open_until: number }>();
    expect(state!.consecutive_failures).toBe(2);

    await new Promise((r) => setTimeout(r, 1_100));
    const d4 = await compose(acct, ticket(`four ${m4}`));
    expect(d4.source).toBe("llm");
    expect(await env.DB.prepare("select consecutive_failures, open_until from llm_circuits where account_id = ?").bind(acct).first()).toEqual({
      consecutive_failures: 0,
      open_until: null,
    });
  });

  it("stops calling the LLM once the daily budget is spent, and records why", async () => {
    const acct = await draftingAccount({
      prefix: "budget",
      kb: false,
      llm: { dailyBudgetUsd: 0.01, prices: { [SMALL]: { inputPerMTok: 100, outputPerMTok: 100 } } },
    });
    const m1 = marker("b1");
    const m2 = marker("b2");
    await scriptLlm(m1, [{ json: draftJson(), usage: { prompt_tokens: 150, completion_tokens: 0 } }]);
    const first = await compose(acct, ticket(`first ${m1}`));
    expect(first).toMatchObject({ source: "llm", costUsd: 0.015 });
    const second = await compose(acct, ticket(`second ${m2}`));
    expect(second.source).toBe("template");
    expect(second.note).toBe("Template draft: the daily LLM budget of $0.0100 is spent ($0.0150 today, UTC).");
    expect(await llmRequests(m2)).toHaveLength(0);
    const day = await env.DB.prepare("select cost_usd, llm_drafts, template_drafts, over_budget from llm_usage_daily where account_id = ?").bind(acct).first();
    expect(day).toEqual({ cost_usd: 0.015, llm_drafts: 1, template_drafts: 1, over_budget: 1 });
  });

  it("repairs one invalid answer, and falls back after a second", async () => {
    const acct = await draftingAccount({ prefix: "invalid" });
    const t1 = ticket(`Where is my order? ${marker("i1")}`);
    await scriptLlm(`${t1.description}`, [{ invalidJson: true }]);
    const repaired = await compose(acct, t1);
    expect(repaired.source).toBe("llm");
    expect(repaired.note).toBe("The model's first answer was invalid; this is its second try.");

    const t2 = ticket(`Where is my order? ${marker("i2")}`);
    await scriptLlm(t2.description, [{ json: { reply: "missing fields" } }]);
    await scriptLlm(`ticket #${t2.id} could not be used`, [{ content: "Sure! Here is your reply without JSON." }]);
    const failed = await compose(acct, t2);
    expect(failed.source).toBe("template");
    expect(failed.note).toMatch(/^Template draft: the LLM's answer was invalid \(the model's answer was not a valid draft twice/);
    expect(failed.costUsd).toBeGreaterThan(0);
    expect((await attempts(failed.draftId)).map((a) => a.outcome)).toEqual(["invalid_output", "invalid_output"]);
  });

  it("switches to json_object + validation when the server rejects json_schema, and remembers it", async () => {
    const acct = await draftingAccount({ prefix: "fmt", kb: false });
    const m1 = marker("f1");
    await scriptLlm(m1, [
      { error: { status: 400, message: "json_schema response format is not supported by this server", param: "response_format.type", code: "invalid_value" } },
      { json: draftJson() },
    ]);
    const d1 = await compose(acct, ticket(`Hello ${m1}`));
    expect(d1.source).toBe("llm");
    expect((await attempts(d1.draftId)).map((a) => [a.outcome, a.response_format])).toEqual([
      ["unsupported_json_schema", "json_schema"],
      ["answer", "json_object"],
    ]);
    const m2 = marker("f2");
    await compose(acct, ticket(`Again ${m2}`));
    const [req] = await llmRequests(m2);
    expect(req!.body.response_format).toEqual({ type: "json_object" });
    expect(req!.body.messages[0]!.content).toContain("It must validate against this JSON schema");
  });

  it("falls back on an authentication error without retrying", async () => {
    const acct = await draftingAccount({ prefix: "auth", kb: false });
    const m = marker();
    await scriptLlm(m, [{ error: { status: 401, message: "Incorrect API key provided", code: "invalid_api_key" } }]);
    const draft = await compose(acct, ticket(`Hello ${m}`));
    expect(draft.source).toBe("template");
    expect(draft.note).toMatch(/the LLM is unavailable \(invalid_api_key/);
    expect(await attempts(draft.draftId)).toHaveLength(1);
  });

  it("sends the account's API key, and reports an unreachable server", async () => {
    const acct = await draftingAccount({ prefix: "unreach", kb: false, llm: { baseUrl: "http://127.0.0.1:9/v1", maxRetries: 1, backoffBaseMs: 10 } });
    const draft = await compose(acct, ticket("Hello"));
    expect(draft.source).toBe("template");
    expect(draft.note).toMatch(/LLM unreachable/);
    expect((await attempts(draft.draftId)).map((a) => a.outcome)).toEqual(["network_error", "network_error"]);
    const keyed = await draftingAccount({ prefix: "key", kb: false });
    const m = marker();
    await compose(keyed, ticket(`Hello ${m}`));
    const res = await fetch(`${env.FAKE_LLM_URL.replace(/\/v1$/, "")}/__fake/requests?path=/v1/chat/completions`);
    const reqs = ((await res.json()) as { requests: { body: unknown; hasAuthorization: boolean; headers: Record<string, string> }[] }).requests.filter((r) =>
      JSON.stringify(r.body).includes(m),
    );
    expect(reqs[0]!.hasAuthorization).toBe(true);
    expect(reqs[0]!.headers.authorization).toBe("[redacted]");
  });
});
