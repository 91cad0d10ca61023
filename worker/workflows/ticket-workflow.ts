/**
 * The durable life of one drafted reply (or one escalation):
 *   compose the draft → ask a human (Slack; the sidebar reads D1) → wait, remind once, wait again →
 *   approved/edited: post the reply exactly once · rejected: done · escalated/expired: escalate → show the outcome.
 * D1 is the source of truth for the draft's state; the workflow re-reads it after every wake-up, so an event
 * that arrives before the workflow waits, or a lost event, cannot lose a decision.
 */
import { parseDecidedBy } from "../approval/decided-by";
import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep, type WorkflowStepConfig } from "cloudflare:workers";
import { APPROVAL_EVENT, expireDraft, markComposed, recordReminder } from "../approval/lifecycle";
import { postApprovedReply } from "../approval/reply";
import { composeDraft } from "../drafting/compose";
import type { Env, TicketWorkflowParams } from "../env/bindings";
import { postReminder, postApprovalRequest, showDraftOutcome } from "../slack/notify";
import { loadAccount, type AccountWithSecrets } from "../store/accounts";
import { database, type Database } from "../store/db";
import { getDraft, updateDraft, type DraftStatus } from "../store/drafts";
import { decisionById, toDecision } from "../store/decisions";
import { getTicket, toSnapshot } from "../store/tickets";
import { zendeskTicketUrl } from "../zendesk/links";
import { escalateTicket } from "./escalation";
import { traceIdOr, withTrace } from "../lib/trace";

const RETRY: WorkflowStepConfig = { retries: { limit: 5, delay: "10 seconds", backoff: "exponential" }, timeout: "5 minutes" };

async function context(env: Env, p: TicketWorkflowParams): Promise<{ db: Database; account: AccountWithSecrets }> {
  const db = database(env.DB);
  const account = await loadAccount(db, env.SECRETS_KEY, p.accountId);
  if (!account) throw new Error(`account ${p.accountId} no longer exists`);
  return { db, account };
}

async function loadTicketAndDecision(db: Database, p: TicketWorkflowParams) {
  const ticketRow = await getTicket(db, p.accountId, p.ticketId);
  const decisionRow = await decisionById(db, p.accountId, p.decisionId);
  if (!ticketRow || !decisionRow) throw new Error(`ticket ${p.ticketId} or decision ${p.decisionId} is missing`);
  return { ticket: toSnapshot(ticketRow), decision: toDecision(decisionRow) };
}

async function draftStatus(env: Env, accountId: string, draftId: number): Promise<DraftStatus> {
  const draft = await getDraft(database(env.DB), accountId, draftId);
  return draft?.status ?? "failed";
}

export class TicketWorkflow extends WorkflowEntrypoint<Env, TicketWorkflowParams> {
  override async run(event: WorkflowEvent<TicketWorkflowParams>, step: WorkflowStep): Promise<void> {
    const p = event.payload;
    // Every step runs in the decision's trace, named by the step (a step's callback is called back from the
    // engine, outside run()'s async context, so each one is wrapped). Instances started before trace ids: a fresh id.
    const traceId = traceIdOr(p.traceId);
    const traced = <F extends () => Promise<unknown>>(name: string, fn: F): F => (() => withTrace({ traceId, step: name }, fn)) as F;
    const waitForHuman = (name: string, draftId: number, minutes: number) => this.waitForHuman(step, traced, name, p, draftId, minutes);
    if (p.draftId === null) {
      await step.do(
        "escalate",
        RETRY,
        traced("escalate", () => this.escalate(p, p.reason ?? "route escalate")),
      );
      return;
    }
    const draftId = p.draftId;
    const composed = await step.do(
      "compose draft",
      RETRY,
      traced("compose draft", () => this.compose(p, draftId)),
    );
    if (composed !== "pending") return;
    await step.do(
      "ask a human",
      RETRY,
      traced("ask a human", () => this.announce(p, draftId)),
    );
    const minutes = await step.do(
      "read approval timeout",
      traced("read approval timeout", async () => (await context(this.env, p)).account.settings.approval.timeoutMinutes),
    );

    let status = await waitForHuman("wait for a human", draftId, minutes);
    if (status === "pending") {
      await step.do(
        "send reminder",
        RETRY,
        traced("send reminder", () => this.remind(p, draftId)),
      );
      status = await waitForHuman("wait after the reminder", draftId, minutes);
    }
    if (status === "pending")
      status = await step.do(
        "expire and escalate",
        RETRY,
        traced("expire and escalate", () => this.expire(p, draftId, minutes)),
      );
    await step.do(
      "finish",
      RETRY,
      traced("finish", () => this.finish(p, draftId)),
    );
  }

