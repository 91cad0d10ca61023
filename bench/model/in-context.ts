/**
 * How well in-context examples add intents without retraining (models/shared/in-context.ts), on BANKING77:
 * a model is trained (account recipe) on k examples of 67 intents; the other 10 intents are then given only
 * as k in-context examples each. Scored on the full test set of all 77 intents through the int8 graph in
 * onnxruntime-web: accuracy on the 10 new intents, on the 67 trained ones before and after the examples, and
 * how often the abstain rule lets a new-intent answer through and how right those answers are.
 *   npx tsx bench/model/in-context.ts [--data-root <dir>] [--shots 10] [--seed 1] [--new 10]
 */
import { DEFAULT_DATA_ROOT, loadDataSource, requireDataRoot } from "../../models/data/data-source.js";
import { createNodeGraphRunner } from "../../models/eval/node-runtime.js";
import { fewShotDraw } from "../../models/jobs/few-shot.js";
import { trainModelFromExamples } from "../../models/jobs/training-job.js";
import { createIntentClassifier } from "../../models/shared/intent-classifier.js";
import type { IntentClassifier } from "../../models/shared/types.js";
import { SeededRandom } from "../../models/train/random.js";
import { parseCommandLine } from "../../scripts/lib/command-line";

const USAGE = `usage: npx tsx bench/model/in-context.ts [--data-root <dir>] [--shots 10] [--seed 1] [--new 10]`;

const { values } = parseCommandLine(USAGE, {
  options: {
    "data-root": { type: "string" },
    shots: { type: "string", default: "10" },
    seed: { type: "string", default: "1" },
    new: { type: "string", default: "10" },
  },
});
const dataRoot = requireDataRoot(values["data-root"] ?? DEFAULT_DATA_ROOT, "bench in-context");
const columns = { textColumn: "text", labelColumn: "category" };
const train = loadDataSource({ path: "banking77/train.csv", ...columns }, dataRoot);
const test = loadDataSource({ path: "banking77/test.csv", ...columns }, dataRoot);
const k = Number(values.shots);
const seed = Number(values.seed);
const labels = [...new Set(train.map((row) => row.label))].sort();
const newLabels = new Set(new SeededRandom(seed).shuffle([...labels]).slice(0, Number(values.new)));
const drawn = fewShotDraw(train, k, seed);
const trained = trainModelFromExamples({ name: "banking77-in-context", examples: drawn.filter((row) => !newLabels.has(row.label)), seed });
const base = createIntentClassifier(trained.config, await createNodeGraphRunner(trained.onnx));
const started = performance.now();
const examples = drawn.filter((row) => newLabels.has(row.label)).map((row) => ({ label: row.label, text: row.text }));
const adapted = await base.withExamples(examples);
const buildMs = performance.now() - started;

async function score(classifier: IntentClassifier, rows: typeof test) {
  let right = 0;
  let answered = 0;
  let answeredRight = 0;
  for (const row of rows) {
    const prediction = await classifier.predict(row.text);
    const ok = prediction.top[0]?.label === row.label;
    if (ok) right++;
    if (!prediction.abstain) {
      answered++;
      if (ok) answeredRight++;
    }
  }
  return { accuracy: right / rows.length, answered: answered / rows.length, answeredRight: answered ? answeredRight / answered : null };
}
const pct = (value: number | null) => (value === null ? "n/a" : `${(value * 100).toFixed(1)}%`);
const oldRows = test.filter((row) => !newLabels.has(row.label));
const newRows = test.filter((row) => newLabels.has(row.label));
const before = await score(base, oldRows);
const afterOld = await score(adapted, oldRows);
const afterNew = await score(adapted, newRows);
console.log(`BANKING77, ${k} examples per intent, seed ${seed}: trained on ${labels.length - newLabels.size} intents, ${newLabels.size} added in-context`);
console.log(`new intents: ${[...newLabels].join(", ")}`);
console.log(`in-context build: ${examples.length} examples in ${buildMs.toFixed(0)} ms (${(buildMs / examples.length).toFixed(2)} ms each)`);
console.log("| test rows | classifier | top-1 right | answered (not abstained) | answered ones right |");
console.log("|---|---|---|---|---|");
console.log(`| trained intents (${oldRows.length}) | trained model | ${pct(before.accuracy)} | ${pct(before.answered)} | ${pct(before.answeredRight)} |`);
console.log(
  `| trained intents (${oldRows.length}) | + in-context examples | ${pct(afterOld.accuracy)} | ${pct(afterOld.answered)} | ${pct(afterOld.answeredRight)} |`,
);
console.log(
  `| new intents (${newRows.length}) | + in-context examples | ${pct(afterNew.accuracy)} | ${pct(afterNew.answered)} | ${pct(afterNew.answeredRight)} |`,
);
console.log(`(a model trained on all 77 intents with the same draw: npm run bench:model:few-shot -- --shots ${k} --seeds ${seed})`);
