import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadLabelledTexts } from "../../../models/data/labelled-texts.js";
import { createNodeGraphRunner } from "../../../models/eval/node-runtime.js";
import { createIntentClassifier } from "../../../models/shared/intent-classifier.js";
import { getPreset } from "../../../models/presets/presets.js";
import { runTrainingJob, type TrainingJob } from "../../../models/jobs/training-job.js";

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/models/${name}`, import.meta.url));
const columns = { textColumn: "text", labelColumn: "label" };
const baseRecipe = getPreset("banking77", "/nonexistent").recipe;

function tinyJob(overrides: Partial<TrainingJob> = {}): TrainingJob {
  return {
    name: "tiny",
    dataRoot: "/nonexistent",
    train: [{ path: fixture("tiny-intents.csv"), ...columns }],
    recipe: { ...baseRecipe, training: { ...baseRecipe.training, epochs: 25 } },
    ...overrides,
  };
}

const quiet = () => {};

describe("training", () => {
  it("fits a tiny fixture: the exported int8 model gets every training text right", async () => {
    const exported = runTrainingJob(tinyJob(), quiet).export("int8");
    const classifier = createIntentClassifier(exported.config, await createNodeGraphRunner(exported.onnx));
    const rows = loadLabelledTexts(fixture("tiny-intents.csv"), columns);
    for (const row of rows) expect((await classifier.predict(row.text)).top[0]?.label, row.text).toBe(row.label);
  });

  it("is deterministic for a seed (same bytes, same version) and the seed matters", () => {
    const first = runTrainingJob(tinyJob(), quiet).export("int8");
    const second = runTrainingJob(tinyJob(), quiet).export("int8");
    expect(second.config.version).toBe(first.config.version);
    expect(Buffer.from(second.onnx).equals(Buffer.from(first.onnx))).toBe(true);
    const reseeded = tinyJob({ recipe: { ...tinyJob().recipe, training: { ...tinyJob().recipe.training, seed: 99 } } });
    expect(runTrainingJob(reseeded, quiet).export("int8").config.version).not.toBe(first.config.version);
  });

  it("learns from corrections, including a label the base data lacks", async () => {
    const lines: string[] = [];
    const job = tinyJob({ corrections: { path: fixture("corrections.jsonl"), weight: 3 } });
    const exported = runTrainingJob(job, (line) => lines.push(line)).export("int8");
    expect(exported.config.labels).toContain("change_item");
    expect(lines.join("\n")).toMatch(/corrections: 3 added \(weight 3\)/);
    const classifier = createIntentClassifier(exported.config, await createNodeGraphRunner(exported.onnx));
    const prediction = await classifier.predict("Can I change the colour of the sweater I ordered?");
    expect(prediction.top[0]?.label).toBe("change_item");
  });

  it("cross-fits its calibration: each validation fold is scored by a model that did not train on it", () => {
    const lines: string[] = [];
    const tickets = fixture("tiny-validation-tickets.csv");
    const job = tinyJob({
      validation: [
        { path: fixture("tiny-validation-paraphrases.csv"), ...columns },
        { path: tickets, ...columns },
      ],
      recipe: { ...tinyJob().recipe, calibrationFolds: 2, thresholdFiles: [tickets] },
    });
    const { config } = runTrainingJob(job, (line) => lines.push(line)).export("int8");
    const folds = lines.filter((line) => /^calibration fold [12]\/2: train \+ \d+ validation examples, scored on the other \d+$/.test(line));
    expect(folds).toHaveLength(2);
    expect(lines.filter((line) => line.startsWith("refit on all 42 examples"))).toHaveLength(1);
    expect(config.training).toMatchObject({
      recipe: { calibrationFolds: 2, thresholdFiles: ["test/fixtures/models/tiny-validation-tickets.csv"] },
    });
  });

  it("writes a config inference can use: labels, featurizer, temperature, thresholds, content-hash version", () => {
    const { config, onnx } = runTrainingJob(tinyJob(), quiet).export("int8");
    expect(config.version).toMatch(/^tiny-[0-9a-f]{12}$/);
    expect(config.labels).toEqual(["close_account", "double_charge", "login_problem", "where_is_parcel"]);
    expect(config.calibration.temperature).toBeGreaterThan(0);
    expect(config.graph).toMatchObject({ weights: "int8", bytes: onnx.length });
    expect(config.thresholds.targetPrecision).toBe(0.95);
  });
});
