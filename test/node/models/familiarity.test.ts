import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadLabelledTexts } from "../../../models/data/labelled-texts.js";
import { createNodeGraphRunner } from "../../../models/eval/node-runtime.js";
import { describeCalibration, familiaritySignalValue, textTemperature, TEMPERATURE_RANGE, type FamiliaritySignal } from "../../../models/shared/familiarity.js";
import { featurize } from "../../../models/shared/featurizer.js";
import { modelScores } from "../../../models/shared/graph-outputs.js";
import { assertIntentModelConfig } from "../../../models/shared/model-config.js";
import { fitFamiliarityScaling } from "../../../models/train/calibrate.js";
import { featurizeExamples } from "../../../models/train/featurized-set.js";
import { getPreset } from "../../../models/presets/presets.js";
import { predictScores } from "../../../models/train/predict.js";
import { SeededRandom } from "../../../models/train/random.js";
import { runTrainingJob } from "../../../models/jobs/training-job.js";

const fixture = fileURLToPath(new URL("../../fixtures/models/tiny-intents.csv", import.meta.url));
const columns = { textColumn: "text", labelColumn: "label" };
const baseRecipe = getPreset("banking77", "/nonexistent").recipe;
const quiet = () => {};

/** Labels sampled from softmax(logits / T(s)), T(s) = temperature · exp(slope · (s − 0.5)), s uniform in [0, 1]. */
function syntheticSet(temperature: number, slope: number) {
  const random = new SeededRandom(5);
  const classes = 4;
  const n = 6000;
  const logits = new Float32Array(n * classes);
  const labels = new Int32Array(n);
  const signal = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    signal[i] = random.next();
    const t = temperature * Math.exp(slope * (signal[i]! - 0.5));
    for (let c = 0; c < classes; c++) logits[i * classes + c] = (random.next() - 0.5) * 8;
    const weights = Array.from({ length: classes }, (_, c) => Math.exp(logits[i * classes + c]! / t));
    let u = random.next() * weights.reduce((a, b) => a + b, 0);
    labels[i] = weights.findIndex((w) => {
      u -= w;
      return u <= 0;
    });
  }
  return { logits, labels, classes, signal };
}

describe("familiarity-scaled temperature", () => {
  it("recovers the temperature and slope that generated the labels", () => {
    const { logits, labels, classes, signal } = syntheticSet(1.5, -2);
    const fitted = fitFamiliarityScaling(logits, labels, classes, "pooled-length", signal);
    expect(fitted.familiarity?.reference).toBeCloseTo(0.5, 1);
    expect(fitted.familiarity?.slope).toBeGreaterThan(-2.6);
    expect(fitted.familiarity?.slope).toBeLessThan(-1.4);
    expect(fitted.temperature).toBeGreaterThan(1.3);
    expect(fitted.temperature).toBeLessThan(1.7);
  });

  it("finds no slope where the temperature does not move", () => {
    const { logits, labels, classes, signal } = syntheticSet(2, 0);
    const fitted = fitFamiliarityScaling(logits, labels, classes, "pooled-length", signal);
    expect(Math.abs(fitted.familiarity!.slope)).toBeLessThan(0.6);
    expect(fitted.temperature).toBeCloseTo(2, 0);
  });

  it("computes a text's temperature from its signal, inside the fitted range", () => {
    const calibration = { temperature: 2, familiarity: { signal: "pooled-length" as const, slope: -1, reference: 1 } };
    expect(textTemperature(calibration, { length: 1 })).toBeCloseTo(2);
    expect(textTemperature(calibration, { length: 2 })).toBeCloseTo(2 / Math.E);
    expect(textTemperature(calibration, { length: -100 })).toBe(TEMPERATURE_RANGE.max);
    expect(textTemperature({ temperature: 0.7 }, undefined)).toBe(0.7);
    expect(familiaritySignalValue("nearest-prototype-cosine", { length: 2, bestPrototypeDot: 1 })).toBeCloseTo(0.5);
    expect(() => familiaritySignalValue("nearest-prototype-cosine", { length: 2 })).toThrow(/needs prototypes/);
    expect(describeCalibration(calibration)).toBe("T = 2 · exp(-1 · (pooled length − 1))");
  });

  const cases: { signal: FamiliaritySignal; vote: boolean }[] = [
    { signal: "pooled-length", vote: false },
    { signal: "nearest-prototype-cosine", vote: true },
  ];
  for (const { signal, vote } of cases) {
    it(`the exported float graph gives the trainer's logits and temperatures (${signal})`, async () => {
      const recipe = {
        ...baseRecipe,
        neighbours: vote ? { prototypesPerClass: 2, k: 3, temperature: 0.05, weight: 0.5 } : undefined,
        familiarity: signal,
        training: { ...baseRecipe.training, epochs: 25 },
      };
      const result = runTrainingJob({ name: "tiny", dataRoot: "/nonexistent", train: [{ path: fixture, ...columns }], recipe }, quiet);
      const exported = result.export("float32");
      expect(exported.config.calibration.familiarity?.signal).toBe(signal);
      expect(exported.config.graph.output).toBe("scores");
      const { weights, labels } = result.trained;
      const probes = [
        ...loadLabelledTexts(fixture, columns)
          .map((row) => row.text)
          .slice(0, 6),
        "zzz",
        "",
      ];
      const expected = predictScores(
        weights,
        featurizeExamples(
          probes.map((text) => ({ text, labelIndex: 0 })),
          recipe.featurizer,
        ),
      );
      const run = await createNodeGraphRunner(exported.onnx);
      for (const [i, text] of probes.entries()) {
        const row = await run(featurize(text, recipe.featurizer));
        expect(row).toHaveLength(labels.length + (weights.neighbours?.count ?? 0) + weights.dim);
        const scores = modelScores(row, exported.config);
        const want = textTemperature(exported.config.calibration, expected.pooled[i]);
        expect(scores.temperature, JSON.stringify(text)).toBeCloseTo(want, 4);
        scores.logits.forEach((value, c) => {
          expect(value).toBeCloseTo(expected.logits[i * labels.length + c]!, 3);
        });
      }
    });
  }

  it("refuses the prototype signal without prototypes, in a recipe and in a config", () => {
    const recipe = { ...baseRecipe, neighbours: undefined, familiarity: "nearest-prototype-cosine" as const };
    expect(() => runTrainingJob({ name: "tiny", dataRoot: "/nonexistent", train: [{ path: fixture, ...columns }], recipe }, quiet)).toThrow(
      /needs a neighbour vote/,
    );
    const exported = runTrainingJob(
      { name: "tiny", dataRoot: "/nonexistent", train: [{ path: fixture, ...columns }], recipe: { ...baseRecipe, neighbours: undefined } },
      quiet,
    ).export("int8");
    const broken = {
      ...exported.config,
      calibration: { ...exported.config.calibration, familiarity: { signal: "nearest-prototype-cosine", slope: 1, reference: 0.5 } },
    };
    expect(() => assertIntentModelConfig(broken)).toThrow(/needs a neighbourVote/);
    const unknown = { ...broken, calibration: { ...broken.calibration, familiarity: { signal: "vibes", slope: 1, reference: 0 } } };
    expect(() => assertIntentModelConfig(unknown)).toThrow(/signal must be one of/);
  });
});
