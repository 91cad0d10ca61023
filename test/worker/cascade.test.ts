import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { AccountClassifier } from "../../worker/intent-model/account-model";
import type { LlmClassifyRequest } from "../../worker/llm-triage/classify";
import type { CascadeTiers } from "../../worker/pipeline/cascade";
import { processEvent } from "../../worker/pipeline/process-event";
import { correctIntent, currentIntent } from "../../worker/sidebar/corrections";
import { latestCorrection } from "../../worker/store/corrections";
import { database } from "../../worker/store/db";
import { latestDecision, toDecision } from "../../worker/store/decisions";
import { recordEvent } from "../../worker/store/events";
import { trainingExamplesFor } from "../../worker/store/training-examples";
import { llmTierNeed } from "../../worker/triage/engine/cascade";
import { triage, type TriageInput } from "../../worker/triage/engine/triage";
import { parseTaxonomy } from "../../worker/triage/intents/schema";
import { decisionNote } from "../../worker/triage/note";
import { parseRuleSource } from "../../worker/triage/rules/source";
import type { LlmTierOutcome, TicketSnapshot } from "../../worker/triage/types";
import { prediction, ticket } from "./triage-fixtures";
import { createAccount, seedTicket, ticketEvent, uniqueAccountId, uniqueTicketId } from "./helpers";

const unsure = (label: string, probability: number) => prediction(label, probability, { abstain: true });
const llmSays = (intent: string | null, confidence: number): LlmTierOutcome => ({
  ran: true,
  intent,
  confidence,
  reason: "test answer",
  model: "test-llm",
  cached: false,
  costUsd: 0.0001,
});

const TAXONOMY = parseTaxonomy({
  intents: [
    { id: "track_order", name: "Track order", description: "Where the order is", zendesk: { tag: "wismo" } },
    { id: "get_refund", name: "Refund", description: "Money back" },
    { id: "warranty_claim", name: "Warranty", description: "A product broke within warranty", examples: ["my kettle broke after a month"] },
    { id: "newsletter_subscription", name: "Newsletter", description: "Mailing list", enabled: false },
  ],
});

const TABLE = parseRuleSource(
  `
rules:
  - id: lawyer
    when: { text: { keywords: [lawyer] } }
    then: { intent: complaint, route: escalate }
  - id: refunds-draft
    when: { intent: [get_refund] }
    then: { route: draft }
  - id: llm-unsure
    when: { all: [ { tier: llm }, { confidence: { lt: 0.7 } } ] }
    then: { tags: [llm_low_confidence] }
`,
  "yaml",
);

function run(extra: Partial<TriageInput>) {
  return triage({ ticket: ticket(), table: TABLE, rulesVersion: 1, prediction: null, taxonomy: TAXONOMY, ...extra });
}

