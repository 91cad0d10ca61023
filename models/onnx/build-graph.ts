import onnxProto from "onnx-proto";
import { ONNX_INPUT_NAME, ONNX_OUTPUT_NAME, ONNX_SCORES_OUTPUT_NAME } from "../shared/model-config.js";
import type { EmbeddingBagWeights } from "../train/embedding-bag.js";
import { quantizeRows } from "../train/quantize.js";

const { onnx } = onnxProto;
type Tensor = InstanceType<typeof onnx.TensorProto>;
type Node = InstanceType<typeof onnx.NodeProto>;
const DataType = onnx.TensorProto.DataType;

// Opset 17: ReduceMean still takes `axes` as an attribute (it became an input in 18).
const OPSET = 17;
const FEATURES_DIM = "features";

export type WeightFormat = "int8" | "float32";

/**
 * The embedding-bag classifier as an ONNX graph: feature_ids [features] (int32) -> logits [1, classes].
 *
 * float32: Gather(E, ids) -> ReduceMean(axis 0) -> Gemm(W^T) + b.
 * int8:    E and W are stored int8 with one scale per row (per bucket, per class) behind DequantizeLinear nodes.
 *          Both are constants, so with ONNX_SESSION_OPTIONS onnxruntime folds them to float once at session
 *          creation and every run is the float graph's Gather -> ReduceMean -> Gemm: the file is int8-sized, the
 *          call is float-fast. (Without folding, every run would dequantize the whole table: ~30x slower.)
 * With a neighbour memory the same Gemm also scores every prototype, and with `returnsPooled` (required by a
 * memory) it copies out the pooled vector (output `scores`); the vote itself is models/shared/neighbour-vote.ts. As separate ONNX nodes (Gemm, TopK, Gather,
 * ReduceL2, several outputs) it cost more per call than the classifier; as extra Gemm rows it costs a few us.
 */
export function buildEmbeddingBagGraph(model: EmbeddingBagWeights, format: WeightFormat, producerVersion: string, returnsPooled: boolean): Uint8Array {
  const { buckets, dim, classes } = model;
  const initializers: Tensor[] = [];
  const nodes: Node[] = [];

  if (format === "float32") {
    initializers.push(floatTensor("embedding", [buckets, dim], model.embedding));
    nodes.push(node("Gather", ["embedding", ONNX_INPUT_NAME], ["rows"], { axis: 0 }));
  } else {
    const table = quantizeRows(model.embedding, buckets, dim);
    initializers.push(int8Tensor("embedding_q", [buckets, dim], table.values));
    initializers.push(floatTensor("embedding_scale", [buckets], table.scales));
    initializers.push(int8Tensor("embedding_zero_point", [buckets], new Int8Array(buckets)));
    nodes.push(node("DequantizeLinear", ["embedding_q", "embedding_scale", "embedding_zero_point"], ["embedding"], { axis: 0 }));
    nodes.push(node("Gather", ["embedding", ONNX_INPUT_NAME], ["rows"], { axis: 0 }));
  }
  nodes.push(node("ReduceMean", ["rows"], ["pooled"], { axes: [0], keepdims: 1 }));

  // The output layer: the classifier's rows, then the prototypes of a neighbour memory, then an identity block,
  // so one Gemm returns [logits | dot product with each prototype | the pooled vector itself].
  const memory = model.neighbours;
  if (memory && !returnsPooled) throw new Error("a graph with a neighbour memory must return the pooled vector");
  const prototypes = memory?.count ?? 0;
  const rows = classes + prototypes + (returnsPooled ? dim : 0);
  const outputWeight = new Float32Array(rows * dim);
  outputWeight.set(model.weight);
  const outputBias = new Float32Array(rows);
  outputBias.set(model.bias);
  if (memory) outputWeight.set(memory.vectors, classes * dim);
  if (returnsPooled) for (let d = 0; d < dim; d++) outputWeight[(classes + prototypes + d) * dim + d] = 1;
  if (format === "float32") {
    initializers.push(floatTensor("output_weight", [rows, dim], outputWeight));
  } else {
    const quantized = quantizeRows(outputWeight, rows, dim);
    initializers.push(int8Tensor("output_weight_q", [rows, dim], quantized.values));
    initializers.push(floatTensor("output_scale", [rows], quantized.scales));
    initializers.push(int8Tensor("output_zero_point", [rows], new Int8Array(rows)));
    nodes.push(node("DequantizeLinear", ["output_weight_q", "output_scale", "output_zero_point"], ["output_weight"], { axis: 0 }));
  }
  initializers.push(floatTensor("output_bias", [rows], outputBias));
  const output = returnsPooled ? ONNX_SCORES_OUTPUT_NAME : ONNX_OUTPUT_NAME;
  nodes.push(node("Gemm", ["pooled", "output_weight", "output_bias"], [output], { transB: 1 }));

  const graph = onnx.GraphProto.create({
    name: "embedding_bag_classifier",
    node: nodes,
    initializer: initializers,
    input: [valueInfo(ONNX_INPUT_NAME, DataType.INT32, [FEATURES_DIM])],
    output: [valueInfo(output, DataType.FLOAT, [1, rows])],
  });
  const modelProto = onnx.ModelProto.create({
    irVersion: 8,
    producerName: "edge-triage/models",
    producerVersion,
    opsetImport: [{ domain: "", version: OPSET }],
    graph,
  });
  return onnx.ModelProto.encode(modelProto).finish();
}

function node(opType: string, inputs: string[], outputs: string[], attributes: Record<string, number | number[]> = {}): Node {
  return onnx.NodeProto.create({
    opType,
    input: inputs,
    output: outputs,
    name: outputs[0],
    attribute: Object.entries(attributes).map(([name, value]) =>
      Array.isArray(value)
        ? onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: value })
        : onnx.AttributeProto.create({ name, type: onnx.AttributeProto.AttributeType.INT, i: value }),
    ),
  });
}

function floatTensor(name: string, dims: number[], values: Float32Array): Tensor {
  return onnx.TensorProto.create({ name, dims, dataType: DataType.FLOAT, rawData: littleEndianBytes(values) });
}

function int8Tensor(name: string, dims: number[], values: Int8Array): Tensor {
  return onnx.TensorProto.create({ name, dims, dataType: DataType.INT8, rawData: littleEndianBytes(values) });
}

/** ONNX raw_data is little-endian; typed arrays use the platform order, little-endian on every target we run. */
function littleEndianBytes(values: Float32Array | Int8Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

function valueInfo(name: string, elemType: number, shape: (number | string)[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: shape.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) },
      },
    },
  });
}
