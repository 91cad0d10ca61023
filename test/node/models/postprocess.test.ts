import { describe, expect, it } from "vitest";
import { decide, decidedLabel, softmaxWithTemperature } from "../../../models/shared/postprocess.js";

const config = {
  labels: ["billing", "oos", "refund", "shipping"],
  outOfScopeLabel: "oos",
  thresholds: { abstainBelow: 0.6, targetPrecision: 0.95, outOfScopeBelow: 0.3 },
};

describe("postprocess", () => {
  it("softmax with temperature sums to one and flattens as T grows", () => {
    const sharp = softmaxWithTemperature([2, 0, -1], 1);
    const flat = softmaxWithTemperature([2, 0, -1], 4);
    expect(sharp.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(flat[0]).toBeLessThan(sharp[0]!);
  });

  it("lists in-scope labels only, with the margin between the first two", () => {
    const prediction = decide([0.7, 0.05, 0.2, 0.05], config);
    expect(prediction.top.map((t) => t.label)).toEqual(["billing", "refund", "shipping"]);
    expect(prediction.margin).toBeCloseTo(0.5);
    expect(prediction).toMatchObject({ abstain: false, outOfScope: false });
  });

  it("abstains below the precision threshold, and flags out of scope by class or by threshold", () => {
    expect(decide([0.5, 0.1, 0.3, 0.1], config)).toMatchObject({ abstain: true, outOfScope: false });
    const byClass = decide([0.3, 0.4, 0.2, 0.1], config);
    expect(byClass).toMatchObject({ abstain: true, outOfScope: true });
    expect(decidedLabel(byClass, "oos")).toBe("oos");
    expect(decide([0.28, 0.2, 0.29, 0.23], config)).toMatchObject({ outOfScope: true });
  });

  it("breaks probability ties by label order", () => {
    expect(decide([0.25, 0, 0.25, 0.5], config).top.map((t) => t.label)).toEqual(["shipping", "billing", "refund"]);
  });
});
