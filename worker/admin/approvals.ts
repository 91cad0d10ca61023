/**
 * The approval audit, read-only: every human (or timeout) action on a draft with who, when, the original and the
 * final text and the edit distance; and per intent the draft acceptance rate and mean edit distance.
 */
import { Hono } from "hono";
import type { AppEnv } from "../http/app-env";
import { approvalActionsFor, approvalStats } from "../store/drafts";
import { idQuery, limitQuery, withAccountFromQuery } from "../http/middleware";

export const adminApprovals = new Hono<AppEnv>();

adminApprovals.get("/approvals", withAccountFromQuery, async (c) => {
  const { db, account } = c.var;
  const draftId = idQuery(c, "draft");
  const limit = limitQuery(c, 200, 1000);
  const rows = await approvalActionsFor(db, account.id, { ...(draftId ? { draftId } : {}), limit });
  return c.json({
    account: account.id,
    actions: rows.map((r) => ({
      id: r.id,
      draftId: r.draftId,
      ticketId: r.ticketId,
      action: r.action,
      applied: r.applied,
      actor: r.actor,
      actorName: r.actorName,
      via: r.via,
      at: r.createdAt,
      intent: r.intent,
      originalText: r.originalText,
      finalText: r.finalText,
      editDistance: r.editDistance,
      reason: r.reason,
    })),
  });
});

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

adminApprovals.get("/approvals/stats", withAccountFromQuery, async (c) => {
  const { db, account } = c.var;
  const rows = await approvalStats(db, account.id);
  const intents = rows.map((r) => {
    const decided = Number(r.decided) || 0;
    const approved = Number(r.approved) || 0;
    const edited = Number(r.edited) || 0;
    const rejected = Number(r.rejected) || 0;
    return {
      intent: r.intent,
      decided,
      approved,
      edited,
      rejected,
      /** Sent (as drafted or edited) / decided. */
      acceptanceRate: decided ? round((approved + edited) / decided) : null,
      /** Sent exactly as drafted / decided. */
      unchangedRate: decided ? round(approved / decided) : null,
      /** Mean Levenshtein distance between draft and sent text over sent drafts (0 for unchanged ones). */
      meanEditDistance: r.meanEditDistance === null || r.meanEditDistance === undefined ? null : round(Number(r.meanEditDistance), 2),
    };
  });
  const total = intents.reduce(
    (t, i) => ({ decided: t.decided + i.decided, approved: t.approved + i.approved, edited: t.edited + i.edited, rejected: t.rejected + i.rejected }),
    { decided: 0, approved: 0, edited: 0, rejected: 0 },
  );
  const sent = total.approved + total.edited;
  const distanceSum = intents.reduce((s, i) => s + (i.meanEditDistance ?? 0) * (i.approved + i.edited), 0);
  return c.json({
    account: account.id,
    intents,
    overall: {
      ...total,
      acceptanceRate: total.decided ? round(sent / total.decided) : null,
      unchangedRate: total.decided ? round(total.approved / total.decided) : null,
      meanEditDistance: sent ? round(distanceSum / sent, 2) : null,
    },
  });
});
