import { describe, expect, it } from "vitest";
import { outOfScopeShareWeights } from "../../../models/train/calibrate";

describe("out-of-scope share weights for temperature fitting", () => {
  it("weights out-of-scope examples so they make up the requested share of the total weight", () => {
    const labels = Int32Array.from([0, 1, 2, 0, 1, 2, 0, 1, 2, 9]); // 1 of 10 out of scope (label 9)
    const weights = outOfScopeShareWeights(labels, 9, 0.18)!;
    const total = weights.reduce((a, b) => a + b, 0);
    expect(weights[9]! / total).toBeCloseTo(0.18, 10);
    expect([...weights.slice(0, 9)]).toEqual(Array(9).fill(1));
  });

  it("leaves the set unweighted when there is nothing to reweight or the share is not a fraction", () => {
    expect(outOfScopeShareWeights(Int32Array.from([0, 1, 2]), 9, 0.18)).toBeUndefined();
    expect(outOfScopeShareWeights(Int32Array.from([9, 9]), 9, 0.18)).toBeUndefined();
    expect(outOfScopeShareWeights(Int32Array.from([0, 9]), 9, 0)).toBeUndefined();
    expect(outOfScopeShareWeights(Int32Array.from([0, 9]), 9, 1)).toBeUndefined();
  });
});
