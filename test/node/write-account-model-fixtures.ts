/**
 * Writes the two small account models the workerd tests upload, promote and roll back (test/worker/account-models.test.ts),
 * trained on the project-written test/fixtures/models/account/train.csv:
 *   strong/  all five intents, every example;
 *   weak/    an early model: four examples per intent and no spare-part tickets yet (it cannot answer spare_parts).
 * The account recipe (models/presets accountRecipe, what npm run train -- --account uses), made small on purpose:
 * 4,096 buckets and 16 dimensions instead of 32,768 and 64, so each model is tens of KB. Deterministic; re-run
 * after a featurizer or trainer change:
 *   npx tsx test/node/write-account-model-fixtures.ts
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { exportIntentModel, writeModelDirectory } from "../../models/onnx/export-model.js";
import { accountRecipe } from "../../models/presets/presets.js";
import { trainIntentModel, type IntentModelRecipe } from "../../models/train/train-intent-model.js";

const here = (path: string) => fileURLToPath(new URL(`../fixtures/models/account/${path}`, import.meta.url));
const rows = parse(readFileSync(here("train.csv"), "utf8"), { columns: true }) as { text: string; label: string }[];
// No intent prior: it is a 32,768 x 64 table, and these fixtures are small on purpose.
const base = accountRecipe({ seed: 7, prior: false });
// Hidden dropout 0.5, the account recipe's when the fixtures were written (the workerd tests name their versions).
const recipe: IntentModelRecipe = {
  ...base,
  featurizer: { ...base.featurizer, buckets: 4096 },
  training: { ...base.training, dim: 16, hiddenDropout: 0.5 },
};
const quiet = () => {};

function train(examples: readonly { text: string; label: string }[]) {
  const trained = trainIntentModel(
    examples.map((e, i) => ({ ...e, file: "train.csv", line: i + 2 })),
    recipe,
    quiet,
  );
  return exportIntentModel("greenway", trained, recipe.featurizer, "int8", { fixture: "test/fixtures/models/account", examples: examples.length });
}

const strong = train(rows);
writeModelDirectory(here("strong"), strong);

const seen = new Map<string, number>();
const early = rows.filter((r) => {
  const n = (seen.get(r.label) ?? 0) + 1;
  seen.set(r.label, n);
  return r.label !== "spare_parts" && n <= 4;
});
const weak = train(early);
writeModelDirectory(here("weak"), weak);

for (const [name, model] of [
  ["strong", strong],
  ["weak", weak],
] as const) {
  console.log(`${name}: ${model.config.version}, ${model.config.labels.length} labels, ${model.onnx.length} bytes`);
}
