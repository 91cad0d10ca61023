import { describe, expect, it } from "vitest";
import { trainModelFromExamples } from "../../../models/jobs/training-job.js";
import { evaluateTrainedFloat } from "../../../models/jobs/few-shot.js";
import { intentNameExamples, readableIntentId } from "../../../models/train/intent-names.js";

describe("intent names as training examples", () => {
  it("reads ids as words, and has nothing to say for an id without letters", () => {
    expect(readableIntentId("card_arrival")).toBe("card arrival");
    expect(readableIntentId("lost-or-stolen-card")).toBe("lost or stolen card");
    expect(readableIntentId("getRefund")).toBe("get refund");
    expect(readableIntentId("Refund_not_showing_up")).toBe("refund not showing up");
    expect(readableIntentId("17")).toBeNull();
    expect(readableIntentId("__")).toBeNull();
  });

  it("gives one train-only example per label: the given name first, none for out-of-scope or numeric ids", () => {
    const examples = intentNameExamples(["track_order", "oos", "42", "track_order", "get_refund"], { get_refund: "Get a refund" }, "oos");
    expect(examples.map(({ text, label, trainOnly }) => ({ text, label, trainOnly }))).toEqual([
      { text: "Get a refund", label: "get_refund", trainOnly: true },
      { text: "track order", label: "track_order", trainOnly: true },
    ]);
  });

  // Two intents whose five examples share no word with the tickets scored; only the names carry the words.
  const examples = [
    ...["where is it", "no sign of it yet", "still waiting for it", "has it left", "any news on it"].map((text) => ({ text, label: "track_parcel" })),
    ...["i want it gone", "take it away", "not keeping it", "no longer want it", "undo it please"].map((text) => ({ text, label: "cancel_order" })),
  ];
  const names = { track_parcel: "Track parcel delivery", cancel_order: "Cancel order" };
  const tickets = [
    { text: "track my parcel", label: "track_parcel" },
    { text: "parcel delivery status", label: "track_parcel" },
    { text: "cancel the order", label: "cancel_order" },
    { text: "please cancel my order", label: "cancel_order" },
  ].map((ticket, i) => ({ ...ticket, file: "tickets", line: i + 1 }));

  it("are trained on, never validated on, and place words only the names had", () => {
    const lines: string[] = [];
    const named = trainModelFromExamples({ name: "acct-test", examples, intentNames: names, seed: 1, prior: false }, (line) => lines.push(line));
    const alone = trainModelFromExamples({ name: "acct-test", examples, intentNames: false, seed: 1, prior: false });
    expect(lines).toContain("2 intent names trained on as examples");
    // The holdout is drawn from the examples alone: the same validation set either way.
    expect(named.trained.validation.examples).toBe(alone.trained.validation.examples);
    expect(named.trained.trainExamples).toBe(alone.trained.trainExamples + 2);
    expect(named.config.version).not.toBe(alone.config.version);
    expect(evaluateTrainedFloat(named.trained, named.config.featurizer, tickets).accuracy).toBe(1);
    expect(evaluateTrainedFloat(alone.trained, alone.config.featurizer, tickets).accuracy).toBeLessThan(1);
  });
});
