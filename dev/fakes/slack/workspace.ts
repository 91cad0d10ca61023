/**
 * The local Slack workspace (npm start): the page at `/` renders the fake's channels as Slack shows them
 * (workspace-page.ts), and `POST /__workspace/act` is what its buttons and modals call. The fake then plays Slack:
 * it builds the real `block_actions` / `view_submission` payload, binds a response_url to the message, signs the
 * body with the app's signing secret (never sent to the browser) and POSTs it to the Worker's interactivity URL.
 */
import { FAKE_TEAM } from "./identity";
import { bindResponseUrl } from "./response-url";
import { blockActionsPayload, fakeTriggerId, interactionBody, signedSlackRequest, viewSubmissionPayload, type ViewStateValueInput } from "./sign";
import type { FakeSlackStore, StoredView } from "./state";

export interface WorkspaceOptions {
  /** The Worker's interactivity URL, e.g. http://127.0.0.1:8787/slack/interactions. */
  interactionsUrl: string;
  /** The Slack app's signing secret, as the account has it. */
  signingSecret: string;
  /** The workspace's team (the account's settings.slack.teamId). */
  team?: { id: string; domain: string };
}

/** A click on a message button, or a modal submitted with its input values. */
export type WorkspaceAct =
  | { type: "click"; user: string; channel: string; ts: string; actionId: string }
  | { type: "submit"; user: string; viewId: string; values: Record<string, Record<string, string>> };

export interface WorkspaceAnswer {
  status: number;
  body: unknown;
}

function isAct(value: unknown): value is WorkspaceAct {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  if (typeof v.user !== "string") return false;
  if (v.type === "click") return typeof v.channel === "string" && typeof v.ts === "string" && typeof v.actionId === "string";
  return v.type === "submit" && typeof v.viewId === "string" && typeof v.values === "object" && v.values !== null;
}

async function deliver(options: WorkspaceOptions, payload: unknown, extra: Record<string, unknown>): Promise<WorkspaceAnswer> {
  const request = await signedSlackRequest(options.interactionsUrl, options.signingSecret, interactionBody(payload));
  try {
    const res = await fetch(request);
    const text = await res.text();
    return { status: 200, body: { ok: true, worker: { status: res.status, body: text.slice(0, 2000) }, ...extra } };
  } catch (error) {
    return {
      status: 502,
      body: { ok: false, error: `the Worker did not answer at ${options.interactionsUrl}: ${error instanceof Error ? error.message : String(error)}` },
    };
  }
}

export async function handleWorkspaceAct(store: FakeSlackStore, options: WorkspaceOptions, origin: string, body: unknown): Promise<WorkspaceAnswer> {
  if (!isAct(body)) return { status: 400, body: { ok: false, error: "invalid_act" } };
  const user = store.users.get(body.user);
  if (!user) return { status: 400, body: { ok: false, error: "user_not_found" } };
  const team = options.team ?? { id: FAKE_TEAM.id, domain: FAKE_TEAM.domain };
  const who = { id: user.id, name: user.name, team_id: team.id };

  if (body.type === "click") {
    const message = store.findMessage(body.channel, body.ts);
    if (!message) return { status: 404, body: { ok: false, error: "message_not_found" } };
    const triggerId = fakeTriggerId();
    const responseUrl = `${origin}/__fake/response-url/${bindResponseUrl(store, body.channel, body.ts, user.id)}`;
    const payload = blockActionsPayload({
      user: who,
      channel: body.channel,
      message: structuredClone(message) as unknown as Parameters<typeof blockActionsPayload>[0]["message"] & object,
      actionId: body.actionId,
      triggerId,
      responseUrl,
      team,
    });
    // The page watches for a modal opened with this trigger (views.open) and shows it.
    return deliver(options, payload, { triggerId });
  }

  const view = [...store.views.values()].find((v: StoredView) => v.id === body.viewId);
  if (!view) return { status: 404, body: { ok: false, error: "view_not_found" } };
  const payload = viewSubmissionPayload({
    user: who,
    view: structuredClone(view) as unknown as Parameters<typeof viewSubmissionPayload>[0]["view"] & object,
    values: body.values as Record<string, Record<string, ViewStateValueInput>>,
    team,
  });
  const answer = await deliver(options, payload, {});
  // Slack closes the modal when the app answers 200 with an empty body (or response_action: clear).
  const worker = (answer.body as { worker?: { status: number; body: string } }).worker;
  if (worker?.status === 200 && !/"response_action"\s*:\s*"errors"/.test(worker.body)) store.views.delete(view.id);
  return answer;
}
