/**
 * The fake LLM's default answer to an intent classification (the cascade's LLM tier), with the Worker's own
 * prompt builder and the real `openai` client over HTTP: plausible from the ticket's words (English, and the common
 * support words of de, fr, es, nl, pt through its glossary), deterministic, and plainly a stand-in.
 * Run: npx vitest run --project node test/node/fake-llm-classify
 */
import { readFileSync } from "node:fs";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { glossedWords } from "../../dev/fakes/llm/classify.js";
import { startFakeLlm, type FakeLlm } from "../../dev/fakes/llm/server.js";
import { withJsonObjectInstructions } from "../../worker/drafting/prompt.js";
import { buildClassificationPrompt, CLASSIFICATION_SCHEMA_NAME } from "../../worker/llm-triage/prompt.js";
import { type IntentTaxonomy, parseTaxonomy } from "../../worker/triage/intents/schema.js";
import { parseTaxonomySource } from "../../worker/triage/intents/source.js";

const TAXONOMY = parseTaxonomy({
  intents: [
    { id: "track_order", name: "Track an order", description: "Where the parcel is, when it will be delivered. Log-in trouble is recover_password." },
    { id: "get_refund", name: "Refund", description: "The customer wants their money back.", examples: ["the mug arrived cracked, refund please"] },
    { id: "recover_password", name: "Recover password", description: "The customer cannot log in and needs to reset the account password." },
  ],
});

/** The shipped taxonomy, as every account runs it until it pushes its own. */
const SHIPPED = parseTaxonomySource(readFileSync(new URL("../../intents/default.yaml", import.meta.url), "utf8"), "yaml");

let llm: FakeLlm;
let client: OpenAI;
beforeAll(async () => {
  llm = await startFakeLlm({ port: 0 });
  client = new OpenAI({ apiKey: "x", baseURL: llm.url, maxRetries: 0 });
});
afterAll(() => llm.close());

async function ask(text: string, format: "json_schema" | "json_object" = "json_schema", taxonomy: IntentTaxonomy = TAXONOMY) {
  const prompt = buildClassificationPrompt({ taxonomy, text, maxExamplesPerIntent: 3, maxTextChars: 3000 });
  const messages = format === "json_object" ? withJsonObjectInstructions(prompt.messages, prompt.schema) : prompt.messages;
  const completion = await client.chat.completions.create({
    model: "fake-gpt-4o-mini",
    messages,
    temperature: 0,
    response_format:
      format === "json_schema"
        ? { type: "json_schema", json_schema: { name: CLASSIFICATION_SCHEMA_NAME, strict: true, schema: prompt.schema } }
        : { type: "json_object" },
  });
  return JSON.parse(completion.choices[0]!.message.content!) as { intent: string; confidence: number; reason: string };
}

describe("the fake LLM classifying a ticket", () => {
  it("picks the intent sharing the most telling words, says which, and says it is a stand-in", async () => {
    const answer = await ask("My kettle arrived cracked. I want my money back, a refund please.");
    expect(answer.intent).toBe("get_refund");
    expect(answer.confidence).toBeGreaterThanOrEqual(0.55);
    expect(answer.confidence).toBeLessThanOrEqual(0.9);
    expect(answer.reason).toBe(
      "[local stand-in model] matched 'refund' from the name and 'money', 'back' from the description and 'arrived', 'cracked' from the examples of get_refund",
    );
    expect(await ask("I forgot my password and cannot log in")).toMatchObject({ intent: "recover_password" });
  });

  it("answers none when nothing fits, ignores PII placeholders, and is the same every time", async () => {
    const none = await ask("Thanks so much, have a lovely weekend! Reach me at [EMAIL_1]");
    expect(none).toEqual({ intent: "none", confidence: 0.8, reason: "[local stand-in model] no intent shares enough words with the ticket" });
    const a = await ask("Where is my parcel? Not delivered yet.");
    expect(a.intent).toBe("track_order");
    expect(await ask("Where is my parcel? Not delivered yet.")).toEqual(a);
    // Another intent's id quoted in a description ("... is recover_password") is not that description's word.
    expect((await ask("password")).intent).toBe("recover_password");
  });

  it("answers in json_object mode from the schema the prompt carries", async () => {
    expect(await ask("My kettle arrived cracked, refund please", "json_object")).toMatchObject({ intent: "get_refund" });
  });

  it("leaves other structured answers alone: a draft schema with an intent enum is not a classification", async () => {
    const completion = await client.chat.completions.create({
      model: "fake-gpt-4o-mini",
      messages: [{ role: "user", content: "Customer message: refund please" }],
      response_format: {
        type: "json_schema",
        json_schema: {
          name: "draft_reply",
          strict: true,
          schema: {
            type: "object",
            properties: { reply: { type: "string" }, intent: { type: "string", enum: ["refund", "other"] }, confidence: { type: "number" } },
            required: ["reply", "intent", "confidence"],
            additionalProperties: false,
          },
        },
      },
    });
    const answer = JSON.parse(completion.choices[0]!.message.content!);
    expect(answer.reply).toMatch(/^Hi there,/);
  });
});

