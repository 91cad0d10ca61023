/**
 * The learning-curve benchmark (issue 12, item 7): a new account whose intents the shipped model does not know
 * replays a stream of labelled tickets through the cascade (its rules -> its edge model -> a simulated LLM when
 * the model is unsure -> none), every rule and LLM label becoming a training example, and its edge model
 * retrained every N tickets. Prints, per segment, the share each tier decided and its accuracy, LLM calls and
 * cost; after each retrain, the whole cascade with the new model on the data set's test split.
 *   npm run bench:learning -- [--data banking77|clinc150] [--tickets 1000] [--retrain-every 100]
 *     [--llm-accuracy 0.9] [--seed 1] [--llm-cost-per-call <usd>] [--min-per-intent 5]
 *     [--train-min-llm-confidence 0.7] [--data-root ../shared/data] [--out bench/out/learning]
 * Deterministic for a seed (the stream order, every LLM answer, the training).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_DATA_ROOT, requireDataRoot } from "../../models/data/data-source.js";
import { enabledIntentIds } from "../../worker/triage/intents/schema";
import { DEFAULT_LLM_MIN_CONFIDENCE } from "../../worker/triage/engine/triage";
import { accuracy, count, emptyTally, runTicket, scoreSet, share, type Account } from "./cascade.js";
import { retrainEdgeModel, type CollectedLabel, type EdgeModel } from "./edge-model.js";
import { markdownReport, pct, retrainLine, segmentLine, tierLine, usd, type Milestone, type RetrainRow, type SegmentRow } from "./report.js";
import { checkPromotion, MIN_HELD_OUT, PROMOTION_MODES, type PromotionCheck, type PromotionMode } from "./promotion.js";
import { loadScenario, SCENARIO_DATA, type ScenarioData } from "./scenario.js";
import { ASSUMED_TOKENS, DEFAULT_COST_PER_CALL, PRICE_PER_MILLION, SimulatedLlm } from "./simulated-llm.js";
import { parseCommandLine } from "../../scripts/lib/command-line";

const USAGE = `usage: npm run bench:learning -- [--data banking77|clinc150] [--tickets 1000] [--retrain-every 100]
         [--llm-accuracy 0.9] [--seed 1] [--llm-cost-per-call <usd>] [--min-per-intent 5]
         [--train-min-llm-confidence 0.7] [--data-root ../shared/data] [--out bench/out/learning]`;

const MILESTONES = [200, 500, 1000, 2000, 5000];
const TEST_STREAM = 1;

function fail(message: string): never {
  process.stderr.write(`bench:learning: ${message}\n`);
  process.exit(2);
}

function numberOption(raw: string | undefined, name: string, fallback: number, valid: (n: number) => boolean, what: string): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || !valid(value)) fail(`${name} expects ${what} (got "${raw}")`);
  return value;
}

const { values } = parseCommandLine(USAGE, {
  options: {
    data: { type: "string", default: "banking77" },
    tickets: { type: "string" },
    "retrain-every": { type: "string" },
    "llm-accuracy": { type: "string" },
    seed: { type: "string" },
    "llm-cost-per-call": { type: "string" },
    "min-per-intent": { type: "string" },
    "train-min-llm-confidence": { type: "string" },
    promotion: { type: "string", default: "gate" },
    "data-root": { type: "string" },
    out: { type: "string", default: "bench/out/learning" },
  },
});

const integer = (min: number) => (n: number) => Number.isInteger(n) && n >= min;
const unit = (n: number) => n >= 0 && n <= 1;
if (!(SCENARIO_DATA as readonly string[]).includes(values.data)) fail(`--data is one of ${SCENARIO_DATA.join(", ")} (got "${values.data}")`);
const data = values.data as ScenarioData;
const tickets = numberOption(values.tickets, "--tickets", 1000, integer(1), "a whole number of tickets");
const retrainEvery = numberOption(values["retrain-every"], "--retrain-every", 100, integer(1), "a whole number of tickets");
const llmAccuracy = numberOption(values["llm-accuracy"], "--llm-accuracy", 0.9, unit, "a probability from 0 to 1");
const seed = numberOption(values.seed, "--seed", 1, integer(0), "a whole number");
const costPerCall = numberOption(values["llm-cost-per-call"], "--llm-cost-per-call", DEFAULT_COST_PER_CALL, (n) => n >= 0, "a cost in USD");
const minPerIntent = numberOption(values["min-per-intent"], "--min-per-intent", 5, integer(1), "a whole number");
const trainMinLlmConfidence = numberOption(values["train-min-llm-confidence"], "--train-min-llm-confidence", 0.7, unit, "a confidence from 0 to 1");
if (!(PROMOTION_MODES as readonly string[]).includes(values.promotion)) fail(`--promotion is one of ${PROMOTION_MODES.join(", ")} (got "${values.promotion}")`);
const promotionMode = values.promotion as PromotionMode;
const dataRoot = requireDataRoot(values["data-root"] ?? DEFAULT_DATA_ROOT, "bench:learning");

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
const scenario = loadScenario(data, dataRoot, tickets, seed);
const intents = enabledIntentIds(scenario.taxonomy);
const intentNames = Object.fromEntries(scenario.taxonomy.intents.map((intent) => [intent.id, intent.name]));
const llm = new SimulatedLlm({ accuracy: llmAccuracy, costPerCall, seed, intents });
const account: Account = { table: scenario.table, taxonomy: scenario.taxonomy, llm };
const assumption =
  values["llm-cost-per-call"] === undefined
    ? `LLM cost per call ${usd(costPerCall)}: ${ASSUMED_TOKENS.prompt} prompt + ${ASSUMED_TOKENS.completion} completion tokens at ` +
      `gpt-4o-mini's $${PRICE_PER_MILLION.prompt}/$${PRICE_PER_MILLION.completion} per million (--llm-cost-per-call to change).`
    : `LLM cost per call ${usd(costPerCall)} (--llm-cost-per-call).`;

console.log(
  `${data}: ${intents.length} intents, ${scenario.table.rules.length} rules (${scenario.rulesFile}), ${tickets} tickets replayed, ` +
    `retrain every ${retrainEvery}, simulated LLM right ${pct(llmAccuracy, 0)} (seed ${seed}), ${scenario.test.length} test tickets`,
);
console.log(
  `the LLM's label decides from confidence ${DEFAULT_LLM_MIN_CONFIDENCE}; training uses rule labels and LLM labels from ${trainMinLlmConfidence}, ` +
    `intents with ${minPerIntent}+ examples, not the ~1 in 5 tickets held out; ` +
    {
      gate: `a candidate goes live when it beats the live model on the held-out labels (${MIN_HELD_OUT}+ needed)`,
      strict: `a candidate goes live when it beats the live model on the held-out labels (${MIN_HELD_OUT}+ needed) and its answers there reach the target precision`,
      always: "every candidate goes live (--promotion always)",
    }[promotionMode],
);
console.log(assumption);

const labels: CollectedLabel[] = [];
const segments: SegmentRow[] = [];
const retrains: RetrainRow[] = [];
const stream = emptyTally();
/** The edge model serving the stream: the latest that trained (none at first). */
const serving: { model: EdgeModel | null } = { model: null };
let baselineRight = 0;

