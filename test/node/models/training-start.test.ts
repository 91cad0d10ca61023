import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadLabelledTexts } from "../../../models/data/labelled-texts.js";
import { featurizeExamples } from "../../../models/train/featurized-set.js";
import { DEFAULT_TRAINING_OPTIONS, trainEmbeddingBag } from "../../../models/train/trainer.js";
import { DEFAULT_FEATURIZER_CONFIG } from "../../../models/shared/featurizer.js";

const rows = loadLabelledTexts(fileURLToPath(new URL("../../fixtures/models/tiny-intents.csv", import.meta.url)), { textColumn: "text", labelColumn: "label" });
const labels = [...new Set(rows.map((row) => row.label))].sort();
const featurizer = { ...DEFAULT_FEATURIZER_CONFIG, buckets: 512 };
const set = featurizeExamples(
  rows.map((row) => ({ text: row.text, labelIndex: labels.indexOf(row.label) })),
  featurizer,
);
const options = { ...DEFAULT_TRAINING_OPTIONS, dim: 8, epochs: 5 };
const buckets = featurizer.buckets;
const touched = new Set(set.ids);
const untouched = [...Array(buckets).keys()].filter((row) => !touched.has(row));

describe("where training starts (models/train/trainer.ts TrainingStart)", () => {
  it("keeps frozen columns as given, trains the others, zeroes the others of rows no feature reached", () => {
    const width = 3;
    const values = Float32Array.from({ length: buckets * width }, (_, i) => (i % 7) / 7 - 0.5);
    const model = trainEmbeddingBag(set, labels.length, buckets, options, undefined, undefined, { frozenColumns: { width, values } });
    const trained = options.dim - width;
    const plain = trainEmbeddingBag(set, labels.length, buckets, options);
    for (let row = 0; row < buckets; row++) {
      const cells = model.embedding.subarray(row * options.dim, (row + 1) * options.dim);
      expect(Array.from(cells.subarray(trained))).toEqual(Array.from(values.subarray(row * width, (row + 1) * width)));
      if (!touched.has(row)) expect(Array.from(cells.subarray(0, trained)).every((x) => x === 0)).toBe(true);
    }
    // The frozen columns reach the classifier: its weights differ from a run without them.
    expect(Array.from(model.weight)).not.toEqual(Array.from(plain.weight));
  });

  it("fine-tunes a given table: rows no training feature reached keep their start values", () => {
    const embedding = Float32Array.from({ length: buckets * options.dim }, (_, i) => ((i * 13) % 11) / 110);
    const model = trainEmbeddingBag(set, labels.length, buckets, options, undefined, undefined, { embedding });
    expect(untouched.length).toBeGreaterThan(0);
    for (const row of untouched) {
      expect(Array.from(model.embedding.subarray(row * options.dim, (row + 1) * options.dim))).toEqual(
        Array.from(embedding.subarray(row * options.dim, (row + 1) * options.dim)),
      );
    }
    const row = set.ids[0]!;
    expect(Array.from(model.embedding.subarray(row * options.dim, (row + 1) * options.dim))).not.toEqual(
      Array.from(embedding.subarray(row * options.dim, (row + 1) * options.dim)),
    );
  });
});
