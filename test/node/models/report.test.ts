import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadLabelledTexts } from "../../../models/data/labelled-texts.js";
import { evaluateModel } from "../../../models/eval/evaluate.js";
import { createNodeGraphRunner } from "../../../models/eval/node-runtime.js";
import { renderReport } from "../../../models/eval/report.js";
import { getPreset } from "../../../models/presets/presets.js";
import { runTrainingJob } from "../../../models/jobs/training-job.js";

const fixture = fileURLToPath(new URL("../../fixtures/models/tiny-intents.csv", import.meta.url));
const columns = { textColumn: "text", labelColumn: "label" };

describe("evaluation report", () => {
  it("summarises the test set and lists further test sets in one table", async () => {
    const recipe = getPreset("banking77", "/nonexistent").recipe;
    const exported = runTrainingJob(
      { name: "tiny", dataRoot: "/nonexistent", train: [{ path: fixture, ...columns }], recipe: { ...recipe, training: { ...recipe.training, epochs: 25 } } },
      () => {},
    ).export("int8");
    const run = await createNodeGraphRunner(exported.onnx);
    const rows = loadLabelledTexts(fixture, columns);
    const all = await evaluateModel(exported.config, run, rows);
    const half = await evaluateModel(exported.config, run, rows.slice(0, 4));
    const report = renderReport(all, {
      config: exported.config,
      modelBytes: exported.onnx.length,
      dataDescription: ["tiny-intents.csv"],
      reproduce: ["npm run eval"],
      notes: [],
      alsoScored: [{ name: "first four", evaluation: half }],
    });
    expect(report).toContain(`| accuracy (decided label) | 100.00% |`);
    expect(report).toMatch(/## Also scored on[\s\S]*\| first four \| 4 \| 100\.00% \|/);
    expect(renderReport(all, { config: exported.config, modelBytes: 1, dataDescription: [], reproduce: [], notes: [] })).not.toContain("Also scored on");
  });
});
