/** Pure Block Kit builders: Slack's limits (3,000 chars per section, 50 blocks, 3,000-char inputs), escaping. */
import { describe, expect, it } from "vitest";
import {
  approvalMessage,
  chunkMrkdwn,
  decodeMetadata,
  editDraftModal,
  encodeMetadata,
  escalationMessage,
  escapeMrkdwn,
  LIMITS,
  outcomeMessage,
  threeLineSummary,
  truncate,
  type Block,
} from "../../worker/slack/views/index";
import { parseDecidedBy } from "../../worker/approval/decided-by";
import { testDecision } from "./helpers";

function sectionTexts(blocks: Block[]): string[] {
  return blocks.flatMap((b) =>
    b.type === "section" ? [b.text?.text ?? "", ...(b.fields ?? []).map((f) => f.text)] : b.type === "context" ? b.elements.map((e) => e.text) : [],
  );
}

function checkLimits(blocks: Block[], maxBlocks: number = LIMITS.messageBlocks) {
  expect(blocks.length).toBeLessThanOrEqual(maxBlocks);
  for (const text of sectionTexts(blocks)) expect(text.length).toBeLessThanOrEqual(LIMITS.sectionText);
  for (const b of blocks) if (b.type === "header") expect(b.text.text.length).toBeLessThanOrEqual(LIMITS.headerText);
}

const base = {
  ticket: { id: 4242, subject: "Refund <now> & fast | please" },
  zendeskTicketUrl: "https://acme.zendesk.com/agent/tickets/4242",
  decision: testDecision(),
  postAs: "public" as const,
};

describe("approvalMessage", () => {
  it("splits a long draft into sections under 3,000 characters and cuts it with a note", () => {
    const body = Array.from({ length: 400 }, (_, i) => `Paragraph ${i}: ${"lorem ipsum <dolor> & sit amet ".repeat(3)}`).join("\n\n");
    const view = approvalMessage({ ...base, draft: { id: 7, body, citations: [], costUsd: 0.02 } });
    checkLimits(view.blocks);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain("Cut here: the draft has");
    expect(text).toContain("&lt;dolor&gt; &amp; sit");
    expect(text).not.toContain("<dolor>");
    expect(view.blocks[view.blocks.length - 1]!.type).toBe("actions");
  });

  it("escapes the subject inside its link and keeps limits for many citations and reasons", () => {
    const citations = Array.from({ length: 30 }, (_, i) => ({ id: `kb-${i}`, title: `Article ${"x".repeat(200)} ${i}`, url: `https://help.example.com/${i}` }));
    const decision = testDecision({ reasons: Array.from({ length: 40 }, (_, i) => `reason ${i} ${"y".repeat(400)}`) });
    const view = approvalMessage({ ...base, decision, draft: { id: 7, body: "Hi", citations, costUsd: 0 } });
    checkLimits(view.blocks);
    expect(JSON.stringify(view.blocks)).toContain("|#4242 Refund &lt;now&gt; &amp; fast / please>");
  });

  it("says in the confirm dialog where the reply lands", () => {
    const internal = approvalMessage({ ...base, postAs: "internal", draft: { id: 7, body: "Hi", citations: [], costUsd: 0 } });
    expect(JSON.stringify(internal.blocks)).toContain("as an internal note");
  });
});

describe("outcomeMessage", () => {
  const draft = {
    id: 7,
    status: "edited",
    body: "Hello",
    finalText: "Hello there",
    decidedBy: "alex (U0ALEX0001)",
    decidedVia: "slack",
    decidedAt: "2026-01-02T03:04:05.000Z",
    rejectReason: null,
    replyState: "posted",
    replyPostedAt: "2026-01-02T03:05:00.000Z",
  };
  it("names who did what and when, with no buttons", () => {
    const view = outcomeMessage({ ...base, draft, editDistance: 6 });
    const text = JSON.stringify(view.blocks);
    expect(text).toContain("Edited and approved* by <@U0ALEX0001> <!date^1767323045^{date_short_pretty} at {time}|2026-01-02T03:04:05Z>");
    expect(text).toContain("Posted to Zendesk as a public reply");
    expect(view.blocks.some((b) => b.type === "actions")).toBe(false);
    checkLimits(view.blocks);
  });

  it("parses decidedBy", () => {
    expect(parseDecidedBy("Alex (Smith) (U1)")).toEqual({ name: "Alex (Smith)", id: "U1" });
    expect(parseDecidedBy("timeout")).toEqual({ name: "timeout", id: "timeout" });
    expect(parseDecidedBy(null)).toEqual({ name: null, id: null });
  });
});

describe("editDraftModal", () => {
  it("carries the draft id and the message in private_metadata, with the draft as initial value", () => {
    const modal = editDraftModal({ draftId: 7, ticket: base.ticket, channel: "C0ABC", ts: "1.2", body: "Hello", postAs: "public" });
    expect(modal.callback_id).toBe("draft_edit_submit");
    expect(decodeMetadata(modal.private_metadata)).toEqual({ draftId: 7, channel: "C0ABC", ts: "1.2" });
    expect(modal.title.text.length).toBeLessThanOrEqual(LIMITS.modalTitle);
    expect(JSON.stringify(modal.blocks)).toContain('"initial_value":"Hello"');
  });

  it("refuses to edit drafts longer than Slack's 3,000-character text box (no lost text)", () => {
    const modal = editDraftModal({ draftId: 7, ticket: base.ticket, body: "z".repeat(3001), postAs: "public" });
    expect(modal.submit).toBeUndefined();
    expect(JSON.stringify(modal.blocks)).not.toContain("plain_text_input");
    expect(JSON.stringify(modal.blocks)).toContain("3,001 characters");
  });
});

describe("escalationMessage", () => {
  it("has a three-line summary, sentiment, reasons and the Zendesk link", () => {
    const ticket = { id: 4242, subject: "Broken", description: "first message", comments: [{ body: "latest\nwords  here" }] };
    const input = { ticket, decision: testDecision({ sentiment: "very_negative" }), reason: "route escalate", zendeskTicketUrl: base.zendeskTicketUrl };
    const lines = threeLineSummary(input);
    expect(lines[1]).toContain("“latest words here”");
    const view = escalationMessage(input);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain("very negative");
    expect(text).toContain('"url":"https://acme.zendesk.com/agent/tickets/4242"');
    checkLimits(view.blocks);
  });
});

describe("helpers", () => {
  it("escapes, truncates and chunks without breaking entities or surrogate pairs", () => {
    expect(escapeMrkdwn("<@U1> & <!here>")).toBe("&lt;@U1&gt; &amp; &lt;!here&gt;");
    expect(truncate("abcdef", 4)).toBe("abc…");
    expect(truncate("ab😀cd", 4)).toBe("ab…");
    const chunks = chunkMrkdwn(escapeMrkdwn("&".repeat(5000)), 2900);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(2900);
      expect(c).toMatch(/^(&amp;)+$/);
    }
    expect(decodeMetadata(encodeMetadata({ draftId: 3 }))).toEqual({ draftId: 3 });
    expect(decodeMetadata("{bad")).toBeNull();
    expect(decodeMetadata('{"d":-1}')).toBeNull();
  });
});
