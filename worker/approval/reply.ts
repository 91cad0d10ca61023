/**
 * Posts an approved draft to Zendesk exactly once. The right to post is claimed in D1 (none → posting)
 * before the call; if a previous attempt died after claiming, the ticket's comments are checked for the
 * reply before posting again, so a retry never duplicates it.
 */
import type { Env } from "../env/bindings";
import { errorMessage, log } from "../lib/log";
import { loadAccount } from "../store/accounts";
import { audit } from "../store/audit";
import { database } from "../store/db";
import { claimReply, getDraft, updateDraft } from "../store/drafts";
import { ZendeskApiError, zendeskClientFor, type ZendeskClient } from "../zendesk/client";

export type ReplyOutcome = "posted" | "already_posted" | "not_approved" | "failed";

const normalise = (text: string) => text.replace(/\s+/g, " ").trim();

async function alreadyInZendesk(client: ZendeskClient, ticketId: number, text: string): Promise<boolean> {
  const wanted = normalise(text);
  const comments = await client.listComments(ticketId);
  return comments.some((c) => normalise(c.plain_body ?? c.body) === wanted);
}

export async function postApprovedReply(env: Env, accountId: string, draftId: number): Promise<ReplyOutcome> {
  const db = database(env.DB);
  const draft = await getDraft(db, accountId, draftId);
  if (!draft || (draft.status !== "approved" && draft.status !== "edited") || !draft.finalText) return "not_approved";
  if (draft.replyState === "posted") return "already_posted";
  if (draft.replyState === "failed") return "failed";
  const account = await loadAccount(db, env.SECRETS_KEY, draft.accountId);
  if (!account) return "failed";
  const client = zendeskClientFor(account);

  const claimed = await claimReply(db, draft.accountId, draft.id);
  // Not claimed: an earlier attempt claimed it and may have posted before dying. Look before posting.
  if (!claimed && (await alreadyInZendesk(client, draft.ticketId, draft.finalText))) {
    await updateDraft(db, draft.accountId, draft.id, { replyState: "posted", replyPostedAt: new Date().toISOString() });
    return "already_posted";
  }
  const isPublic = account.settings.approval.postAs === "public";
  try {
    await client.updateTicket(draft.ticketId, {
      comment: { body: draft.finalText, public: isPublic, ...(draft.replyAuthorId ? { author_id: draft.replyAuthorId } : {}) },
    });
  } catch (error) {
    if (error instanceof ZendeskApiError && !error.retryable) {
      await updateDraft(db, draft.accountId, draft.id, { replyState: "failed", note: `reply not posted: ${error.message}` });
      await audit(db, {
        accountId: draft.accountId,
        actor: "system",
        action: "reply.failed",
        subject: `ticket:${draft.ticketId}`,
        details: { draftId: draft.id, status: error.status },
      });
      log.error("approved reply rejected by Zendesk", { draft: draft.id, status: error.status });
      return "failed";
    }
    // Retryable: leave the claim in place; the next attempt checks Zendesk before posting again.
    log.warn("posting the approved reply failed; will retry", { draft: draft.id, error: errorMessage(error) });
    throw error;
  }
  await updateDraft(db, draft.accountId, draft.id, { replyState: "posted", replyPostedAt: new Date().toISOString() });
  await audit(db, {
    accountId: draft.accountId,
    actor: draft.decidedBy ?? "system",
    action: isPublic ? "reply.posted" : "reply.posted_internal",
    subject: `ticket:${draft.ticketId}`,
    details: { draftId: draft.id },
  });
  return "posted";
}
