/// <reference path="./modules.d.ts" />
import * as ort from "onnxruntime-web/wasm";
import ortWasmModule from "onnxruntime-web/ort-wasm-simd-threaded.wasm";
import { readGraphOutput, type GraphRunner } from "../../models/shared/graph-outputs";
import { ONNX_INPUT_NAME, ONNX_SESSION_OPTIONS } from "../../models/shared/model-config";

/**
 * onnxruntime-web inside workerd (recipe in docs/platform-notes.md). Workers forbid compiling wasm from bytes
 * and have no `import.meta.url` to fetch the binary from, so:
 *   - the wasm is imported as a module (wrangler precompiles it into a `WebAssembly.Module`),
 *   - ort gets a small sentinel ArrayBuffer as `wasmBinary`, and while the first session is created
 *     `WebAssembly.instantiate` is wrapped so the call carrying the sentinel instantiates the imported module,
 *   - one thread and no proxy worker (an isolate has neither).
 */
const WASM_SENTINEL = new ArrayBuffer(8);

function configureRuntime(): void {
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  ort.env.wasm.wasmBinary = WASM_SENTINEL;
}

function isSentinel(source: unknown): boolean {
  return source === WASM_SENTINEL || (ArrayBuffer.isView(source) && source.buffer === WASM_SENTINEL);
}

async function withImportedWasm<T>(create: () => Promise<T>): Promise<T> {
  const instantiate = WebAssembly.instantiate;
  const patched = (async (source: unknown, imports?: WebAssembly.Imports) => {
    if (!isSentinel(source)) return instantiate(source as BufferSource, imports);
    const instance = await instantiate(ortWasmModule, imports);
    return { instance, module: ortWasmModule };
  }) as typeof WebAssembly.instantiate;
  WebAssembly.instantiate = patched;
  try {
    return await create();
  } finally {
    WebAssembly.instantiate = instantiate;
  }
}

export interface OnnxGraphSession {
  run: GraphRunner;
  /**
   * Frees the session's memory inside ort's wasm heap (it is not garbage collected): at once when no run is in
   * flight, else when the last one ends. A run asked for after that fails with a clear error.
   */
  release(): Promise<void>;
}

/** Creates an onnxruntime session for a model's bytes: its one-text graph function, and a way to free it. */
export async function createOnnxSession(modelBytes: ArrayBuffer | Uint8Array): Promise<OnnxGraphSession> {
  configureRuntime();
  const session = await withImportedWasm(() =>
    ort.InferenceSession.create(modelBytes instanceof Uint8Array ? modelBytes : new Uint8Array(modelBytes), {
      ...ONNX_SESSION_OPTIONS,
      executionProviders: [...ONNX_SESSION_OPTIONS.executionProviders],
    }),
  );
  let inFlight = 0;
  let state: "open" | "releasing" | "released" = "open";
  let freed: Promise<void> | undefined;
  const free = () => {
    state = "released";
    freed ??= session.release();
    return freed;
  };
  return {
    run: async (featureIds) => {
      if (state === "released") throw new Error("this model's session was freed (evicted from the isolate's cache); the next ticket reloads it");
      inFlight++;
      try {
        return readGraphOutput(await session.run({ [ONNX_INPUT_NAME]: new ort.Tensor("int32", featureIds, [featureIds.length]) }), session.outputNames);
      } finally {
        inFlight--;
        if (state === "releasing" && inFlight === 0) free().catch(() => {});
      }
    },
    release: async () => {
      if (state === "open") state = "releasing";
      if (inFlight === 0) await free();
    },
  };
}

/** Creates an onnxruntime session for a model's bytes and returns its one-text graph function (kept for the isolate's life). */
export async function createOnnxGraphRunner(modelBytes: ArrayBuffer | Uint8Array): Promise<GraphRunner> {
  return (await createOnnxSession(modelBytes)).run;
}
