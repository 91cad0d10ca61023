/**
 * The life of a drafted reply, owned here and nowhere else:
 *
 *   drafting ──composed──▶ pending ──a human decides──▶ approved | edited | rejected | escalated
 *       │                     └──no decision in time──▶ expired
 *       └──────────┴──a newer customer message──────▶ superseded
 *
 * Every status change is one conditional UPDATE from the statuses TRANSITIONS allows (store/drafts.ts
 * transitionDraft), so whoever gets there first wins and the others change nothing: a double click, Slack and the
 * sidebar at once, a timeout racing a human, a new message racing an approval. Human and timeout actions are
 * recorded in approval_actions, applied or not. Posting the approved reply is reply.ts; escalating is
 * workflows/escalation.ts.
 */
import { formatDecidedBy } from "./decided-by";
import { distance } from "fastest-levenshtein";
import type { Env } from "../env/bindings";
import { errorMessage, log } from "../lib/log";
import { audit } from "../store/audit";
import { database, type Database } from "../store/db";
import { decisionById, type DecisionRow } from "../store/decisions";
import {
  draftForDecision,
  getDraft,
  openDrafts,
  recordApprovalAction,
  transitionDraft,
  updateDraft,
  type Decider,
  type DraftDecision,
  type DraftRef,
  type DraftRow,
  type DraftStatus,
  type DraftValues,
} from "../store/drafts";

/** Where each status may go. `failed` is never entered: the workflow reads a draft that vanished as failed. */
export const TRANSITIONS = {
  drafting: ["pending", "superseded"],
  pending: ["approved", "edited", "rejected", "escalated", "expired", "superseded"],
  approved: [],
  edited: [],
  rejected: [],
  escalated: [],
  expired: [],
  superseded: [],
  failed: [],
} as const satisfies Record<DraftStatus, readonly DraftStatus[]>;

const STATUSES = Object.keys(TRANSITIONS) as DraftStatus[];

/** The statuses a draft may be in for it to move to `to`. */
export function allowedFrom(to: DraftStatus): DraftStatus[] {
  return STATUSES.filter((from) => canTransition(from, to));
}

/** Whether TRANSITIONS has the edge from → to. */
export function canTransition(from: DraftStatus, to: DraftStatus): boolean {
  return (TRANSITIONS[from] as readonly DraftStatus[]).includes(to);
}

/**
 * `refused`: the draft was not in a status TRANSITIONS lets move to `to` (`from` is where it is now), so nothing
 * changed. That covers both a move the table never allows and losing a race: the winner's status has no edge to `to`.
 */
export type TransitionResult =
  | { ok: true; draft: DraftRow }
  | { ok: false; error: "not_found" }
  | { ok: false; error: "refused"; from: DraftStatus; to: DraftStatus; draft: DraftRow };

/**
 * The one way a draft's status changes: a single conditional UPDATE from the statuses allowed to reach `to`, so the
 * table is enforced by the database, and of concurrent callers exactly one moves the draft.
 */
export async function transition(db: Database, draft: DraftRef, to: DraftStatus, values: DraftValues = {}): Promise<TransitionResult> {
  const moved = await transitionDraft(db, draft.accountId, draft.id, allowedFrom(to), to, values);
  if (moved) return { ok: true, draft: moved };
  const current = await getDraft(db, draft.accountId, draft.id);
  return current ? { ok: false, error: "refused", from: current.status, to, draft: current } : { ok: false, error: "not_found" };
}

const bySystem = (who: string) => ({ decidedBy: who, decidedVia: "system" as const, decidedAt: new Date().toISOString() });

// --- a new decision routed `draft` --------------------------------------------------------------------------------

/**
 * The draft for a decision routed `draft`, created once (a retried event finds the same one), with its workflow id.
 * A new customer message makes earlier drafts of the ticket stale: they are superseded, so at most one is open.
 */
export async function openDraft(env: Env, db: Database, decision: DecisionRow): Promise<DraftRow & { workflowId: string }> {
  for (const old of await openDrafts(db, decision.accountId, decision.ticketId)) {
    if (old.decisionId === decision.id) continue;
    const moved = await transition(db, old, "superseded", bySystem("a newer customer message"));
    if (moved.ok) await notifyWorkflow(env, moved.draft, "superseded");
  }
  const draft = await draftForDecision(db, { accountId: decision.accountId, ticketId: decision.ticketId, decisionId: decision.id });
  // Deterministic, so a retried event starts no second workflow.
  const workflowId = draft.workflowId ?? `draft-${draft.id}`;
  if (!draft.workflowId) await updateDraft(db, draft.accountId, draft.id, { workflowId });
  return { ...draft, workflowId };
}

// --- the workflow: composed, reminded, expired ------------------------------------------------------------------

export type ComposedValues = Pick<
  DraftRow,
  "body" | "citations" | "confidence" | "needsHuman" | "reason" | "source" | "model" | "modelLabel" | "costUsd" | "note"
>;

/** drafting → pending with the composed text. Returns the draft's status afterwards (superseded if a newer message won). */
export async function markComposed(db: Database, draft: DraftRef, composed: ComposedValues): Promise<DraftStatus> {
  const moved = await transition(db, draft, "pending", {
    body: composed.body,
    citations: composed.citations,
    confidence: composed.confidence,
    needsHuman: composed.needsHuman,
    reason: composed.reason,
    source: composed.source,
    model: composed.model,
    modelLabel: composed.modelLabel,
    costUsd: composed.costUsd,
    note: composed.note,
  });
  return moved.ok ? "pending" : moved.error === "refused" ? moved.from : "failed";
}

