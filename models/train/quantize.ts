/**
 * Symmetric int8 weight quantization: q = round(w / scale), scale = max|w| / 127 over a group, zero point 0.
 * A group is one row of the embedding table (rows differ a lot in magnitude: frequent features learn larger
 * vectors than rare ones) or one output column of the classifier.
 */
export interface QuantizedMatrix {
  readonly values: Int8Array;
  /** One scale per group; dequantized w = values[i] * scales[group(i)]. */
  readonly scales: Float32Array;
}

const INT8_MAX = 127;

/** Quantizes a row-major rows x cols matrix with one scale per row. */
export function quantizeRows(matrix: Float32Array, rows: number, cols: number): QuantizedMatrix {
  const values = new Int8Array(rows * cols);
  const scales = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    const offset = r * cols;
    let maxAbs = 0;
    for (let c = 0; c < cols; c++) maxAbs = Math.max(maxAbs, Math.abs(matrix[offset + c]!));
    // An all-zero row (a bucket no training feature reached) keeps scale 0 and dequantizes to zeros.
    const scale = maxAbs / INT8_MAX;
    scales[r] = scale;
    if (scale === 0) continue;
    // Divide by the float32 scale the model will store, so dequantization multiplies by exactly that value.
    const stored = scales[r]!;
    for (let c = 0; c < cols; c++) values[offset + c] = clampInt8(Math.round(matrix[offset + c]! / stored));
  }
  return { values, scales };
}

function clampInt8(value: number): number {
  return Math.max(-INT8_MAX, Math.min(INT8_MAX, value));
}
