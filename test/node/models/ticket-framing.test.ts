import { describe, expect, it } from "vitest";
import { eld } from "eld/small";
import { withFramedCopies } from "../../../models/train/ticket-framing.js";
import { FRAMING_PHRASEBOOKS } from "../../../models/train/ticket-framing-phrases.js";

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

  it("frames each text in its own language", () => {
    const requests = [
      { text: "Ich möchte meine Bestellung stornieren, bitte", label: "cancel_order", language: "de" },
      { text: "Quiero cancelar mi pedido lo antes posible", label: "cancel_order", language: "es" },
      { text: "Je voudrais annuler ma commande, s'il vous plaît", label: "cancel_order", language: "fr" },
      { text: "Quero cancelar a minha encomenda o mais rápido possível", label: "cancel_order", language: "pt" },
      { text: "Ik wil graag mijn bestelling annuleren alstublieft", label: "cancel_order", language: "nl" },
    ];
    const framed = withFramedCopies(requests, 4, 3).slice(requests.length);
    for (const [i, copy] of framed.entries()) {
      const book = FRAMING_PHRASEBOOKS[copy.language as keyof typeof FRAMING_PHRASEBOOKS];
      const frame = copy.text.replace(requests[i % requests.length]!.text, " ");
      const phrases = [...book.greetings, ...book.context, ...book.signOffs].map((p) => p.split("{")[0]!.trim()).filter((p) => p.length > 2);
      expect(
        phrases.some((p) => frame.includes(p)),
        copy.text,
      ).toBe(true);
      expect(eld.detect(copy.text).language, copy.text).toBe(copy.language);
    }
  });
});
