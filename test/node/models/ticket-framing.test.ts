import { describe, expect, it } from "vitest";
import { withFramedCopies } from "../../../models/train/ticket-framing.js";

describe("ticket framing", () => {
  const examples = [
    { text: "cancel my order", label: "cancel_order" },
    { text: "where is my refund", label: "track_refund" },
  ];

  it("adds framed copies that keep the request, the label and the other fields", () => {
    const framed = withFramedCopies(examples, 2, 7);
    expect(framed).toHaveLength(6);
    expect(framed.slice(0, 2)).toEqual(examples);
    for (const [i, copy] of framed.slice(2).entries()) {
      const original = examples[i % 2]!;
      expect(copy.label).toBe(original.label);
      expect(copy.text).toContain(original.text);
      expect(copy.text.length).toBeGreaterThan(original.text.length);
      expect(copy.text).not.toMatch(/\{(name|order|product)\}/);
    }
  });

  it("is deterministic for a seed and varies with it", () => {
    expect(withFramedCopies(examples, 3, 7)).toEqual(withFramedCopies(examples, 3, 7));
    expect(withFramedCopies(examples, 3, 8)).not.toEqual(withFramedCopies(examples, 3, 7));
  });
});