  /** Returns the draft's status after a human acted, or "pending" if the wait timed out. */
  private async waitForHuman(
    step: WorkflowStep,
    traced: <F extends () => Promise<unknown>>(name: string, fn: F) => F,
    name: string,
    p: TicketWorkflowParams,
    draftId: number,
    minutes: number,
  ): Promise<DraftStatus> {
    const before = await step.do(
      `${name}: check`,
      traced(`${name}: check`, () => draftStatus(this.env, p.accountId, draftId)),
    );
    if (before !== "pending") return before;
    try {
      await step.waitForEvent(name, { type: APPROVAL_EVENT, timeout: `${minutes} minutes` });
    } catch {
      // Timed out: fall through and read the state, which may still have changed meanwhile.
    }
    return step.do(
      `${name}: read decision`,
      traced(`${name}: read decision`, () => draftStatus(this.env, p.accountId, draftId)),
    );
  }

  private async compose(p: TicketWorkflowParams, draftId: number): Promise<DraftStatus> {
    const { db, account } = await context(this.env, p);
    const draft = await getDraft(db, p.accountId, draftId);
    if (draft?.status !== "drafting") return draft?.status ?? "failed";
    const { ticket, decision } = await loadTicketAndDecision(db, p);
    return markComposed(db, { accountId: p.accountId, id: draftId }, await composeDraft(this.env, { account, ticket, decision, draftId }));
  }

  private async announce(p: TicketWorkflowParams, draftId: number): Promise<void> {
    const { db, account } = await context(this.env, p);
    const draft = await getDraft(db, p.accountId, draftId);
    if (draft?.status !== "pending" || draft.slackTs) return;
    const { ticket, decision } = await loadTicketAndDecision(db, p);
    const posted = await postApprovalRequest(this.env, account, { ticket, decision, draft, zendeskTicketUrl: zendeskTicketUrl(account, p.ticketId) });
    if (posted) await updateDraft(db, p.accountId, draftId, { slackChannel: posted.channel, slackTs: posted.ts });
  }

  private async remind(p: TicketWorkflowParams, draftId: number): Promise<void> {
    const { db, account } = await context(this.env, p);
    const draft = await getDraft(db, p.accountId, draftId);
    if (draft?.status !== "pending") return;
    await postReminder(this.env, account, draft);
    await recordReminder(db, draft);
  }

  private async expire(p: TicketWorkflowParams, draftId: number, minutes: number): Promise<DraftStatus> {
    const { db } = await context(this.env, p);
    const moved = await expireDraft(db, { id: draftId, accountId: p.accountId, ticketId: p.ticketId }, minutes);
    if (!moved) return draftStatus(this.env, p.accountId, draftId);
    await this.escalate(p, `no human decision within ${2 * minutes} minutes`);
    return "expired";
  }

  private async escalate(p: TicketWorkflowParams, reason: string): Promise<void> {
    const { db, account } = await context(this.env, p);
    const { ticket, decision } = await loadTicketAndDecision(db, p);
    await escalateTicket(this.env, account, { ticket, decision, reason });
  }

  private async finish(p: TicketWorkflowParams, draftId: number): Promise<void> {
    const { db, account } = await context(this.env, p);
    const draft = await getDraft(db, p.accountId, draftId);
    if (!draft) return;
    if (draft.status === "approved" || draft.status === "edited") await postApprovedReply(this.env, p.accountId, draftId);
    if (draft.status === "escalated")
      await this.escalate(p, `escalated by ${parseDecidedBy(draft.decidedBy).name ?? "a human"}${draft.rejectReason ? `: ${draft.rejectReason}` : ""}`);
    await showDraftOutcome(this.env, account, (await getDraft(db, p.accountId, draftId))!);
  }
}
