/**
 * Redaction on real-looking text: the corpus in test/fixtures/pii/tickets.jsonl (60 tickets written for the
 * project, each listing the raw values that must not leak) goes through the drafting path against the fake LLM,
 * with each ticket's requester a user in the fake Zendesk. The fake records every request body; none may
 * contain a raw value. The phrasings the detectors must handle are pinned below one by one.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { findPii, PiiVault, redactText } from "../../worker/pii/index";
import { approvalMessage } from "../../worker/slack/views/approval";
import { escalationMessage } from "../../worker/slack/views/escalation";
import { database } from "../../worker/store/db";
import { saveTicket } from "../../worker/store/tickets";
import { seedTicket, uniqueTicketId } from "./helpers";
import { compose, decision, draftingAccount, llmRequests, marker, ticket } from "./drafting-fixtures";

interface CorpusTicket {
  id: string;
  language: string;
  requester: { name: string; email: string };
  subject: string;
  body: string;
  raw: string[];
}

// Read through Vite's `?raw` query (a string module); the specifier is a variable so TypeScript needs no declaration.
const CORPUS = "../fixtures/pii/tickets.jsonl?raw";
let corpus: CorpusTicket[] = [];
let account: string;
beforeAll(async () => {
  const text = ((await import(/* @vite-ignore */ CORPUS)) as { default: string }).default;
  corpus = text
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as CorpusTicket);
  account = await draftingAccount({ prefix: "piic" });
});

/**
 * The value as a whole token: a PIN "3141" leaks when it stands on its own, not when it is part of a random ticket
 * id such as 731415 (a substring match made this test fail now and then).
 */
function containsValue(sent: string, raw: string): boolean {
  const escaped = raw.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, "u").test(sent);
}

describe("the PII corpus through drafting", () => {
  it("has at least 60 tickets and every raw value is in its ticket's text", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60);
    for (const t of corpus) for (const raw of t.raw) expect(`${t.subject}\n${t.body}`, `${t.id}: ${raw}`).toContain(raw);
  });

  it("0 raw values reach the LLM: names (the requester's from Zendesk), credentials, e-mails, phones, cards, IBANs", async () => {
    const leaks: string[] = [];
    let values = 0;
    for (const t of corpus) {
      const id = uniqueTicketId();
      const m = marker(t.id);
      const seeded = await seedTicket({ id, subject: t.subject, description: t.body, requester: t.requester });
      // The snapshot as the pipeline stores it, with the requester id composeDraft looks the name up by.
      await saveTicket(database(env.DB), account, id, { subject: t.subject, description: t.body, requesterId: Number(seeded.requester_id) });
      const draft = await compose(account, ticket(`${t.body}\n(ref ${m})`, { id, subject: t.subject }), decision({ language: t.language }));
      expect(draft.source, t.id).toBe("llm");
      const requests = await llmRequests(m);
      expect(requests.length, t.id).toBeGreaterThan(0);
      const sent = JSON.stringify(requests.map((r) => r.body));
      for (const raw of [...t.raw, t.requester.name]) {
        values++;
        if (containsValue(sent, raw)) leaks.push(`${t.id}: ${raw}`);
      }
    }
    expect(values).toBeGreaterThanOrEqual(150);
    expect(leaks).toEqual([]);
  });
});

