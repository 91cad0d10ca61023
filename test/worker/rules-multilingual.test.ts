/**
 * Rules across languages: keyword lists per language in the rule schema, and the default rule table's refunds,
 * delivery, account access, legal threats, security, out-of-office, spam and thank-you rules in German, Spanish,
 * French, Portuguese and Dutch as well as English (tickets written for the project, in each language).
 */
import { describe, expect, it } from "vitest";
import { triage } from "../../worker/triage/engine/triage";
import { parseRuleTable } from "../../worker/triage/rules/schema";
import { parseRuleSource } from "../../worker/triage/rules/source";
import type { TicketSnapshot } from "../../worker/triage/types";
import { prediction, ruleErrorsOf, ticket } from "./triage-fixtures";

describe("per-language keyword lists", () => {
  const table = parseRuleTable({
    rules: [
      { id: "refund", when: { text: { keywords: { en: ["refund"], de: ["Rückerstattung", "Geld zurück"], es: ["reembolso"] } } }, then: { tags: ["refund"] } },
    ],
  });
  const tags = (description: string) => triage({ ticket: ticket({ description }), table, rulesVersion: 1, prediction: null }).tags;

  it("match any language's keywords, whatever language the ticket was detected as", () => {
    expect(tags("Ich möchte eine Rückerstattung, bitte.")).toContain("refund");
    expect(tags("Quiero un reembolso.")).toContain("refund");
    // Short and detected as something else: still matched, detection does not gate keywords.
    expect(tags("Geld zurück!")).toContain("refund");
    expect(tags("Where is my parcel?")).not.toContain("refund");
  });

  it("are rejected with the path when a key is not a language code, a list is empty, or match is all", () => {
    expect(ruleErrorsOf({ rules: [{ id: "x", when: { text: { keywords: { german: ["a"] } } }, then: { tags: ["x"] } }] })).toContainEqual(
      expect.objectContaining({ ruleId: "x", path: "when.text.keywords.german", message: expect.stringMatching(/ISO 639-1/) }),
    );
    expect(ruleErrorsOf({ rules: [{ id: "x", when: { text: { keywords: { de: [] } } }, then: { tags: ["x"] } }] })).toContainEqual(
      expect.objectContaining({ ruleId: "x", path: "when.text.keywords.de" }),
    );
    expect(ruleErrorsOf({ rules: [{ id: "x", when: { text: { keywords: { en: ["a"], de: ["b"] }, match: "all" } }, then: { tags: ["x"] } }] })).toContainEqual(
      expect.objectContaining({ message: expect.stringMatching(/match: all needs one list/) }),
    );
  });
});

// Read through Vite's `?raw` query (a string module); the specifier is a variable so TypeScript needs no declaration.
const DEFAULT_RULES = "../../rules/default.yaml?raw";

type Case = [language: string, rule: string, ticket: Partial<TicketSnapshot>];

