/**
 * What replaces the approval message once the draft is decided (chat.update): who did what and when, what was
 * sent, and no buttons. Also used for drafts that expired or were superseded by a newer customer message.
 */
import { parseDecidedBy } from "../../approval/decided-by";
import {
  context,
  customerLine,
  escapeMrkdwn,
  header,
  LIMITS,
  oneLine,
  section,
  slackDate,
  textSections,
  truncate,
  userRef,
  type Block,
  type MessageView,
} from "./blocks";
import { ticketTitle } from "./approval";

export interface OutcomeDraft {
  id: number;
  status: string;
  body: string | null;
  finalText: string | null;
  decidedBy: string | null;
  decidedVia: string | null;
  decidedAt: string | null;
  rejectReason: string | null;
  replyState: string;
  replyPostedAt: string | null;
}

export interface OutcomeInput {
  ticket: { id: number; subject: string };
  zendeskTicketUrl: string;
  draft: OutcomeDraft;
  postAs: "public" | "internal";
  /** Levenshtein distance between the draft and the sent text, when edited. */
  editDistance?: number | null;
}

/** "<@U123>" for Slack deciders, "Name (Zendesk sidebar)" for sidebar ones, the text otherwise. */
export function deciderRef(draft: Pick<OutcomeDraft, "decidedBy" | "decidedVia">): string {
  const { name, id } = parseDecidedBy(draft.decidedBy);
  if (draft.decidedVia === "slack") return userRef(id, name);
  if (draft.decidedVia === "sidebar") return `${escapeMrkdwn(name ?? id ?? "an agent")} (Zendesk sidebar)`;
  return escapeMrkdwn(name ?? "the system");
}

const STATUS_TEXT: Record<string, string> = {
  approved: ":white_check_mark: *Approved*",
  edited: ":pencil2: *Edited and approved*",
  rejected: ":x: *Rejected*",
  escalated: ":rotating_light: *Escalated*",
  expired: ":hourglass: *Expired*",
  superseded: ":leftwards_arrow_with_hook: *Superseded*",
  failed: ":warning: *Drafting failed*",
};

/** One sentence: who did what, when. */
export function outcomeLine(draft: OutcomeDraft): string {
  const what = STATUS_TEXT[draft.status] ?? `*${escapeMrkdwn(draft.status)}*`;
  const when = slackDate(draft.decidedAt);
  switch (draft.status) {
    case "expired":
      return `${what} ${when}: nobody decided in time, so the ticket was escalated.`;
    case "superseded":
      return `${what} ${when} by a newer customer message; a fresh draft follows.`;
    case "failed":
      return `${what}: no draft could be composed; handle the ticket in Zendesk.`;
    default:
      return `${what} by ${deciderRef(draft)} ${when}.`;
  }
}

export function replyLine(draft: OutcomeDraft, postAs: "public" | "internal"): string | null {
  if (draft.status !== "approved" && draft.status !== "edited") return null;
  const as = postAs === "internal" ? "an internal note" : "a public reply";
  if (draft.replyState === "posted") return `:outbox_tray: Posted to Zendesk as ${as} ${slackDate(draft.replyPostedAt)}.`;
  if (draft.replyState === "none" || draft.replyState === "posting") return `:hourglass_flowing_sand: Posting to Zendesk as ${as}…`;
  return `:warning: Zendesk reply: ${escapeMrkdwn(draft.replyState)}.`;
}

export function outcomeMessage(input: OutcomeInput): MessageView {
  const { draft, ticket } = input;
  const sent = draft.status === "approved" || draft.status === "edited";
  const blocks: Block[] = [header(`Draft reply for ticket #${ticket.id}`), section(ticketTitle(ticket, input.zendeskTicketUrl)), section(outcomeLine(draft))];
  if (draft.rejectReason && (draft.status === "rejected" || draft.status === "escalated"))
    blocks.push(section(`*Reason:* ${escapeMrkdwn(truncate(draft.rejectReason, LIMITS.sectionText - 200))}`));
  const reply = replyLine(draft, input.postAs);
  if (reply) blocks.push(context(reply));
  const text = sent ? (draft.finalText ?? draft.body ?? "") : (draft.body ?? "");
  if (text) {
    blocks.push(section(sent ? (draft.status === "edited" ? "*Sent text (edited)*" : "*Sent text*") : "*Draft (not sent)*"));
    blocks.push(
      ...textSections(text, {
        maxChars: sent ? 6000 : 1500,
        cutNote: (total) => `:scissors: Cut here (${total.toLocaleString("en-US")} characters); the full text is on the ticket.`,
      }),
    );
  }
  if (draft.status === "edited" && typeof input.editDistance === "number")
    blocks.push(context(`Edit distance from the draft: ${input.editDistance} characters`));
  return {
    text: truncate(
      `Ticket #${ticket.id} (${customerLine(ticket.subject)}): draft ${draft.status}${draft.decidedBy ? ` by ${oneLine(parseDecidedBy(draft.decidedBy).name ?? "")}` : ""}`,
      LIMITS.fallbackText,
    ),
    blocks,
  };
}
