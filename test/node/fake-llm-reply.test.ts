/**
 * The fake LLM's default support reply, fed the Worker's own prompts (worker/drafting/prompt.ts buildPrompt with
 * demo knowledge-base passages) and the demo tools against the fake shop, through the drafting loop and the real
 * `openai` client: tool facts in words, no contradiction of the customer, relevant passages only, the reply
 * language, needs_human and an evidence-based confidence. Run: npx vitest run --project node test/node/fake-llm-reply
 */
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import demoStore from "../../dev/demo-data/demo-store.json";
import demoTools from "../../dev/demo-data/demo-tools.json";
import { startFakeLlm, type FakeLlm } from "../../dev/fakes/llm/server";
import { type FakeOrder, type FakeStore, startFakeStore } from "../../dev/fakes/shop/server";
import { createChatFn } from "../../worker/drafting/llm-client";
import { runDraftLoop } from "../../worker/drafting/loop";
import type { DraftOutput } from "../../worker/drafting/output";
import { type ChatMessage, buildPrompt } from "../../worker/drafting/prompt";
import { runTool } from "../../worker/drafting/tools";
import { bestPassage, type KbHit, searchTerms } from "../../worker/kb/search";
import { PiiVault } from "../../worker/pii/vault";
import { resolveLlmSettings, type ToolDeclaration, toolsSchema } from "../../worker/settings/drafting";
import { makeDecision } from "../../worker/triage/make-decision";
import { ticket as snapshot } from "../worker/triage-fixtures";

const NOW = new Date("2025-12-08T10:00:00Z");
const order = (id: string, patch: Partial<FakeOrder> = {}): FakeOrder => ({
  order_id: id,
  status: "shipped",
  placed_at: "2025-12-01T09:00:00Z",
  shipped_at: "2025-12-02",
  delivered_at: null,
  carrier: "UPS",
  tracking_number: "1Z999AA10123456784",
  tracking_url: "https://track.fernhill-goods.example/1Z999AA10123456784",
  estimated_delivery: "2025-12-06",
  items: [{ sku: "FH-LAMP-01", name: "Arc floor lamp", quantity: 1, price: 89 }],
  total: 89,
  currency: "USD",
  payment_method: "visa",
  customer_email: "dana@mail.example",
  shipping_address: "12 Elm Street, Springfield, IL 62704",
  final_sale: false,
  ...patch,
});
const ORDERS = [
  order("88213"),
  order("55010", { status: "delivered", delivered_at: "2025-12-05" }),
  order("71234", { status: "delivered", delivered_at: "2025-12-04" }),
  order("30001", { status: "processing", shipped_at: null, carrier: null, tracking_number: null, tracking_url: null, estimated_delivery: "2025-12-12" }),
];

interface Doc {
  id: string;
  kind: "article" | "macro";
  title: string;
  body: string;
  url: string;
  locale: string;
}
const DOCS = demoStore.documents as Doc[];

let llm: FakeLlm;
let store: FakeStore;
let tools: ToolDeclaration[];

beforeAll(async () => {
  llm = await startFakeLlm({ port: 0 });
  store = await startFakeStore({ port: 0, now: () => NOW, orders: ORDERS });
  const host = new URL(store.url).host;
  tools = toolsSchema.parse(demoTools.map((t) => ({ ...t, url: t.url.replace("http://127.0.0.1:8791", store.url), allowedHosts: [host] })));
});
afterAll(async () => {
  await Promise.all([llm.close(), store.close()]);
});
beforeEach(() => {
  store.reset();
});

interface Case {
  subject: string;
  text: string;
  intent: string;
  /** Demo KB document ids, best hit first (or ready-made hits). */
  docs: Array<string | KbHit>;
  language?: string;
  name?: string;
  withTools?: boolean;
}

function hitOf(doc: Doc, terms: string[], i: number): KbHit {
  return {
    rowId: i,
    docId: doc.id,
    kind: doc.kind,
    title: doc.title,
    url: doc.url,
    locale: doc.locale,
    tags: [],
    score: -10 + i,
    passage: bestPassage(doc.body, terms, 700),
    body: doc.body,
  };
}