const CASES: Case[] = [
  ["de", "refunds-and-cancellations", { subject: "Wasserkocher", description: "Der Wasserkocher ist kaputt angekommen. Ich hätte gern eine Rückerstattung." }],
  ["es", "refunds-and-cancellations", { subject: "Pedido 55102", description: "La lámpara llegó rota, quiero un reembolso por favor." }],
  ["fr", "refunds-and-cancellations", { subject: "Commande", description: "Je voudrais annuler ma commande passée hier soir." }],
  ["pt", "refunds-and-cancellations", { subject: "Pedido", description: "Quero cancelar o pedido, comprei por engano." }],
  ["nl", "refunds-and-cancellations", { subject: "Bestelling", description: "Het product is kapot, ik wil graag mijn geld terug." }],
  ["de", "order-and-delivery", { subject: "Lieferung", description: "Hallo, wo ist mein Paket? Es ist seit zwei Wochen nicht angekommen." }],
  ["es", "order-and-delivery", { subject: "Envío", description: "Hola, mi pedido 88213 todavía no ha llegado. ¿Dónde está mi pedido?" }],
  ["fr", "order-and-delivery", { subject: "Livraison", description: "Bonjour, je n'ai toujours pas reçu mon colis. Où est ma commande ?" }],
  ["pt", "order-and-delivery", { subject: "Entrega", description: "Olá, a minha encomenda ainda não chegou. Onde está a minha encomenda?" }],
  ["nl", "order-and-delivery", { subject: "Levering", description: "Hallo, waar blijft mijn pakket? Het is nog niet ontvangen." }],
  ["de", "account-access", { subject: "Login", description: "Ich habe mein Passwort vergessen und kann mich nicht anmelden." }],
  ["es", "account-access", { subject: "Cuenta", description: "Olvidé mi contraseña y no puedo iniciar sesión desde ayer." }],
  ["fr", "account-access", { subject: "Compte", description: "Mot de passe oublié, impossible de me connecter à mon compte." }],
  ["pt", "account-access", { subject: "Conta", description: "Esqueci minha senha e não consigo entrar na conta." }],
  ["nl", "account-access", { subject: "Account", description: "Ik ben mijn wachtwoord vergeten en kan niet inloggen." }],
  ["de", "legal-threat", { subject: "Letzte Warnung", description: "Wenn ich bis Freitag kein Geld sehe, geht das an meinen Anwalt." }],
  ["es", "legal-threat", { subject: "Reclamación", description: "Si no me devuelven el dinero tomaré acciones legales." }],
  ["fr", "legal-threat", { subject: "Réclamation", description: "Sans réponse, je transmets le dossier à mon avocat." }],
  ["pt", "legal-threat", { subject: "Reclamação", description: "Vou registrar no Procon e procurar um advogado." }],
  ["nl", "legal-threat", { subject: "Klacht", description: "Ik schakel mijn advocaat in als dit niet wordt opgelost." }],
  ["de", "security-incident", { subject: "Konto", description: "Mein Konto wurde gehackt, da sind Bestellungen, die ich nicht gemacht habe." }],
  ["es", "security-incident", { subject: "Cuenta", description: "Hay una compra no autorizada en mi cuenta, creo que me han hackeado." }],
  ["fr", "security-incident", { subject: "Compte", description: "Mon compte a été piraté, il y a un paiement non autorisé." }],
  ["pt", "security-incident", { subject: "Conta", description: "Minha conta foi hackeada e há uma cobrança não autorizada." }],
  ["nl", "security-incident", { subject: "Account", description: "Mijn account is gehackt, er staat een onbevoegde afschrijving op." }],
  ["de", "auto-reply", { subject: "Abwesenheitsnotiz: Ihre Bestellung", description: "Ich bin derzeit nicht im Büro und ab Montag wieder erreichbar." }],
  ["es", "auto-reply", { subject: "Respuesta automática: pedido", description: "Estoy fuera de la oficina hasta el lunes." }],
  ["fr", "auto-reply", { subject: "Réponse automatique : commande", description: "Je suis actuellement absente, je répondrai à mon retour." }],
  ["pt", "auto-reply", { subject: "Resposta automática", description: "Estou fora do escritório até segunda-feira." }],
  ["nl", "auto-reply", { subject: "Afwezig: uw bestelling", description: "Ik ben afwezig tot maandag en lees mijn mail daarna." }],
  ["de", "spam", { subject: "Mehr Kunden", description: "Wir bringen Ihren Shop auf die erste Seite bei Google, SEO-Dienstleistungen ab 99 €." }],
  ["es", "spam", { subject: "Felicidades", description: "¡Ha ganado un iPhone! Reclame su premio hoy." }],
  ["fr", "spam", { subject: "Votre site", description: "Nos services SEO placent votre boutique en première page de Google." }],
  ["pt", "spam", { subject: "Parabéns", description: "Você ganhou um cartão-presente! Resgate seu prêmio agora." }],
  ["nl", "spam", { subject: "Meer bezoekers", description: "Onze SEO-diensten brengen u op de eerste pagina van Google." }],
  ["de", "thank-you", { subject: "Re: Bestellung", description: "Wo ist es?", comments: [{ id: "2", body: "Vielen Dank für die Hilfe!" }] }],
  ["es", "thank-you", { subject: "Re: pedido", description: "¿Dónde está?", comments: [{ id: "2", body: "¡Muchas gracias por su ayuda!" }] }],
  ["fr", "thank-you", { subject: "Re: commande", description: "Où est-il ?", comments: [{ id: "2", body: "Merci beaucoup !" }] }],
  ["pt", "thank-you", { subject: "Re: pedido", description: "Onde está?", comments: [{ id: "2", body: "Muito obrigada pela ajuda!" }] }],
  ["nl", "thank-you", { subject: "Re: bestelling", description: "Waar is het?", comments: [{ id: "2", body: "Dank je wel!" }] }],
];

describe("the default rule table in six languages", async () => {
  const table = parseRuleSource(((await import(/* @vite-ignore */ DEFAULT_RULES)) as { default: string }).default, "yaml");
  const decide = (t: Partial<TicketSnapshot>) =>
    triage({ ticket: ticket(t), table, rulesVersion: 1, prediction: prediction("contact_customer_service", 0.2, { abstain: true }) });

  it.each(CASES)("%s: %s", (language, rule, t) => {
    const d = decide(t);
    expect(d.ruleHits.map((h) => h.ruleId)).toContain(rule);
    // The texts really are in that language (short thank-yous may be too short to tell).
    if (rule !== "thank-you") expect(d.language).toBe(language);
  });

  it("does not fire on ordinary tickets in those languages", () => {
    const ordinary = [
      "Hallo, welche Größe empfehlen Sie für den Wollpullover?",
      "¿Tienen la chaqueta azul en talla M?",
      "Bonjour, quels sont vos horaires d'ouverture ?",
      "Olá, vocês entregam em Portugal?",
      "Hallo, is de lamp ook in het zwart verkrijgbaar?",
    ];
    for (const description of ordinary) expect(decide({ subject: "Frage", description }).ruleHits).toEqual([]);
  });
});
