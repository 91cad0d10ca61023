/**
 * Latency of the shipped model inside workerd (issue 3, item 6), through wrangler's local runtime:
 *   npx tsx bench/model/latency.ts [--isolates 3] [--batches 50] [--size 200]
 * - first inference in a fresh isolate: a new worker per run; phases measured inside (session creation =
 *   wasm instantiation + ort init + model parse; first predict; a second session = model parse alone) and the
 *   whole first request measured from outside against a /ping request of the same isolate;
 * - warm: per-call means over batches (workerd's clock has 1 ms steps), reported as p50 / p90 over batches.
 * Machine load inflates everything: re-run on a quiet machine for reference figures.
 */
import { fileURLToPath } from "node:url";
import { unstable_startWorker } from "wrangler";
import { parseCommandLine } from "../../scripts/lib/command-line";

const USAGE = `usage: npx tsx bench/model/latency.ts [--isolates 3] [--batches 50] [--size 200]`;

const CONFIG = fileURLToPath(new URL("./latency.wrangler.toml", import.meta.url));
const WARM_P50_TARGET_MS = 0.1;
const TRIAGE_P50_TARGET_MS = 1;

const { values } = parseCommandLine(USAGE, {
  options: { isolates: { type: "string" }, batches: { type: "string" }, size: { type: "string" } },
});
const isolates = Number(values.isolates ?? 3);
const batches = Number(values.batches ?? 50);
const size = Number(values.size ?? 200);

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
const median = (values: readonly number[]) => quantile(values, 0.5);

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await run();
  return [value, performance.now() - started];
}

interface FirstInference {
  loadMs: number;
  wasmInstantiateMs: number;
  firstPredictMs: number;
  secondPredictMs: number;
  secondSessionMs: number;
}

const firsts: (FirstInference & { requestMs: number; pingMs: number })[] = [];
let warm: { runMsPerCall: number[]; predictMsPerCall: number[]; banking77RunMsPerCall: number[]; triageMsPerCall: number[] } | undefined;
for (let run = 0; run < isolates; run++) {
  const worker = await unstable_startWorker({
    config: CONFIG,
    dev: { persist: false, inspector: false, watch: false, logLevel: "error", server: { port: 0 } },
  });
  await worker.ready;
  const [, pingMs] = await timed(async () => (await worker.fetch("http://bench/ping")).text());
  const [first, requestMs] = await timed(async () => (await worker.fetch("http://bench/first")).json() as Promise<FirstInference>);
  firsts.push({ ...first, requestMs, pingMs });
  console.log(`isolate ${run + 1}: ${JSON.stringify(first)}, first model request ${requestMs.toFixed(1)} ms, ping ${pingMs.toFixed(1)} ms`);
  if (run === isolates - 1) {
    warm = (await (await worker.fetch(`http://bench/warm?batches=${batches}&size=${size}`)).json()) as typeof warm;
  }
  await worker.dispose();
}

const col = (pick: (f: (typeof firsts)[number]) => number) => median(firsts.map(pick)).toFixed(1);
console.log(`\n## first inference in a fresh isolate (median of ${isolates} isolates)`);
console.log(`session creation (wasm instantiate + ort init + model parse)  ${col((f) => f.loadMs)} ms`);
console.log(`  of which WebAssembly.instantiate of ort's 14 MB module         ${col((f) => f.wasmInstantiateMs)} ms`);
console.log(`  of which model parse (a second session in the same isolate)  ${col((f) => f.secondSessionMs)} ms`);
console.log(`first predict                                                  ${col((f) => f.firstPredictMs)} ms`);
console.log(`second predict                                                 ${col((f) => f.secondPredictMs)} ms`);
console.log(`first model request, measured outside                          ${col((f) => f.requestMs)} ms (ping ${col((f) => f.pingMs)} ms)`);
if (warm) {
  const runP50 = median(warm.runMsPerCall);
  console.log(`\n## warm (${batches} batches x ${size} calls; per-call mean per batch)`);
  console.log(
    `${runP50 <= WARM_P50_TARGET_MS ? "PASS" : "MISS"}  model call (session.run) p50 ${runP50.toFixed(4)} ms, p90 ${quantile(warm.runMsPerCall, 0.9).toFixed(4)} ms (target p50 <= ${WARM_P50_TARGET_MS} ms)`,
  );
  console.log(
    `      full predict (featurize + run + calibrate + decide) p50 ${median(warm.predictMsPerCall).toFixed(4)} ms, p90 ${quantile(warm.predictMsPerCall, 0.9).toFixed(4)} ms`,
  );
  const triageP50 = median(warm.triageMsPerCall);
  console.log(
    `${triageP50 <= TRIAGE_P50_TARGET_MS ? "PASS" : "MISS"}  whole triage (predict + language, sentiment, priority + default rules) p50 ${triageP50.toFixed(4)} ms, p90 ${quantile(warm.triageMsPerCall, 0.9).toFixed(4)} ms (target p50 <= ${TRIAGE_P50_TARGET_MS} ms)`,
  );
  console.log(
    `      BANKING77 graph (2,463 prototypes) model call p50 ${median(warm.banking77RunMsPerCall).toFixed(4)} ms, p90 ${quantile(warm.banking77RunMsPerCall, 0.9).toFixed(4)} ms`,
  );
}
console.log("\nmachine load makes these noisy; re-run when the machine is quiet");