describe("cascade order (pure core)", () => {
  it("an agent's correction beats rules and the model, and rules cannot change it", () => {
    const d = run({
      ticket: ticket({ description: "My lawyer will hear about this" }),
      prediction: prediction("track_order", 0.99),
      pinned: { intent: "get_refund", correctionId: 7, actorName: "Ana" },
    });
    // The rules re-run with the corrected intent: refunds-draft (after lawyer) routes it, the lawyer's intent is refused.
    expect(d).toMatchObject({ intent: "get_refund", tier: "agent", confidence: null, route: "draft" });
    expect(d.cascade).toMatchObject({ tier: "agent", correctionId: 7 });
    expect(d.reasons.join("\n")).toMatch(/intent complaint not applied: an agent's correction holds/);
    expect(llmTierNeed(d, null)).toEqual({ ask: false, reason: "the agent tier decided" });
  });

  it("a rule that sets the intent decides and the LLM is not asked", () => {
    const d = run({ ticket: ticket({ description: "I will call my lawyer" }), prediction: unsure("track_order", 0.4) });
    expect(d).toMatchObject({ intent: "complaint", tier: "rule", route: "escalate" });
    expect(d.cascade.ruleId).toBe("lawyer");
    expect(llmTierNeed(d, unsure("track_order", 0.4)).ask).toBe(false);
  });

  it("a confident edge model decides; its mapped Zendesk tag replaces intent__<id>", () => {
    const d = run({ prediction: prediction("track_order", 0.93) });
    expect(d).toMatchObject({ intent: "track_order", tier: "model", confidence: 0.93 });
    expect(d.tags).toContain("wismo");
    expect(d.tags.some((t) => t.startsWith("intent__"))).toBe(false);
    expect(decisionNote(d)).toMatch(/decided by edge model \(93\.0% confidence\)/);
  });

  it("an unsure model asks the LLM, whose label decides (and rules can read the tier)", () => {
    const first = run({ prediction: unsure("get_refund", 0.41) });
    expect(first).toMatchObject({ tier: "none", intent: null });
    expect(llmTierNeed(first, unsure("get_refund", 0.41))).toEqual({ ask: true });
    const d = run({ prediction: unsure("get_refund", 0.41), llm: llmSays("get_refund", 0.66) });
    expect(d).toMatchObject({ intent: "get_refund", tier: "llm", confidence: 0.66, route: "draft" });
    expect(d.tags).toContain("llm_low_confidence");
    expect(d.cascade.summary).toMatch(/edge model was unsure .* so the LLM classified it: get_refund at 66\.0%/);
    expect(run({ prediction: unsure("get_refund", 0.41), llm: llmSays("get_refund", 0.9) }).tags).not.toContain("llm_low_confidence");
  });

  it("says in plain words why no tier decided, and does not draft it", () => {
    const none = run({ prediction: unsure("get_refund", 0.3), llm: llmSays(null, 0.8) });
    expect(none).toMatchObject({ tier: "none", intent: null, route: "auto" });
    expect(none.cascade.summary).toMatch(/no tier placed the ticket: the edge model was unsure .*LLM said none of the intents fits/);
    const low = run({ prediction: unsure("get_refund", 0.3), llm: llmSays("get_refund", 0.3) });
    expect(low).toMatchObject({ tier: "none", intent: null });
    expect(low.cascade.summary).toMatch(/below the confidence needed/);
    const down = run({ prediction: unsure("get_refund", 0.3), llm: { ran: false, reason: "LLM circuit open" } });
    expect(down.cascade.summary).toMatch(/LLM tier did not run \(LLM circuit open\)/);
    expect(decisionNote(down)).toMatch(/Intent: none — no tier could place it/);
  });

  it("never decides a disabled intent, from the model or the LLM", () => {
    const d = run({ prediction: prediction("newsletter_subscription", 0.97), llm: llmSays("newsletter_subscription", 0.9) });
    expect(d).toMatchObject({ tier: "none", intent: null });
    expect(d.cascade.summary).toMatch(/disabled/);
  });

  it("trusts a sure out-of-scope verdict and skips the LLM; a doubtful one is checked", () => {
    const sure = prediction("track_order", 0.01, { outOfScope: true, abstain: true });
    expect(llmTierNeed(run({ prediction: sure }), sure)).toEqual({ ask: false, reason: "the edge model is sure the ticket is out of scope" });
    const doubtful = prediction("track_order", 0.2, { outOfScope: true, abstain: true });
    expect(llmTierNeed(run({ prediction: doubtful }), doubtful)).toEqual({ ask: true });
  });

  it("does not trust an out-of-scope verdict on a language the model was not trained on", () => {
    const sure = prediction("track_order", 0.01, { outOfScope: true, abstain: true });
    const german = run({
      ticket: ticket({ subject: "Bestellung", description: "Hallo, ich habe vor zehn Tagen bestellt und noch nichts bekommen. Wann kommt das Paket?" }),
      prediction: sure,
    });
    expect(german.language).toBe("de");
    expect(llmTierNeed(german, sure, { modelLanguages: ["en"] })).toEqual({ ask: true });
    expect(llmTierNeed(german, sure, { modelLanguages: ["en", "de"] })).toEqual({ ask: false, reason: "the edge model is sure the ticket is out of scope" });
    // English is what every model knows by default.
    expect(llmTierNeed(run({ prediction: sure }), sure, { modelLanguages: ["en"] }).ask).toBe(false);
  });

  it("never lets the model decide a ticket in a language it has no training data for: the LLM is asked", () => {
    const confident = prediction("track_order", 0.93);
    const spanish = { ticket: ticket({ subject: "Pedido", description: "Hola, hice un pedido hace diez días y todavía no ha llegado nada. ¿Dónde está?" }) };
    const englishOnly = run({ ...spanish, prediction: confident, modelLanguages: ["en"] });
    expect(englishOnly.language).toBe("es");
    expect(englishOnly.tier).toBe("none");
    expect(englishOnly.reasons[0]).toContain("the edge model has no es training data (its guess: track_order at 93.0%)");
    expect(llmTierNeed(englishOnly, confident, { modelLanguages: ["en"] })).toEqual({ ask: true });
    const withLlm = run({ ...spanish, prediction: confident, modelLanguages: ["en"], llm: llmSays("track_order", 0.9) });
    expect(withLlm.tier).toBe("llm");
    expect(withLlm.reasons[0]).toContain("so the LLM classified it: track_order");
    // Trained on Spanish, or no language list at all (an older model): the model decides as before.
    expect(run({ ...spanish, prediction: confident, modelLanguages: ["en", "es"] }).tier).toBe("model");
    expect(run({ ...spanish, prediction: confident }).tier).toBe("model");
  });
});

// Read through Vite's `?raw` query (a string module); the specifier is a variable so TypeScript needs no declaration.
const DEFAULT_RULES = "../../rules/default.yaml?raw";

describe("the default rule table keeps noise out of drafting", async () => {
  const table = parseRuleSource(((await import(/* @vite-ignore */ DEFAULT_RULES)) as { default: string }).default, "yaml");
  const nobodyKnows = unsure("contact_customer_service", 0.2);
  const decide = (t: Partial<TicketSnapshot>) => triage({ ticket: ticket(t), table, rulesVersion: 1, prediction: nobodyKnows });

  it.each([
    [
      "out-of-office",
      { subject: "Automatic reply: your order", description: "I am currently out of the office with limited access to email." },
      "ignore",
      "auto_reply",
    ],
    ["spam", { subject: "Grow your shop", description: "We offer SEO services to get you on the first page of Google." }, "ignore", "spam"],
    ["thank-you", { subject: "Re: order 5512", description: "Where is it?", comments: [{ id: "2", body: "Thanks so much! Maria" }] }, "auto", "thank_you"],
    ["ok thanks", { subject: "Re: refund", description: "ok, thanks!" }, "auto", "thank_you"],
    ["empty follow-up", { subject: "Re: order", description: "Is it shipped?", comments: [{ id: "2", body: " ?? " }] }, "auto", "empty_follow_up"],
  ])("%s is routed %s and tagged", (_name, t, route, tag) => {
    const d = decide(t as Partial<TicketSnapshot>);
    expect(d.route).toBe(route);
    expect(d.tags).toContain(tag);
    expect(llmTierNeed(d, nobodyKnows).ask).toBe(route !== "ignore");
  });

  it("a thank-you that asks for more is not swallowed, and an unplaced ticket is not drafted", () => {
    const d = decide({ description: "Thanks, but my parcel still has not arrived and I need it by Friday." });
    expect(d.tags).not.toContain("thank_you");
    const unplaced = decide({ subject: "Hello", description: "I have a question about your shop, can someone call me back." });
    expect(unplaced).toMatchObject({ tier: "none", route: "auto" });
  });
});

describe("the cascade in the pipeline", () => {
  const account = uniqueAccountId("cascade");
  let llmCalls: LlmClassifyRequest[] = [];
  let modelCalls = 0;
  const tiers: CascadeTiers = {
    models: async (): Promise<AccountClassifier> => ({
      fallback: null,
      classifier: {
        version: "stub-model",
        labels: ["track_order", "get_refund"],
        languages: ["en"],
        predict: async (text) => {
          modelCalls++;
          // An English-only model reading German: sure it is out of scope.
          if (/Paket|Bestellung/.test(text)) return prediction("track_order", 0.01, { outOfScope: true, abstain: true });
          return /where is/i.test(text) ? prediction("track_order", 0.95) : unsure("get_refund", 0.35);
        },
      },
    }),
    llm: async (_env, _db, _account, request) => {
      llmCalls.push(request);
      if (/Paket/.test(request.text)) return llmSays("track_order", 0.88);
      return /kettle/i.test(request.text) ? llmSays("get_refund", 0.82) : llmSays(null, 0.7);
    },
  };

  beforeAll(async () => {
    await createAccount(account, { settings: { writeBack: false } });
  });

  async function triageTicket(id: number, subject: string, description: string, comment?: string) {
    await seedTicket({ id, subject, description, updated_at: new Date().toISOString() });
    const db = database(env.DB);
    const event = await recordEvent(db, {
      accountId: account,
      dedupeKey: `cascade-${id}-${crypto.randomUUID()}`,
      eventType: comment ? "zen:event-type:ticket.comment_added" : "zen:event-type:ticket.created",
      ticketId: id,
      payload: JSON.stringify(
        ticketEvent(id, {
          subject,
          description,
          ...(comment
            ? {
                type: "zen:event-type:ticket.comment_added",
                comment: { id: crypto.randomUUID(), body: comment, is_public: true, author: { id: "9000000001", is_staff: false } },
              }
            : {}),
        }),
      ),
    });
    expect(await processEvent(env, { eventId: event.id, accountId: account }, tiers)).toBe("triaged");
    return toDecision((await latestDecision(db, account, id))!);
  }

  it("asks the LLM only when the edge model is unsure, and keeps its label as a training example", async () => {
    llmCalls = [];
    const sure = await triageTicket(uniqueTicketId(), "Where is my parcel?", "Where is my order 5531?");
    expect(sure).toMatchObject({ tier: "model", intent: "track_order" });
    expect(llmCalls).toHaveLength(0);

    const id = uniqueTicketId();
    const d = await triageTicket(id, "Broken kettle", "My kettle arrived cracked, I want my money back.");
    expect(d).toMatchObject({ tier: "llm", intent: "get_refund", confidence: 0.82 });
    expect(llmCalls).toHaveLength(1);
    expect(modelCalls).toBe(2);
    expect(llmCalls[0]!.text).toMatch(/kettle arrived cracked/);
    const examples = await trainingExamplesFor(database(env.DB), account, { split: "all" });
    expect(examples.find((e) => e.ticketId === id)).toMatchObject({ intent: "get_refund", source: "llm", confidence: 0.82 });
  });

  it("a German ticket the English model calls out of scope goes to the LLM, and its label is kept", async () => {
    llmCalls = [];
    const id = uniqueTicketId();
    const d = await triageTicket(id, "Wo ist mein Paket?", "Hallo, ich habe vor zehn Tagen bestellt und mein Paket ist noch nicht angekommen.");
    expect(d).toMatchObject({ language: "de", tier: "llm", intent: "track_order", confidence: 0.88 });
    expect(llmCalls).toHaveLength(1);
    const examples = await trainingExamplesFor(database(env.DB), account, { split: "all" });
    expect(examples.find((e) => e.ticketId === id)).toMatchObject({ intent: "track_order", source: "llm" });
  });

  it("a correction survives a later customer message: the intent stays, the rest is re-triaged", async () => {
    const id = uniqueTicketId();
    const db = database(env.DB);
    const first = await triageTicket(id, "Broken kettle", "My kettle arrived cracked, I want my money back.");
    // Through the sidebar's correction path (write-back is off for this account, so Zendesk is not re-tagged).
    const corrected = await correctIntent(env, { accountId: account, userId: "42", name: "Ana Agent" }, id, "track_order");
    expect(corrected).toMatchObject({ ok: true, status: 201 });
    const examples = await trainingExamplesFor(db, account, { split: "all" });
    // The correction is the ticket's training label from now on; the LLM's label of the same ticket is outranked.
    expect(examples.find((e) => e.ticketId === id)).toMatchObject({ intent: "track_order", source: "correction" });
    llmCalls = [];
    const later = await triageTicket(
      id,
      "Broken kettle",
      "My kettle arrived cracked, I want my money back.",
      "This is ridiculous, nobody answers me. Terrible service!",
    );
    expect(later).toMatchObject({ tier: "agent", intent: "track_order" });
    expect(later.sentiment).not.toBe(first.sentiment);
    expect(later.cascade.summary).toMatch(/set by an agent's correction \(Ana Agent\)/);
    expect(llmCalls).toHaveLength(0);
    // The sidebar still shows the intent as the agent's correction, not as triage's.
    const correction = await latestCorrection(db, account, id);
    expect(currentIntent(await latestDecision(db, account, id), correction)).toEqual({ intent: "track_order", source: "correction" });
  });
});
