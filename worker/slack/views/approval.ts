/** The approval request posted to the account's approval channel: ticket, triage summary, draft, sources, cost, buttons. */
import type { TriageDecision } from "../../triage/types";
import { ACTION, BLOCK } from "./ids";
import {
  button,
  capBlocks,
  confirmDialog,
  context,
  customerLine,
  divider,
  escapeMrkdwn,
  fields,
  header,
  link,
  LIMITS,
  oneLine,
  section,
  textSections,
  truncate,
  type Block,
  type MessageView,
} from "./blocks";

export interface ViewCitation {
  id: string;
  title: string;
  url?: string | null;
}

export interface ApprovalMessageInput {
  ticket: { id: number; subject: string };
  zendeskTicketUrl: string;
  decision: Pick<TriageDecision, "intent" | "confidence" | "priority" | "sentiment" | "language" | "reasons"> | null;
  draft: {
    id: number;
    body: string | null;
    citations: ViewCitation[];
    costUsd: number;
    confidence?: number | null;
    needsHuman?: boolean;
    reason?: string | null;
    source?: string | null;
    model?: string | null;
    modelLabel?: string | null;
    /** What to check before sending (a language mismatch, a placeholder), or why drafting fell back. */
    note?: string | null;
  };
  /** How the approved reply lands in Zendesk (wording of the confirm dialog). */
  postAs: "public" | "internal";
  /** Characters of the draft shown before it is cut with a note (default 9,000: three sections). */
  maxDraftChars?: number;
}

export const DEFAULT_MAX_DRAFT_CHARS = 9000;

export function percent(p: number | null | undefined): string {
  return typeof p === "number" && Number.isFinite(p) ? `${Math.round(p * 100)}%` : "n/a";
}

export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd) || usd <= 0) return "$0";
  return usd < 0.01 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`;
}

export function humanize(value: string | null | undefined): string {
  return value ? value.replace(/_/g, " ") : "unknown";
}

/** "Intent / Priority / Sentiment / Language" fields of a triage decision. */
export function triageFields(decision: ApprovalMessageInput["decision"]): string[] {
  if (!decision) return ["*Triage*\nnot available"];
  return [
    `*Intent*\n${escapeMrkdwn(decision.intent ? humanize(decision.intent) : "none")} (${percent(decision.confidence)})`,
    `*Priority*\n${escapeMrkdwn(decision.priority)}`,
    `*Sentiment*\n${escapeMrkdwn(humanize(decision.sentiment))}`,
    `*Language*\n${escapeMrkdwn(decision.language)}`,
  ];
}

/** The reasons as one mrkdwn bullet list (cut to the section limit). */
export function reasonList(reasons: string[], max = 8): string {
  if (reasons.length === 0) return "_no reasons recorded_";
  const shown = reasons.slice(0, max).map((r) => `• ${escapeMrkdwn(truncate(oneLine(r), 300))}`);
  if (reasons.length > max) shown.push(`_…and ${reasons.length - max} more_`);
  return shown.join("\n");
}

export function ticketTitle(ticket: { id: number; subject: string }, url: string): string {
  return `*${link(url, `#${ticket.id} ${truncate(customerLine(ticket.subject) || "(no subject)", 200)}`)}*`;
}

export function citationLine(citations: ViewCitation[], max = 6): string | null {
  if (citations.length === 0) return null;
  const parts = citations.slice(0, max).map((c) => (c.url ? link(c.url, truncate(oneLine(c.title), 80)) : escapeMrkdwn(truncate(oneLine(c.title), 80))));
  return `*Sources:* ${parts.join(" · ")}${citations.length > max ? ` _+${citations.length - max} more_` : ""}`;
}

/** The four decision buttons; `value` is the draft id. */
export function approvalButtons(draftId: number, ticketId: number, postAs: "public" | "internal"): Block {
  const value = String(draftId);
  const landing = postAs === "internal" ? "an internal note" : "a public reply to the customer";
  return {
    type: "actions",
    block_id: BLOCK.actions,
    elements: [
      button(ACTION.approve, "Approve & send", {
        value,
        style: "primary",
        confirm: confirmDialog("Send this reply?", `The draft goes to ticket #${ticketId} as ${landing}, authored by you.`, "Send", "Cancel", "primary"),
      }),
      button(ACTION.edit, "Edit", { value }),
      button(ACTION.reject, "Reject", { value, style: "danger" }),
      button(ACTION.escalate, "Escalate", {
        value,
        confirm: confirmDialog("Escalate this ticket?", `Ticket #${ticketId} goes to the escalation channel and this draft is not sent.`, "Escalate"),
      }),
    ],
  };
}

export function approvalMessage(input: ApprovalMessageInput): MessageView {
  const { ticket, decision, draft } = input;
  const body = draft.body ?? "";
  const blocks: Block[] = [
    header(`Draft reply for ticket #${ticket.id}`),
    section(ticketTitle(ticket, input.zendeskTicketUrl)),
    fields(triageFields(decision)),
  ];
  if (decision) blocks.push(section(`*Why*\n${reasonList(decision.reasons)}`));
  blocks.push(divider(), section("*Draft reply*"));
  blocks.push(
    ...textSections(body, {
      maxChars: input.maxDraftChars ?? DEFAULT_MAX_DRAFT_CHARS,
      cutNote: (total) =>
        `:scissors: Cut here: the draft has ${total.toLocaleString("en-US")} characters. Read it in full in the Zendesk sidebar; *Approve & send* sends all of it.`,
    }),
  );
  if (draft.needsHuman && draft.reason)
    blocks.push(context(`:warning: The drafter asks for a careful look: ${escapeMrkdwn(truncate(oneLine(draft.reason), 500))}`));
  if (draft.note) blocks.push(context(`:information_source: ${escapeMrkdwn(truncate(oneLine(draft.note), 500))}`));
  const sources = citationLine(draft.citations);
  if (sources) blocks.push(context(sources));
  const label = draft.modelLabel && draft.modelLabel !== draft.model ? draft.modelLabel : null;
  const meta = [
    label ? `written by *${escapeMrkdwn(label)}*` : null,
    `Cost ${formatUsd(draft.costUsd)}`,
    draft.model ? `model ${escapeMrkdwn(draft.model)}` : null,
    draft.source === "template" && label !== "offline template" ? "offline template" : null,
    typeof draft.confidence === "number" ? `draft confidence ${percent(draft.confidence)}` : null,
    `draft ${draft.id}`,
  ].filter((x): x is string => x !== null);
  blocks.push(context(meta.join(" · ")));
  blocks.push(approvalButtons(draft.id, ticket.id, input.postAs));
  return {
    text: truncate(`Draft reply for ticket #${ticket.id} (${customerLine(ticket.subject)}) needs a decision`, LIMITS.fallbackText),
    blocks: capBlocks(blocks),
  };
}
