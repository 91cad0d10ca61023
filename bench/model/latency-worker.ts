/// <reference path="../../worker/intent-model/modules.d.ts" />
/// <reference path="./text-modules.d.ts" />
/**
 * A bench-only Worker around the shipped model (started by bench/model/latency.ts, never deployed).
 * workerd's clock is coarse (1 ms steps, advancing around I/O), so single calls cannot be timed from inside:
 * warm figures are per-call means over batches of calls, and the bench also times whole requests from outside.
 *   GET /ping                         no model work (baseline request)
 *   GET /first                        first inference of this isolate, split into phases
 *   GET /warm?batches=B&size=S        B batches of S calls: mean ms per session.run and per full predict, and per
 *                                     session.run of the BANKING77 graph (the largest neighbour memory), and per
 *                                     whole triage (predict + signals + the default rule table, as the pipeline)
 */
import modelBytes from "../../models/support/model.onnx";
import config from "../../models/support/config.json";
import banking77Bytes from "../../models/banking77/model.onnx";
import { featurize } from "../../models/shared/featurizer";
import { parseIntentModelConfig } from "../../models/shared/model-config";
import defaultRules from "../../rules/default.yaml";
import { loadIntentClassifier } from "../../worker/intent-model";
import { parseRuleSource } from "../../worker/triage/rules/source";
import { modelText } from "../../worker/triage/ticket-text";
import { triage } from "../../worker/triage/engine/triage";
import type { TicketSnapshot } from "../../worker/triage/types";
import { createOnnxGraphRunner } from "../../worker/intent-model/onnx-session";

const SAMPLE_TEXTS = [
  "I want to cancel the order I placed yesterday",
  "where is my package, it was supposed to arrive on monday",
  "please send me the invoice for my last purchase",
  "Hi, I was charged twice for the same pair of shoes and would like one payment refunded as soon as possible",
];
const shippedConfig = parseIntentModelConfig(config);
const ruleTable = parseRuleSource(defaultRules, "yaml");
const SAMPLE_TICKETS: TicketSnapshot[] = SAMPLE_TEXTS.map((text, i) => ({
  id: i + 1,
  subject: text.split(",")[0]!.slice(0, 60),
  description: text,
  comments: [],
  status: "new",
  priority: null,
  channel: "email",
  tags: [],
  requesterTags: [],
  organizationTags: [],
}));
const featurizerConfig = shippedConfig.featurizer;

/** Times every WebAssembly.instantiate call (the model loader wraps whatever is installed, so this sees its call). */
function timeWasmInstantiation(): { ms: number; restore: () => void } {
  const instantiate = WebAssembly.instantiate;
  const timing = {
    ms: 0,
    restore: () => {
      WebAssembly.instantiate = instantiate;
    },
  };
  WebAssembly.instantiate = (async (...args: Parameters<typeof instantiate>) => {
    const started = performance.now();
    try {
      return await instantiate(...args);
    } finally {
      timing.ms += performance.now() - started;
    }
  }) as typeof instantiate;
  return timing;
}

async function firstInference() {
  const wasm = timeWasmInstantiation();
  const t0 = performance.now();
  const classifier = await loadIntentClassifier(); // wasm instantiation + ort init + model parse
  const t1 = performance.now();
  wasm.restore();
  await classifier.predict(SAMPLE_TEXTS[0]!);
  const t2 = performance.now();
  await classifier.predict(SAMPLE_TEXTS[1]!);
  const t3 = performance.now();
  await createOnnxGraphRunner(modelBytes); // a second session: model parse only, runtime already up
  const t4 = performance.now();
  return {
    loadMs: t1 - t0,
    wasmInstantiateMs: wasm.ms,
    firstPredictMs: t2 - t1,
    secondPredictMs: t3 - t2,
    secondSessionMs: t4 - t3,
  };
}

async function warm(batches: number, size: number) {
  const classifier = await loadIntentClassifier();
  const runGraph = await createOnnxGraphRunner(modelBytes);
  const ids = SAMPLE_TEXTS.map((text) => featurize(text, featurizerConfig));
  const runBanking77 = await createOnnxGraphRunner(banking77Bytes);
  const runMsPerCall: number[] = [];
  const predictMsPerCall: number[] = [];
  const banking77RunMsPerCall: number[] = [];
  const triageMsPerCall: number[] = [];
  for (let b = 0; b < batches; b++) {
    let t = performance.now();
    for (let i = 0; i < size; i++) await runGraph(ids[i % ids.length]!);
    runMsPerCall.push((performance.now() - t) / size);
    t = performance.now();
    for (let i = 0; i < size; i++) await classifier.predict(SAMPLE_TEXTS[i % SAMPLE_TEXTS.length]!);
    predictMsPerCall.push((performance.now() - t) / size);
    t = performance.now();
    for (let i = 0; i < size; i++) await runBanking77(ids[i % ids.length]!);
    banking77RunMsPerCall.push((performance.now() - t) / size);
    t = performance.now();
    for (let i = 0; i < size; i++) {
      const ticket = SAMPLE_TICKETS[i % SAMPLE_TICKETS.length]!;
      const prediction = await classifier.predict(modelText(ticket));
      triage({ ticket, table: ruleTable, rulesVersion: 1, prediction });
    }
    triageMsPerCall.push((performance.now() - t) / size);
  }
  return { runMsPerCall, predictMsPerCall, banking77RunMsPerCall, triageMsPerCall };
}

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/ping") return new Response("ok");
    if (url.pathname === "/first") return Response.json(await firstInference());
    if (url.pathname === "/warm") {
      const batches = Number(url.searchParams.get("batches") ?? "50");
      const size = Number(url.searchParams.get("size") ?? "200");
      return Response.json(await warm(batches, size));
    }
    return new Response("not found", { status: 404 });
  },
};
