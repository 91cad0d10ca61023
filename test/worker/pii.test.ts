/**
 * PII redaction: typed reversible placeholders, checksums (Luhn, IBAN mod 97, SSN rules), and the proof that the
 * LLM server never receives the raw values: the fake LLM's recorded request bodies are searched for them.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { findPii, ibanValid, luhnValid, PiiVault } from "../../worker/pii/index";
import { seedTicket, uniqueTicketId } from "./helpers";
import { compose, decision, draftingAccount, draftJson, llmRequests, marker, scriptLlm, ticket } from "./drafting-fixtures";

const types = (text: string) => findPii(text).map((m) => [m.type, m.value]);

describe("checksums", () => {
  it("Luhn", () => {
    expect(luhnValid("4111111111111111")).toBe(true);
    expect(luhnValid("79927398713")).toBe(true);
    expect(luhnValid("4111111111111112")).toBe(false);
    expect(luhnValid("41111a1111111111")).toBe(false);
  });

  it("IBAN mod 97 and country length", () => {
    expect(ibanValid("DE89 3704 0044 0532 0130 00")).toBe(true);
    expect(ibanValid("GB82WEST12345698765432")).toBe(true);
    expect(ibanValid("fr1420041010050500013m02606")).toBe(true);
    expect(ibanValid("GB82WEST12345698765431")).toBe(false);
    expect(ibanValid("DE8937040044053201300")).toBe(false);
  });
});

describe("detection", () => {
  it("finds emails, phones, cards, IBANs, SSNs, national ids, addresses and credentials", () => {
    expect(types("Mail jane.doe+shop@example.co.uk now")).toEqual([["EMAIL", "jane.doe+shop@example.co.uk"]]);
    expect(types("Call +1 (415) 555-0132, (415) 555-0133, 415-555-0134, 020 7946 0958 or +44 7700 900123")).toEqual([
      ["PHONE", "+1 (415) 555-0132"],
      ["PHONE", "(415) 555-0133"],
      ["PHONE", "415-555-0134"],
      ["PHONE", "020 7946 0958"],
      ["PHONE", "+44 7700 900123"],
    ]);
    expect(types("my mobile: 4155550199")).toEqual([["PHONE", "4155550199"]]);
    expect(types("Visa 4111 1111 1111 1111, MC 5500-0000-0000-0004, Amex 378282246310005")).toEqual([
      ["CARD", "4111 1111 1111 1111"],
      ["CARD", "5500-0000-0000-0004"],
      ["CARD", "378282246310005"],
    ]);
    expect(types("IBAN DE89 3704 0044 0532 0130 00 THANKS")).toEqual([["IBAN", "DE89 3704 0044 0532 0130 00"]]);
    expect(types("SSN 123-45-6789, ssn: 078051120, not 000-12-3456 or 666-12-3456")).toEqual([
      ["SSN", "123-45-6789"],
      ["SSN", "078051120"],
    ]);
    expect(types("NI number AB 12 34 56 C")).toEqual([["NATIONAL_ID", "AB 12 34 56 C"]]);
    expect(types("Ship to 221B Baker Street, Apt 4, Springfield, IL 62704 please")).toEqual([["ADDRESS", "221B Baker Street, Apt 4, Springfield, IL 62704"]]);
    expect(types("Lieferadresse: Hauptstraße 12a, 10115 Berlin")).toEqual([["ADDRESS", "Hauptstraße 12a, 10115 Berlin"]]);
    expect(types("au 12 rue de la Paix ou Calle Mayor 5, or P.O. Box 4521")).toEqual([
      ["ADDRESS", "12 rue de la Paix"],
      ["ADDRESS", "Calle Mayor 5"],
      ["ADDRESS", "P.O. Box 4521"],
    ]);
    expect(types("key sk-proj-AbCdEfGhIjKlMnOpQrStUvWx12 and ghp_abcdefghijklmnopqrstuvwxyz0123456789AB")).toEqual([
      ["SECRET", "sk-proj-AbCdEfGhIjKlMnOpQrStUvWx12"],
      ["SECRET", "ghp_abcdefghijklmnopqrstuvwxyz0123456789AB"],
    ]);
    expect(types("AKIAIOSFODNN7EXAMPLE; Authorization: Bearer abcDEF123456ghiJKL")).toEqual([
      ["SECRET", "AKIAIOSFODNN7EXAMPLE"],
      ["SECRET", "abcDEF123456ghiJKL"],
    ]);
    expect(types("my password is hunter22! and api_key=abc123XYZ.")).toEqual([
      ["SECRET", "hunter22"],
      ["SECRET", "abc123XYZ"],
    ]);
    expect(types("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U")).toHaveLength(1);
  });

  it("leaves order numbers, tracking numbers, dates, prices and ordinary words alone", () => {
    const text =
      "Order #100234567 (tracking 1Z999AA10123456784) placed 12/03/2024 for $1,299.00; the password is wrong; I bought 2 red court shoes; 1234 5678 9012 3456 fails Luhn.";
    expect(findPii(text)).toEqual([]);
  });
});

describe("the vault", () => {
  it("gives one placeholder per value, restores them (any case), and flags unknown ones", () => {
    const vault = new PiiVault();
    const redacted = vault.redact("Write to ann@x.org or ANN@X.ORG, call +44 7700 900123, card 4111111111111111");
    expect(redacted).toBe("Write to [EMAIL_1] or [EMAIL_1], call [PHONE_1], card [CARD_1]");
    const back = vault.restore("Sent to [EMAIL_1] and [email_1]; [PHONE_1]; we never write [CARD_1]; [PHONE_7]?");
    expect(back.text).toBe("Sent to ann@x.org and ann@x.org; +44 7700 900123; we never write 4111111111111111; [PHONE_7]?");
    expect(back.unknown).toEqual(["[PHONE_7]"]);
    expect(back.restored).toBe(4);
    expect(vault.counts()).toEqual({ EMAIL: 1, PHONE: 1, CARD: 1 });
  });

  it("never hands out a placeholder that was already in the text", () => {
    const vault = new PiiVault();
    expect(vault.redact("literally [EMAIL_1], real: bo@y.io")).toBe("literally [EMAIL_1], real: [EMAIL_2]");
    expect(vault.restore("[EMAIL_1] [EMAIL_2]")).toEqual({ text: "[EMAIL_1] bo@y.io", unknown: ["[EMAIL_1]"], restored: 1 });
  });

  it("redacts JSON values (tool results), including credential-named keys", () => {
    const vault = new PiiVault();
    const out = vault.redactValue({
      order: "100234",
      customer: { email: "c@d.io", address: "10 Elm Street, Springfield, IL 62704" },
      token: "plainword",
      notes: ["call 415-555-0134"],
    });
    expect(out).toEqual({ order: "100234", customer: { email: "[EMAIL_1]", address: "[ADDRESS_1]" }, token: "[SECRET_1]", notes: ["call [PHONE_1]"] });
    expect(vault.restoreValue({ to: "[EMAIL_1]" })).toEqual({ to: "c@d.io" });
  });
});

describe("no raw PII reaches the LLM", () => {
  const RAW = {
    email: "maria.lopez@example.org",
    subjectEmail: "billing.m@example.net",
    phone: "+1 (617) 555-0144",
    card: "4242 4242 4242 4242",
    iban: "GB82 WEST 1234 5698 7654 32",
    ssn: "219-09-9999",
    address: "742 Evergreen Terrace, Springfield, OR 97403",
    token: "sk-live-9fK2mQ7xW4pL8vN3bR6tY1zC5dH0jS",
    password: "Tr0ub4dor&3",
    toolEmail: "tool.person@example.com",
    toolPhone: "+49 30 901820",
  };

  it("redacts the subject, every message, KB passages and tool results; restores the reply; flags unknown placeholders", async () => {
    const zd = new URL(env.FAKE_ZENDESK_URL);
    const tool = {
      name: "get_ticket_record",
      description: "Fetch the ticket record from the help desk by ticket id.",
      parameters: { type: "object", properties: { ticket_id: { type: "string" } }, required: ["ticket_id"] },
      url: `${env.FAKE_ZENDESK_URL}/__fake/tickets/{ticket_id}`,
      allowedHosts: [zd.host],
    };
    const acct = await draftingAccount({ tools: [tool], prefix: "pii" });
    const recordId = uniqueTicketId();
    await seedTicket({
      id: recordId,
      subject: "Record",
      description: `Requester can be reached at ${RAW.toolEmail} or ${RAW.toolPhone}.`,
      requester: { name: "Tool Person", email: RAW.toolEmail },
    });

    const m = marker("pii");
    const t = ticket(`Please refund to IBAN ${RAW.iban}. My card ${RAW.card} was charged twice. Call me at ${RAW.phone} or write to ${RAW.email}. ${m}`, {
      subject: `Refund for ${RAW.subjectEmail}`,
      description: `I live at ${RAW.address}. My SSN is ${RAW.ssn}. Use api key ${RAW.token} and password: ${RAW.password}`,
      comments: [
        { id: "c1", body: `Please refund to IBAN ${RAW.iban}. My card ${RAW.card} was charged twice. Call me at ${RAW.phone} or write to ${RAW.email}. ${m}` },
      ],
    });
    await scriptLlm(m, [
      { toolCalls: [{ name: "get_ticket_record", arguments: { ticket_id: String(recordId) } }] },
      { json: draftJson({ reply: "Hi, we will email [EMAIL_2] and call [PHONE_1]. Refund goes to [IBAN_1]; also [PHONE_9].", reason: "Refund to [IBAN_1]" }) },
    ]);
    const draft = await compose(acct, t, decision({ intent: "get_refund" }));

    const requests = await llmRequests(m);
    expect(requests).toHaveLength(2);
    const sent = JSON.stringify(requests.map((r) => r.body));
    for (const [name, raw] of Object.entries(RAW)) {
      expect(sent, `${name} must not reach the LLM`).not.toContain(raw);
      expect(sent, `${name} (no spaces) must not reach the LLM`).not.toContain(raw.replace(/\s+/g, ""));
    }
    expect(sent).toContain("[IBAN_1]");
    expect(sent).toContain("[CARD_1]");
    expect(sent).toContain("[SSN_1]");
    expect(sent).toContain("[ADDRESS_1]");
    expect(sent).toContain("[SECRET_1]");
    // The tool result came back with the same vault: new values get the next numbers.
    const toolMessage = requests[1]!.body.messages.find((x) => x.role === "tool")!.content!;
    expect(toolMessage).toMatch(/\[EMAIL_\d\]/);
    expect(toolMessage).toMatch(/\[PHONE_\d\]/);

    expect(draft.body).toBe(`Hi, we will email ${RAW.email} and call ${RAW.phone}. Refund goes to ${RAW.iban}; also [PHONE_9].`);
    expect(draft.reason).toBe(`Refund to ${RAW.iban}`);
    expect(draft.needsHuman).toBe(true);
    expect(draft.confidence).toBeLessThanOrEqual(0.3);
    expect(draft.note).toMatch(/placeholders that were never issued \(\[PHONE_9\]\)/);
    const run = await env.DB.prepare("select redactions, unknown_placeholders from draft_runs where draft_id = ?")
      .bind(draft.draftId)
      .first<{ redactions: string; unknown_placeholders: number }>();
    expect(JSON.parse(run!.redactions)).toMatchObject({ EMAIL: 3, PHONE: 2, CARD: 1, IBAN: 1, SSN: 1, ADDRESS: 1 });
    expect(run!.unknown_placeholders).toBe(1);
    // The ledger holds no text at all.
    const ledger = JSON.stringify((await env.DB.prepare("select * from llm_attempts where draft_id = ?").bind(draft.draftId).all()).results);
    for (const raw of Object.values(RAW)) expect(ledger).not.toContain(raw);
  });
});