/** The prompt the Worker would send for this ticket. */
function promptFor(c: Case, vault: PiiVault) {
  const terms = searchTerms(`${c.subject} ${c.text}`);
  const hits = c.docs.map((d, i) => (typeof d === "string" ? hitOf(DOCS.find((x) => x.id === d)!, terms, i) : d));
  const ticket = snapshot({ id: 12, subject: c.subject, description: c.text, channel: "web" });
  const decision = makeDecision({ intent: c.intent, confidence: 0.6, language: c.language ?? "en", route: "draft" });
  return buildPrompt({
    accountName: "Fernhill Goods",
    ticket,
    decision,
    hits,
    tools: c.withTools === false ? [] : tools,
    vault,
    requesterName: c.name ?? null,
  });
}

/** Drafts the ticket: the fake LLM answers (calling the demo tools against the fake shop), as in production. */
async function draft(c: Case): Promise<{ output: DraftOutput; messages: ChatMessage[]; storePaths: string[] }> {
  // As worker/drafting/prepare.ts does: the requester's name is known, so it becomes [NAME_1].
  const vault = new PiiVault({ names: c.name ? [c.name] : [] });
  const prompt = promptFor(c, vault);
  const byName = new Map(tools.map((t) => [t.name, t]));
  const result = await runDraftLoop(
    {
      model: "fake-small",
      messages: prompt.messages,
      tools: prompt.tools,
      settings: resolveLlmSettings({ baseUrl: llm.url, smallModel: "fake-small" }),
      responseFormat: "json_schema",
      allowFormatFallback: true,
      deadline: Date.now() + 20_000,
      budgetLeftUsd: null,
    },
    {
      chat: createChatFn({ baseUrl: llm.url, apiKey: "sk-test" }),
      runTool: (name, args) => runTool(byName.get(name), name, args, vault),
      onAttempt: async () => undefined,
      onToolCall: async () => undefined,
    },
  );
  if (!result.ok) throw new Error(`draft failed: ${JSON.stringify(result)}`);
  return { output: result.output, messages: prompt.messages, storePaths: store.calls().map((x) => x.path) };
}

const TRACKING = ["shp-03", "mac-01", "shp-02"];

describe("tool choice", () => {
  it("looks up the order status for a parcel that has not arrived ('check' does not pick the refund tool)", async () => {
    const { storePaths } = await draft({
      subject: "Where is my lamp?",
      text: "I ordered a desk lamp (order 88213) and it has not arrived. Can you check?",
      intent: "track_order",
      docs: TRACKING,
    });
    expect(storePaths).toEqual(["/api/orders/88213"]);
  });

  it("checks refund eligibility for a refund request", async () => {
    const { storePaths } = await draft({ subject: "refund", text: "refund please, order 55010", intent: "get_refund", docs: ["ret-02", "ret-01"] });
    expect(storePaths).toEqual(["/api/orders/55010/refund-eligibility"]);
  });

  it("calls no tool when the ticket has no order number for it", async () => {
    const { storePaths, output } = await draft({
      subject: "Tracking",
      text: "Where is my parcel? I'd like the tracking link.",
      intent: "track_order",
      docs: TRACKING,
    });
    expect(storePaths).toEqual([]);
    expect(output.citations).toEqual(["kb:shp-03"]);
  });
});

