import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_FEATURIZER_CONFIG, featurize, normalizeText, wordUnigramId, type FeaturizerConfig } from "../../../models/shared/featurizer.js";

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

  it("names a word's unigram id: the one featurize emits for the word, twice, in any sentence", () => {
    const count = (ids: Int32Array, id: number) => ids.filter((x) => x === id).length;
    for (const config of [DEFAULT_FEATURIZER_CONFIG, { ...DEFAULT_FEATURIZER_CONFIG, hashSeed: 99, buckets: 1000 }]) {
      const refund = wordUnigramId("refund", config);
      expect(count(featurize("refund", config), refund)).toBe(2);
      expect(count(featurize("Where is my REFUND please", config), refund)).toBe(2);
      expect(wordUnigramId("refunds", config)).not.toBe(refund);
    }
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

describe("featurizer: the multilingual options", () => {
  const multilingual: FeaturizerConfig = { ...DEFAULT_FEATURIZER_CONFIG, foldDiacritics: true, splitElisions: true };
  const shared = (a: string, b: string, config: FeaturizerConfig) => {
    const left = new Set(featurize(a, config));
    const right = featurize(b, config);
    return right.filter((id) => left.has(id)).length / right.length;
  };

  it("are off unless a config names them, so older models keep their ids", () => {
    expect(featurize("Rücksendung für l'article", DEFAULT_FEATURIZER_CONFIG)).toEqual(
      featurize("Rücksendung für l'article", { ...DEFAULT_FEATURIZER_CONFIG, foldDiacritics: false, splitElisions: false }),
    );
    expect(normalizeText("Straße", 100)).toBe("straße");
  });

  it("fold diacritics and ß, so a text typed without accents is the same text", () => {
    for (const [accented, plain] of [
      ["Rücksendeetikett für die Straße", "Rucksendeetikett fur die Strasse"],
      ["¿Dónde está mi pedido? Añadir dirección", "¿donde esta mi pedido? anadir direccion"],
      ["Não recebi a encomenda, reembolso já", "nao recebi a encomenda, reembolso ja"],
      ["Commande reçue abîmée, remboursé", "commande recue abimee, rembourse"],
    ]) {
      expect(featurize(accented!, multilingual), accented).toEqual(featurize(plain!, multilingual));
      expect(shared(accented!, plain!, DEFAULT_FEATURIZER_CONFIG)).toBeLessThan(0.9);
    }
  });

  it("split French elisions from the word, and leave English contractions whole", () => {
    expect(normalizeText("J'ai reçu l'article, qu'il", 100, multilingual)).toBe("j' ai recu l' article, qu' il");
    expect(normalizeText("I don't see the customer's order", 100, multilingual)).toBe("i don't see the customer's order");
    // "l'adresse" now shares the word "adresse" (and its n-grams) with a text without the article.
    expect(shared("changer l'adresse", "changer adresse", multilingual)).toBeGreaterThan(
      shared("changer l'adresse", "changer adresse", DEFAULT_FEATURIZER_CONFIG),
    );
  });

  it("let a German or Dutch compound share character n-grams with its parts", () => {
    // fastText-style n-grams of each word: "lieferadresse" carries "liefer" and "adresse" pieces.
    for (const [compound, parts] of [
      ["Lieferadresse ändern", "Liefer Adresse ändern"],
      ["Rücksendeetikett", "Rücksende Etikett"],
      ["bestelnummer", "bestel nummer"],
      ["retourzending", "retour zending"],
    ]) {
      expect(shared(parts!, compound!, multilingual), compound).toBeGreaterThan(0.4);
    }
  });
});
