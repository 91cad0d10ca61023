import { describe, expect, it } from "vitest";
import fixture from "../fixtures/models/featurizer-cases.json";
import { featurize, type FeaturizerConfig } from "../../models/shared/featurizer";

// The same fixture the Node test checks (test/node/models/featurizer.test.ts): equal ids on both runtimes.
describe("featurizer inside workerd", () => {
  it("gives the feature ids Node computed for every fixture text", () => {
    const config = fixture.featurizer as FeaturizerConfig;
    for (const { text, ids } of fixture.cases) expect(Array.from(featurize(text, config)), text).toEqual(ids);
  });
});
