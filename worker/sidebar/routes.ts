/**
 * The Zendesk sidebar app's API, mounted at /app. Every route requires the ZAF-signed token (./auth.ts) and
 * works only inside the token's account.
 *
 *   GET  /app/tickets/:id              ticket triage, draft, escalation, in-flight state
 *   POST /app/tickets/:id/triage       "Triage now": a manual event through the normal pipeline (202)
 *   POST /app/tickets/:id/correction   {intent}: store the correction, re-tag the ticket
 *   POST /app/tickets/:id/writeback/retry  "Retry write-back": send a dead or failed write-back again, once
 *   POST /app/drafts/:id/approve       send the draft as written
 *   POST /app/drafts/:id/edit          {text}: send an edited text
 *   POST /app/drafts/:id/reject        {reason?}
 *   GET  /app/intents                  labels for the "Correct intent" picker
 *   GET  /app/insight/stats            the nav_bar dashboard's figures (Zendesk admins only: ./insight.ts)
 */
import { Hono } from "hono";
import type { WritebackRetryResponse } from "../../contract/app-api";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import { decideDraft, MAX_REPLY_CHARS, type ApprovalAction } from "../approval/lifecycle";
import { apiError, jsonError } from "../http/errors";
import { idParam, jsonBody } from "../http/middleware";
import { correctionView, draftView, sidebarWritebackView } from "../http/views";
import { enqueueManualTriage } from "../pipeline/manual";
import { retryTicketWriteback } from "../pipeline/retry-writeback";
import { requireSidebarToken, type SidebarEnv } from "./auth";
import { correctIntent } from "./corrections";
import { sidebarInsight } from "./insight";
import { isIntentName, knownIntents } from "./intents";
import { sidebarTicketView } from "./view";

export const sidebar = new Hono<SidebarEnv>();

sidebar.use("*", requireSidebarToken);
sidebar.use("*", bodyLimit({ maxSize: 256 * 1024, onError: (c) => jsonError(c, 413, "payload_too_large", "Request bodies are limited to 256 KiB.") }));

sidebar.get("/tickets/:id", async (c) => {
  const ticketId = idParam(c, "id", "ticket");
  return c.json(await sidebarTicketView(c.var.db, c.get("agent").accountId, ticketId));
});

sidebar.post("/tickets/:id/triage", async (c) => {
  const ticketId = idParam(c, "id", "ticket");
  const { eventId } = await enqueueManualTriage(c.env, c.get("agent").accountId, ticketId);
  return c.json({ status: "queued", eventId }, 202);
});

sidebar.post("/tickets/:id/writeback/retry", async (c) => {
  const ticketId = idParam(c, "id", "ticket");
  const agent = c.get("agent");
  const result = await retryTicketWriteback(c.env, agent.accountId, ticketId, `sidebar:${agent.userId}`);
  if (!result.ok) apiError(result.status, result.error, result.message, result.writeback ? { writeback: sidebarWritebackView(result.writeback) } : undefined);
  return c.json({ writeback: sidebarWritebackView(result.writeback) } satisfies WritebackRetryResponse);
});

const correctionBody = z.object({ intent: z.string().refine(isIntentName) });

sidebar.post(
  "/tickets/:id/correction",
  jsonBody(correctionBody, { error: "invalid_intent", message: 'Send {"intent": "<label>"} with a lower-case intent label.' }),
  async (c) => {
    const ticketId = idParam(c, "id", "ticket");
    const outcome = await correctIntent(c.env, c.get("agent"), ticketId, c.var.body.intent);
    if (!outcome.ok)
      apiError(outcome.status, outcome.error, outcome.message, outcome.correction ? { correction: correctionView(outcome.correction) } : undefined);
    if (outcome.status === 200) return c.json({ correction: null, unchanged: true }, 200);
    return c.json({ correction: correctionView(outcome.correction), tags: outcome.tags }, 201);
  },
);

sidebar.get("/intents", async (c) => {
  return c.json(await knownIntents(c.var.db, c.get("agent").accountId));
});

sidebar.route("/", sidebarInsight);

const ACTIONS: Record<string, ApprovalAction> = { approve: "approve", edit: "edit", reject: "reject" };

const decisionBody = z.object({ text: z.string().optional(), reason: z.string().optional() });

sidebar.post("/drafts/:id/:action{approve|edit|reject}", jsonBody(decisionBody), async (c) => {
  const draftId = idParam(c, "id", "draft");
  const action = ACTIONS[c.req.param("action")]!;
  const { text, reason } = c.var.body;
  if (action === "edit" && (!text?.trim() || text.length > MAX_REPLY_CHARS))
    apiError(400, "invalid_text", `An edited reply needs 1-${MAX_REPLY_CHARS} characters.`);
  const agent = c.get("agent");
  const result = await decideDraft(c.env, {
    accountId: agent.accountId,
    draftId,
    action,
    text,
    reason,
    actor: { via: "sidebar", id: agent.userId, name: agent.name, zendeskUserId: Number(agent.userId) },
  });
  if (result.ok) return c.json({ draft: draftView(result.draft) });
  if (result.error === "not_found") apiError(404, "draft_not_found", result.message);
  if (result.error === "already_decided")
    apiError(
      409,
      "already_decided",
      result.message,
      result.draft
        ? { draft: draftView(result.draft), decidedBy: result.draft.decidedBy, decidedVia: result.draft.decidedVia, decidedAt: result.draft.decidedAt }
        : undefined,
    );
  apiError(400, "invalid", result.message);
});
