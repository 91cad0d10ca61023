import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createNodeGraphRunner, readModelDirectory } from "../../../models/eval/node-runtime.js";
import { createIntentClassifier } from "../../../models/shared/intent-classifier.js";
import type { IntentPrediction } from "../../../models/shared/types.js";

const fixture = JSON.parse(readFileSync(new URL("../../fixtures/models/support-predictions.json", import.meta.url), "utf8")) as {
  modelVersion: string;
  predictions: (IntentPrediction & { text: string })[];
};

// The workerd side of this check is test/worker/model.test.ts, against the same fixture.
describe("shipped support model in Node (onnxruntime-web wasm)", () => {
  it("gives the fixture's predictions", async () => {
    const model = readModelDirectory(fileURLToPath(new URL("../../../models/support/", import.meta.url)));
    expect(fixture.modelVersion, "regenerate: npx tsx test/node/models/write-fixtures.ts").toBe(model.config.version);
    const classifier = createIntentClassifier(model.config, await createNodeGraphRunner(model.onnx));
    for (const expected of fixture.predictions) {
      const actual = await classifier.predict(expected.text);
      expect(
        actual.top.map((t) => t.label),
        expected.text,
      ).toEqual(expected.top.map((t) => t.label));
      actual.top.forEach((t, i) => {
        expect(t.probability).toBeCloseTo(expected.top[i]!.probability, 6);
      });
      expect([actual.abstain, actual.outOfScope]).toEqual([expected.abstain, expected.outOfScope]);
    }
  });
});
