/** A CLI: its usage, what `--help` prints, is USAGE below. */
import { statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_DATA_ROOT, requireDataRoot, type DataSource } from "../data/data-source.js";
import { MODEL_FILE, writeModelDirectory } from "../onnx/export-model.js";
import { FAMILIARITY_SIGNALS, type FamiliaritySignal } from "../shared/familiarity.js";
import { accountRecipe, getPreset } from "../presets/presets.js";
import { runTrainingJob, type TrainingJob } from "../jobs/training-job.js";
import type { IntentModelRecipe } from "../train/train-intent-model.js";
import { DATA_OPTIONS, runCli, UsageError } from "./run-cli.js";

const USAGE = `usage:
npm run train -- --preset support|banking77|clinc150 [--out models/<name>]
npm run train -- --data <file.csv|.jsonl> [--data <more>] --text <column> --label <column> --out models/<name>
  [--split <a,b>]              splits to read from a CLINC-style .json file
  [--oos-label <label>]        the label of out-of-scope examples in the data (enables out-of-scope detection;
                               a warning, and no detection, when no example has it)
  [--skip-bad-rows]            leave out rows that cannot be used (each is listed) instead of stopping
  [--corrections <file.jsonl>] agent corrections, one {"text", "label"} per line [--corrections-weight 2]
  [--data-root <dir>]          where preset data lives (default ../shared/data next to the checkout)
  [--seed N] [--epochs N] [--dim N] [--buckets N]
  [--no-vote]                  the classifier alone, without the nearest-prototype vote
  [--no-prior]                 --data: start from a random table, not the intent prior (models/prior/)
  [--no-intent-names]          --data: do not also train on each label read as words (card_arrival: "card arrival")
  [--ticket-framing N]         also train on N copies of each text framed like a ticket (greeting, order
                               number, sign-off): for curated one-line data, not for real ticket exports
  [--familiarity <signal>]     let the temperature move with pooled-length or nearest-prototype-cosine
                               (models/shared/familiarity.ts); none: one temperature (the default for --data)
Writes <out>/model.onnx (int8) and <out>/config.json; prints progress, validation metrics, size and time.
npm run train -- --account <subdomain>   an account's model (models/cli/train-account.ts)
    [--from-zendesk --label-field <id> | --label-tag-prefix <prefix>] [--since <YYYY-MM-DD>]   import history first
    [--admin-url <url>] [--admin-token <token>]     default $EDGE_TRIAGE_URL or http://127.0.0.1:8787, $ADMIN_TOKEN or dev-admin-token
    [--min-per-intent 5] [--min-llm-confidence 0.7] [--seed N]
    [--no-promote] [--force --reason <why>] [--out <dir>]   also write model.onnx + config.json locally
    [--no-prior]                                     start from a random table, not the intent prior`;

const DEFAULT_CORRECTIONS_WEIGHT = 2;

