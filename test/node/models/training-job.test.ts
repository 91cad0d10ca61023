import { describe, expect, it } from "vitest";
import { createNodeGraphRunner } from "../../../models/eval/node-runtime.js";
import { trainModelFromExamples } from "../../../models/jobs/training-job.js";
import { createIntentClassifier } from "../../../models/shared/intent-classifier.js";
import { parseIntentModelConfig } from "../../../models/shared/model-config.js";

// 1,000 labelled texts in memory, the size of an account's first model: 10 intents x 100 phrasings.
const INTENTS: Record<string, string[]> = {
  track_parcel: ["where is my parcel", "my package has not arrived", "when will my order be delivered", "tracking shows no update"],
  refund: ["I want my money back", "please refund my order", "how do I get a refund", "return this and refund me"],
  cancel: ["cancel my order", "I no longer want this purchase", "stop my order before it ships", "please cancel it"],
  password: ["I forgot my password", "reset my password please", "cannot log in to my account", "login link does not work"],
  invoice: ["send me the invoice", "I need a receipt for my order", "where can I download my invoice", "bill copy please"],
  address: ["change my delivery address", "wrong shipping address on the order", "update where it ships", "new address for delivery"],
  damaged: ["the item arrived broken", "my kettle came cracked", "the box was damaged", "parts are missing and it is broken"],
  charge: ["I was charged twice", "double payment on my card", "you billed me two times", "duplicate charge on my statement"],
  discount: ["my discount code does not work", "the coupon was not applied", "promo code rejected", "voucher gives no discount"],
  account_delete: ["delete my account", "close my account for good", "remove all my data", "I want my profile erased"],
};
const OPENERS = ["", "hi, ", "hello team, ", "good morning, ", "hey, "];
const CLOSERS = ["", " thanks", " order 12345", " asap please", " regards, Sam"];

function examples(): { text: string; label: string }[] {
  const rows: { text: string; label: string }[] = [];
  for (const [label, phrases] of Object.entries(INTENTS)) {
    for (let i = 0; i < 100; i++) rows.push({ label, text: `${OPENERS[i % 5]}${phrases[i % 4]}${CLOSERS[Math.floor(i / 5) % 5]} ${i}` });
  }
  return rows;
}

describe("trainModelFromExamples (the per-account training entry point)", () => {
  it("turns 1,000 in-memory examples into int8 model bytes and a config, quickly, deterministically", async () => {
    const started = performance.now();
    const first = trainModelFromExamples({ name: "acct-test", examples: examples(), seed: 3 });
    const seconds = (performance.now() - started) / 1000;
    expect(seconds).toBeLessThan(30);
    expect(first.config.graph.weights).toBe("int8");
    expect(first.config.version).toMatch(/^acct-test-[0-9a-f]{12}$/);
    expect(first.config.labels).toHaveLength(10);
    expect(first.onnx.length).toBe(first.config.graph.bytes);
    const again = trainModelFromExamples({ name: "acct-test", examples: examples(), seed: 3 });
    expect(again.config.version).toBe(first.config.version);

    const classifier = createIntentClassifier(parseIntentModelConfig(JSON.parse(JSON.stringify(first.config))), await createNodeGraphRunner(first.onnx));
    expect((await classifier.predict("hello, where is my parcel? thanks")).top[0]?.label).toBe("track_parcel");
    expect((await classifier.predict("the coupon was not applied to my order")).top[0]?.label).toBe("discount");
  }, 60_000);

  it("records the languages it was trained on; an English-only model keeps the default (and its version)", async () => {
    const english = trainModelFromExamples({ name: "acct-test", examples: examples().slice(0, 300), seed: 1 });
    expect(english.config.languages).toBeUndefined();
    const german = [
      "wo ist mein Paket, es ist noch nicht angekommen",
      "ich möchte mein Geld zurück für die Bestellung",
      "bitte storniere meine Bestellung sofort",
    ];
    const mixed = [
      ...examples().slice(0, 300),
      ...Array.from({ length: 30 }, (_, i) => ({ label: ["track_parcel", "refund", "cancel"][i % 3]!, text: `${german[i % 3]} ${i}` })),
    ];
    const trained = trainModelFromExamples({ name: "acct-test", examples: mixed, seed: 1 });
    expect(trained.config.languages).toEqual(["de", "en"]);
    const classifier = createIntentClassifier(parseIntentModelConfig(JSON.parse(JSON.stringify(trained.config))), await createNodeGraphRunner(trained.onnx));
    expect(classifier.languages).toEqual(["de", "en"]);
  }, 60_000);

  it("an out-of-scope label no example has is a warning, not a crash", () => {
    const trained = trainModelFromExamples({ name: "acct-test", examples: examples().slice(0, 200), outOfScopeLabel: "spam" });
    expect(trained.config.outOfScopeLabel).toBeNull();
    expect(trained.warnings).toContainEqual(expect.stringMatching(/no example has the out-of-scope label "spam"/));
    // 200 examples hold out 20 for validation: too few to fit a temperature, and said so.
    expect(trained.warnings).toContainEqual(expect.stringMatching(/20 validation examples \(< 100\): temperature not fitted/));
    expect(trained.config.calibration.temperature).toBe(1);
  });

  it("texts of intents the model will not know raise its abstain threshold instead of being decided as a known one", () => {
    const known = examples().filter((row) => ["track_parcel", "refund", "cancel"].includes(row.label));
    // Texts of another intent worded exactly like a known one: a model that knows only the known one cannot tell
    // them apart, so where it meets such texts it must not answer at the confidence it answers the known one.
    const unknown = examples()
      .filter((row) => row.label === "refund")
      .map((row) => row.text);
    const lines: string[] = [];
    const alone = trainModelFromExamples({ name: "acct-test", examples: known, seed: 1 });
    const judged = trainModelFromExamples({ name: "acct-test", examples: known, unknownIntentTexts: unknown, seed: 1 }, (line) => lines.push(line));
    // Validation is a tenth of the known examples, so about a tenth of the unknown texts join it.
    expect(lines).toContainEqual(expect.stringMatching(/^thresholds also judged on ([5-9]|1\d) of 100 texts of intents this model does not know$/));
    expect(judged.config.labels).toEqual(alone.config.labels);
    expect(judged.config.thresholds.abstainBelow).toBeGreaterThan(alone.config.thresholds.abstainBelow);
  });
});
