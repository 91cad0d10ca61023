/**
 * Loading an account's edge model inside workerd (issue 12, item 5), through wrangler's local runtime and local R2:
 *   npm run bench:model:account-load -- [--isolates 3] [--loads 5]
 * - warm isolate: ort and the shipped model already up; then an account model's first use = R2 get + size, config
 *   and SHA-256 checks + session creation + first predict (target <= 30 ms), measured inside (workerd's clock
 *   has 1 ms steps and advances around I/O) and from outside against a /ping of the same isolate; also the same
 *   steps one by one;
 * - cold: the first request of a fresh isolate is an account model's first triage, split into R2 get, checks,
 *   session creation (with the wasm instantiation inside it timed), first predict and the first triage.
 * The account model here is the shipped support model's artifact (2.3 MB int8, 28 labels, 896 prototypes), the
 * size a real account model has. Machine load inflates everything: re-run on a quiet machine for reference figures.
 */
import { fileURLToPath } from "node:url";
import { unstable_startWorker } from "wrangler";
import { parseCommandLine } from "../../scripts/lib/command-line";

const USAGE = `usage: npm run bench:model:account-load -- [--isolates 3] [--loads 5]`;

const CONFIG = fileURLToPath(new URL("./account-load.wrangler.toml", import.meta.url));
const WARM_LOAD_TARGET_MS = 30;

const { values } = parseCommandLine(USAGE, { options: { isolates: { type: "string" }, loads: { type: "string" } } });
const isolates = Number(values.isolates ?? 3);
const loads = Number(values.loads ?? 5);

const quantile = (xs: readonly number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const median = (xs: readonly number[]) => quantile(xs, 0.5);
const fmt = (x: number) => x.toFixed(1).padStart(7);

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await run();
  return [value, performance.now() - started];
}

async function startWorker() {
  const worker = await unstable_startWorker({
    config: CONFIG,
    dev: { persist: false, inspector: false, watch: false, logLevel: "error", server: { port: 0 } },
  });
  await worker.ready;
  return worker;
}

type Worker = Awaited<ReturnType<typeof startWorker>>;
const get = async <T>(worker: Worker, path: string): Promise<T> => {
  const res = await worker.fetch(`http://bench${path}`);
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};

interface Phases {
  r2GetMs: number;
  checkMs: number;
  sessionMs: number;
  firstPredictMs: number;
  secondPredictMs: number;
}
interface Cold {
  r2GetMs: number;
  checkMs: number;
  sessionMs: number;
  wasmInstantiateMs: number;
  firstPredictMs: number;
  firstTriageMs: number;
  secondTriageMs: number;
}

const warmInside: number[] = [];
const adapted: number[] = [];
const warmOutside: number[] = [];
const phaseRuns: Phases[] = [];
const colds: (Cold & { requestMs: number; pingMs: number })[] = [];

for (let run = 0; run < isolates; run++) {
  const worker = await startWorker();
  try {
    await get(worker, `/seed?n=${3 * loads + 1}`);
    // A fresh isolate per run (the seed request ran no model code): its first model request is the cold one.
    const [, pingMs] = await timed(async () => (await worker.fetch("http://bench/ping")).text());
    const [cold, requestMs] = await timed(() => get<Cold>(worker, `/cold?i=${3 * loads}`));
    colds.push({ ...cold, requestMs, pingMs });
    await get(worker, "/warm-shipped");
    for (let i = 0; i < loads; i++) {
      const [inside, outsideMs] = await timed(() => get<{ ms: number }>(worker, `/load?i=${i}`));
      const [, ping] = await timed(async () => (await worker.fetch("http://bench/ping")).text());
      warmInside.push(inside.ms);
      warmOutside.push(outsideMs - ping);
      phaseRuns.push(await get<Phases>(worker, `/phases?i=${loads + i}`));
      adapted.push((await get<{ ms: number }>(worker, `/adapt?i=${2 * loads + i}`)).ms);
    }
    console.log(
      `isolate ${run + 1}: cold ${JSON.stringify(cold)}; warm loads ${warmInside
        .slice(-loads)
        .map((x) => x.toFixed(0))
        .join(", ")} ms`,
    );
  } finally {
    await worker.dispose();
  }
}

const col = <T>(rows: T[], pick: (r: T) => number) => fmt(median(rows.map(pick)));
const warm = median(warmInside);
console.log(`\n## an account model's first use in a warm isolate (median of ${warmInside.length} loads, ${isolates} isolates)`);
console.log(
  `${warm <= WARM_LOAD_TARGET_MS ? "PASS" : "MISS"}  R2 get + checks + session + first predict, inside ${fmt(warm)} ms (target <= ${WARM_LOAD_TARGET_MS} ms)`,
);
console.log(`      p90 ${fmt(quantile(warmInside, 0.9)).trim()} ms, max ${fmt(Math.max(...warmInside)).trim()} ms (a load that grows ort's wasm heap)`);
console.log(`      the same request measured outside, minus a ping     ${fmt(median(warmOutside))} ms`);
console.log(`      R2 get (2.3 MB, local R2)                            ${col(phaseRuns, (p) => p.r2GetMs)} ms`);
console.log(`      config + size + SHA-256 check                        ${col(phaseRuns, (p) => p.checkMs)} ms`);
console.log(`      session creation (model parse, ort already up)       ${col(phaseRuns, (p) => p.sessionMs)} ms`);
console.log(`      first predict                                        ${col(phaseRuns, (p) => p.firstPredictMs)} ms`);
console.log(`      second predict                                       ${col(phaseRuns, (p) => p.secondPredictMs)} ms`);
console.log(`      load + adapting to a taxonomy with 81 example phrases (classifierForAccount's first call) ${col(adapted, (x) => x).trim()} ms`);
console.log(`\n## the first triage of a fresh isolate, on an account model (median of ${colds.length} isolates)`);
console.log(`R2 get                                                     ${col(colds, (c) => c.r2GetMs)} ms`);
console.log(`config + size + SHA-256 check                              ${col(colds, (c) => c.checkMs)} ms`);
console.log(`session creation (ort init + wasm instantiate + model parse) ${col(colds, (c) => c.sessionMs)} ms`);
console.log(`  of which WebAssembly.instantiate of ort's precompiled module ${col(colds, (c) => c.wasmInstantiateMs)} ms`);
console.log(`first predict                                              ${col(colds, (c) => c.firstPredictMs)} ms`);
console.log(
  `first triage (signals + default rules; their first use)    ${col(colds, (c) => c.firstTriageMs)} ms (second: ${col(colds, (c) => c.secondTriageMs).trim()} ms)`,
);
console.log(`first request, measured outside                            ${col(colds, (c) => c.requestMs)} ms (ping ${col(colds, (c) => c.pingMs).trim()} ms)`);
console.log("\nmachine load makes these noisy; re-run when the machine is quiet");
