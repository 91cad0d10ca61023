import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { createNodeGraphRunner, readModelDirectory } from "../../../models/eval/node-runtime.js";
import { createIntentClassifier } from "../../../models/shared/intent-classifier.js";
import { blendNeighbourVote } from "../../../models/shared/neighbour-vote.js";
import type { AdaptableIntentClassifier } from "../../../models/shared/types.js";

const WARRANTY = [
  "my kettle broke after two months, is it covered by the warranty?",
  "I want to make a warranty claim for a faulty blender",
  "the product stopped working within the warranty period, can you repair or replace it",
  "how do I claim the guarantee on my broken headphones",
].map((text) => ({ label: "warranty_claim", text }));

const model = readModelDirectory(fileURLToPath(new URL("../../../models/support/", import.meta.url)));
let base: AdaptableIntentClassifier;

beforeAll(async () => {
  base = createIntentClassifier(model.config, await createNodeGraphRunner(model.onnx));
});

describe("in-context examples on the shipped support model", () => {
  it("a new intent defined by four examples is predicted for a close paraphrase, not for unrelated text", async () => {
    const adapted = await base.withExamples(WARRANTY);
    expect(adapted.inContext).toEqual({ examples: 4, newLabels: ["warranty_claim"], unknownEnabledLabels: [] });
    expect(adapted.labels).toContain("warranty_claim");
    expect((await base.predict("is my broken kettle covered by the warranty?")).top.map((t) => t.label)).not.toContain("warranty_claim");

    const paraphrase = await adapted.predict("is my broken kettle covered by the warranty?");
    // Ranked first; the six-language model is less sure of a vote-only intent than the English one was (it
    // abstained here at the last retrain), so the cascade's LLM tier confirms it.
    expect(paraphrase.top[0]?.label).toBe("warranty_claim");

    for (const text of ["where is my package? it has not arrived", "how do I reset my password", "what's the weather in Paris tomorrow"]) {
      const before = await base.predict(text);
      const after = await adapted.predict(text);
      expect(after.top[0]?.label, text).not.toBe("warranty_claim");
      // Texts whose nearest prototypes are trained ones score as without the examples.
      expect(after.top[0]?.label, text).toBe(before.top[0]?.label);
      expect(after.top[0]?.probability, text).toBeCloseTo(before.top[0]!.probability, 9);
      expect([after.abstain, after.outOfScope], text).toEqual([before.abstain, before.outOfScope]);
    }
  });

  it("examples of a trained intent add prototypes to it", async () => {
    const text = "the parcel from your shop is lost somewhere, any news?";
    const adapted = await base.withExamples([{ label: "track_order", text: "my parcel from your shop is lost, any news on it?" }]);
    expect(adapted.inContext.newLabels).toEqual([]);
    const before = (await base.predict(text)).top.find((t) => t.label === "track_order")?.probability ?? 0;
    const after = (await adapted.predict(text)).top.find((t) => t.label === "track_order")?.probability ?? 0;
    expect(after).toBeGreaterThan(before);
  });

  it("a disabled intent never appears in top, and its probability is not handed to the others", async () => {
    const enabled = ["warranty_claim", "track_order", "get_refund", "cancel_order"];
    const adapted = await base.withExamples(WARRANTY, { enabledLabels: [...enabled, "not_in_model"] });
    expect([...adapted.labels].sort()).toEqual([...enabled].sort());
    expect(adapted.inContext.unknownEnabledLabels).toEqual(["not_in_model"]);
    for (const text of [
      "I want to change my delivery address",
      "I want to file a complaint about your service",
      "my vacuum cleaner is broken, please fix it",
    ]) {
      const prediction = await adapted.predict(text);
      for (const entry of prediction.top) expect(enabled, text).toContain(entry.label);
    }
    const disabledTopic = await adapted.predict("I want to change my delivery address");
    expect(disabledTopic.abstain).toBe(true);
    expect(disabledTopic.top[0]!.probability).toBeLessThan(0.05);
  });

  it("the version names the examples: same set (any order, repeats) same version, another set another", async () => {
    const a = await base.withExamples(WARRANTY);
    const b = await base.withExamples([...WARRANTY].reverse().concat(WARRANTY[0]!));
    const c = await base.withExamples(WARRANTY.slice(1));
    const d = await base.withExamples(WARRANTY, { enabledLabels: ["warranty_claim"] });
    expect(a.version).toMatch(new RegExp(`^${model.config.version}\\+ex[0-9a-f]{8}$`));
    expect(b.version).toBe(a.version);
    expect(b.inContext.examples).toBe(4);
    expect(new Set([a.version, c.version, d.version]).size).toBe(3);
    expect((await a.predict("hello")).modelVersion).toBe(a.version);
    // Adapting an adapted classifier starts again from the trained model.
    expect((await c.withExamples(WARRANTY)).version).toBe(a.version);
  });

  it("rejects an example without text or label", async () => {
    await expect(base.withExamples([{ label: "warranty_claim", text: "  " }])).rejects.toThrow(/example 1 needs a non-empty label and text/);
  });

  it("a model whose graph returns no pooled vector cannot take examples, and says why", async () => {
    const { familiarity: _dropped, ...calibration } = model.config.calibration;
    const config = { ...model.config, neighbourVote: null, calibration };
    const classifier = createIntentClassifier(config, () => Promise.reject(new Error("not called")));
    await expect(classifier.withExamples(WARRANTY)).rejects.toThrow(/does not return its pooled vector/);
  });
});

describe("blendNeighbourVote with vote-only classes", () => {
  const vote = { k: 3, temperature: 0.02, weight: 0.5 };
  const logits = [2, 1, 0];

  it("is unchanged when no voter is a vote-only class", () => {
    const voters = { similarity: [0.9, 0.8, 0.7], label: [0, 1, 0], norm: 1 };
    const plain = blendNeighbourVote(logits, voters, vote);
    const extended = blendNeighbourVote(logits, voters, vote, 5);
    expect(Array.from(extended.subarray(0, 3))).toEqual(Array.from(plain));
    expect(extended[3]).toBe(Number.NEGATIVE_INFINITY);
  });

  it("gives a vote-only class its votes plus 3/4 of the classifier's share in proportion, and the blend still sums to 1", () => {
    const voters = { similarity: [0.9, 0.9, 0.9], label: [3, 3, 0], norm: 1 };
    const blended = Array.from(blendNeighbourVote(logits, voters, vote, 4), Math.exp);
    expect(blended.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(blended[3]).toBeCloseTo((0.5 + 0.5 * 0.75) * (2 / 3), 6);
    const allNew = Array.from(blendNeighbourVote(logits, { similarity: [0.9, 0.8, 0.7], label: [3, 3, 3], norm: 1 }, vote, 4), Math.exp);
    expect(allNew[3]).toBeCloseTo(0.875, 6);
  });
});
