import { initEmbeddingBag, linearLayer, type EmbeddingBagWeights } from "./embedding-bag.js";
import { predictLogits } from "./predict.js";
import type { FeaturizedSet } from "./featurized-set.js";
import { SeededRandom } from "./random.js";

export interface TrainingOptions {
  /** Width of the embedding rows and of the pooled vector. */
  readonly dim: number;
  readonly epochs: number;
  readonly batchSize: number;
  /** Adam step size at the start; decays linearly to 0 over the run. */
  readonly learningRate: number;
  /** Probability of dropping each feature id of an example in one step (the bag is re-averaged). */
  readonly featureDropout: number;
  /** Dropout on the pooled vector before the linear layer. */
  readonly hiddenDropout: number;
  /** Mass moved from the true class to the others in the target distribution. */
  readonly labelSmoothing: number;
  readonly seed: number;
  /**
   * Small data: train for more epochs until at least this many optimiser steps are taken (at most
   * MAX_SMALL_DATA_EPOCHS). 15 epochs of 385 examples (BANKING77 5-shot) are 180 steps, far from converged.
   */
  readonly minSteps?: number;
}

const MAX_SMALL_DATA_EPOCHS = 100;

/**
 * Where training starts instead of the random table (bench/model/pretrained-vectors.ts compares both): a whole
 * table to fine-tune (`embedding`, buckets x dim; rows no training feature reaches keep it), and/or trailing
 * columns that never train (`frozenColumns`, buckets x width: features such as pretrained word vectors that carry
 * over to words the training data never had).
 */
export interface TrainingStart {
  readonly embedding?: Float32Array;
  readonly frozenColumns?: { readonly width: number; readonly values: Float32Array };
}

/** The epochs a run takes: `epochs`, or more for small data (see TrainingOptions.minSteps). */
export function epochsFor(options: TrainingOptions, examples: number): number {
  if (!options.minSteps) return options.epochs;
  const stepsPerEpoch = Math.max(1, Math.ceil(examples / options.batchSize));
  return Math.max(options.epochs, Math.min(MAX_SMALL_DATA_EPOCHS, Math.ceil(options.minSteps / stepsPerEpoch)));
}

export const DEFAULT_TRAINING_OPTIONS: TrainingOptions = {
  dim: 64,
  epochs: 15,
  batchSize: 32,
  learningRate: 0.01,
  featureDropout: 0.2,
  hiddenDropout: 0.5,
  labelSmoothing: 0.05,
  seed: 7,
};

export interface EpochReport {
  readonly epoch: number;
  readonly epochs: number;
  /** Mean training loss of the epoch (with dropout and smoothing, so above the clean loss). */
  readonly loss: number;
  /** Accuracy on the training examples as seen in training (dropout on). */
  readonly trainAccuracy: number;
  readonly validationAccuracy?: number;
  readonly seconds: number;
}

const ADAM_BETA1 = 0.9;
const ADAM_BETA2 = 0.999;
const ADAM_EPSILON = 1e-8;

/**
 * Mini-batch Adam on softmax cross-entropy. The embedding table is updated sparsely ("lazy Adam"): only rows
 * whose features occur in the batch get a gradient and a moment update, so a step costs O(features · dim), not
 * O(buckets · dim). All buffers are allocated once before the first epoch.
 */
