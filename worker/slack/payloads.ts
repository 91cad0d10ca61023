/** Reading the few fields the copilot needs from Slack's interactivity and Events API bodies (defensively). */
import type { ButtonClick, SlackUserRef, ViewSubmission } from "./interactions";

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj | undefined {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v.length > 0 ? v : undefined;
}

/** The workspace a request comes from: `team.id`, `team_id`, `user.team_id` or `view.team_id`. */
export function teamIdOf(body: unknown): string | null {
  const b = obj(body);
  if (!b) return null;
  return str(obj(b.team)?.id) ?? str(b.team_id) ?? str(obj(b.user)?.team_id) ?? str(obj(b.view)?.team_id) ?? null;
}

function userOf(body: Obj): SlackUserRef | null {
  const u = obj(body.user);
  const id = str(u?.id);
  if (!id) return null;
  return { id, name: str(u?.name) ?? str(u?.username) ?? null };
}

/** The clicked button of a block_actions payload (the first action), or null. */
export function buttonClickOf(body: unknown): ButtonClick | null {
  const b = obj(body);
  if (b?.type !== "block_actions" || !Array.isArray(b.actions)) return null;
  const action = obj(b.actions[0]);
  const user = userOf(b);
  const actionId = str(action?.action_id);
  if (!action || !user || !actionId) return null;
  const container = obj(b.container);
  return {
    actionId,
    value: str(action.value),
    user,
    channel: str(obj(b.channel)?.id) ?? str(container?.channel_id),
    messageTs: str(container?.message_ts) ?? str(obj(b.message)?.ts),
    triggerId: str(b.trigger_id),
  };
}

/** A view_submission payload, or null. */
export function viewSubmissionOf(body: unknown): ViewSubmission | null {
  const b = obj(body);
  const view = obj(b?.view);
  const user = b ? userOf(b) : null;
  if (b?.type !== "view_submission" || !view || !user) return null;
  const values = obj(obj(view.state)?.values) ?? {};
  return {
    callbackId: str(view.callback_id) ?? "",
    privateMetadata: typeof view.private_metadata === "string" ? view.private_metadata : "",
    user,
    values: values as ViewSubmission["values"],
  };
}

/** Parses `payload=<json>` from a form-encoded interactivity body; null if it is not one. */
export function interactionPayload(rawBody: string): Obj | null {
  const payload = new URLSearchParams(rawBody).get("payload");
  if (!payload) return null;
  try {
    return obj(JSON.parse(payload)) ?? null;
  } catch {
    return null;
  }
}
