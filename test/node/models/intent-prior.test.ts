import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { loadLabelledTexts } from "../../../models/data/labelled-texts.js";
import { trainModelFromExamples } from "../../../models/jobs/training-job.js";
import { accountRecipe, shippedIntentPrior } from "../../../models/presets/presets.js";
import { assertPriorFits, readIntentPrior, writeIntentPrior } from "../../../models/train/intent-prior.js";
import { trainIntentModel } from "../../../models/train/train-intent-model.js";

const scratch = mkdtempSync(join(tmpdir(), "intent-prior-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const base = accountRecipe({ seed: 3, prior: false });
const featurizer = { ...base.featurizer, buckets: 512 };
const dim = 8;
const description = { sources: [{ path: "made up in the test" }], texts: 0, intents: 0, training: {} };
const table = Float32Array.from({ length: featurizer.buckets * dim }, (_, i) => Math.sin(i * 0.37) * (1 + (i % 5)));

describe("the intent prior (models/train/intent-prior.ts)", () => {
  it("round-trips int8 per row, with a content version, and refuses a table that does not match it", () => {
    const directory = join(scratch, "round-trip");
    const written = writeIntentPrior(directory, table, { dim, featurizer }, description);
    expect(written.version).toMatch(/^intent-prior-[0-9a-f]{12}$/);
    const read = readIntentPrior(directory);
    expect(read.version).toBe(written.version);
    for (let row = 0; row < featurizer.buckets; row++) {
      const cells = table.subarray(row * dim, (row + 1) * dim);
      const step = Math.max(...Array.from(cells, Math.abs)) / 127;
      cells.forEach((value, d) => {
        expect(Math.abs(read.embedding[row * dim + d]! - value)).toBeLessThanOrEqual(step / 2 + 1e-6);
      });
    }
    expect(writeIntentPrior(join(scratch, "again"), table, { dim, featurizer }, description).version).toBe(written.version);

    const bytes = readFileSync(join(directory, "table.bin"));
    bytes[10] = (bytes[10]! + 1) % 256;
    writeFileSync(join(directory, "table.bin"), bytes);
    expect(() => readIntentPrior(directory)).toThrow(/does not match the version/);
    writeFileSync(join(directory, "table.bin"), bytes.subarray(0, 100));
    expect(() => readIntentPrior(directory)).toThrow(/100 bytes, expected/);
    expect(() => readIntentPrior(join(scratch, "nowhere"))).toThrow(/npm run train:prior, or train with --no-prior/);
  });

  it("starts training from the prior: rows the examples never reach keep its values; another table shape is refused", () => {
    const prior = writeIntentPrior(join(scratch, "start"), table, { dim, featurizer }, description);
    const rows = loadLabelledTexts(fileURLToPath(new URL("../../fixtures/models/tiny-intents.csv", import.meta.url)), {
      textColumn: "text",
      labelColumn: "label",
    });
    const recipe = { ...base, featurizer, training: { ...base.training, dim, minSteps: undefined, epochs: 3 }, startFrom: prior };
    const lines: string[] = [];
    const trained = trainIntentModel(rows, recipe, (line) => lines.push(line));
    expect(lines).toContain(`starting from the intent prior ${prior.version}`);
    const fromRandom = trainIntentModel(rows, { ...recipe, startFrom: undefined }, () => {});
    const unreached = [...Array(featurizer.buckets).keys()].filter((row) =>
      fromRandom.weights.embedding.subarray(row * dim, (row + 1) * dim).every((x) => x === 0),
    );
    expect(unreached.length).toBeGreaterThan(0);
    for (const row of unreached) {
      expect(Array.from(trained.weights.embedding.subarray(row * dim, (row + 1) * dim))).toEqual(
        Array.from(prior.embedding.subarray(row * dim, (row + 1) * dim)),
      );
    }
    expect(() => assertPriorFits(prior, { ...featurizer, hashSeed: 1 }, dim)).toThrow(/another featurizer or width.*--no-prior/);
    expect(() => trainIntentModel(rows, { ...recipe, training: { ...recipe.training, dim: 16 } }, () => {})).toThrow(/512 x 16/);
  });

  it("is where account models start, recorded in their config; prior: false starts from a random table", () => {
    const examples = ["where is my parcel", "my package has not arrived", "refund my money please", "I want a refund for the lamp"].flatMap((text, i) =>
      Array.from({ length: 6 }, (_, n) => ({ text: `${text} ${n}`, label: i < 2 ? "track" : "refund" })),
    );
    const withPrior = trainModelFromExamples({ name: "acct", examples, seed: 1 });
    const without = trainModelFromExamples({ name: "acct", examples, seed: 1, prior: false });
    const recorded = (config: typeof withPrior.config) => (config.training as { recipe: { prior: string | null } }).recipe.prior;
    expect(recorded(withPrior.config)).toBe(shippedIntentPrior().version);
    expect(recorded(without.config)).toBeNull();
    expect(withPrior.config.version).not.toBe(without.config.version);
  });
});
