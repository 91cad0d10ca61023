/** Shared by the drafting tests: accounts with an LLM, tickets, decisions, and the fake LLM's control API. */
import { makeDecision } from "../../worker/triage/make-decision";
import { env, SELF } from "cloudflare:test";
import demoStore from "../../dev/demo-data/demo-store.json";
import { composeDraft, type ComposedDraft, type ComposeHooks } from "../../worker/drafting/compose";
import { loadAccount } from "../../worker/store/accounts";
import { database } from "../../worker/store/db";
import type { TicketSnapshot, TriageDecision } from "../../worker/triage/types";
import { ADMIN, createAccount, uniqueAccountId, uniqueTicketId, ZENDESK_TEST_SECRET } from "./helpers";

export const SMALL = "fake-gpt-4o-mini";
export const LARGE = "fake-gpt-4o";

/** The fake LLM's origin (its control API lives under /__fake). */
export function llmOrigin(): string {
  return env.FAKE_LLM_URL.replace(/\/v1\/?$/, "");
}

export interface RecordedLlmRequest {
  seq: number;
  path: string;
  status: number;
  body: {
    model: string;
    messages: { role: string; content: string | null }[];
    response_format?: { type: string; json_schema?: { strict?: boolean; schema?: unknown } };
    tools?: unknown[];
    tool_choice?: unknown;
    max_tokens?: number;
    temperature?: number;
  };
  source: string;
}

export async function scriptLlm(marker: string, responses: unknown[]): Promise<void> {
  const res = await fetch(`${llmOrigin()}/__fake/script`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ responses, match: { contains: marker } }),
  });
  if (!res.ok) throw new Error(`scriptLlm: ${res.status} ${await res.text()}`);
}

/** Chat requests whose body mentions `marker` (tests run in parallel; markers keep them apart). */
export async function llmRequests(marker: string): Promise<RecordedLlmRequest[]> {
  const res = await fetch(`${llmOrigin()}/__fake/requests?path=/v1/chat/completions`);
  const { requests } = (await res.json()) as { requests: RecordedLlmRequest[] };
  return requests.filter((r) => JSON.stringify(r.body).includes(marker));
}

export function llmSettings(patch: Record<string, unknown> = {}) {
  return {
    baseUrl: env.FAKE_LLM_URL,
    smallModel: SMALL,
    largeModel: LARGE,
    prices: { [SMALL]: { inputPerMTok: 0.15, outputPerMTok: 0.6 }, [LARGE]: { inputPerMTok: 2.5, outputPerMTok: 10 } },
    backoffBaseMs: 20,
    timeoutMs: 5_000,
    ...patch,
  };
}

/** A fresh account with the demo knowledge base and (unless llm is null) an LLM pointing at the fake. */
export async function draftingAccount(opts: { llm?: Record<string, unknown> | null; tools?: unknown[]; prefix?: string; kb?: boolean } = {}): Promise<string> {
  const id = uniqueAccountId(opts.prefix ?? "draft");
  const settings: Record<string, unknown> = {};
  if (opts.llm !== null) settings.llm = llmSettings(opts.llm ?? {});
  if (opts.tools) settings.tools = opts.tools;
  await createAccount(id, { secrets: { webhookSigningSecret: ZENDESK_TEST_SECRET, apiToken: "test-api-token", llmApiKey: "sk-test-llm-key" }, settings });
  if (opts.kb !== false) {
    const res = await SELF.fetch(`http://worker/admin/kb/import?account=${id}`, {
      method: "POST",
      headers: { ...ADMIN, "Content-Type": "application/json" },
      body: JSON.stringify(demoStore),
    });
    if (!res.ok) throw new Error(`kb import: ${res.status} ${await res.text()}`);
  }
  return id;
}

export function ticket(text: string, patch: Partial<TicketSnapshot> = {}): TicketSnapshot {
  return {
    id: uniqueTicketId(),
    subject: "Question about my order",
    description: text,
    comments: [],
    status: "new",
    priority: null,
    channel: "web",
    tags: [],
    requesterTags: [],
    organizationTags: [],
    ...patch,
  };
}

export function decision(patch: Partial<TriageDecision> = {}): TriageDecision {
  return makeDecision({ intent: "track_order", confidence: 0.9, language: "en", route: "draft", reasons: ["test"], ...patch });
}

export async function compose(
  accountId: string,
  t: TicketSnapshot,
  d: TriageDecision = decision(),
  hooks: ComposeHooks = {},
): Promise<ComposedDraft & { draftId: number }> {
  const account = await loadAccount(database(env.DB), env.SECRETS_KEY, accountId);
  if (!account) throw new Error(`no account ${accountId}`);
  const draftId = uniqueTicketId();
  const draft = await composeDraft(env, { account, ticket: t, decision: d, draftId }, hooks);
  return { ...draft, draftId };
}

/** A unique tag to find a test's LLM requests by. Letters only: a digit run could be read as a card number and redacted. */
export function marker(prefix = "mk"): string {
  const letters = crypto
    .randomUUID()
    .replace(/-/g, "")
    .slice(0, 12)
    .replace(/\d/g, (d) => "ghijklmnop"[Number(d)]!);
  return `${prefix}-${letters}`;
}

export const draftJson = (patch: Record<string, unknown> = {}) => ({
  reply: "Hi there, thanks for your message.",
  citations: [],
  needs_human: false,
  reason: "test",
  confidence: 0.8,
  ...patch,
});
