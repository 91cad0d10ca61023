/** Short messages: the reminder in the approval thread, and ephemeral notices to the person who clicked. */
import { ticketTitle } from "./approval";
import { context, escapeMrkdwn, section, slackDate, truncate, type MessageView } from "./blocks";
import { deciderRef } from "./outcome";

export interface ReminderInput {
  ticket: { id: number; subject: string };
  zendeskTicketUrl: string;
  /** Minutes until the draft expires and the ticket is escalated. */
  escalatesInMinutes: number;
  /** Approvers to nudge: user ids and/or a user group id. */
  approvers: string[];
  approverGroup?: string | undefined;
}

export function mentionApprovers(approvers: string[], group?: string): string {
  const people = approvers
    .filter((id) => /^[UW][A-Z0-9]{2,}$/.test(id))
    .slice(0, 20)
    .map((id) => `<@${id}>`);
  if (group && /^S[A-Z0-9]{2,}$/.test(group)) people.unshift(`<!subteam^${group}>`);
  return people.join(" ");
}

export function reminderMessage(input: ReminderInput): MessageView {
  const who = mentionApprovers(input.approvers, input.approverGroup);
  const minutes = Math.max(1, Math.round(input.escalatesInMinutes));
  return {
    text: `Reminder: the draft for ticket #${input.ticket.id} is still waiting for a decision`,
    blocks: [
      section(
        `:alarm_clock: ${who ? `${who} ` : ""}The draft reply for ${ticketTitle(input.ticket, input.zendeskTicketUrl)} is still waiting for a decision. ` +
          `Without one it expires and the ticket is escalated in about ${minutes} minute${minutes === 1 ? "" : "s"}.`,
      ),
    ],
  };
}

export function notAllowedMessage(input: { approvers: string[]; approverGroup?: string | undefined }): MessageView {
  const who = mentionApprovers(input.approvers, input.approverGroup);
  return {
    text: "You are not allowed to approve or send drafts here.",
    blocks: [
      section(":no_entry: You are not allowed to approve, edit, reject or escalate drafts in this workspace. Nothing was changed."),
      context(who ? `Approvers: ${who}` : "No approvers are configured yet: an admin sets `settings.slack.approvers` or `approverGroup` for the account."),
    ],
  };
}

export function alreadyDecidedMessage(draft: { status: string; decidedBy: string | null; decidedVia: string | null; decidedAt: string | null }): MessageView {
  const by = draft.decidedBy ? ` by ${deciderRef(draft)}` : "";
  return {
    text: `This draft is already ${draft.status}; nothing was changed.`,
    blocks: [section(`:information_source: This draft is already *${escapeMrkdwn(draft.status)}*${by} ${slackDate(draft.decidedAt)}. Nothing was changed.`)],
  };
}

export function problemMessage(text: string): MessageView {
  return { text: truncate(text, 300), blocks: [section(`:warning: ${escapeMrkdwn(truncate(text, 2000))}`)] };
}
