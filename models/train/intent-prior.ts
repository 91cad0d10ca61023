import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { quantizeRows } from "./quantize.js";
import type { FeaturizerConfig } from "../shared/featurizer.js";

/**
 * The intent prior: an embedding table trained on public intent data (models/cli/train-prior.ts), where account
 * models start instead of a random table. A draw of 5 examples per intent cannot teach what "card", "arrive" or
 * "refund" mean next to their neighbours; a table that has seen 200 intents' worth of requests already places
 * them, and fine-tuning moves it to the account's intents. Rows the account's examples never reach keep the
 * prior's values, so words of a ticket that no example had still count.
 */
export interface IntentPrior {
  /** `intent-prior-<first 12 hex of SHA-256>` over the table and the featurizer. */
  readonly version: string;
  /** Its `buckets` are the table's rows. */
  readonly featurizer: FeaturizerConfig;
  readonly dim: number;
  /** featurizer.buckets x dim, row-major (dequantized from the stored int8). */
  readonly embedding: Float32Array;
}

/** What prior.json says beside the version: where the table came from. */
export interface IntentPriorDescription {
  readonly sources: readonly Record<string, unknown>[];
  readonly texts: number;
  readonly intents: number;
  readonly training: Record<string, unknown>;
}

/** The shipped prior, in the repository like the shipped models. */
export const SHIPPED_PRIOR_DIRECTORY = fileURLToPath(new URL("../prior/", import.meta.url));
const TABLE_FILE = "table.bin";
const DESCRIPTION_FILE = "prior.json";

interface PriorFile extends IntentPriorDescription {
  readonly version: string;
  readonly featurizer: FeaturizerConfig;
  readonly dim: number;
  readonly format: string;
}

const FORMAT = "int8 rows (buckets x dim, one symmetric scale per row), then the float32 scales (buckets), little-endian";

function versionOf(table: Uint8Array, featurizer: FeaturizerConfig): string {
  const hash = createHash("sha256").update(table).update(JSON.stringify(featurizer)).digest("hex");
  return `intent-prior-${hash.slice(0, 12)}`;
}

/** Stores a trained table int8 per row (2 MB for 32,768 x 64) and returns the prior as training will read it. */
export function writeIntentPrior(
  directory: string,
  embedding: Float32Array,
  shape: { dim: number; featurizer: FeaturizerConfig },
  description: IntentPriorDescription,
): IntentPrior {
  const { values, scales } = quantizeRows(embedding, shape.featurizer.buckets, shape.dim);
  const table = new Uint8Array(values.byteLength + scales.byteLength);
  table.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), 0);
  const view = new DataView(table.buffer);
  for (let row = 0; row < scales.length; row++) view.setFloat32(values.byteLength + row * 4, scales[row]!, true);
  const version = versionOf(table, shape.featurizer);
  const file: PriorFile = { version, ...shape, format: FORMAT, ...description };
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, TABLE_FILE), table);
  writeFileSync(join(directory, DESCRIPTION_FILE), `${JSON.stringify(file, null, 2)}\n`);
  return readIntentPrior(directory);
}

/** Reads a prior written by writeIntentPrior, checking the table against its description. */
export function readIntentPrior(directory: string): IntentPrior {
  const descriptionPath = join(directory, DESCRIPTION_FILE);
  const tablePath = join(directory, TABLE_FILE);
  if (!existsSync(descriptionPath) || !existsSync(tablePath)) {
    throw new Error(`no intent prior in ${directory} (${DESCRIPTION_FILE} and ${TABLE_FILE}): run npm run train:prior, or train with --no-prior`);
  }
  const file = JSON.parse(readFileSync(descriptionPath, "utf8")) as PriorFile;
  const table = new Uint8Array(readFileSync(tablePath));
  const buckets = file.featurizer.buckets;
  const cells = buckets * file.dim;
  if (table.byteLength !== cells + buckets * 4) {
    throw new Error(`${tablePath}: ${table.byteLength} bytes, expected ${cells + buckets * 4} for ${buckets} x ${file.dim}`);
  }
  if (versionOf(table, file.featurizer) !== file.version) throw new Error(`${tablePath} does not match the version in ${descriptionPath}: rewrite both`);
  const values = new Int8Array(table.buffer, table.byteOffset, cells);
  const view = new DataView(table.buffer, table.byteOffset);
  const embedding = new Float32Array(cells);
  for (let row = 0; row < buckets; row++) {
    const scale = view.getFloat32(cells + row * 4, true);
    for (let d = 0; d < file.dim; d++) embedding[row * file.dim + d] = values[row * file.dim + d]! * scale;
  }
  return { version: file.version, featurizer: file.featurizer, dim: file.dim, embedding };
}

/** Throws unless a model with this featurizer (its hashing and buckets) and width can start from the prior. */
export function assertPriorFits(prior: IntentPrior, featurizer: FeaturizerConfig, dim: number): void {
  const same = JSON.stringify(sortedKeys(prior.featurizer)) === JSON.stringify(sortedKeys(featurizer));
  if (!same || prior.dim !== dim) {
    throw new Error(
      `the intent prior ${prior.version} (${prior.featurizer.buckets} x ${prior.dim}) was trained with another featurizer or width than this recipe ` +
        `(${featurizer.buckets} x ${dim}): train without it (--no-prior) or retrain it`,
    );
  }
}

function sortedKeys(value: object): [string, unknown][] {
  return Object.entries(value).sort(([a], [b]) => a.localeCompare(b));
}