async function retrain(afterTickets: number): Promise<void> {
  process.stdout.write(`  retraining on the labels of ${afterTickets} tickets... `);
  const result = await retrainEdgeModel(labels, { seed, minPerIntent, minLlmConfidence: trainMinLlmConfidence, intentNames });
  const candidate = result.model;
  let promotion: PromotionCheck | null = null;
  if (candidate) {
    process.stdout.write("judging it on the held-out labels... ");
    const heldOut = labels.filter((label) => label.heldOut).map((label) => ({ text: label.text, intent: label.intent }));
    promotion = await checkPromotion(promotionMode, candidate.classifier, serving.model?.classifier ?? null, heldOut, candidate.targetPrecision);
    // A candidate that is not better stays a candidate: the live model keeps serving, as in the product.
    if (promotion.promoted) serving.model = candidate;
  }
  process.stdout.write("scoring the live model on the test split... ");
  const test = await scoreSet(account, serving.model?.classifier ?? null, scenario.test, TEST_STREAM);
  const row: RetrainRow = {
    afterTickets,
    labels: labels.length,
    heldOutLabels: labels.filter((label) => label.heldOut).length,
    candidateVersion: candidate?.version ?? null,
    liveVersion: serving.model?.version ?? null,
    skipped: candidate ? null : result.reason,
    promotion,
    trainedExamples: candidate?.examples ?? 0,
    intents: candidate?.intents ?? 0,
    leftOutIntents: candidate?.leftOutIntents ?? 0,
    validationExamples: candidate?.validation.examples ?? 0,
    validationAccuracy: candidate?.validation.accuracy ?? null,
    temperature: candidate?.temperature ?? null,
    abstainBelow: candidate?.abstainBelow ?? null,
    calibration: candidate?.calibration ?? "",
    warnings: candidate?.warnings ?? [],
    seconds: candidate?.seconds ?? 0,
    test,
  };
  retrains.push(row);
  process.stdout.write(`done (${elapsed()})\n${retrainLine(row)}\n`);
  for (const warning of row.warnings) console.log(`  trainer warning: ${warning}`);
}

