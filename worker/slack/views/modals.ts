/** The edit modal (the draft in a text box; submitting approves the edited text) and the reject modal (a reason). */
import { BLOCK, CALLBACK, encodeMetadata, INPUT, type ModalMetadata } from "./ids";
import { context, customerLine, escapeMrkdwn, LIMITS, plain, section, truncate, type ModalView } from "./blocks";

export interface ModalInput {
  draftId: number;
  ticket: { id: number; subject: string };
  /** The message the modal was opened from (so its outcome can be updated after submit). */
  channel?: string;
  ts?: string;
}

function ticketContext(ticket: { id: number; subject: string }) {
  return context(`Ticket *#${ticket.id}* · ${escapeMrkdwn(truncate(customerLine(ticket.subject) || "(no subject)", 200))}`);
}

function metadata(input: ModalInput): string {
  const m: ModalMetadata = { draftId: input.draftId, ...(input.channel ? { channel: input.channel } : {}), ...(input.ts ? { ts: input.ts } : {}) };
  return encodeMetadata(m);
}

/**
 * The draft in a multiline text box. Slack's text inputs hold at most 3,000 characters, so a longer draft cannot be
 * edited here without losing text: the modal then explains that and offers no submit button.
 */
export function editDraftModal(input: ModalInput & { body: string; postAs: "public" | "internal" }): ModalView {
  const base = { type: "modal" as const, callback_id: CALLBACK.edit, private_metadata: metadata(input), title: plain("Edit draft reply", LIMITS.modalTitle) };
  if (input.body.length > LIMITS.plainTextInput)
    return {
      ...base,
      close: plain("OK", LIMITS.modalTitle),
      blocks: [
        ticketContext(input.ticket),
        section(
          `This draft has ${input.body.length.toLocaleString("en-US")} characters; Slack's text boxes hold ${LIMITS.plainTextInput.toLocaleString("en-US")}. ` +
            "Edit it in the Zendesk ticket sidebar, or approve or reject it here.",
        ),
      ],
    };
  const landing = input.postAs === "internal" ? "as an internal note on the ticket" : "to the customer as a public reply";
  return {
    ...base,
    submit: plain("Approve & send", LIMITS.modalTitle),
    close: plain("Cancel", LIMITS.modalTitle),
    blocks: [
      ticketContext(input.ticket),
      {
        type: "input",
        block_id: BLOCK.editText,
        label: plain("Reply", LIMITS.inputLabel),
        element: {
          type: "plain_text_input",
          action_id: INPUT.text,
          multiline: true,
          initial_value: input.body,
          min_length: 1,
          max_length: LIMITS.plainTextInput,
        },
        hint: plain(`Submitting sends this text ${landing}, authored by you.`, LIMITS.inputLabel),
      },
    ],
  };
}

export function rejectDraftModal(input: ModalInput): ModalView {
  return {
    type: "modal",
    callback_id: CALLBACK.reject,
    private_metadata: metadata(input),
    title: plain("Reject draft", LIMITS.modalTitle),
    submit: plain("Reject", LIMITS.modalTitle),
    close: plain("Cancel", LIMITS.modalTitle),
    blocks: [
      ticketContext(input.ticket),
      {
        type: "input",
        block_id: BLOCK.rejectReason,
        label: plain("Why is this draft wrong?", LIMITS.inputLabel),
        element: {
          type: "plain_text_input",
          action_id: INPUT.reason,
          multiline: true,
          min_length: 3,
          max_length: 2000,
          placeholder: plain("e.g. wrong policy, the customer asked something else…", 150),
        },
        hint: plain("The reason is stored with the draft and helps improve future drafts. Nothing is sent to the customer.", LIMITS.inputLabel),
      },
    ],
  };
}
