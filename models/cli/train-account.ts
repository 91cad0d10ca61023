/**
 * Per-account training (models/cli/train.ts hands over when argv has --account; its USAGE lists the options):
 * Fetches the account's training examples (the train split; the held-out split judges the candidate in the
 * Worker), trains an int8 model with the small-data account recipe (models/jobs/training-job.ts
 * trainModelFromExamples; corrections weigh CORRECTION_WEIGHT), uploads it as a candidate and asks for its
 * promotion, printing both models' figures and the verdict. The examples' text never leaves this process except to the Worker it came from.
 */
import { parseArgs } from "node:util";
import { trainModelFromExamples } from "../jobs/training-job.js";
import { writeModelDirectory } from "../onnx/export-model.js";

export const DEFAULT_MIN_PER_INTENT = 5;
const DEFAULT_MIN_LLM_CONFIDENCE = 0.7;
const IMPORT_PAGES_PER_CALL = 5;
const CONNECT_ATTEMPTS = 3;
const CONNECT_RETRY_MS = 2_000;

export class TrainAccountError extends Error {}

/** An agent's correction counts this many times an imported, rule or LLM label (as `npm run train -- --corrections`). */
export const CORRECTION_WEIGHT = 2;

interface Example {
  ticketId: number;
  text: string;
  intent: string;
  source: string;
}

/** Intents with enough examples train; the others are named with their counts (the taxonomy's examples still cover them in-context). */
export function chooseIntents<T extends { readonly intent: string }>(
  examples: readonly T[],
  minPerIntent: number,
): { kept: T[]; perIntent: [string, number][]; leftOut: [string, number][] } {
  const counts = new Map<string, number>();
  for (const e of examples) counts.set(e.intent, (counts.get(e.intent) ?? 0) + 1);
  const perIntent = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const leftOut = perIntent.filter(([, n]) => n < minPerIntent);
  const keep = new Set(perIntent.filter(([, n]) => n >= minPerIntent).map(([intent]) => intent));
  return { kept: examples.filter((e) => keep.has(e.intent)), perIntent, leftOut };
}

/** The examples of the intents `chooseIntents` left out: the model will not know them (see unknownIntentTexts). */
export function leftOutExamples<T extends { readonly intent: string }>(examples: readonly T[], kept: readonly T[]): T[] {
  const known = new Set(kept.map((e) => e.intent));
  return examples.filter((e) => !known.has(e.intent));
}

