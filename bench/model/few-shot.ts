/**
 * Few-shot accuracy on BANKING77 (issue #12 item 6): k examples per intent drawn from train (k = 5, 10; seeds
 * 1-3), scored on the full official test set, our recipe side by side with a TF-IDF + logistic regression
 * baseline on the same draws (bench/model/tfidf-baseline.ts).
 *   npm run bench:model:few-shot -- [--data-root <dir>] [--shots 5,10] [--seeds 1,2,3] [--no-baseline]
 * Targets: mean of 3 seeds >= 70% (5-shot) and >= 80% (10-shot); published USE+ConveRT 77.75 / 85.19,
 * TF-IDF + LR 63.7 / 74.6 (measured outside the project).
 */
import { DEFAULT_DATA_ROOT, loadDataSource, requireDataRoot } from "../../models/data/data-source.js";
import type { LabelledText } from "../../models/data/labelled-texts.js";
import { evaluateTrainedFloat, fewShotDraw } from "../../models/jobs/few-shot.js";
import { trainModelFromExamples } from "../../models/jobs/training-job.js";
import { predictTfidf, trainTfidfLogisticRegression } from "./tfidf-baseline.js";
import { parseCommandLine } from "../../scripts/lib/command-line";

const USAGE = `usage: npm run bench:model:few-shot -- [--data-root <dir>] [--shots 5,10] [--seeds 1,2,3] [--no-baseline]`;

const TARGETS: Record<number, number> = { 5: 0.7, 10: 0.8 };
const PUBLISHED: Record<number, string> = { 5: "USE+ConveRT 77.75, TF-IDF+LR 63.7", 10: "USE+ConveRT 85.19, TF-IDF+LR 74.6" };

const { values } = parseCommandLine(USAGE, {
  options: {
    "data-root": { type: "string" },
    shots: { type: "string", default: "5,10" },
    seeds: { type: "string", default: "1,2,3" },
    "no-baseline": { type: "boolean" },
    quiet: { type: "boolean" },
  },
});
const dataRoot = requireDataRoot(values["data-root"] ?? DEFAULT_DATA_ROOT, "bench:model:few-shot");
const columns = { textColumn: "text", labelColumn: "category" };
const train = loadDataSource({ path: "banking77/train.csv", ...columns }, dataRoot);
const test = loadDataSource({ path: "banking77/test.csv", ...columns }, dataRoot);
const shots = values.shots.split(",").map(Number);
const seeds = values.seeds.split(",").map(Number);

const pct = (value: number) => `${(value * 100).toFixed(2)}%`;
const baselineAccuracy = (examples: readonly LabelledText[]) => {
  const model = trainTfidfLogisticRegression(examples);
  let correct = 0;
  for (const example of test) if (predictTfidf(model, example.text) === example.label) correct++;
  return correct / test.length;
};

console.log(`BANKING77 few-shot: ${train.length} train, ${test.length} test (full official test set)`);
console.log("| k-shot | seed | ours | TF-IDF + LR | ours - baseline | train s |");
console.log("|---|---|---|---|---|---|");
const summary: string[] = [];
for (const k of shots) {
  const ours: number[] = [];
  const baseline: number[] = [];
  for (const seed of seeds) {
    const drawn = fewShotDraw(train, k, seed);
    const started = performance.now();
    const trained = trainModelFromExamples(
      { name: "banking77-few-shot", examples: drawn, seed },
      values.quiet ? undefined : (line) => console.error(`  [k=${k} seed=${seed}] ${line}`),
    );
    const seconds = (performance.now() - started) / 1000;
    const accuracy = evaluateTrainedFloat(trained.trained, trained.config.featurizer, test).accuracy;
    ours.push(accuracy);
    const base = values["no-baseline"] ? Number.NaN : baselineAccuracy(drawn);
    baseline.push(base);
    console.log(
      `| ${k} | ${seed} | ${pct(accuracy)} | ${Number.isNaN(base) ? "n/a" : pct(base)} | ${Number.isNaN(base) ? "n/a" : ((accuracy - base) * 100).toFixed(2)} | ${seconds.toFixed(1)} |`,
    );
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const oursMean = mean(ours);
  const baseMean = mean(baseline);
  console.log(
    `| ${k} | mean | **${pct(oursMean)}** | ${Number.isNaN(baseMean) ? "n/a" : pct(baseMean)} | ${Number.isNaN(baseMean) ? "n/a" : ((oursMean - baseMean) * 100).toFixed(2)} | |`,
  );
  const target = TARGETS[k];
  summary.push(
    `${k}-shot: ours ${pct(oursMean)}` +
      (target === undefined ? "" : ` vs target >= ${pct(target)}: ${oursMean >= target ? "met" : "MISSED"}`) +
      (PUBLISHED[k] ? ` (published: ${PUBLISHED[k]})` : ""),
  );
}
console.log("");
for (const line of summary) console.log(line);
