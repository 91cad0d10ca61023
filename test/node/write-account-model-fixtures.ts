/**
 * Writes the two small account models the workerd tests upload, promote and roll back (test/worker/account-models.test.ts),
 * trained on the project-written test/fixtures/models/account/train.csv:
 *   strong/  all five intents, every example;
 *   weak/    an early model: four examples per intent and no spare-part tickets yet (it cannot answer spare_parts).
 * Small on purpose (4,096 buckets, 16 dimensions: tens of KB). Deterministic: re-run after a featurizer or trainer change
 *   npx tsx test/node/write-account-model-fixtures.ts
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { trainAccountModel } from "../../models/cli/train-account.js";
import { writeModelDirectory } from "../../models/onnx/export-model.js";

const here = (path: string) => fileURLToPath(new URL(`../fixtures/models/account/${path}`, import.meta.url));
const rows = parse(readFileSync(here("train.csv"), "utf8"), { columns: true }) as { text: string; label: string }[];
const options = { name: "greenway", buckets: 4096, dim: 16, epochs: 30, seed: 7 };
const quiet = () => {};

const strong = trainAccountModel(rows, options, quiet);
writeModelDirectory(here("strong"), strong);

const seen = new Map<string, number>();
const early = rows.filter((r) => {
  const n = (seen.get(r.label) ?? 0) + 1;
  seen.set(r.label, n);
  return r.label !== "spare_parts" && n <= 4;
});
const weak = trainAccountModel(early, options, quiet);
writeModelDirectory(here("weak"), weak);

for (const [name, model] of [
  ["strong", strong],
  ["weak", weak],
] as const) {
  console.log(`${name}: ${model.config.version}, ${model.config.labels.length} labels, ${model.onnx.length} bytes`);
}
