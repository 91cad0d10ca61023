import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_FEATURIZER_CONFIG, featurize, normalizeText, type FeaturizerConfig } from "../../../models/shared/featurizer.js";

const fixture = JSON.parse(readFileSync(new URL("../../fixtures/models/featurizer-cases.json", import.meta.url), "utf8")) as {
  featurizer: FeaturizerConfig;
  cases: { text: string; ids: number[] }[];
};

describe("featurizer", () => {
  it("gives the fixture's feature ids in Node (the workerd test checks the same fixture)", () => {
    for (const { text, ids } of fixture.cases) expect(Array.from(featurize(text, fixture.featurizer)), text).toEqual(ids);
  });

  it("is deterministic and keeps ids inside the table", () => {
    const text = "Where is my refund? I returned the shoes 3 weeks ago";
    const ids = featurize(text, DEFAULT_FEATURIZER_CONFIG);
    expect(featurize(text, DEFAULT_FEATURIZER_CONFIG)).toEqual(ids);
    expect(ids.every((id) => id >= 0 && id < DEFAULT_FEATURIZER_CONFIG.buckets)).toBe(true);
  });

  it("never returns an empty bag, and treats case, digits and apostrophes as the same text", () => {
    expect(featurize("", DEFAULT_FEATURIZER_CONFIG)).toHaveLength(1);
    expect(featurize("?!", DEFAULT_FEATURIZER_CONFIG)).toEqual(featurize("", DEFAULT_FEATURIZER_CONFIG));
    expect(featurize("I CAN’T find order 123", DEFAULT_FEATURIZER_CONFIG)).toEqual(featurize("i can't find order 987", DEFAULT_FEATURIZER_CONFIG));
  });

  it("cuts long texts at maxChars", () => {
    const config = { ...DEFAULT_FEATURIZER_CONFIG, maxChars: 20 };
    expect(normalizeText("a".repeat(50), config.maxChars)).toHaveLength(20);
    expect(featurize(`${"word ".repeat(4)}tail that is cut`, config)).toEqual(featurize("word ".repeat(4), config));
  });

  it("changes every id when the hash seed changes", () => {
    const a = featurize("track my parcel", DEFAULT_FEATURIZER_CONFIG);
    const b = featurize("track my parcel", { ...DEFAULT_FEATURIZER_CONFIG, hashSeed: 1 });
    expect(a.filter((id, i) => id === b[i]).length).toBeLessThanOrEqual(1);
  });
});
