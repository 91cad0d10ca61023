import { describe, expect, it } from "vitest";
import { trainingLanguages } from "../../../models/train/languages.js";

// Written for this test: ordinary requests, varied enough that eld reads each language.
const ENGLISH = [
  "where is my parcel, it should have arrived last week",
  "I would like to cancel the order I placed yesterday",
  "please send me the invoice for my last purchase",
  "how can I change the delivery address on my account",
  "the kettle arrived broken and I want my money back",
];
const GERMAN = [
  "Wo bleibt mein Paket? Es sollte letzte Woche ankommen",
  "Ich möchte meine Bestellung von gestern stornieren",
  "Bitte schicken Sie mir die Rechnung für meinen letzten Einkauf",
  "Wie kann ich die Lieferadresse in meinem Konto ändern",
  "Der Wasserkocher kam kaputt an und ich will mein Geld zurück",
];

const repeat = (texts: string[], n: number) => Array.from({ length: n }, (_, i) => `${texts[i % texts.length]} (${i})`);

describe("trainingLanguages", () => {
  it("names English for an English set, whatever few texts eld misreads", () => {
    expect(trainingLanguages(repeat(ENGLISH, 2000))).toEqual(["en"]);
    expect(trainingLanguages([])).toEqual(["en"]);
  });

  it("counts a language with 0.5% of a large set and five texts, not one with three", () => {
    expect(trainingLanguages([...repeat(ENGLISH, 2000), ...repeat(GERMAN, 30)])).toEqual(["de", "en"]);
    expect(trainingLanguages([...repeat(ENGLISH, 2000), ...repeat(GERMAN, 3)])).toEqual(["en"]);
    // 0.5% of 20,000 is 100: 60 German texts there are not enough to count.
    expect(trainingLanguages([...repeat(ENGLISH, 20_000), ...repeat(GERMAN, 60)])).toEqual(["en"]);
  });

  it("counts every language of a small set", () => {
    expect(trainingLanguages([...ENGLISH, ...GERMAN.slice(0, 2)])).toEqual(["de", "en"]);
  });
});
