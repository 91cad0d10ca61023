/**
 * The Zendesk sidebar app's API, mounted at /app. Every route requires the ZAF-signed token (./auth.ts) and
 * works only inside the token's account.
 *
 *   GET  /app/tickets/:id              ticket triage, draft, escalation, in-flight state
 *   POST /app/tickets/:id/triage       "Triage now": a manual event through the normal pipeline (202)
 *   POST /app/tickets/:id/correction   {intent}: store the correction, re-tag the ticket
 *   POST /app/drafts/:id/approve       send the draft as written
 *   POST /app/drafts/:id/edit          {text}: send an edited text
 *   POST /app/drafts/:id/reject        {reason?}
 *   GET  /app/intents                  labels for the "Correct intent" picker
 */
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { decideDraft, MAX_REPLY_CHARS, type ApprovalAction } from "../approval/decide";
import { jsonError } from "../http/errors";
import { enqueueManualTriage } from "../pipeline/manual";
import { database } from "../store/db";
import { draftView } from "../store/drafts";
import { requireSidebarToken, type SidebarEnv } from "./auth";
import { correctIntent, correctionView } from "./corrections";
import { isIntentName, knownIntents } from "./intents";
import { sidebarTicketView } from "./view";

export const sidebar = new Hono<SidebarEnv>();

sidebar.use("*", requireSidebarToken);
sidebar.use("*", bodyLimit({ maxSize: 256 * 1024, onError: (c) => jsonError(c, 413, "payload_too_large", "Request bodies are limited to 256 KiB.") }));

function positiveId(c: Context<SidebarEnv>, name: string): number | null {
  const id = Number(c.req.param(name));
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

async function jsonBody(c: Context<SidebarEnv>): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (!text.trim()) return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

sidebar.get("/tickets/:id", async (c) => {
  const ticketId = positiveId(c, "id");
  if (ticketId === null) return jsonError(c, 400, "invalid_ticket_id", "The ticket id is a positive integer.");
  return c.json(await sidebarTicketView(database(c.env.DB), c.get("agent").accountId, ticketId));
});

sidebar.post("/tickets/:id/triage", async (c) => {
  const ticketId = positiveId(c, "id");
  if (ticketId === null) return jsonError(c, 400, "invalid_ticket_id", "The ticket id is a positive integer.");
  const { eventId } = await enqueueManualTriage(c.env, c.get("agent").accountId, ticketId);
  return c.json({ status: "queued", eventId }, 202);
});

sidebar.post("/tickets/:id/correction", async (c) => {
  const ticketId = positiveId(c, "id");
  if (ticketId === null) return jsonError(c, 400, "invalid_ticket_id", "The ticket id is a positive integer.");
  const { intent } = await jsonBody(c);
  if (!isIntentName(intent)) return jsonError(c, 400, "invalid_intent", "Send {\"intent\": \"<label>\"} with a lower-case intent label.");
  const outcome = await correctIntent(c.env, c.get("agent"), ticketId, intent);
  if (!outcome.ok) return jsonError(c, outcome.status, outcome.error, outcome.message, outcome.correction ? { correction: correctionView(outcome.correction) } : undefined);
  if (outcome.status === 200) return c.json({ correction: null, unchanged: true }, 200);
  return c.json({ correction: correctionView(outcome.correction), tags: outcome.tags }, 201);
});

sidebar.get("/intents", async (c) => {
  return c.json(await knownIntents(database(c.env.DB), c.get("agent").accountId));
});

const ACTIONS: Record<string, ApprovalAction> = { approve: "approve", edit: "edit", reject: "reject" };

sidebar.post("/drafts/:id/:action{approve|edit|reject}", async (c) => {
  const draftId = positiveId(c, "id");
  if (draftId === null) return jsonError(c, 400, "invalid_draft_id", "The draft id is a positive integer.");
  const action = ACTIONS[c.req.param("action")]!;
  const body = await jsonBody(c);
  const text = typeof body.text === "string" ? body.text : undefined;
  const reason = typeof body.reason === "string" ? body.reason : undefined;
  if (action === "edit" && (!text?.trim() || text.length > MAX_REPLY_CHARS)) return jsonError(c, 400, "invalid_text", `An edited reply needs 1-${MAX_REPLY_CHARS} characters.`);
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
  if (result.error === "not_found") return jsonError(c, 404, "draft_not_found", result.message);
  if (result.error === "already_decided")
    return jsonError(c, 409, "already_decided", result.message, result.draft ? { draft: draftView(result.draft), decidedBy: result.draft.decidedBy, decidedVia: result.draft.decidedVia, decidedAt: result.draft.decidedAt } : undefined);
  return jsonError(c, 400, "invalid", result.message);
});