describe("phrasings the detectors must handle", () => {
  const found = (text: string, names: string[] = []) => findPii(text, { names }).map((m) => `${m.type}:${m.value}`);

  it("inline credentials in common phrasings, in several languages, and not the words around them", () => {
    expect(found("my password is sunshine")).toEqual(["SECRET:sunshine"]);
    expect(found("pw: hunter2")).toEqual(["SECRET:hunter2"]);
    expect(found("passcode 8812 for the locker")).toEqual(["SECRET:8812"]);
    expect(found("PIN 4821")).toEqual(["SECRET:4821"]);
    expect(found('my password is "correct horse battery"')).toEqual(["SECRET:correct horse battery"]);
    expect(found("hunter22 is my password")).toEqual(["SECRET:hunter22"]);
    expect(found("Kennwort: Sommer2024!")).toEqual(["SECRET:Sommer2024"]);
    expect(found("mot de passe: Lavande2023")).toEqual(["SECRET:Lavande2023"]);
    expect(found("Mi clave: Toro_2021.")).toEqual(["SECRET:Toro_2021"]);
    for (const harmless of ["the password is wrong", "My password is not working.", "I'll pass the parcel on", "a token of thanks", "Please reset my PIN"])
      expect(found(harmless), harmless).toEqual([]);
  });

  it("internationalised and spelled-out e-mail addresses, but not 'look at example.com'", () => {
    expect(found("write to josé@café.fr")).toEqual(["EMAIL:josé@café.fr"]);
    expect(found("mehmet.yilmaz@şirket.com.tr")).toEqual(["EMAIL:mehmet.yilmaz@şirket.com.tr"]);
    expect(found("anna (at) example (dot) com")).toEqual(["EMAIL:anna (at) example (dot) com"]);
    expect(found("anna[at]example[dot]com")).toEqual(["EMAIL:anna[at]example[dot]com"]);
    expect(found("emma.t at example dot co dot uk")).toEqual(["EMAIL:emma.t at example dot co dot uk"]);
    expect(found("Look at example.com for details")).toEqual([]);
  });

  it("toll-free, international and trunk-prefixed phone numbers", () => {
    expect(found("Call 1-800-555-0199 now")).toEqual(["PHONE:1-800-555-0199"]);
    expect(found("or 1 (800) 555-0142")).toEqual(["PHONE:1 (800) 555-0142"]);
    expect(found("UK: +44 20 7946 0958.")).toEqual(["PHONE:+44 20 7946 0958"]);
    expect(found("Berlin (0)30 1234567")).toEqual(["PHONE:(0)30 1234567"]);
    expect(found("Tel. +49 (0)89 12345678")).toEqual(["PHONE:+49 (0)89 12345678"]);
  });

  it("names: the requester's wherever it appears, introduced names, sign-offs and the gazetteer", () => {
    expect(found("Thanks, OLAWALE. Regards from Mr Adeyemi's office", ["Olawale Adeyemi"])).toEqual(["NAME:OLAWALE", "NAME:Adeyemi"]);
    expect(found("Hi, my name is Chidi Okonkwo and I need help")).toEqual(["NAME:Chidi Okonkwo"]);
    expect(found("Kind regards,\nPriyanka Raghunathan")).toEqual(["NAME:Priyanka Raghunathan"]);
    expect(found("Ich heiße Lena Vogel und habe eine Frage")).toEqual(["NAME:Lena Vogel"]);
    expect(found("Please ask Jürgen Weiß in accounting")).toEqual(["NAME:Jürgen Weiß"]);
    expect(found("Call Mr. Okonkwo tomorrow")).toEqual(["NAME:Okonkwo"]);
    for (const harmless of ["Will you refund me? May I return it in June?", "The Apple Watch and the Samsung phone both broke.", "Mark the ticket as solved."])
      expect(found(harmless), harmless).toEqual([]);
  });

  it("the vault numbers a name once and restores it in the reply", () => {
    const vault = new PiiVault({ names: ["Anna Schmidt"] });
    const redacted = vault.redact("Anna Schmidt wrote: thanks, Anna Schmidt");
    expect(redacted).toBe("[NAME_1] wrote: thanks, [NAME_1]");
    expect(vault.restore("Hello [NAME_1], your parcel is on its way.").text).toBe("Hello Anna Schmidt, your parcel is on its way.");
    expect(redactText("Anna Schmidt, card 4111 1111 1111 1111", { names: ["Anna Schmidt"] })).toBe("[NAME_1], card [CARD_1]");
  });
});

describe("Slack messages show redacted customer text", () => {
  it("a card number, e-mail or name in the subject or the customer's words never reaches an approval or escalation message", () => {
    const subject = "Refund to card 4111 1111 1111 1111 for jane.doe@example.org";
    const approval = approvalMessage({
      ticket: { id: 7, subject },
      zendeskTicketUrl: "https://acme.zendesk.com/agent/tickets/7",
      decision: null,
      draft: { id: 3, body: "Hello! Your refund is on its way.", citations: [], costUsd: 0 },
      postAs: "public",
    });
    const escalation = escalationMessage({
      ticket: { id: 7, subject, description: "My name is Olawale Adeyemi, call +44 20 7946 0958", comments: [] },
      decision: null,
      reason: "route escalate",
      zendeskTicketUrl: "https://acme.zendesk.com/agent/tickets/7",
    });
    for (const message of [approval, escalation]) {
      const json = JSON.stringify(message);
      for (const raw of ["4111 1111 1111 1111", "jane.doe@example.org", "Olawale Adeyemi", "+44 20 7946 0958"]) expect(json).not.toContain(raw);
      expect(json).toContain("[CARD_1]");
    }
    // The draft itself is what the approver approves: it is shown as written.
    expect(JSON.stringify(approval)).toContain("Your refund is on its way.");
  });
});
