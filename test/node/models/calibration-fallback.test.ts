import { describe, expect, it } from "vitest";
import { chooseCalibration } from "../../../models/train/choose-calibration.js";

const policy = { targetPrecision: 0.95, maxInScopeLossForOutOfScope: 0.005, minValidationExamples: 100 };

/** n validation rows of 2 classes; `margin` is the logit gap in favour of the true class, every 5th row wrong. */
function scores(n: number, margin: number, wrongEvery = 5) {
  const logits = new Float32Array(n * 2);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % 2;
    const sign = wrongEvery > 0 && i % wrongEvery === 0 ? -1 : 1;
    logits[i * 2 + labels[i]!] = sign * margin;
  }
  return { logits, labels, classes: 2, outOfScopeIndex: -1, pooled: Array.from({ length: n }, () => ({ length: 1 })) };
}

describe("calibration on small or degenerate validation sets", () => {
  it("too few validation examples: no temperature fit, T = 1, and a warning", () => {
    const lines: string[] = [];
    const chosen = chooseCalibration(scores(99, 2), policy, (line) => lines.push(line));
    expect(chosen.calibration).toEqual({ temperature: 1 });
    expect(lines).toEqual([expect.stringMatching(/^warning: 99 validation examples \(< 100\): temperature not fitted/)]);
  });

  it("a fit that runs into its search bound is not kept silently", () => {
    const lines: string[] = [];
    // Every validation example right with a wide margin: the NLL keeps falling as T -> 0.
    const chosen = chooseCalibration(scores(200, 3, 0), policy, (line) => lines.push(line));
    expect(chosen.calibration).toEqual({ temperature: 1 });
    expect(lines).toEqual([expect.stringMatching(/^warning: the temperature fit hit its bound/)]);
  });

  it("an ordinary validation set is fitted without warnings", () => {
    const lines: string[] = [];
    const chosen = chooseCalibration(scores(200, 2), policy, (line) => lines.push(line));
    expect(chosen.calibration.temperature).not.toBe(1);
    expect(lines).toEqual([]);
  });

  it("chooses the thresholds on the threshold rows alone, the temperature on every row", () => {
    // Every row is equally sure; every 5th is wrong, so on all rows no threshold reaches 95% precision.
    const validation = scores(200, 2);
    const all = chooseCalibration(validation, policy, () => {});
    expect(all.thresholds.abstainBelow).toBe(1);
    const rightRows = Array.from({ length: 200 }, (_, i) => i % 5 !== 0);
    const chosen = chooseCalibration({ ...validation, thresholdRows: rightRows }, policy, () => {});
    expect(chosen.calibration).toEqual(all.calibration);
    expect(chosen.thresholds.abstainBelow).toBeLessThan(1);
  });
});