function buildJob(argv: string[]): { job: TrainingJob; out: string } {
  const { values } = parseArgs({
    args: argv,
    options: {
      preset: { type: "string" },
      ...DATA_OPTIONS,
      corrections: { type: "string" },
      "corrections-weight": { type: "string" },
      seed: { type: "string" },
      epochs: { type: "string" },
      dim: { type: "string" },
      buckets: { type: "string" },
      "no-vote": { type: "boolean" },
      "no-prior": { type: "boolean" },
      "no-intent-names": { type: "boolean" },
      "ticket-framing": { type: "string" },
      familiarity: { type: "string" },
    },
  });
  const dataRoot = values["data-root"] ?? DEFAULT_DATA_ROOT;
  let name: string;
  let train: readonly DataSource[];
  let validation: readonly DataSource[] | undefined;
  let recipe: IntentModelRecipe;
  let preset: string | undefined;
  let intentNames = false;

  if (values.preset) {
    if (values.data) throw new UsageError("use either --preset or --data, not both");
    const chosen = getPreset(values.preset, requireDataRoot(dataRoot, "train"));
    ({ name, train, validation, recipe } = chosen);
    preset = chosen.name;
  } else {
    if (!values.data || !values.text || !values.label || !values.out) {
      throw new UsageError("give --preset <name>, or --data <file> --text <column> --label <column> --out <dir>");
    }
    const columns = { textColumn: values.text, labelColumn: values.label, splits: values.split?.split(",") };
    // Files named on the command line are relative to the working directory, not to the data root.
    train = values.data.map((path) => ({ path: resolve(path), ...columns }));
    name = values.out.replace(/\/+$/, "").split("/").pop() ?? "model";
    // Real exports are small data: the account recipe (models/presets/presets.ts).
    // Starts from the intent prior, unless --no-prior or a table shape the prior does not have.
    const reshaped = values.buckets !== undefined || values.dim !== undefined;
    if (reshaped && !values["no-prior"]) console.error("note: --buckets/--dim given: training from a random table, not the intent prior");
    recipe = { ...accountRecipe({ prior: !values["no-prior"] && !reshaped }), outOfScopeLabel: values["oos-label"] ?? null };
    intentNames = !values["no-intent-names"];
  }
  if (values.preset && values["no-intent-names"]) throw new UsageError("--no-intent-names goes with --data (presets train on their data alone)");
  const framingCopies = positiveInt(values["ticket-framing"], "--ticket-framing");
  const familiarity = familiarityOption(values.familiarity);
  recipe = {
    ...recipe,
    ...(familiarity === undefined ? {} : { familiarity: familiarity ?? undefined }),
    ...(values["no-vote"] ? { neighbours: undefined } : {}),
    ...(framingCopies === undefined ? {} : { ticketFraming: { copies: framingCopies } }),
    featurizer: { ...recipe.featurizer, buckets: positiveInt(values.buckets, "--buckets") ?? recipe.featurizer.buckets },
    training: {
      ...recipe.training,
      seed: positiveInt(values.seed, "--seed") ?? recipe.training.seed,
      epochs: positiveInt(values.epochs, "--epochs") ?? recipe.training.epochs,
      dim: positiveInt(values.dim, "--dim") ?? recipe.training.dim,
    },
  };
  const corrections = values.corrections ? { path: values.corrections, weight: Number(values["corrections-weight"] ?? DEFAULT_CORRECTIONS_WEIGHT) } : undefined;
  if (corrections && !(corrections.weight > 0)) throw new UsageError("--corrections-weight must be a positive number");
  const out = values.out ?? join("models", name);
  return { job: { name, preset, dataRoot, train, validation, recipe, corrections, skipBadRows: values["skip-bad-rows"] ?? false, intentNames }, out };
}

/** undefined: flag absent (keep the recipe's); null: "none". */
function familiarityOption(value: string | undefined): FamiliaritySignal | null | undefined {
  if (value === undefined) return undefined;
  if (value === "none") return null;
  const signal = FAMILIARITY_SIGNALS.find((known) => known === value);
  if (!signal) throw new UsageError(`--familiarity must be one of ${[...FAMILIARITY_SIGNALS, "none"].join(", ")}`);
  return signal;
}

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new UsageError(`${flag} must be a non-negative integer`);
  return parsed;
}

/** `--account <sub>` trains an account's model (models/cli/train-account.ts), a separate build piece. */
async function trainAccount(argv: string[]): Promise<void> {
  let accountCli: { main(argv: string[]): Promise<void> };
  try {
    accountCli = await import("./train-account.js");
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") throw new UsageError("per-account training is not available in this build");
    throw error;
  }
  await accountCli.main(argv);
}

runCli(async (argv) => {
  if (argv.includes("--account")) return trainAccount(argv);
  const started = performance.now();
  const startedCpu = process.cpuUsage();
  const { job, out } = buildJob(argv);
  const log = (line: string) => console.log(`[train ${job.name}] ${line}`);
  log(
    `recipe: dim ${job.recipe.training.dim}, ${job.recipe.featurizer.buckets} buckets, ${job.recipe.training.epochs} epochs, ` +
      `seed ${job.recipe.training.seed}, data root ${relative(process.cwd(), job.dataRoot) || "."}`,
  );
  const result = runTrainingJob(job, log);
  const model = result.export("int8");
  writeModelDirectory(out, model);
  const bytes = statSync(join(out, MODEL_FILE)).size;
  log(`wrote ${out}/${MODEL_FILE} (${(bytes / 1024 / 1024).toFixed(2)} MB int8) and config.json, version ${model.config.version}`);
  const cpu = process.cpuUsage(startedCpu);
  // CPU time next to wall time: on a shared machine the wall clock also counts other processes' turns.
  log(
    `total time ${((performance.now() - started) / 1000).toFixed(1)} s wall, ` +
      `${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU (training itself: ${result.trained.seconds.toFixed(1)} s wall)`,
  );
}, USAGE);
