// Module types wrangler gives non-JS imports in this Worker (see wrangler.toml `rules` and docs/platform-notes.md).

/** `.onnx` files are Data modules: the file's bytes. */
declare module "*.onnx" {
  const bytes: ArrayBuffer;
  export default bytes;
}

/** onnxruntime-web's wasm binary, compiled by wrangler at deploy time (Workers cannot compile wasm from bytes). */
declare module "onnxruntime-web/ort-wasm-simd-threaded.wasm" {
  const module: WebAssembly.Module;
  export default module;
}
