import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadLabelledTexts } from "../../../models/data/labelled-texts.js";
import { createNodeGraphRunner } from "../../../models/eval/node-runtime.js";
import { featurize } from "../../../models/shared/featurizer.js";
import { modelScores } from "../../../models/shared/graph-outputs.js";
import { featurizeExamples } from "../../../models/train/featurized-set.js";
import { buildNeighbourMemory } from "../../../models/train/neighbours.js";
import { getPreset } from "../../../models/presets/presets.js";
import { predictLogits } from "../../../models/train/predict.js";
import { runTrainingJob } from "../../../models/jobs/training-job.js";

const fixture = fileURLToPath(new URL("../../fixtures/models/tiny-intents.csv", import.meta.url));
const columns = { textColumn: "text", labelColumn: "label" };
const baseRecipe = getPreset("banking77", "/nonexistent").recipe;
const neighbours = { prototypesPerClass: 2, k: 3, temperature: 0.05, weight: 0.5 };
const quiet = () => {};

function trainTiny() {
  return runTrainingJob(
    {
      name: "tiny",
      dataRoot: "/nonexistent",
      train: [{ path: fixture, ...columns }],
      recipe: { ...baseRecipe, neighbours, training: { ...baseRecipe.training, epochs: 25 } },
    },
    quiet,
  );
}

describe("neighbour vote", () => {
  const result = trainTiny();
  const { weights, labels } = result.trained;
  const rows = loadLabelledTexts(fixture, columns);
  const probes = [...rows.map((row) => row.text), "my card was charged and my parcel never came", "zzz", ""];

  it("keeps at most the asked number of unit-length prototypes per class", () => {
    const memory = weights.neighbours!;
    expect(memory.count).toBe(memory.labels.length);
    const perClass = labels.map((_, c) => memory.labels.filter((label) => label === c).length);
    expect(Math.max(...perClass)).toBeLessThanOrEqual(neighbours.prototypesPerClass);
    expect(Math.min(...perClass)).toBeGreaterThanOrEqual(1);
    for (let p = 0; p < memory.count; p++) {
      const row = memory.vectors.subarray(p * weights.dim, (p + 1) * weights.dim);
      expect(Math.hypot(...row)).toBeCloseTo(1, 4);
    }
  });

  it("the exported float graph and the runtime blend compute what the trainer computes", async () => {
    const exported = result.export("float32");
    expect(exported.config.neighbourVote).toMatchObject({ k: neighbours.k, temperature: neighbours.temperature, weight: neighbours.weight });
    expect(exported.config.neighbourVote?.prototypesPerLabel.reduce((a, b) => a + b)).toBe(weights.neighbours!.count);
    const run = await createNodeGraphRunner(exported.onnx);
    const set = featurizeExamples(
      probes.map((text) => ({ text, labelIndex: 0 })),
      baseRecipe.featurizer,
    );
    const expected = predictLogits(weights, set);
    for (const [i, text] of probes.entries()) {
      const scores = await run(featurize(text, baseRecipe.featurizer));
      // [logits | one score per prototype | the pooled vector]
      expect(scores).toHaveLength(labels.length + weights.neighbours!.count + weights.dim);
      const graph = modelScores(scores, exported.config).logits;
      const row = expected.subarray(i * labels.length, (i + 1) * labels.length);
      // Log-probabilities: they exponentiate to a distribution.
      expect(Array.from(graph).reduce((sum, value) => sum + Math.exp(value), 0)).toBeCloseTo(1, 4);
      graph.forEach((value, c) => {
        expect(value, `${JSON.stringify(text)} class ${c}`).toBeCloseTo(row[c]!, 3);
      });
    }
  });

  it("the int8 graph picks the same top label as the float graph", async () => {
    const float = await createNodeGraphRunner(result.export("float32").onnx);
    const int8 = await createNodeGraphRunner(result.export("int8").onnx);
    const argmax = (values: Float32Array) => values.indexOf(Math.max(...values));
    const config = result.export("int8").config;
    for (const text of probes) {
      const ids = featurize(text, baseRecipe.featurizer);
      expect(argmax(modelScores(await int8(ids), config).logits), text).toBe(argmax(modelScores(await float(ids), config).logits));
    }
  });

  it("refuses a vote of more prototypes than the data gives", () => {
    const set = featurizeExamples(
      [
        { text: "a", labelIndex: 0 },
        { text: "b", labelIndex: 1 },
      ],
      baseRecipe.featurizer,
    );
    expect(() => buildNeighbourMemory(weights, set, { ...neighbours, k: 3 })).toThrow(/at least k = 3 prototypes, the data gives 2/);
  });
});
