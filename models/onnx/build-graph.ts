import onnxProto from "onnx-proto";
import { ONNX_INPUT_NAME, ONNX_OUTPUT_NAME } from "../shared/model-config.js";
import type { EmbeddingBagWeights } from "../train/embedding-bag.js";
import type { NeighbourMemory } from "../train/neighbours.js";
import { quantizeRows } from "./quantize.js";

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
 * With a neighbour memory the output is log(blend of softmax(logits) and the prototype vote); see neighbourNodes.
 */
export function buildEmbeddingBagGraph(model: EmbeddingBagWeights, format: WeightFormat, producerVersion: string): Uint8Array {
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
    nodes.push(
      node("DequantizeLinear", ["embedding_q", "embedding_scale", "embedding_zero_point"], ["embedding"], { axis: 0 }),
    );
    nodes.push(node("Gather", ["embedding", ONNX_INPUT_NAME], ["rows"], { axis: 0 }));
  }
  nodes.push(node("ReduceMean", ["rows"], ["pooled"], { axes: [0], keepdims: 1 }));

  if (format === "float32") {
    initializers.push(floatTensor("classifier_weight", [classes, dim], model.weight));
  } else {
    const classifier = quantizeRows(model.weight, classes, dim);
    initializers.push(int8Tensor("classifier_weight_q", [classes, dim], classifier.values));
    initializers.push(floatTensor("classifier_scale", [classes], classifier.scales));
    initializers.push(int8Tensor("classifier_zero_point", [classes], new Int8Array(classes)));
    nodes.push(
      node("DequantizeLinear", ["classifier_weight_q", "classifier_scale", "classifier_zero_point"], ["classifier_weight"], {
        axis: 0,
      }),
    );
  }
  initializers.push(floatTensor("classifier_bias", [classes], model.bias));
  const classifierOutput = model.neighbours ? "classifier_logits" : ONNX_OUTPUT_NAME;
  nodes.push(node("Gemm", ["pooled", "classifier_weight", "classifier_bias"], [classifierOutput], { transB: 1 }));
  if (model.neighbours) {
    const vote = neighbourNodes(model.neighbours, dim, classes, format, "pooled", classifierOutput, ONNX_OUTPUT_NAME);
    initializers.push(...vote.initializers);
    nodes.push(...vote.nodes);
  }

  const graph = onnx.GraphProto.create({
    name: "embedding_bag_classifier",
    node: nodes,
    initializer: initializers,
    input: [valueInfo(ONNX_INPUT_NAME, DataType.INT32, [FEATURES_DIM])],
    output: [valueInfo(ONNX_OUTPUT_NAME, DataType.FLOAT, [1, classes])],
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

/**
 * The prototype vote, mirroring models/train/neighbours.ts: unit-length pooled vector -> cosine similarity to
 * every prototype (one Gemm) -> TopK -> softmax of similarity / temperature -> one-hot of the voters' classes,
 * weighted and summed -> blended with softmax(logits) -> Log, so the output stays a logit-like row.
 */
function neighbourNodes(
  memory: NeighbourMemory,
  dim: number,
  classes: number,
  format: WeightFormat,
  pooled: string,
  logits: string,
  output: string,
): { initializers: Tensor[]; nodes: Node[] } {
  const initializers: Tensor[] = [
    floatTensor("pooled_min_norm", [1], Float32Array.of(1e-12)),
    int64Tensor("vote_k", [1], [memory.k]),
    floatTensor("vote_temperature", [1], Float32Array.of(memory.temperature)),
    int64Tensor("prototype_labels", [memory.count], Array.from(memory.labels)),
    int64Tensor("vote_depth", [], [classes]),
    floatTensor("vote_one_hot_values", [2], Float32Array.of(0, 1)),
    int64Tensor("vote_unsqueeze_axes", [1], [2]),
    int64Tensor("vote_sum_axes", [1], [1]),
    floatTensor("classifier_share", [1], Float32Array.of(1 - memory.weight)),
    floatTensor("vote_share", [1], Float32Array.of(memory.weight)),
  ];
  const nodes: Node[] = [];
  if (format === "float32") {
    initializers.push(floatTensor("prototypes", [memory.count, dim], memory.vectors));
  } else {
    const prototypes = quantizeRows(memory.vectors, memory.count, dim);
    initializers.push(int8Tensor("prototypes_q", [memory.count, dim], prototypes.values));
    initializers.push(floatTensor("prototypes_scale", [memory.count], prototypes.scales));
    initializers.push(int8Tensor("prototypes_zero_point", [memory.count], new Int8Array(memory.count)));
    nodes.push(node("DequantizeLinear", ["prototypes_q", "prototypes_scale", "prototypes_zero_point"], ["prototypes"], { axis: 0 }));
  }
  nodes.push(
    node("ReduceL2", [pooled], ["pooled_norm"], { axes: [1], keepdims: 1 }),
    node("Max", ["pooled_norm", "pooled_min_norm"], ["pooled_norm_safe"]),
    node("Div", [pooled, "pooled_norm_safe"], ["pooled_unit"]),
    node("Gemm", ["pooled_unit", "prototypes"], ["prototype_similarity"], { transB: 1 }),
    node("TopK", ["prototype_similarity", "vote_k"], ["voter_similarity", "voter_index"], { axis: -1, largest: 1, sorted: 1 }),
    node("Div", ["voter_similarity", "vote_temperature"], ["voter_score"]),
    node("Softmax", ["voter_score"], ["voter_weight"], { axis: -1 }),
    node("Gather", ["prototype_labels", "voter_index"], ["voter_label"], { axis: 0 }),
    node("OneHot", ["voter_label", "vote_depth", "vote_one_hot_values"], ["voter_one_hot"], { axis: -1 }),
    node("Unsqueeze", ["voter_weight", "vote_unsqueeze_axes"], ["voter_weight_column"]),
    node("Mul", ["voter_one_hot", "voter_weight_column"], ["voter_weighted"]),
    node("ReduceSum", ["voter_weighted", "vote_sum_axes"], ["vote"], { keepdims: 0 }),
    node("Softmax", [logits], ["classifier_probability"], { axis: -1 }),
    node("Mul", ["classifier_probability", "classifier_share"], ["classifier_part"]),
    node("Mul", ["vote", "vote_share"], ["vote_part"]),
    node("Add", ["classifier_part", "vote_part"], ["blended_probability"]),
    node("Log", ["blended_probability"], [output]),
  );
  return { initializers, nodes };
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

function int64Tensor(name: string, dims: number[], values: number[]): Tensor {
  return onnx.TensorProto.create({ name, dims, dataType: DataType.INT64, rawData: littleEndianBytes(BigInt64Array.from(values, BigInt)) });
}

function int8Tensor(name: string, dims: number[], values: Int8Array): Tensor {
  return onnx.TensorProto.create({ name, dims, dataType: DataType.INT8, rawData: littleEndianBytes(values) });
}

/** ONNX raw_data is little-endian; typed arrays use the platform order, little-endian on every target we run. */
function littleEndianBytes(values: Float32Array | Int8Array | BigInt64Array): Uint8Array {
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
