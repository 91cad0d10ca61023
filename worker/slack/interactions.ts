/**
 * What a click or a modal submission does, independent of the Slack library that dispatches it:
 * approver check → decideDraft (exactly once) → the message shows the outcome; the loser of a race, a double click
 * or a non-approver gets an ephemeral message and nothing changes.
 *
 * `accounts` are the accounts whose Slack signing secret verified the request (usually one); the draft picks its own.
 */
import { decideDraft, MAX_REPLY_CHARS, recordRefusal, type ApprovalAction, type DecideResult } from "../approval/lifecycle";
import type { Env } from "../env/bindings";
import { parseId } from "../http/ids";
import { errorMessage, log } from "../lib/log";
import type { AccountWithSecrets } from "../store/accounts";
import { database } from "../store/db";
import { getDraft, type DraftRow } from "../store/drafts";
import { getTicket } from "../store/tickets";
import {
  ACTION,
  alreadyDecidedMessage,
  BLOCK,
  CALLBACK,
  decodeMetadata,
  editDraftModal,
  INPUT,
  notAllowedMessage,
  problemMessage,
  rejectDraftModal,
  type MessageView,
} from "./views/index";
import { slackActor } from "./actor";
import { isApprover } from "./approvers";
import { slackFor, type SlackContext } from "./context";
import { showDraftOutcome } from "./notify";

export interface SlackUserRef {
  id: string;
  name?: string | null;
}

export interface ButtonClick {
  actionId: string;
  value?: string | undefined;
  user: SlackUserRef;
  channel?: string | undefined;
  messageTs?: string | undefined;
  triggerId?: string | undefined;
}

export interface ViewSubmission {
  callbackId: string;
  privateMetadata: string;
  user: SlackUserRef;
  /** view.state.values: block_id → action_id → { value } */
  values: Record<string, Record<string, { value?: string | null } | undefined> | undefined>;
}

/** Response body for a view_submission ack (`response_action: errors` keeps the modal open). */
export type SubmissionAck = { response_action: "errors"; errors: Record<string, string> } | null;

const BUTTON_ACTIONS: Record<string, ApprovalAction> = {
  [ACTION.approve]: "approve",
  [ACTION.edit]: "edit",
  [ACTION.reject]: "reject",
  [ACTION.escalate]: "escalate",
};

export function isDecisionAction(actionId: string): boolean {
  return actionId in BUTTON_ACTIONS;
}

/** The button's value is the draft id, parsed strictly ("0x10" or "1e3" name no draft). */
function draftIdOf(value: string | undefined): number | null {
  return parseId(value);
}

interface Target {
  slack: SlackContext;
  draft: DraftRow;
}

/** The draft and the Slack connection of its account, if the draft belongs to one of the verified accounts. */
async function resolveDraft(env: Env, accounts: AccountWithSecrets[], draftId: number | null): Promise<Target | null> {
  if (draftId === null) return null;
  const db = database(env.DB);
  // Looked up inside each verified account in turn: a draft id alone never reaches another tenant's draft.
  for (const account of accounts) {
    const draft = await getDraft(db, account.id, draftId);
    const slack = draft ? slackFor(env, account) : null;
    if (draft && slack) return { slack, draft };
  }
  return null;
}

async function ephemeral(slack: SlackContext | null, channel: string | undefined, user: string, view: MessageView): Promise<void> {
  if (!slack || !channel) return;
  try {
    await slack.api.postEphemeral({ channel, user, ...view });
  } catch (error) {
    log.warn("could not send an ephemeral message", { account: slack.account.id, channel, error: errorMessage(error) });
  }
}

function anySlack(env: Env, accounts: AccountWithSecrets[]): SlackContext | null {
  for (const account of accounts) {
    const slack = slackFor(env, account);
    if (slack) return slack;
  }
  return null;
}

/** Checks the approver list; a refusal is told to the user and kept in the audit (applied: false). */
async function allowed(env: Env, t: Target, user: SlackUserRef, action: ApprovalAction, channel: string | undefined): Promise<boolean> {
  if (await isApprover(t.slack, user.id)) return true;
  await recordRefusal(database(env.DB), t.draft, user, action);
  await ephemeral(t.slack, channel, user.id, notAllowedMessage({ approvers: t.slack.settings.approvers, approverGroup: t.slack.settings.approverGroup }));
  return false;
}

/** After decideDraft: show the outcome on the message, or tell the user why nothing changed. */
async function report(env: Env, t: Target, result: DecideResult, user: string, channel: string | undefined): Promise<void> {
  if (result.ok) {
    await showDraftOutcome(env, t.slack.account, result.draft);
    return;
  }
  if (result.error === "already_decided" && result.draft) {
    await ephemeral(t.slack, channel, user, alreadyDecidedMessage(result.draft));
    // The message may still show buttons (e.g. the sidebar decided first): bring it up to date.
    await showDraftOutcome(env, t.slack.account, result.draft);
    return;
  }
  await ephemeral(t.slack, channel, user, problemMessage(result.message));
}

async function ticketHeading(env: Env, draft: DraftRow): Promise<{ id: number; subject: string }> {
  const row = await getTicket(database(env.DB), draft.accountId, draft.ticketId);
  return { id: draft.ticketId, subject: row?.subject ?? "" };
}