export function trainEmbeddingBag(
  train: FeaturizedSet,
  classes: number,
  buckets: number,
  options: TrainingOptions,
  validation?: FeaturizedSet,
  onEpoch?: (report: EpochReport) => void,
  start?: TrainingStart,
): EmbeddingBagWeights {
  const random = new SeededRandom(options.seed);
  const model = initEmbeddingBag(buckets, options.dim, classes, random);
  const { dim } = options;
  const { embedding, weight, bias } = model;
  if (start?.embedding) embedding.set(start.embedding);
  // Columns [trained, dim) of every row are frozen (none without start.frozenColumns).
  const trained = dim - (start?.frozenColumns?.width ?? 0);
  if (start?.frozenColumns) {
    const { width, values } = start.frozenColumns;
    for (let row = 0; row < buckets; row++) embedding.set(values.subarray(row * width, (row + 1) * width), row * dim + trained);
  }

  const embeddingMoments = { m: new Float32Array(embedding.length), v: new Float32Array(embedding.length) };
  const weightMoments = { m: new Float32Array(weight.length), v: new Float32Array(weight.length) };
  const biasMoments = { m: new Float32Array(bias.length), v: new Float32Array(bias.length) };

  // Gradient accumulators for one batch; touchedRows lists the embedding rows with a gradient (each once).
  const embeddingGrad = new Float32Array(embedding.length);
  const weightGrad = new Float32Array(weight.length);
  const biasGrad = new Float32Array(bias.length);
  const rowTouchedAtStep = new Int32Array(buckets).fill(-1);
  let maxExampleFeatures = 0;
  for (let i = 0; i < train.size; i++) maxExampleFeatures = Math.max(maxExampleFeatures, train.offsets[i + 1]! - train.offsets[i]!);
  const touchedRows = new Int32Array(Math.min(buckets, maxExampleFeatures * options.batchSize));

  // Per-example scratch.
  const keptIds = new Int32Array(Math.max(1, maxExampleFeatures));
  const pooled = new Float32Array(dim);
  const dropoutMask = new Float32Array(dim);
  const hidden = new Float32Array(dim);
  const logits = new Float32Array(classes);
  const hiddenGrad = new Float32Array(dim);

  const order = Int32Array.from({ length: train.size }, (_, i) => i);
  const stepsPerEpoch = Math.ceil(train.size / options.batchSize);
  const epochs = epochsFor(options, train.size);
  const totalSteps = stepsPerEpoch * epochs;
  const keepFeature = 1 - options.featureDropout;
  const keepHidden = 1 - options.hiddenDropout;
  const smoothOff = options.labelSmoothing / classes;
  const smoothOn = 1 - options.labelSmoothing + smoothOff;
  let step = 0;

  for (let epoch = 1; epoch <= epochs; epoch++) {
    const started = performance.now();
    random.shuffle(order);
    let lossSum = 0;
    let weightSum = 0;
    let correct = 0;

    for (let batchStart = 0; batchStart < train.size; batchStart += options.batchSize) {
      const batchEnd = Math.min(train.size, batchStart + options.batchSize);
      let batchWeight = 0;
      for (let b = batchStart; b < batchEnd; b++) batchWeight += train.weights[order[b]!]!;
      let touchedCount = 0;

      for (let b = batchStart; b < batchEnd; b++) {
        const example = order[b]!;
        const label = train.labels[example]!;
        const exampleWeight = train.weights[example]!;
        const start = train.offsets[example]!;
        const end = train.offsets[example + 1]!;

        // Feature dropout: average a random subset of the bag (never an empty one).
        let kept = 0;
        for (let i = start; i < end; i++) if (random.next() < keepFeature) keptIds[kept++] = train.ids[i]!;
        if (kept === 0) keptIds[kept++] = train.ids[start + random.int(end - start)]!;

        pooled.fill(0);
        for (let k = 0; k < kept; k++) {
          const row = keptIds[k]! * dim;
          for (let d = 0; d < dim; d++) pooled[d]! += embedding[row + d]!;
        }
        const invKept = 1 / kept;
        for (let d = 0; d < dim; d++) {
          dropoutMask[d] = random.next() < keepHidden ? 1 / keepHidden : 0;
          hidden[d] = pooled[d]! * invKept * dropoutMask[d]!;
        }
        linearLayer(model, hidden, logits);

        // Softmax in place, then logits holds dLoss/dLogit = p - target.
        let maxLogit = logits[0]!;
        let argmax = 0;
        for (let c = 1; c < classes; c++) {
          if (logits[c]! > maxLogit) {
            maxLogit = logits[c]!;
            argmax = c;
          }
        }
        let sumExp = 0;
        for (let c = 0; c < classes; c++) sumExp += logits[c] = Math.exp(logits[c]! - maxLogit);
        lossSum -= exampleWeight * Math.log(Math.max(1e-12, logits[label]! / sumExp));
        weightSum += exampleWeight;
        if (argmax === label) correct++;
        const gradScale = exampleWeight / batchWeight;
        for (let c = 0; c < classes; c++) {
          const target = c === label ? smoothOn : smoothOff;
          logits[c] = (logits[c]! / sumExp - target) * gradScale;
        }

        hiddenGrad.fill(0);
        for (let c = 0; c < classes; c++) {
          const g = logits[c]!;
          biasGrad[c]! += g;
          const row = c * dim;
          for (let d = 0; d < dim; d++) {
            weightGrad[row + d]! += g * hidden[d]!;
            hiddenGrad[d]! += g * weight[row + d]!;
          }
        }
        for (let d = 0; d < dim; d++) hiddenGrad[d]! *= dropoutMask[d]! * invKept;
        for (let k = 0; k < kept; k++) {
          const id = keptIds[k]!;
          if (rowTouchedAtStep[id] !== step) {
            rowTouchedAtStep[id] = step;
            touchedRows[touchedCount++] = id;
          }
          const row = id * dim;
          for (let d = 0; d < dim; d++) embeddingGrad[row + d]! += hiddenGrad[d]!;
        }
      }

      step++;
      const learningRate = options.learningRate * (1 - (step - 1) / totalSteps);
      const correction1 = 1 - ADAM_BETA1 ** step;
      const correction2 = 1 - ADAM_BETA2 ** step;
      const stepSize = (learningRate * Math.sqrt(correction2)) / correction1;
      adamDense(weight, weightGrad, weightMoments, stepSize);
      adamDense(bias, biasGrad, biasMoments, stepSize);
      for (let t = 0; t < touchedCount; t++) {
        const row = touchedRows[t]! * dim;
        adamRange(embedding, embeddingGrad, embeddingMoments, stepSize, row, row + trained);
        embeddingGrad.fill(0, row + trained, row + dim);
      }
    }

    onEpoch?.({
      epoch,
      epochs,
      loss: lossSum / weightSum,
      trainAccuracy: correct / train.size,
      validationAccuracy: validation ? accuracyOf(model, validation) : undefined,
      seconds: (performance.now() - started) / 1000,
    });
  }
  // Buckets no training feature reached still hold their random init: zero them, so a feature first seen at
  // inference contributes nothing but its share of the mean (a given start table and frozen columns stay).
  if (!start?.embedding) for (let row = 0; row < buckets; row++) if (rowTouchedAtStep[row] === -1) embedding.fill(0, row * dim, row * dim + trained);
  return model;
}

