/**
 * The fake LLM's default answer to an intent classification (the cascade's LLM tier), with the Worker's own
 * prompt builder and the real `openai` client over HTTP: plausible from the ticket's words, deterministic, and
 * plainly a stand-in. Run: npx vitest run --project node test/node/fake-llm-classify
 */
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeLlm, type FakeLlm } from "../../dev/fakes/llm/server.js";
import { withJsonObjectInstructions } from "../../worker/drafting/prompt.js";
import { buildClassificationPrompt, CLASSIFICATION_SCHEMA_NAME } from "../../worker/llm-triage/prompt.js";
import { parseTaxonomy } from "../../worker/triage/intents/schema.js";

const TAXONOMY = parseTaxonomy({
  intents: [
    { id: "track_order", name: "Track an order", description: "Where the parcel is, when it will be delivered. Log-in trouble is recover_password." },
    { id: "get_refund", name: "Refund", description: "The customer wants their money back.", examples: ["the mug arrived cracked, refund please"] },
    { id: "recover_password", name: "Recover password", description: "The customer cannot log in and needs to reset the account password." },
  ],
});

let llm: FakeLlm;
let client: OpenAI;
beforeAll(async () => {
  llm = await startFakeLlm({ port: 0 });
  client = new OpenAI({ apiKey: "x", baseURL: llm.url, maxRetries: 0 });
});
afterAll(() => llm.close());

async function ask(text: string, format: "json_schema" | "json_object" = "json_schema") {
  const prompt = buildClassificationPrompt({ taxonomy: TAXONOMY, text, maxExamplesPerIntent: 3, maxTextChars: 3000 });
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
