/**
 * What keeps a draft honest before a human reads it: the prompt greets by first name through a placeholder and
 * fills the Zendesk placeholders of saved replies; a reply that still holds one, or that is not in the customer's
 * language, carries a note and a capped confidence; the account's name for its LLM travels with the draft.
 */
import { describe, expect, it } from "vitest";
import type { KbHit } from "../../worker/kb/search";
import { buildPrompt } from "../../worker/drafting/prompt";
import { templateDraft } from "../../worker/drafting/offline";
import { fillZendeskPlaceholders, firstNameOf, unfilledPlaceholders } from "../../worker/drafting/zendesk-placeholders";
import { PiiVault } from "../../worker/pii/index";
import { compose, decision, draftingAccount, draftJson, marker, scriptLlm, ticket } from "./drafting-fixtures";

function macroHit(body: string, locale = "en"): KbHit {
  return { rowId: 1, docId: "mac-07", kind: "macro", title: "Damaged item", url: null, locale, tags: [], score: -5, passage: body, body };
}

describe("the prompt", () => {
  it("greets by the requester's first name through a placeholder, and marks each passage's language", () => {
    const vault = new PiiVault({ names: ["Ada Lovelace"] });
    const prompt = buildPrompt({
      accountName: "Fernhill Goods",
      ticket: ticket("My kettle arrived cracked."),
      decision: decision(),
      hits: [macroHit("Hi {{ticket.requester.first_name}},\n\nSorry it arrived damaged. Ticket {{ticket.id}}; {{ticket.custom_field_42}}.", "de")],
      tools: [],
      vault,
      requesterName: "Ada Lovelace",
    });
    const [system, user] = prompt.messages.map((m) => m.content ?? "");
    expect(user).toContain("Customer name: [NAME_1]");
    expect(user).not.toContain("Ada");
    expect(system).toContain("[kb:mac-07] Damaged item [lang:de]\n(saved reply) Hi [NAME_1],");
    expect(system).not.toContain("{{ticket.requester.first_name}}");
    expect(system).not.toContain("{{ticket.id}}");
    // A placeholder nobody can fill stays visible, so the draft check below catches it.
    expect(system).toContain("{{ticket.custom_field_42}}");
    expect(vault.restore("Hi [NAME_1],").text).toBe("Hi Ada,");
  });

  it("fills what it knows and reports the rest", () => {
    expect(
      fillZendeskPlaceholders("Hi {{ ticket.requester.name }}, {{current_user.first_name}} here ({{ticket.id}}) {{x.y}}", {
        requesterFirstName: "Ada",
        ticketId: 7,
      }),
    ).toEqual({
      text: "Hi Ada, the Support Team here (7) {{x.y}}",
      unfilled: ["{{x.y}}"],
    });
    expect(unfilledPlaceholders("a {{b}} c {{b}}")).toEqual(["{{b}}"]);
    expect(firstNameOf("  Grace Brewster Hopper")).toBe("Grace");
    expect(firstNameOf("support@example.com")).toBeNull();
  });

  it("lets the offline template greet by name too", () => {
    const t = templateDraft([macroHit("Hi {{ticket.requester.first_name}},\n\nSorry it arrived damaged.\n\nBest regards,\nThe Team")], {
      why: "no LLM",
      language: "en",
      requesterFirstName: "Ada",
    });
    expect(t.body.startsWith("Hi Ada,")).toBe(true);
  });
});

describe("the composed draft", () => {
  it("is flagged, not trusted, while it still holds a Zendesk placeholder", async () => {
    const account = await draftingAccount({ prefix: "honest1" });
    const m = marker();
    await scriptLlm(m, [{ json: draftJson({ reply: "Hi {{ticket.requester.first_name}}, your refund is on its way.", confidence: 0.9 }) }]);
    const draft = await compose(account, ticket(`Refund please ${m}`));
    expect(draft.needsHuman).toBe(true);
    expect(draft.confidence).toBeLessThanOrEqual(0.3);
    expect(draft.note).toContain("still contains Zendesk placeholders ({{ticket.requester.first_name}})");
  });

  it("says when it is not in the customer's language", async () => {
    const account = await draftingAccount({ prefix: "honest2" });
    const m = marker();
    await scriptLlm(m, [
      { json: draftJson({ reply: "Hi there, thank you for your message. We have checked your order and it will arrive on Friday.", confidence: 0.9 }) },
    ]);
    const draft = await compose(account, ticket(`Wo ist mein Paket? Ich warte seit zwei Wochen. ${m}`), decision({ language: "de" }));
    expect(draft.note).toBe("This draft is in English (en), but the customer wrote in German (de); translate it before sending.");
    expect(draft.confidence).toBeLessThanOrEqual(0.5);
  });

  it("carries the account's name for its LLM", async () => {
    const account = await draftingAccount({ prefix: "honest3", llm: { displayName: "local stand-in model (not a real LLM)" } });
    const draft = await compose(account, ticket(`Where is my parcel? ${marker()}`));
    expect(draft).toMatchObject({ source: "llm", modelLabel: "local stand-in model (not a real LLM)" });
  });
});