/** The admin API, with errors a person can act on. */
export class AdminClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
    let res: Response | undefined;
    // A Worker under `wrangler dev` restarts when its code changes: a refused connection is retried twice.
    for (let attempt = 1; !res; attempt++) {
      try {
        res = await fetch(`${this.baseUrl}${path}`, {
          method,
          headers: { Authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (error) {
        if (attempt >= CONNECT_ATTEMPTS) {
          throw new TrainAccountError(
            `cannot reach the admin API at ${this.baseUrl}: ${(error as Error).message} (is the Worker running? npm start; or pass --admin-url)`,
          );
        }
        await new Promise((r) => setTimeout(r, CONNECT_RETRY_MS));
      }
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : {};
    } catch {
      throw new TrainAccountError(`${method} ${path} → ${res.status}: the answer is not JSON (${text.slice(0, 200)})`);
    }
    if (res.status === 401) throw new TrainAccountError("the admin API refused the token (pass --admin-token or set ADMIN_TOKEN)");
    return { status: res.status, json: json as T };
  }

  /** A 2xx answer, or a TrainAccountError with the API's message. */
  async ok<T>(method: string, path: string, body?: unknown): Promise<T> {
    const { status, json } = await this.call<T & { message?: string }>(method, path, body);
    if (status < 200 || status > 299)
      throw new TrainAccountError(`${method} ${path.split("?")[0]} → ${status}: ${json.message ?? JSON.stringify(json).slice(0, 300)}`);
    return json;
  }
}

interface ImportAnswer {
  imported: number;
  skipped: Record<string, number>;
  pages?: number;
  cursor: string | null;
  done: boolean;
  retryAfterSeconds?: number;
}

/** Loops the history import until Zendesk's export reaches its end, honouring the rate limit. */
async function importHistory(
  admin: AdminClient,
  account: string,
  body: { since?: string; labelField?: number; labelTagPrefix?: string },
  say: (line: string) => void,
  sleep: (ms: number) => Promise<void>,
): Promise<number> {
  let cursor: string | undefined;
  let total = 0;
  const skipped: Record<string, number> = {};
  for (let call = 1; ; call++) {
    const answer = await admin.ok<ImportAnswer>("POST", `/admin/history/import?account=${encodeURIComponent(account)}`, {
      ...body,
      ...(cursor ? { cursor } : {}),
      maxPages: IMPORT_PAGES_PER_CALL,
    });
    total += answer.imported;
    for (const [why, n] of Object.entries(answer.skipped ?? {})) skipped[why] = (skipped[why] ?? 0) + n;
    const skippedText = Object.entries(skipped)
      .filter(([, n]) => n > 0)
      .map(([why, n]) => `${why} ${n}`)
      .join(", ");
    say(`history import: call ${call}, +${answer.imported} (total ${total}${skippedText ? `; skipped ${skippedText}` : ""})${answer.done ? ", done" : ""}`);
    if (answer.cursor) cursor = answer.cursor;
    if (answer.done) return total;
    if (answer.retryAfterSeconds) {
      say(`history import: Zendesk's rate limit, waiting ${answer.retryAfterSeconds} s`);
      await sleep(answer.retryAfterSeconds * 1000);
    }
  }
}

/** One model's figures in a promotion answer (worker/intent-model/evaluate.ts ModelEvaluation). */
export interface Evaluation {
  version: string;
  examples: number;
  accuracy: number | null;
  coverageAtPrecision: number | null;
  targetPrecision: number;
  answered: number;
  precision: number | null;
}

interface PromotionAnswer {
  message?: string;
  error?: string;
  promoted?: string;
  heldOut?: number;
  verdict?: string | null;
  reason?: string | null;
  candidate?: Evaluation | null;
  live?: (Evaluation & { fallback: string | null }) | null;
  details?: PromotionAnswer;
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? "n/a" : `${(v * 100).toFixed(1)}%`);

export function describeEvaluation(label: string, e: Evaluation | null | undefined): string {
  if (!e) return `${label}: not evaluated`;
  return (
    `${label.padEnd(9)} ${e.version}: accuracy ${pct(e.accuracy)}, coverage at ${pct(e.targetPrecision)} precision ${pct(e.coverageAtPrecision)} ` +
    `(its own threshold answers ${e.answered} of ${e.examples}, ${pct(e.precision)} right)`
  );
}

export interface MainDeps {
  say?: (line: string) => void;
  sleep?: (ms: number) => Promise<void>;
}

/** The CLI entry (models/cli/train.ts calls it): a TrainAccountError is printed as one line, exit code 1. */
export async function main(argv: string[]): Promise<void> {
  try {
    await trainAccount(argv);
  } catch (error) {
    const badFlag = (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    if (!(error instanceof TrainAccountError) && !badFlag) throw error;
    console.error(`${badFlag ? "usage error" : "error"}: ${(error as Error).message}`);
    process.exitCode = badFlag ? 2 : 1;
  }
}

/** Trains, uploads and asks for promotion; throws TrainAccountError with a message a person can act on. */
export async function trainAccount(argv: string[], deps: MainDeps = {}): Promise<void> {
  const say = deps.say ?? ((line: string) => console.log(line));
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const { values } = parseArgs({
    args: argv,
    options: {
      account: { type: "string" },
      "from-zendesk": { type: "boolean" },
      "label-field": { type: "string" },
      "label-tag-prefix": { type: "string" },
      since: { type: "string" },
      "admin-url": { type: "string" },
      "admin-token": { type: "string" },
      "min-per-intent": { type: "string" },
      "min-llm-confidence": { type: "string" },
      seed: { type: "string" },
      "no-promote": { type: "boolean" },
      "no-prior": { type: "boolean" },
      force: { type: "boolean" },
      reason: { type: "string" },
      out: { type: "string" },
    },
  });
  const account = values.account?.toLowerCase();
  if (!account) throw new TrainAccountError("--account <subdomain> is required");
  const adminUrl = (values["admin-url"] ?? process.env.EDGE_TRIAGE_URL ?? "http://127.0.0.1:8787").replace(/\/$/, "");
  const admin = new AdminClient(adminUrl, values["admin-token"] ?? process.env.ADMIN_TOKEN ?? "dev-admin-token");
  const minPerIntent = intOption(values["min-per-intent"], "--min-per-intent") ?? DEFAULT_MIN_PER_INTENT;
  const minLlmConfidence = Number(values["min-llm-confidence"] ?? DEFAULT_MIN_LLM_CONFIDENCE);
  if (!(minLlmConfidence >= 0 && minLlmConfidence <= 1)) throw new TrainAccountError("--min-llm-confidence is a number from 0 to 1");
  if (values.force && !values.reason) throw new TrainAccountError("--force needs --reason <why> (the promotion is audited)");
  const q = `account=${encodeURIComponent(account)}`;
  const log = (line: string) => say(`[train ${account}] ${line}`);

  const known = await admin.call<{ message?: string }>("GET", `/admin/accounts/${encodeURIComponent(account)}`);
  if (known.status === 404) throw new TrainAccountError(`account '${account}' is unknown to ${adminUrl} (create it with PUT /admin/accounts/${account})`);
  if (known.status !== 200) throw new TrainAccountError(`GET /admin/accounts/${account} → ${known.status}: ${known.json.message ?? ""}`);

  if (values["from-zendesk"]) {
    const labelField = intOption(values["label-field"], "--label-field");
    const labelTagPrefix = values["label-tag-prefix"];
    if ((labelField === undefined) === (labelTagPrefix === undefined)) {
      throw new TrainAccountError("--from-zendesk needs exactly one of --label-field <custom field id> or --label-tag-prefix <prefix>");
    }
    if (values.since && Number.isNaN(Date.parse(values.since))) throw new TrainAccountError(`--since ${values.since} is not a date (YYYY-MM-DD)`);
    const since = values.since ? new Date(values.since).toISOString() : undefined;
    await importHistory(admin, account, { ...(since ? { since } : {}), ...(labelField === undefined ? { labelTagPrefix } : { labelField }) }, log, sleep);
  } else if (values["label-field"] || values["label-tag-prefix"] || values.since) {
    throw new TrainAccountError("--label-field, --label-tag-prefix and --since go with --from-zendesk");
  }

  const { examples } = await admin.ok<{ examples: Example[] }>("GET", `/admin/training-examples?${q}&split=train&minLlmConfidence=${minLlmConfidence}`);
  const counts = await admin.ok<{ train: number; heldOut: number; bySource: { source: string; heldOut: boolean; count: number }[] }>(
    "GET",
    `/admin/training-examples/counts?${q}`,
  );
  const bySource = new Map<string, number>();
  for (const e of examples) bySource.set(e.source, (bySource.get(e.source) ?? 0) + 1);
  log(
    `${examples.length} training examples (${[...bySource].map(([s, n]) => `${s} ${n}`).join(", ") || "none"}); ` +
      `${counts.heldOut} more are held out to judge the candidate`,
  );
  const { kept, perIntent, leftOut } = chooseIntents(examples, minPerIntent);
  for (const [intent, n] of perIntent) log(`  ${String(n).padStart(5)}  ${intent}${n < minPerIntent ? "  (left out)" : ""}`);
  const trainable = perIntent.length - leftOut.length;
  if (trainable < 2) {
    throw new TrainAccountError(
      `too few examples: training needs at least ${minPerIntent} examples for each of at least 2 intents; ` +
        `${trainable} intent(s) have that many (${perIntent.map(([i, n]) => `${i} ${n}`).join(", ") || "no examples at all"}). ` +
        "Label more tickets (agent corrections, the LLM tier) or import history with --from-zendesk.",
    );
  }
  if (leftOut.length) log(`left out (fewer than ${minPerIntent} examples each): ${leftOut.map(([i, n]) => `${i} ${n}`).join(", ")}`);

  // The taxonomy's names train as one more example of each intent (models/train/intent-names.ts).
  const { taxonomy } = await admin.ok<{ taxonomy: { intents: { id: string; name: string }[] } }>("GET", `/admin/intents?${q}`);
  const intentNames = Object.fromEntries(taxonomy.intents.map((intent) => [intent.id, intent.name]));

  const started = performance.now();
  const model = trainModelFromExamples(
    {
      name: account,
      examples: kept.map((e) => ({ text: e.text, label: e.intent, ...(e.source === "correction" ? { weight: CORRECTION_WEIGHT } : {}) })),
      unknownIntentTexts: leftOutExamples(examples, kept).map((e) => e.text),
      seed: intOption(values.seed, "--seed"),
      prior: !values["no-prior"],
      intentNames,
    },
    log,
  );
  log(
    `trained ${model.config.version} in ${((performance.now() - started) / 1000).toFixed(1)} s: ${model.config.labels.length} intents, ` +
      `${(model.onnx.length / 1024 / 1024).toFixed(2)} MB int8`,
  );
  if (values.out) {
    writeModelDirectory(values.out, model);
    log(`wrote ${values.out}/model.onnx and config.json`);
  }

  const training = {
    examples: kept.length,
    bySource: Object.fromEntries(bySource),
    perIntent: Object.fromEntries(perIntent),
    leftOut: Object.fromEntries(leftOut),
    minPerIntent,
    minLlmConfidence,
    fromZendesk: Boolean(values["from-zendesk"]),
    since: values.since ?? null,
    warnings: model.warnings,
    trainedAt: new Date().toISOString(),
  };
  const upload = await admin.ok<{ created: boolean }>("POST", `/admin/models?${q}`, {
    config: model.config,
    model: Buffer.from(model.onnx).toString("base64"),
    training,
  });
  log(`uploaded ${model.config.version} as a candidate${upload.created ? "" : " (already registered: same bytes)"}`);
  if (values["no-promote"]) {
    log(`not promoting (--no-promote): npm run models -- promote ${model.config.version} --account ${account}`);
    return;
  }

  const force = values.force ? `&force=true&reason=${encodeURIComponent(values.reason!)}` : "";
  const { status, json } = await admin.call<PromotionAnswer>("POST", `/admin/models/${model.config.version}/promote?${q}${force}`);
  const figures = status === 200 ? json : json.details;
  if (figures) {
    log(describeEvaluation("candidate", figures.candidate));
    log(describeEvaluation("live", figures.live));
    if (figures.live?.fallback) log(`  (live: ${figures.live.fallback})`);
  }
  if (status === 200) log(`verdict: promoted ${json.promoted}${values.force ? ` (forced: ${values.reason})` : ""} — ${json.reason ?? ""}`);
  else if (status === 409) log(`verdict: kept as a candidate, not promoted — ${json.message}`);
  else throw new TrainAccountError(`promotion failed: ${status} ${json.message ?? ""}`);
}

function intOption(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new TrainAccountError(`${flag} must be a non-negative integer`);
  return n;
}
