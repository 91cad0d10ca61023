/// <reference path="../../worker/intent-model/modules.d.ts" />
/// <reference path="./text-modules.d.ts" />
/**
 * A bench-only Worker around the account-model loader (started by bench/model/account-load.ts, never deployed).
 * The shipped `support` model's artifact stands in for an account model (same size and shape as a real one); it is
 * written to local R2 under one folder per load, so every load is a first load of that version.
 *   GET /ping              no model work (baseline request)
 *   GET /seed?n=N          writes N copies of the artifact to R2 (folders bench-0 .. bench-N-1)
 *   GET /warm-shipped      loads the shipped model and predicts once (what a warm isolate already did)
 *   GET /load?i=I          loads account folder I through the loader (R2 get + checks + session + first predict), timed
 *   GET /phases?i=I        the same steps one by one: R2 get, checksum + config check, session create, first predict
 *   GET /cold?i=I          first request of a fresh isolate: the loader's steps one by one, then the first triage
 *   GET /adapt?i=I         load + adapt to a taxonomy with 81 example phrases + predict: classifierForAccount's work
 */
import config from "../../models/support/config.json";
import modelBytes from "../../models/support/model.onnx";
import defaultRules from "../../rules/default.yaml";
import { adaptToTaxonomy, openModelVersion, type VersionRef } from "../../worker/intent-model/loader";
import { checkArtifact } from "../../worker/intent-model/artifact";
import { loadIntentClassifier } from "../../worker/intent-model/index";
import { createOnnxSession } from "../../worker/intent-model/onnx-session";
import { createIntentClassifier } from "../../models/shared/intent-classifier";
import { artifactFolder, getArtifact, putArtifact, type ModelBucket } from "../../worker/models-registry/artifacts";
import { parseTaxonomy } from "../../worker/triage/intents/schema";
import { triage } from "../../worker/triage/engine/triage";
import { parseRuleSource } from "../../worker/triage/rules/source";
import { modelText } from "../../worker/triage/ticket-text";
import type { TicketSnapshot } from "../../worker/triage/types";

interface BenchEnv {
  MODELS: ModelBucket;
}

const TEXT = "Hi, I was charged twice for the same pair of shoes and would like one payment refunded";
const TICKET: TicketSnapshot = {
  id: 1,
  subject: "Charged twice",
  description: TEXT,
  comments: [],
  status: "new",
  priority: null,
  channel: "email",
  tags: [],
  requesterTags: [],
  organizationTags: [],
};
const ruleTable = parseRuleSource(defaultRules, "yaml");
/** Three example phrases per intent (81 in all): what adapting to a taxonomy with examples costs. */
const TAXONOMY = parseTaxonomy({
  intents: config.labels
    .filter((l) => l !== config.outOfScopeLabel)
    .map((id) => {
      const words = id.replace(/_/g, " ");
      return {
        id,
        name: id,
        description: `Tickets about ${words}.`,
        examples: [`I need help to ${words}`, `question about ${words} please`, `how do I ${words}?`],
      };
    }),
});
const bytes = new Uint8Array(modelBytes);

function ref(i: number): VersionRef {
  return { accountId: `bench-${i}`, version: config.version, r2Key: artifactFolder(`bench-${i}`, config.version), sha256: config.graph.sha256 };
}

/** Sums the time spent in WebAssembly.instantiate while `run` runs (ort's loader calls it once per isolate). */
async function timingWasm<T>(run: () => Promise<T>): Promise<[T, number]> {
  const instantiate = WebAssembly.instantiate;
  let ms = 0;
  WebAssembly.instantiate = (async (...args: Parameters<typeof instantiate>) => {
    const started = performance.now();
    try {
      return await instantiate(...args);
    } finally {
      ms += performance.now() - started;
    }
  }) as typeof instantiate;
  try {
    return [await run(), ms];
  } finally {
    WebAssembly.instantiate = instantiate;
  }
}

async function phases(env: BenchEnv, i: number) {
  const r = ref(i);
  const t0 = performance.now();
  const read = await getArtifact(env.MODELS, r.r2Key);
  if (!read.ok) throw new Error(read.reason);
  const t1 = performance.now();
  const onnx = new Uint8Array(read.onnx);
  const { config: checked } = await checkArtifact(onnx, JSON.parse(read.configText));
  const t2 = performance.now();
  const session = await createOnnxSession(onnx);
  const t3 = performance.now();
  const classifier = createIntentClassifier(checked, session.run);
  await classifier.predict(TEXT);
  const t4 = performance.now();
  await classifier.predict(TEXT);
  const t5 = performance.now();
  await session.release();
  return { r2GetMs: t1 - t0, checkMs: t2 - t1, sessionMs: t3 - t2, firstPredictMs: t4 - t3, secondPredictMs: t5 - t4 };
}

export default {
  async fetch(request: Request, env: BenchEnv): Promise<Response> {
    const url = new URL(request.url);
    const i = Number(url.searchParams.get("i") ?? "0");
    switch (url.pathname) {
      case "/ping":
        return new Response("ok");
      case "/seed": {
        const n = Number(url.searchParams.get("n") ?? "1");
        for (let k = 0; k < n; k++)
          await putArtifact(env.MODELS, ref(k).r2Key, { onnx: bytes, sha256: config.graph.sha256, configJson: JSON.stringify(config) });
        return Response.json({ seeded: n, bytes: bytes.length });
      }
      case "/warm-shipped": {
        const t0 = performance.now();
        await (await loadIntentClassifier()).predict(TEXT);
        return Response.json({ ms: performance.now() - t0 });
      }
      case "/load": {
        const t0 = performance.now();
        const model = await openModelVersion(env, ref(i));
        await model.classifier.predict(TEXT);
        return Response.json({ ms: performance.now() - t0 });
      }
      case "/phases":
        return Response.json(await phases(env, i));
      case "/cold": {
        // The loader's steps one by one (./loader.ts openModelVersion), so the first request can be split up.
        const r = ref(i);
        const t0 = performance.now();
        const read = await getArtifact(env.MODELS, r.r2Key);
        if (!read.ok) throw new Error(read.reason);
        const t1 = performance.now();
        const onnx = new Uint8Array(read.onnx);
        const { config: checked } = await checkArtifact(onnx, JSON.parse(read.configText));
        const t2 = performance.now();
        const [session, wasmMs] = await timingWasm(() => createOnnxSession(onnx));
        const t3 = performance.now();
        const prediction = await createIntentClassifier(checked, session.run).predict(modelText(TICKET));
        const t4 = performance.now();
        triage({ ticket: TICKET, table: ruleTable, rulesVersion: 1, prediction });
        const t5 = performance.now();
        triage({ ticket: TICKET, table: ruleTable, rulesVersion: 1, prediction });
        const t6 = performance.now();
        return Response.json({
          r2GetMs: t1 - t0,
          checkMs: t2 - t1,
          sessionMs: t3 - t2,
          wasmInstantiateMs: wasmMs,
          firstPredictMs: t4 - t3,
          firstTriageMs: t5 - t4,
          secondTriageMs: t6 - t5,
        });
      }
      case "/adapt": {
        const t0 = performance.now();
        const classifier = await adaptToTaxonomy(await openModelVersion(env, ref(i)), TAXONOMY);
        await classifier.predict(TEXT);
        return Response.json({ ms: performance.now() - t0 });
      }
      default:
        return new Response("not found", { status: 404 });
    }
  },
};
