import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import {
  bestOutOfScopeRecall,
  classificationReport,
  coverageAtRisk,
  outOfScopeSweep,
  reliability,
  riskCoverageCurve,
} from "../../../models/metrics/metrics.js";
import { evaluateModel } from "../../../models/eval/evaluate.js";
import { createNodeGraphRunner, readModelDirectory } from "../../../models/eval/node-runtime.js";
import { findNearDuplicates } from "../../../models/eval/near-duplicates.js";
import { abstainThresholdForPrecision, fitTemperature, outOfScopeThreshold } from "../../../models/train/calibrate.js";
import { SeededRandom } from "../../../models/train/random.js";

describe("metrics", () => {
  it("accuracy, macro-F1, per-class precision/recall and confusions", () => {
    const report = classificationReport(["a", "a", "b", "b"], ["a", "b", "b", "b"]);
    expect(report.accuracy).toBe(0.75);
    expect(report.perClass.find((c) => c.label === "b")).toMatchObject({ precision: 2 / 3, recall: 1 });
    expect(report.macroF1).toBeCloseTo((2 / 3 + 0.8) / 2);
    expect(report.topConfusions).toEqual([{ expected: "a", predicted: "b", count: 1 }]);
  });

  it("ECE is zero when confidence matches accuracy and measures the gap otherwise", () => {
    const confidences = [0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9];
    const correct = confidences.map((_, i) => i < 9);
    expect(reliability(confidences, correct).ece).toBeCloseTo(0, 10);
    expect(
      reliability(
        confidences,
        confidences.map(() => true),
      ).ece,
    ).toBeCloseTo(0.1, 10);
  });

  it("coverage at a risk level answers the most confident examples first", () => {
    const curve = riskCoverageCurve([0.99, 0.95, 0.9, 0.6, 0.5], [true, true, true, false, true]);
    expect(coverageAtRisk(curve, 0)).toEqual({ coverage: 0.6, threshold: 0.9 });
    expect(coverageAtRisk(curve, 0.2)).toEqual({ coverage: 1, threshold: 0.5 });
  });

  it("temperature scaling recovers the temperature that generated the labels", () => {
    const random = new SeededRandom(3);
    const classes = 4;
    const n = 4000;
    const logits = new Float32Array(n * classes);
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < classes; c++) logits[i * classes + c] = (random.next() - 0.5) * 8;
      // Sample the label from softmax(logits / 2): the fitted temperature should be near 2.
      const weights = Array.from({ length: classes }, (_, c) => Math.exp(logits[i * classes + c]! / 2));
      let u = random.next() * weights.reduce((a, b) => a + b, 0);
      labels[i] = weights.findIndex((w) => {
        u -= w;
        return u <= 0;
      });
    }
    expect(fitTemperature(logits, labels, classes)).toBeCloseTo(2, 0);
  });

  it("thresholds: precision target and bounded in-scope loss", () => {
    expect(abstainThresholdForPrecision([0.99, 0.9, 0.8, 0.7], [true, true, false, true], 0.9)).toBe(0.9);
    const examples = [0.9, 0.8, 0.5, 0.4].map((bestInScope) => ({ bestInScope, outOfScopeWins: false, isOutOfScope: false, topIsCorrect: true }));
    const negatives = [0.3, 0.2].map((bestInScope) => ({ bestInScope, outOfScopeWins: false, isOutOfScope: true, topIsCorrect: false }));
    // Both negatives are caught below every in-scope text: the lowest threshold catching them, whatever the budget.
    expect(outOfScopeThreshold([...examples, ...negatives], 0)).toBeCloseTo(0.35);
    expect(outOfScopeThreshold([...examples, ...negatives], 0.25)).toBeCloseTo(0.35);
    // A negative above an in-scope text is caught only if the budget allows losing that in-scope text.
    const harder = [...examples, ...negatives, { ...negatives[0]!, bestInScope: 0.45 }];
    expect(outOfScopeThreshold(harder, 0)).toBeCloseTo(0.35);
    expect(outOfScopeThreshold(harder, 0.25)).toBeCloseTo(0.475);
  });

  it("out-of-scope sweep: each threshold's in-scope accuracy and recall, and the best recall at an in-scope floor", () => {
    const inScope = (bestInScope: number, topIsCorrect: boolean) => ({ bestInScope, topIsCorrect, isOutOfScope: false, outOfScopeWins: false });
    const outOfScope = (bestInScope: number, outOfScopeWins = false) => ({ bestInScope, topIsCorrect: false, isOutOfScope: true, outOfScopeWins });
    const sweep = outOfScopeSweep([inScope(0.9, true), inScope(0.5, true), inScope(0.3, false), outOfScope(0.2), outOfScope(0.5), outOfScope(0.8, true)]);
    // Threshold 0 flags only what the out-of-scope class wins; each step flags the texts below the next value.
    expect(sweep).toEqual([
      { threshold: 0, inScopeAccuracy: 2 / 3, outOfScopeRecall: 1 / 3 },
      { threshold: 0.3, inScopeAccuracy: 2 / 3, outOfScopeRecall: 2 / 3 },
      { threshold: 0.5, inScopeAccuracy: 2 / 3, outOfScopeRecall: 2 / 3 },
      { threshold: 0.8, inScopeAccuracy: 1 / 3, outOfScopeRecall: 1 },
      { threshold: 0.9, inScopeAccuracy: 1 / 3, outOfScopeRecall: 1 },
      { threshold: 1, inScopeAccuracy: 0, outOfScopeRecall: 1 },
    ]);
    expect(bestOutOfScopeRecall(sweep, 0.6)).toEqual({ threshold: 0.3, inScopeAccuracy: 2 / 3, outOfScopeRecall: 2 / 3 });
    expect(bestOutOfScopeRecall(sweep, 0.9)).toBeNull();
    expect(outOfScopeSweep([inScope(0.9, true)])).toEqual([]);
  });

  it("out-of-scope sweep at a model's own threshold gives what its decisions give", async () => {
    const model = readModelDirectory(fileURLToPath(new URL("../../../models/support/", import.meta.url)));
    const texts: [string, string][] = [
      ["where is my parcel, it has been two weeks", "track_order"],
      ["I want my money back for the broken lamp", "get_refund"],
      ["please cancel my order 12345", "cancel_order"],
      ["how do I change my delivery address", "change_shipping_address"],
      ["what's the weather in Paris tomorrow", "out_of_scope"],
      ["play some jazz music", "out_of_scope"],
      ["how many calories are in a banana", "out_of_scope"],
      ["can I get an invoice for my purchase", "get_invoice"],
    ];
    const evaluation = await evaluateModel(
      model.config,
      await createNodeGraphRunner(model.onnx),
      texts.map(([text, label]) => ({ text, label })),
    );
    const own = evaluation.outOfScopeSweep.find((point) => point.threshold >= model.config.thresholds.outOfScopeBelow)!;
    expect(own.inScopeAccuracy).toBe(evaluation.inScopeAccuracy);
    expect(own.outOfScopeRecall).toBe(evaluation.outOfScopeRecall);
    expect(evaluation.outOfScopeRecall).toBeGreaterThan(0);
    expect(evaluation.inScopeAccuracy).toBeGreaterThan(0);
  });

  it("near-duplicates: re-punctuated and re-cased texts match, different ones do not", () => {
    const train = ["How do I top up my card with cash?", "My transfer was declined"];
    expect(findNearDuplicates(["how do i top up my card with cash", "Where can I order a new PIN"], train)).toEqual([true, false]);
  });
});
