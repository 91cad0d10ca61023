/**
 * A CLI: trains the intent prior account models start from (models/train/intent-prior.ts) and writes it to
 * models/prior/ (or --out). Its usage, what `--help` prints, is USAGE below. Deterministic: the same data gives the
 * same bytes and version.
 */
import { relative } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_DATA_ROOT, dropDuplicateTexts, loadDataSources, requireDataRoot, type DataSource } from "../data/data-source.js";
import { ACCOUNT_RECIPE, describeSources, projectTrainSources } from "../presets/presets.js";
import { featurizeExamples } from "../train/featurized-set.js";
import { SHIPPED_PRIOR_DIRECTORY, writeIntentPrior } from "../train/intent-prior.js";
import { DEFAULT_TRAINING_OPTIONS, trainEmbeddingBag } from "../train/trainer.js";
import { runCli } from "./run-cli.js";

const USAGE = `usage: npm run train:prior -- [--data-root <dir>] [--out <dir>]
Trains the embedding table account models start from on public intent data (CLINC150's in-scope train and
validation splits, Bitext's 2023-08-18 LLM release) and the project's own training tickets (models/support/
multilingual, models/support/chatty-en), each intent its own class, and writes table.bin + prior.json to
--out (default models/prior/). Prints progress; about a minute on 2 cores.`;

/** Where each source's intents come from, so two data sets' same-named intents stay apart. */
const SOURCES: readonly { readonly prefix: string; readonly source: DataSource }[] = [
  { prefix: "clinc150", source: { path: "clinc150/data_full.json", splits: ["train", "val"], textColumn: "text", labelColumn: "label" } },
  { prefix: "support", source: { path: "bitext/bitext_llm_train_2023-08-18.csv", textColumn: "instruction", labelColumn: "intent" } },
  ...projectTrainSources().map((source) => ({ prefix: "support", source })),
];

/** Fewer epochs than a model: the table only has to place words, and 22,000+ texts make 700 steps an epoch. */
const PRIOR_EPOCHS = 10;

runCli(async (argv) => {
  const { values } = parseArgs({ args: argv, options: { "data-root": { type: "string" }, out: { type: "string" } } });
  const dataRoot = requireDataRoot(values["data-root"] ?? DEFAULT_DATA_ROOT, "train:prior");
  const out = values.out ?? SHIPPED_PRIOR_DIRECTORY;
  const log = (line: string) => console.log(`[train:prior] ${line}`);
  const loaded = SOURCES.flatMap(({ prefix, source }) => loadDataSources([source], dataRoot).map((row) => ({ ...row, label: `${prefix}:${row.label}` })));
  const { rows, dropped } = dropDuplicateTexts(loaded);
  const labels = [...new Set(rows.map((row) => row.label))].sort();
  const labelIndex = new Map(labels.map((label, index) => [label, index]));
  log(`${rows.length} texts (${dropped} repeated dropped), ${labels.length} intents, from ${SOURCES.length} files`);
  const { featurizer } = ACCOUNT_RECIPE;
  // The default settings, not the account recipe's fine-tuning ones (its hidden dropout is for a few examples).
  const training = { ...DEFAULT_TRAINING_OPTIONS, epochs: PRIOR_EPOCHS };
  const set = featurizeExamples(
    rows.map((row) => ({ text: row.text, labelIndex: labelIndex.get(row.label)! })),
    featurizer,
  );
  const model = trainEmbeddingBag(set, labels.length, featurizer.buckets, training, undefined, (report) =>
    log(
      `epoch ${report.epoch}/${report.epochs}  loss ${report.loss.toFixed(4)}  train acc ${(report.trainAccuracy * 100).toFixed(2)}%  (${report.seconds.toFixed(1)} s)`,
    ),
  );
  const prior = writeIntentPrior(
    out,
    model.embedding,
    { dim: training.dim, featurizer },
    {
      sources: SOURCES.map(({ prefix, source }) => ({ prefix, ...describeSources([source])[0] })),
      texts: rows.length,
      intents: labels.length,
      training: { epochs: training.epochs, seed: training.seed, learningRate: training.learningRate, batchSize: training.batchSize },
    },
  );
  log(`wrote ${relative(process.cwd(), out) || "."}/table.bin and prior.json, version ${prior.version}`);
}, USAGE);
