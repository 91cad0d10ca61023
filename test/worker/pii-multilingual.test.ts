/**
 * PII formats of the languages our desks see (issue #16 item 5): national ids checked by their own checksums
 * (Spanish DNI/NIE, Brazilian CPF, French NIR; Portuguese NIF, Dutch BSN and German Steuer-ID only after their
 * name), and phone numbers introduced by the word for "phone" in each language. Look-alike order numbers stay.
 */
import { describe, expect, it } from "vitest";
import { bsnValid, cpfValid, dniValid, nifPtValid, nirValid, steuerIdValid } from "../../worker/pii/checks";
import { findPii, redactText } from "../../worker/pii/index";

describe("national id checksums", () => {
  it.each([
    ["DNI", dniValid, "12345678Z", "12345678A"],
    ["NIE", dniValid, "X1234567L", "X1234567M"],
    ["CPF", cpfValid, "284.024.266-46", "284.024.266-47"],
    ["NIR", nirValid, "1 85 05 78 006 084 91", "1 85 05 78 006 084 36"],
    ["NIF (PT)", nifPtValid, "262480662", "262480663"],
    ["BSN", bsnValid, "280848262", "280848263"],
    ["Steuer-ID", steuerIdValid, "48466646842", "48466646843"],
  ])("%s: accepts a valid number and refuses one digit off", (_name, valid, good, bad) => {
    expect(valid(good)).toBe(true);
    expect(valid(bad)).toBe(false);
  });

  it("refuses the degenerate ones", () => {
    expect(cpfValid("111.111.111-11")).toBe(false);
    expect(bsnValid("000000000")).toBe(false);
  });
});

describe("in tickets", () => {
  it.each([
    ["es", "Hola, mi DNI es 12345678Z y el pedido 55102 no ha llegado.", "Hola, mi DNI es [NATIONAL_ID_1] y el pedido 55102 no ha llegado."],
    ["es", "Para la factura: NIE X1234567L, gracias.", "Para la factura: NIE [NATIONAL_ID_1], gracias."],
    ["pt", "Meu CPF é 284.024.266-46, pedido 88213.", "Meu CPF é [NATIONAL_ID_1], pedido 88213."],
    ["pt", "Queria a fatura com o meu NIF 262480662, por favor.", "Queria a fatura com o meu NIF [NATIONAL_ID_1], por favor."],
    ["fr", "Mon numéro de sécurité sociale : 1 85 05 78 006 084 91.", "Mon numéro de sécurité sociale : [NATIONAL_ID_1]."],
    ["nl", "Mijn BSN is 280848262, bestelnummer 8812.", "Mijn BSN is [NATIONAL_ID_1], bestelnummer 8812."],
    ["de", "Meine Steuer-ID: 48466646842 für die Rechnung.", "Meine Steuer-ID: [NATIONAL_ID_1] für die Rechnung."],
    ["de", "Rufen Sie mich an, Telefon 0171 1234567.", "Rufen Sie mich an, Telefon [PHONE_1]."],
    ["nl", "Mijn telefoon is 06 12345678.", "Mijn telefoon is [PHONE_1]."],
    ["pt", "Meu celular: 11 98765 4321.", "Meu celular: [PHONE_1]."],
  ])("%s: %s", (_language, text, redacted) => {
    expect(redactText(text)).toBe(redacted);
  });

  it("leaves order and tracking numbers that merely look like ids", () => {
    for (const text of [
      "Bestellung 123456789 ist nicht angekommen",
      "pedido 28402426646 chegou aberto",
      "commande 185057800608492 introuvable",
      "bestelling 280848262 is kapot",
      "Referencia 12345678A del pedido",
    ])
      expect(findPii(text)).toEqual([]);
  });
});
