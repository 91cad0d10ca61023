import { describe, expect, it } from "vitest";
import fixture from "../fixtures/models/support-predictions.json";
import { loadIntentClassifier, SHIPPED_MODEL_VERSION } from "../../worker/intent-model";

// Predictions of the shipped int8 model computed in Node (test/node/models/write-fixtures.ts); the Node test
// checks the same file, so equal answers here mean equal answers in both runtimes.
describe("intent model inside workerd", () => {
  it("creates the session once per isolate", async () => {
    const classifier = await loadIntentClassifier();
    expect(await loadIntentClassifier()).toBe(classifier);
    expect(classifier.version).toBe(SHIPPED_MODEL_VERSION);
    expect(classifier.labels).not.toContain("out_of_scope");
  });

  it("the fixture was written for the shipped model", () => {
    expect(fixture.modelVersion, "regenerate: npx tsx test/node/models/write-fixtures.ts").toBe(SHIPPED_MODEL_VERSION);
  });

  it("gives Node's top labels, probabilities and flags for every fixture text", async () => {
    const classifier = await loadIntentClassifier();
    for (const expected of fixture.predictions) {
      const actual = await classifier.predict(expected.text);
      expect(
        actual.top.map((t) => t.label),
        expected.text,
      ).toEqual(expected.top.map((t) => t.label));
      actual.top.forEach((t, i) => {
        expect(t.probability).toBeCloseTo(expected.top[i]!.probability, 6);
      });
      expect(actual.margin).toBeCloseTo(expected.margin, 6);
      expect({ abstain: actual.abstain, outOfScope: actual.outOfScope }).toEqual({
        abstain: expected.abstain,
        outOfScope: expected.outOfScope,
      });
      expect(actual.modelVersion).toBe(expected.modelVersion);
    }
  });
});