for (let from = 0; from < tickets; from += retrainEvery) {
  const to = Math.min(tickets, from + retrainEvery);
  const tally = emptyTally();
  for (let i = from; i < to; i++) {
    const item = scenario.stream[i]!;
    const outcome = await runTicket(account, serving.model?.classifier ?? null, item, 0, i);
    count(tally, outcome);
    count(stream, outcome);
    if (outcome.label) labels.push(outcome.label);
    // The baseline asks the LLM on every ticket and keeps its answer from the same confidence.
    const answer = llm.classify(0, i, item.truth);
    if (answer.confidence >= DEFAULT_LLM_MIN_CONFIDENCE && answer.intent === item.truth) baselineRight++;
  }
  const row: SegmentRow = { from: from + 1, to, modelVersion: serving.model?.version ?? null, tally, callsSoFar: stream.llmCalls, costSoFar: stream.costUsd };
  segments.push(row);
  console.log(segmentLine(row));
  await retrain(to);
}

const milestones: Milestone[] = MILESTONES.filter((n) => n <= tickets).map((n) => {
  const r = [...retrains].reverse().find((row) => row.afterTickets <= n)!;
  const next = segments.find((s) => s.from === r.afterTickets + 1);
  return {
    tickets: n,
    retrainAfter: r.afterTickets,
    testModelShare: share(r.test, "model"),
    testModelAccuracy: accuracy(r.test, "model"),
    testRight: r.test.right / r.test.tickets,
    testLlmShare: r.test.llmCalls / r.test.tickets,
    nextSegment: next ? { from: next.from, to: next.to, modelShare: share(next.tally, "model"), modelAccuracy: accuracy(next.tally, "model") } : null,
  };
});
const last = retrains.at(-1)!;
if (last.afterTickets !== milestones.at(-1)?.tickets) {
  milestones.push({
    tickets: last.afterTickets,
    retrainAfter: last.afterTickets,
    testModelShare: share(last.test, "model"),
    testModelAccuracy: accuracy(last.test, "model"),
    testRight: last.test.right / last.test.tickets,
    testLlmShare: last.test.llmCalls / last.test.tickets,
    nextSegment: null,
  });
}
const baselineCost = tickets * costPerCall;
const totals = {
  tickets,
  right: stream.right,
  llmCalls: stream.llmCalls,
  costUsd: stream.costUsd,
  baseline: { llmCalls: tickets, costUsd: baselineCost, right: baselineRight },
  tally: stream,
};

console.log("\nwhat the edge model takes over (the model trained on the first N tickets; test split unless said):");
for (const m of milestones) {
  const next = m.nextSegment ? `; on the next stream segment ${pct(m.nextSegment.modelShare)} at ${pct(m.nextSegment.modelAccuracy)}` : "";
  console.log(
    `  after ${String(m.tickets).padStart(5)}: model decides ${pct(m.testModelShare)} at ${pct(m.testModelAccuracy)}, ` +
      `cascade right ${pct(m.testRight)}, LLM asked on ${pct(m.testLlmShare)}${next}`,
  );
}
console.log(`whole stream: ${tierLine(stream)}; right ${pct(stream.right / tickets)}`);
console.log(
  `LLM: ${stream.llmCalls} calls on ${tickets} tickets, ${usd(stream.costUsd)}; LLM on every ticket: ${tickets} calls, ${usd(baselineCost)}, ` +
    `right ${pct(baselineRight / tickets)} (cascade saves ${pct(1 - stream.costUsd / baselineCost)} of the LLM cost)`,
);
const lastTestCalls = last.test.llmCalls / last.test.tickets;
console.log(
  `at the last model's rate: ${usd(lastTestCalls * 1000 * costPerCall)} per 1,000 tickets vs ${usd(1000 * costPerCall)} with the LLM on every ticket`,
);

const settings = {
  data,
  tickets,
  "retrain-every": retrainEvery,
  "llm-accuracy": llmAccuracy,
  seed,
  "llm-cost-per-call": costPerCall,
  "min-per-intent": minPerIntent,
  "train-min-llm-confidence": trainMinLlmConfidence,
  promotion: promotionMode,
};
const command = `npm run bench:learning -- ${Object.entries(settings)
  .filter(([key]) => key !== "llm-cost-per-call" || values["llm-cost-per-call"] !== undefined)
  .map(([key, value]) => `--${key} ${value}`)
  .join(" ")}`;
const run = { command, settings, assumption, seconds: (performance.now() - started) / 1000 };
// Settings left at their defaults stay out of the name.
const variant = [
  promotionMode === "gate" ? "" : `-${promotionMode}`,
  minPerIntent === 5 ? "" : `-min${minPerIntent}`,
  trainMinLlmConfidence === 0.7 ? "" : `-conf${trainMinLlmConfidence}`,
].join("");
const base = join(values.out, `${data}-${tickets}-every${retrainEvery}-llm${Math.round(llmAccuracy * 100)}-seed${seed}${variant}`);
mkdirSync(values.out, { recursive: true });
writeFileSync(`${base}.json`, `${JSON.stringify({ run, segments, retrains, milestones, totals }, null, 2)}\n`);
writeFileSync(`${base}.md`, markdownReport(run, segments, retrains, milestones, totals));
console.log(`wrote ${base}.json and ${base}.md (${elapsed()})`);