describe("the fake LLM classifying a ticket in another language", () => {
  it("reads the customer's word through the glossary and quotes it with its gloss", async () => {
    expect(await ask("Ich möchte eine Rückerstattung, bitte.")).toEqual({
      intent: "get_refund",
      confidence: 0.8,
      reason: "[local stand-in model] matched 'Rückerstattung' (refund) from the name of get_refund",
    });
    expect((await ask("J'ai oublié mon mot de passe")).reason).toBe(
      "[local stand-in model] matched 'mot de passe' (password) from the name of recover_password",
    );
  });

  // Tickets as customers write them, against the shipped taxonomy with the product's own prompt.
  const tickets: Array<[language: string, ticket: string, intent: string, quoted: string]> = [
    ["de", "Hallo, ich möchte meine Bestellung 4411 stornieren, bitte.", "cancel_order", "'stornieren' (cancel)"],
    ["de", "Die Tasse kam kaputt an, ich möchte eine Rückerstattung.", "get_refund", "'Rückerstattung' (refund)"],
    ["de", "Können Sie die Lieferadresse meiner Bestellung ändern? Ich ziehe um.", "change_shipping_address", "'Lieferadresse' (delivery address)"],
    ["de", "Ich habe mein Passwort vergessen und kann mich nicht einloggen.", "recover_password", "'Passwort' (password)"],
    ["de", "Wie kann ich mich vom Newsletter abmelden?", "newsletter_subscription", "'abmelden' (unsubscribe)"],
    ["fr", "Bonjour, je n'ai toujours pas reçu mon remboursement pour la commande 5521", "track_refund", "'remboursement' (refund)"],
    ["fr", "J'ai oublié mon mot de passe et je n'arrive pas à me connecter.", "recover_password", "'mot de passe' (password)"],
    ["fr", "Pourriez-vous m'envoyer la facture de ma dernière commande ?", "get_invoice", "'facture' (invoice)"],
    ["fr", "Ma carte a été débitée deux fois pour la même commande.", "payment_issue", "'deux fois' (twice)"],
    ["es", "Hola, ¿me podéis enviar la factura del pedido 7781?", "get_invoice", "'factura' (invoice)"],
    ["es", "Olvidé mi contraseña y no puedo entrar en mi cuenta.", "recover_password", "'contraseña' (password)"],
    // Accents left out, as customers often do.
    ["es", "Necesito cambiar la direccion de envio de mi pedido.", "change_shipping_address", "'direccion' (address)"],
    ["es", "Quiero darme de baja del boletín.", "newsletter_subscription", "'darme de baja' (unsubscribe)"],
    ["nl", "Hoi, ik wil me afmelden voor de nieuwsbrief", "newsletter_subscription", "'afmelden' (unsubscribe)"],
    ["nl", "Ik wil mijn bestelling annuleren, graag.", "cancel_order", "'annuleren' (cancel)"],
    ["nl", "Kunnen jullie mij de factuur van mijn bestelling sturen?", "get_invoice", "'factuur' (invoice)"],
    ["nl", "Het pakket was kapot, ik wil een terugbetaling.", "get_refund", "'terugbetaling' (refund)"],
    ["pt", "Olá, esqueci a minha senha e não consigo entrar", "recover_password", "'senha' (password)"],
    ["pt", "Quero cancelar a minha encomenda, por favor.", "cancel_order", "'encomenda' (order)"],
    ["pt", "Preciso de alterar a morada de entrega da encomenda.", "change_shipping_address", "'morada' (address)"],
    ["pt", "Fui cobrado duas vezes pelo mesmo pedido.", "payment_issue", "'duas vezes' (twice)"],
  ];
  it.each(tickets)("%s: %s", async (_language, ticket, intent, quoted) => {
    const answer = await ask(ticket, "json_schema", SHIPPED);
    expect(answer.intent).toBe(intent);
    expect(answer.confidence).toBeGreaterThanOrEqual(0.55);
    expect(answer.confidence).toBeLessThanOrEqual(0.9);
    expect(answer.reason).toMatch(/^\[local stand-in model\] matched /);
    expect(answer.reason).toContain(quoted);
    expect(answer.reason).toContain(` of ${intent}`);
  });

  it("still answers none when the ticket asks for nothing the taxonomy has", async () => {
    const none = { intent: "none", confidence: 0.8, reason: "[local stand-in model] no intent shares enough words with the ticket" };
    expect(await ask("Schönes Wochenende euch allen!", "json_schema", SHIPPED)).toEqual(none);
    expect(await ask("Merci beaucoup et bonne journée !", "json_schema", SHIPPED)).toEqual(none);
    expect(await ask("Obrigado e bom fim de semana!", "json_schema", SHIPPED)).toEqual(none);
  });

  it("leaves English alone: no glossary pattern reads a word of the shipped taxonomy", () => {
    const english = SHIPPED.intents.flatMap((i) => [i.id.replace(/_/g, " "), i.name, i.description, ...i.examples]).join("\n");
    expect(glossedWords(english)).toEqual([]);
    // A word whose own stem already is its gloss stays English: Spanish "cancela*" also matches "cancelation".
    expect(glossedWords("Please cancel the cancelation, I cancelled by mistake")).toEqual([]);
  });
});