/** A button on an approval message (after the ack). */
export async function handleButton(env: Env, accounts: AccountWithSecrets[], click: ButtonClick): Promise<void> {
  const action = BUTTON_ACTIONS[click.actionId];
  if (!action) return; // link buttons and anything else: nothing to do
  const t = await resolveDraft(env, accounts, draftIdOf(click.value));
  if (!t) {
    await ephemeral(anySlack(env, accounts), click.channel, click.user.id, problemMessage("This draft no longer exists for this workspace's account."));
    return;
  }
  if (!(await allowed(env, t, click.user, action, click.channel))) return;
  const channel = click.channel ?? t.draft.slackChannel ?? undefined;

  if (action === "edit" || action === "reject") {
    if (t.draft.status !== "pending") {
      await ephemeral(t.slack, channel, click.user.id, alreadyDecidedMessage(t.draft));
      await showDraftOutcome(env, t.slack.account, t.draft);
      return;
    }
    if (!click.triggerId) return;
    const base = { draftId: t.draft.id, ticket: await ticketHeading(env, t.draft), channel, ts: click.messageTs ?? t.draft.slackTs ?? undefined };
    const view =
      action === "edit" ? editDraftModal({ ...base, body: t.draft.body ?? "", postAs: t.slack.account.settings.approval.postAs }) : rejectDraftModal(base);
    try {
      await t.slack.api.openView({ trigger_id: click.triggerId, view });
    } catch (error) {
      log.warn("could not open the modal", { account: t.slack.account.id, draft: t.draft.id, error: errorMessage(error) });
      await ephemeral(t.slack, channel, click.user.id, problemMessage("Slack did not open the form in time; please click again."));
    }
    return;
  }

  const actor = await slackActor(t.slack, click.user);
  const result = await decideDraft(env, {
    accountId: t.draft.accountId,
    draftId: t.draft.id,
    action,
    ...(action === "escalate" ? { reason: "escalated from Slack" } : {}),
    actor,
  });
  await report(env, t, result, click.user.id, channel);
}

function inputValue(sub: ViewSubmission, blockId: string, actionId: string): string {
  // values come from the request body: anything but a string is no input.
  const value: unknown = sub.values[blockId]?.[actionId]?.value;
  return typeof value === "string" ? value.trim() : "";
}

/**
 * The part of a modal submission answered inside the 3-second ack: validation errors keep the modal open with a
 * message; a draft that is no longer pending says so in the modal. Everything else happens after the ack.
 */
/** Input errors of an edit / reject submission (null when valid). Pure: used in the ack and again after it. */
export function submissionErrors(sub: ViewSubmission): Record<string, string> | null {
  if (sub.callbackId === CALLBACK.edit) {
    const text = inputValue(sub, BLOCK.editText, INPUT.text);
    if (!text) return { [BLOCK.editText]: "The reply cannot be empty." };
    if (text.length > MAX_REPLY_CHARS) return { [BLOCK.editText]: `The reply is limited to ${MAX_REPLY_CHARS} characters.` };
  } else if (sub.callbackId === CALLBACK.reject && inputValue(sub, BLOCK.rejectReason, INPUT.reason).length < 3) {
    return { [BLOCK.rejectReason]: "Please say briefly why (at least 3 characters)." };
  }
  return null;
}

export async function ackSubmission(env: Env, accounts: AccountWithSecrets[], sub: ViewSubmission): Promise<SubmissionAck> {
  if (sub.callbackId !== CALLBACK.edit && sub.callbackId !== CALLBACK.reject) return null;
  const blockId = sub.callbackId === CALLBACK.edit ? BLOCK.editText : BLOCK.rejectReason;
  const meta = decodeMetadata(sub.privateMetadata);
  if (!meta) return { response_action: "errors", errors: { [blockId]: "This form is not linked to a draft any more." } };
  const errors = submissionErrors(sub);
  if (errors) return { response_action: "errors", errors };
  const t = await resolveDraft(env, accounts, meta.draftId);
  if (!t) return { response_action: "errors", errors: { [blockId]: "This draft no longer exists." } };
  if (t.draft.status !== "pending") return { response_action: "errors", errors: { [blockId]: alreadyDecidedMessage(t.draft).text } };
  return null;
}

/** A submitted edit or reject modal (after the ack). */
export async function handleSubmission(env: Env, accounts: AccountWithSecrets[], sub: ViewSubmission): Promise<void> {
  if (sub.callbackId !== CALLBACK.edit && sub.callbackId !== CALLBACK.reject) return;
  // Validated again here: a library may run the after-ack work even when the ack kept the modal open.
  if (submissionErrors(sub)) return;
  const meta = decodeMetadata(sub.privateMetadata);
  const t = await resolveDraft(env, accounts, meta?.draftId ?? null);
  if (!meta || !t) return;
  const channel = meta.channel ?? t.draft.slackChannel ?? undefined;
  const action: ApprovalAction = sub.callbackId === CALLBACK.edit ? "edit" : "reject";
  if (!(await allowed(env, t, sub.user, action, channel))) return;
  const actor = await slackActor(t.slack, sub.user);
  let result: DecideResult;
  if (action === "edit") {
    const text = inputValue(sub, BLOCK.editText, INPUT.text);
    // An unchanged text is a plain approval (it keeps the acceptance statistics honest).
    const unchanged = text === (t.draft.body ?? "").trim();
    result = await decideDraft(env, {
      accountId: t.draft.accountId,
      draftId: t.draft.id,
      action: unchanged ? "approve" : "edit",
      ...(unchanged ? {} : { text }),
      actor,
    });
  } else {
    result = await decideDraft(env, {
      accountId: t.draft.accountId,
      draftId: t.draft.id,
      action: "reject",
      reason: inputValue(sub, BLOCK.rejectReason, INPUT.reason),
      actor,
    });
  }
  await report(env, t, result, sub.user.id, channel);
}
