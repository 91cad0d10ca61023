/**
 * A human decides a draft: approve, edit (approve a changed text), reject or escalate. Slack buttons and the
 * Zendesk sidebar both come here. The draft leaves `pending` in one conditional UPDATE, so only the first of
 * concurrent or repeated requests wins; the others get `already_decided` and change nothing.
 */
import { distance } from "fastest-levenshtein";
import type { Env } from "../env/bindings";
import { errorMessage, log } from "../lib/log";
import { audit } from "../store/audit";
import { database } from "../store/db";
import { decisionById } from "../store/decisions";
import { getDraft, recordApprovalAction, transitionDraft, type Decider, type DraftDecision, type DraftRow, type DraftStatus } from "../store/drafts";

export type ApprovalAction = DraftDecision;

export interface Actor {
  via: Decider;
  /** Slack user id, Zendesk user id, or "system". */
  id: string;
  name?: string | null;
  /** The Zendesk user the reply is authored by, when known. */
  zendeskUserId?: number | null;
}

export interface DecideInput {
  accountId: string;
  draftId: number;
  action: ApprovalAction;
  /** The edited text (action "edit"). */
  text?: string;
  /** Why (action "reject" or "escalate"). */
  reason?: string;
  actor: Actor;
}

export type DecideResult =
  | { ok: true; draft: DraftRow }
  | { ok: false; error: "not_found" | "already_decided" | "invalid"; message: string; draft?: DraftRow };

export const MAX_REPLY_CHARS = 64_000;

const TARGET: Record<ApprovalAction, DraftStatus> = { approve: "approved", edit: "edited", reject: "rejected", escalate: "escalated" };

/** The event that wakes a ticket workflow waiting for a human; the workflow re-reads the draft from D1. */
export interface ApprovalEvent {
  draftId: number;
  action: ApprovalAction | "superseded";
}
export const APPROVAL_EVENT = "approval";

export async function decideDraft(env: Env, input: DecideInput): Promise<DecideResult> {
  const db = database(env.DB);
  const draft = await getDraft(db, input.draftId);
  if (!draft || draft.accountId !== input.accountId) return { ok: false, error: "not_found", message: `No draft ${input.draftId} for this account.` };
  const text = input.text?.trim();
  if (input.action === "edit" && (!text || text.length > MAX_REPLY_CHARS))
    return { ok: false, error: "invalid", message: `An edited reply needs 1-${MAX_REPLY_CHARS} characters.`, draft };

  const finalText = input.action === "edit" ? text! : input.action === "approve" ? draft.body : null;
  const decidedAt = new Date().toISOString();
  const moved = await transitionDraft(db, draft.id, ["pending"], TARGET[input.action], {
    decidedBy: input.actor.name ? `${input.actor.name} (${input.actor.id})` : input.actor.id,
    decidedVia: input.actor.via,
    decidedAt,
    finalText,
    rejectReason: input.action === "reject" || input.action === "escalate" ? (input.reason?.slice(0, 2000) ?? null) : null,
    replyAuthorId: input.actor.zendeskUserId ?? null,
  });
  const intent = draft.decisionId ? ((await decisionById(db, draft.decisionId))?.intent ?? null) : null;
  await recordApprovalAction(db, {
    accountId: draft.accountId,
    draftId: draft.id,
    ticketId: draft.ticketId,
    action: moved ? input.action : `${input.action}:refused`,
    actor: input.actor.id,
    actorName: input.actor.name ?? null,
    via: input.actor.via,
    intent,
    originalText: draft.body,
    finalText,
    editDistance: finalText !== null && draft.body !== null ? distance(draft.body, finalText) : null,
    reason: input.reason?.slice(0, 2000) ?? null,
    applied: Boolean(moved),
  });
  if (!moved) {
    const current = (await getDraft(db, draft.id))!;
    return { ok: false, error: "already_decided", message: `This draft is already ${current.status}${current.decidedBy ? ` by ${current.decidedBy}` : ""}.`, draft: current };
  }
  await audit(db, { accountId: draft.accountId, actor: `${input.actor.via}:${input.actor.id}`, action: `draft.${input.action}`, subject: `ticket:${draft.ticketId}`, details: { draftId: draft.id } });
  await notifyWorkflow(env, moved, input.action);
  return { ok: true, draft: moved };
}

/** Wakes the ticket's workflow, which posts the reply (or escalates). */
export async function notifyWorkflow(env: Env, draft: DraftRow, action: ApprovalEvent["action"]): Promise<void> {
  if (!draft.workflowId) return;
  try {
    const instance = await env.TICKET_WORKFLOW.get(draft.workflowId);
    await instance.sendEvent({ type: APPROVAL_EVENT, payload: { draftId: draft.id, action } satisfies ApprovalEvent });
  } catch (error) {
    // The decision is stored; the workflow also re-reads D1 when it wakes, so nothing is lost.
    log.warn("could not notify the ticket workflow", { draft: draft.id, error: errorMessage(error) });
  }
}