describe("tool results in words", () => {
  it("acknowledges 'label created' and gives the shipped date, carrier and a reason, without a key/value dump", async () => {
    const { output } = await draft({
      subject: "Tracking stuck",
      text: "Order 88213: tracking says label created for a week. What is going on?",
      intent: "track_order",
      docs: TRACKING,
    });
    expect(output.reply).toContain('still says "label created"');
    expect(output.reply).toContain("shipped on 2 December with UPS");
    expect(output.reply).toMatch(/scans can lag up to a day/);
    expect(output.reply).toContain("https://track.fernhill-goods.example/1Z999AA10123456784");
    expect(output.reply).not.toMatch(/status:|carrier:|order id:|eligible:|\{/);
    expect(output.needs_human).toBe(false);
    expect(output.reason).toMatch(/label created/);
  });

  it("does not tell a customer whose parcel the carrier marked delivered that it is on its way", async () => {
    const { output } = await draft({
      subject: "Missing",
      text: "Order 71234 says delivered but I never received it.",
      intent: "track_order",
      docs: ["shp-04", "shp-03"],
    });
    expect(output.reply).toContain("I am sorry you have not received your parcel.");
    expect(output.reply).toContain("delivered on 4 December");
    expect(output.reply).toMatch(/neighbours/);
    expect(output.reply).toMatch(/investigation with the carrier/);
    expect(output.citations).toEqual(["kb:shp-04"]);
  });

  it("says nothing about shipping when the customer says it arrived damaged", async () => {
    const { output } = await draft({
      subject: "Broken lamp",
      text: "Order 88213 arrived today and the lamp is broken. What can you do?",
      intent: "damaged_item",
      docs: ["mac-07", "ret-04", "shp-03"],
      name: "Dana Lee",
    });
    expect(output.reply).not.toMatch(/shipped|on (its|the) way|estimated delivery/i);
    expect(output.reply).toContain("photo of the item and the packaging");
    expect(output.reason).toMatch(/arrived damaged/);
  });

  it("puts a refund decision in words: the amount and where it goes", async () => {
    const { output } = await draft({ subject: "refund", text: "refund please, order 55010", intent: "get_refund", docs: ["ret-02", "ret-01"] });
    expect(output.reply).toContain("This order can be refunded: $89.00 would go back to your original payment method.");
    expect(output.reply).toContain("30-day return window, which ends on 4 January");
    expect(output.reply).not.toMatch(/refund method:|currency:|true/);
  });

  it("asks the customer to double-check an order number the shop does not know (no '404')", async () => {
    const { output } = await draft({ subject: "Order", text: "Where is order 40455?", intent: "track_order", docs: ["shp-03"] });
    expect(output.reply).toContain("I could not find an order with the number 40455.");
    expect(output.reply).toMatch(/double-check the order number in your order confirmation email/);
    expect(output.reply).not.toMatch(/\b404\b|ok: false|not_found|status/);
    expect(output.needs_human).toBe(false);
  });

  it("hands a failing tool to a colleague and flags the draft", async () => {
    store.fault({ path: "/api/orders/*", status: 503, body: { error: "maintenance" } });
    const { output } = await draft({ subject: "Order", text: "Where is my order 88213?", intent: "track_order", docs: TRACKING });
    expect(output.reply).toContain("a colleague will check it");
    expect(output.reply).not.toMatch(/503|maintenance|ok: false/);
    expect(output.needs_human).toBe(true);
    expect(output.confidence).toBeLessThanOrEqual(0.4);
  });
});

describe("passages", () => {
  it("uses a saved reply's body, greets through the name placeholder and never shows {{...}}", async () => {
    const macro: Doc = {
      id: "mac-99",
      kind: "macro",
      title: "Damaged item: photo please",
      locale: "en",
      url: "https://help.example/mac-99",
      body: "Hi {{ticket.requester.first_name}},\n\nI am so sorry your item arrived damaged. Could you send us a photo of it? Your case number is {{ticket.external_id}}. We will send a free replacement right away.\n\nBest regards,\n{{current_user.name}}",
    };
    const { output, messages } = await draft({
      subject: "Damaged mug",
      text: "My mug arrived damaged.",
      intent: "damaged_item",
      docs: [hitOf(macro, [], 0), "ret-04"],
      name: "Dana Lee",
    });
    expect(messages[0]!.content).toContain("(saved reply) Hi [NAME_1],");
    expect(output.reply).toMatch(/^Hi \[NAME_1\],\n\n/);
    expect(output.reply).not.toContain("{{");
    expect(output.reply).toContain("I am so sorry your item arrived damaged. Could you send us a photo of it? We will send a free replacement right away.");
    expect(output.reply.match(/Hi /g)).toHaveLength(1); // the macro's own greeting is not repeated
    expect(output.reply).not.toContain("the Support Team\n\nIf"); // nor its sign-off mid-reply
    expect(output.citations).toEqual(["kb:mac-99"]);
  });

  it("quotes the article sentences that answer the question and cites only what it used", async () => {
    const { output } = await draft({
      subject: "Cancel",
      text: "Please cancel my order, I placed it 5 minutes ago",
      intent: "cancel_order",
      docs: ["shp-01", "ord-02", "pay-01"],
      withTools: false,
    });
    expect(output.citations).toEqual(["kb:ord-02"]);
    expect(output.reply).toContain("You can cancel an order yourself for 60 minutes after placing it");
    expect(output.reply).not.toMatch(/Standard delivery|Visa/);
  });

  it("does not state a passage's claim about the order that no tool confirmed", async () => {
    const { output } = await draft({
      subject: "Tracking my order",
      text: "Hi, where is my parcel? I'd like the tracking link please.",
      intent: "track_order",
      docs: ["mac-01"],
    });
    expect(output.reply).not.toContain("Your order has shipped");
  });

  it("hands over with a holding reply when nothing in the knowledge base fits", async () => {
    const { output } = await draft({
      subject: "Weddings",
      text: "Do you sell gift wrapping for weddings?",
      intent: "out_of_scope",
      docs: ["shp-01", "pay-01"],
    });
    expect(output.citations).toEqual([]);
    expect(output.needs_human).toBe(true);
    expect(output.reply).toContain("I have passed your request to a colleague");
    expect(output.confidence).toBeLessThanOrEqual(0.4);
  });

  it("hands a legal threat to a person with a short holding reply", async () => {
    const { output } = await draft({
      subject: "Unacceptable",
      text: "Third time now. If I do not get my money back for order 88213 I will contact my lawyer.",
      intent: "get_refund",
      docs: ["ret-02", "hlp-03"],
    });
    expect(output.needs_human).toBe(true);
    expect(output.citations).toEqual([]);
    expect(output.reply).toContain("I have passed your message to a colleague");
    expect(output.reason).toMatch(/legal action/);
  });
});

describe("language, confidence and reason", () => {
  it("answers in German from the German passage", async () => {
    const { output } = await draft({
      subject: "Rücksendung",
      text: "Ich möchte meine Bestellung zurücksenden, wann bekomme ich die Erstattung?",
      intent: "get_refund",
      language: "de",
      docs: ["ret-de-01", "ret-02", "mac-02"],
      name: "Jonas Weber",
    });
    expect(output.reply).toMatch(/^Hallo \[NAME_1\],\n\nDanke für deine Nachricht\./);
    expect(output.reply).toMatch(/Rücksendung/);
    expect(output.reply).toMatch(/Viele Grüße/);
    expect(output.reply).not.toMatch(/\b(Hi|Thank you|Best regards|Refunds)\b/);
    expect(output.citations).toEqual(["kb:ret-de-01"]);
  });

  it("writes in English, and says why, when the knowledge base has no German passage", async () => {
    const { output } = await draft({
      subject: "Wo ist mein Paket?",
      text: "Mein Paket ist noch nicht angekommen. Wo kann ich es verfolgen?",
      intent: "track_order",
      language: "de",
      docs: ["shp-03", "shp-02"],
    });
    expect(output.reply).toMatch(/^Hi there,/);
    expect(output.citations).toEqual(["kb:shp-03"]);
    expect(output.reason).toContain("The knowledge base has no German article, so this draft is in English.");
  });

  it("gives different confidences for different evidence, marks the reason as a stand-in, and is deterministic", async () => {
    const strong = await draft({ subject: "refund", text: "refund please, order 55010", intent: "get_refund", docs: ["ret-02", "ret-01"] });
    const weak = await draft({ subject: "Order", text: "Where is order 40455?", intent: "track_order", docs: ["shp-03"] });
    expect(strong.output.confidence).not.toBe(weak.output.confidence);
    expect(strong.output.confidence).toBeGreaterThan(weak.output.confidence);
    for (const d of [strong, weak]) {
      expect(d.output.reason).toMatch(/^\[local stand-in model\] /);
      expect(Math.round(d.output.confidence * 100) / 100).toBe(d.output.confidence);
    }
    expect(strong.output.reason).toContain("ret-02");
    expect(strong.output.reason).toContain("check_refund_eligibility");
    const again = await draft({ subject: "refund", text: "refund please, order 55010", intent: "get_refund", docs: ["ret-02", "ret-01"] });
    expect(again.output).toEqual(strong.output);
  });

  it("keeps the 0..100 confidence scale when the schema asks for one", async () => {
    const vault = new PiiVault();
    const prompt = promptFor(
      { subject: "refund", text: "What is your refund policy?", intent: "check_refund_policy", docs: ["ret-02"], withTools: false },
      vault,
    );
    const client = new OpenAI({ apiKey: "x", baseURL: llm.url, maxRetries: 0 });
    const r = await client.chat.completions.create({
      model: "fake-small",
      messages: prompt.messages,
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "d",
          strict: true,
          schema: {
            type: "object",
            properties: { reply: { type: "string" }, confidence: { type: "integer", minimum: 0, maximum: 100 } },
            required: ["reply", "confidence"],
            additionalProperties: false,
          },
        },
      },
    });
    const answer = JSON.parse(r.choices[0]!.message.content!) as { confidence: number };
    expect(Number.isInteger(answer.confidence)).toBe(true);
    expect(answer.confidence).toBeGreaterThan(40);
    expect(answer.confidence).toBeLessThanOrEqual(100);
  });
});