/** Adam update of params[start..end), clearing the consumed gradient. */
function adamRange(
  params: Float32Array,
  grad: Float32Array,
  moments: { m: Float32Array; v: Float32Array },
  stepSize: number,
  start: number,
  end: number,
): void {
  const { m, v } = moments;
  for (let i = start; i < end; i++) {
    const g = grad[i]!;
    grad[i] = 0;
    // mi and vi are the unrounded values, as the update below always used (m and v may store them rounded).
    const mi = ADAM_BETA1 * m[i]! + (1 - ADAM_BETA1) * g;
    const vi = ADAM_BETA2 * v[i]! + (1 - ADAM_BETA2) * g * g;
    m[i] = mi;
    v[i] = vi;
    params[i]! -= (stepSize * mi) / (Math.sqrt(vi) + ADAM_EPSILON);
  }
}

function adamDense(params: Float32Array, grad: Float32Array, moments: { m: Float32Array; v: Float32Array }, stepSize: number): void {
  adamRange(params, grad, moments, stepSize, 0, params.length);
}

export function accuracyOf(model: EmbeddingBagWeights, set: FeaturizedSet): number {
  const logits = predictLogits(model, set);
  let correct = 0;
  for (let i = 0; i < set.size; i++) {
    let best = 0;
    for (let c = 1; c < model.classes; c++) if (logits[i * model.classes + c]! > logits[i * model.classes + best]!) best = c;
    if (best === set.labels[i]) correct++;
  }
  return correct / set.size;
}