export async function recordReminder(db: Database, draft: Pick<DraftRow, "id" | "accountId" | "ticketId">): Promise<void> {
  await recordApprovalAction(db, {
    accountId: draft.accountId,
    draftId: draft.id,
    ticketId: draft.ticketId,
    action: "remind",
    actor: "system",
    via: "system",
    applied: true,
  });
}

/** pending → expired after the reminder went unanswered. Returns the row if it expired (a human may have won). */
export async function expireDraft(db: Database, draft: Pick<DraftRow, "id" | "accountId" | "ticketId">, minutes: number): Promise<DraftRow | undefined> {
  const moved = await transition(db, draft, "expired", bySystem("timeout"));
  if (moved.ok)
    await recordApprovalAction(db, {
      accountId: draft.accountId,
      draftId: draft.id,
      ticketId: draft.ticketId,
      action: "expire",
      actor: "system",
      via: "system",
      reason: `no decision after a reminder (${minutes} + ${minutes} minutes)`,
      applied: true,
    });
  return moved.ok ? moved.draft : undefined;
}

// --- a human decides ----------------------------------------------------------------------------------------------

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

export type DecideResult = { ok: true; draft: DraftRow } | { ok: false; error: "not_found" | "already_decided" | "invalid"; message: string; draft?: DraftRow };

export const MAX_REPLY_CHARS = 64_000;

const TARGET: Record<ApprovalAction, DraftStatus> = { approve: "approved", edit: "edited", reject: "rejected", escalate: "escalated" };

/**
 * A human decides a draft: approve, edit (approve a changed text), reject or escalate. Slack buttons and the Zendesk
 * sidebar both come here. The draft leaves `pending` in one conditional UPDATE, so only the first of concurrent or
 * repeated requests wins; the others get `already_decided` and change nothing (their attempt is recorded, not applied).
 */
export async function decideDraft(env: Env, input: DecideInput): Promise<DecideResult> {
  const db = database(env.DB);
  const draft = await getDraft(db, input.accountId, input.draftId);
  if (!draft) return { ok: false, error: "not_found", message: `No draft ${input.draftId} for this account.` };
  const text = input.text?.trim();
  if (input.action === "edit" && (!text || text.length > MAX_REPLY_CHARS))
    return { ok: false, error: "invalid", message: `An edited reply needs 1-${MAX_REPLY_CHARS} characters.`, draft };

  const finalText = input.action === "edit" ? text! : input.action === "approve" ? draft.body : null;
  const decidedAt = new Date().toISOString();
  const moved = await transition(db, draft, TARGET[input.action], {
    decidedBy: formatDecidedBy(input.actor),
    decidedVia: input.actor.via,
    decidedAt,
    finalText,
    rejectReason: input.action === "reject" || input.action === "escalate" ? (input.reason?.slice(0, 2000) ?? null) : null,
    replyAuthorId: input.actor.zendeskUserId ?? null,
  });
  const intent = draft.decisionId ? ((await decisionById(db, draft.accountId, draft.decisionId))?.intent ?? null) : null;
  await recordApprovalAction(db, {
    accountId: draft.accountId,
    draftId: draft.id,
    ticketId: draft.ticketId,
    action: moved.ok ? input.action : `${input.action}:refused`,
    actor: input.actor.id,
    actorName: input.actor.name ?? null,
    via: input.actor.via,
    intent,
    originalText: draft.body,
    finalText,
    editDistance: finalText !== null && draft.body !== null ? distance(draft.body, finalText) : null,
    reason: input.reason?.slice(0, 2000) ?? null,
    applied: moved.ok,
  });
  if (!moved.ok) {
    if (moved.error === "not_found") return { ok: false, error: "not_found", message: `No draft ${input.draftId} for this account.` };
    const current = moved.draft;
    return {
      ok: false,
      error: "already_decided",
      message: `This draft is already ${current.status}${current.decidedBy ? ` by ${current.decidedBy}` : ""}.`,
      draft: current,
    };
  }
  await audit(db, {
    accountId: draft.accountId,
    actor: `${input.actor.via}:${input.actor.id}`,
    action: `draft.${input.action}`,
    subject: `ticket:${draft.ticketId}`,
    details: { draftId: draft.id },
  });
  await notifyWorkflow(env, moved.draft, input.action);
  return { ok: true, draft: moved.draft };
}

/** A Slack user who is not an approver pressed a button: kept in the audit (applied: false), nothing changes. */
export async function recordRefusal(
  db: Database,
  draft: Pick<DraftRow, "id" | "accountId" | "ticketId">,
  user: { id: string; name?: string | null },
  action: ApprovalAction,
): Promise<void> {
  await recordApprovalAction(db, {
    accountId: draft.accountId,
    draftId: draft.id,
    ticketId: draft.ticketId,
    action: "refused",
    actor: user.id,
    actorName: user.name ?? null,
    via: "slack",
    reason: `not an approver (${action})`,
    applied: false,
  });
}

// --- waking the workflow ------------------------------------------------------------------------------------------

/** The event that wakes a ticket workflow waiting for a human; the workflow re-reads the draft from D1. */
export interface ApprovalEvent {
  draftId: number;
  action: ApprovalAction | "superseded";
}
export const APPROVAL_EVENT = "approval";

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
