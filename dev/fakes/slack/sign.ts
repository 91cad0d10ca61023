/**
 * Acting as Slack towards our Worker: signed requests and realistic interactivity / Events API bodies.
 *
 * Pure TypeScript on Web Crypto (`crypto.subtle`), no Node imports: runs in Node tests, in workerd tests and in the
 * local demo. Signature per Slack: `X-Slack-Signature: v0=hex(HMAC-SHA256(signing_secret, "v0:" + ts + ":" + body))`
 * with `X-Slack-Request-Timestamp: ts` (unix seconds).
 */
import { FAKE_BOT, FAKE_TEAM } from "./identity";

export interface SlackSignatureHeaders {
  "X-Slack-Signature": string;
  "X-Slack-Request-Timestamp": string;
}

/** The (deprecated, still sent) verification token in payloads the fake Slack builds. */
export const FAKE_VERIFICATION_TOKEN = "fakeVerificationToken00001";

const encoder = new TextEncoder();

function toHex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Signs a raw body the way Slack does; `timestamp` in unix seconds (default: now). */
export async function signSlackRequest(secret: string, body: string, timestamp?: number): Promise<SlackSignatureHeaders> {
  const ts = String(timestamp ?? Math.floor(Date.now() / 1000));
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(`v0:${ts}:${body}`));
  return { "X-Slack-Signature": `v0=${toHex(mac)}`, "X-Slack-Request-Timestamp": ts };
}

/**
 * A ready-to-send signed POST. Content type: JSON for Events API bodies (starting with "{"), form-encoded otherwise
 * (interactivity `payload=...`, slash commands), unless given.
 */
export async function signedSlackRequest(
  url: string,
  secret: string,
  body: string,
  options: { timestamp?: number; contentType?: string; headers?: Record<string, string> } = {},
): Promise<Request> {
  const contentType = options.contentType ?? (body.trimStart().startsWith("{") ? "application/json" : "application/x-www-form-urlencoded");
  const signature = await signSlackRequest(secret, body, options.timestamp);
  return new Request(url, {
    method: "POST",
    headers: {
      "Content-Type": contentType,
      "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
      ...signature,
      ...options.headers,
    },
    body,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Payload builders

function randomDigits(n: number): string {
  const bytes = new Uint8Array(n);
  crypto.getRandomValues(bytes);
  let out = "";
  for (const b of bytes) out += String(b % 10);
  return out.replace(/^0/, "1");
}

function randomHex(n: number): string {
  const bytes = new Uint8Array(Math.ceil(n / 2));
  crypto.getRandomValues(bytes);
  return toHex(bytes.buffer).slice(0, n);
}

function nowTs(): string {
  const micros = Date.now() * 1000 + Number(randomDigits(3));
  return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, "0")}`;
}

/** A trigger_id like Slack's ("13345224609.738474920.8088930838d88f008e0"). */
export function fakeTriggerId(): string {
  return `${randomDigits(13)}.${randomDigits(10)}.${randomHex(32)}`;
}

export type UserRef = string | { id: string; username?: string; name?: string; team_id?: string };
export type ChannelRef = string | { id: string; name?: string };
type JsonObject = Record<string, unknown>;

export interface PayloadUser {
  id: string;
  username: string;
  name: string;
  team_id: string;
}

function payloadUser(user: UserRef): PayloadUser {
  const u = typeof user === "string" ? { id: user } : user;
  const username = u.username ?? u.name ?? u.id.toLowerCase();
  return { id: u.id, username, name: u.name ?? username, team_id: u.team_id ?? FAKE_TEAM.id };
}

export interface TeamRef {
  id: string;
  domain: string;
}

export interface BlockActionsInput {
  user: UserRef;
  channel: ChannelRef;
  /** The message carrying the button: its ts (required unless `message` is given). */
  messageTs?: string;
  /**
   * The message as Slack would echo it (e.g. from the fake's `chat.postMessage` answer or `/__fake/messages`).
   * When its blocks contain the clicked element, block_id / text / value / style are taken from there.
   */
  message?: JsonObject;
  actionId: string;
  value?: string;
  blockId?: string;
  /** Button label (default: from the message, else "Button"). */
  text?: string;
  triggerId?: string;
  responseUrl?: string;
  actionTs?: string;
  isEphemeral?: boolean;
  team?: TeamRef;
  apiAppId?: string;
  token?: string;
}

export interface ButtonAction {
  action_id: string;
  block_id: string;
  text: { type: "plain_text"; text: string; emoji: boolean };
  value?: string;
  style?: string;
  confirm?: unknown;
  type: "button";
  action_ts: string;
}

export interface BlockActionsPayload {
  type: "block_actions";
  user: PayloadUser;
  api_app_id: string;
  token: string;
  container: { type: "message"; message_ts: string; channel_id: string; is_ephemeral: boolean; thread_ts?: string };
  trigger_id: string;
  team: TeamRef;
  enterprise: null;
  is_enterprise_install: boolean;
  channel: { id: string; name: string };
  message: JsonObject & { type: "message"; ts: string };
  state: { values: JsonObject };
  response_url: string;
  actions: ButtonAction[];
}

function findElement(blocks: unknown, actionId: string): { block: JsonObject; element: JsonObject } | undefined {
  if (!Array.isArray(blocks)) return undefined;
  for (const block of blocks as JsonObject[]) {
    const elements = [...(Array.isArray(block.elements) ? (block.elements as JsonObject[]) : []), ...(block.accessory ? [block.accessory as JsonObject] : [])];
    const element = elements.find((e) => e && e.action_id === actionId);
    if (element) return { block, element };
  }
  return undefined;
}

/** A `block_actions` payload for a button click on a message (Slack's shape, user-facing fields filled). */
export function blockActionsPayload(input: BlockActionsInput): BlockActionsPayload {
  const team = input.team ?? { id: FAKE_TEAM.id, domain: FAKE_TEAM.domain };
  const channel = typeof input.channel === "string" ? { id: input.channel } : input.channel;
  const messageTs = input.messageTs ?? (typeof input.message?.ts === "string" ? input.message.ts : undefined);
  if (!messageTs) throw new Error("blockActionsPayload needs messageTs or message");
  const message: BlockActionsPayload["message"] = {
    type: "message",
    user: FAKE_BOT.userId,
    bot_id: FAKE_BOT.botId,
    app_id: FAKE_BOT.appId,
    team: team.id,
    text: "",
    blocks: [] as unknown[],
    ...structuredClone(input.message ?? {}),
    ts: messageTs,
  };
  const found = findElement(message.blocks, input.actionId);
  const label = input.text ?? ((found?.element.text as JsonObject | undefined)?.text as string | undefined) ?? "Button";
  const value = input.value ?? (found?.element.value as string | undefined);
  const action: ButtonAction = {
    action_id: input.actionId,
    block_id: input.blockId ?? (found?.block.block_id as string | undefined) ?? randomHex(5),
    text: { type: "plain_text", text: label, emoji: true },
    ...(value !== undefined ? { value } : {}),
    ...(typeof found?.element.style === "string" ? { style: found.element.style } : {}),
    ...(found?.element.confirm !== undefined ? { confirm: found.element.confirm } : {}),
    type: "button",
    action_ts: input.actionTs ?? nowTs(),
  };
  const threadTs = typeof message.thread_ts === "string" && message.thread_ts !== messageTs ? message.thread_ts : undefined;
  return {
    type: "block_actions",
    user: payloadUser(input.user),
    api_app_id: input.apiAppId ?? FAKE_BOT.appId,
    token: input.token ?? FAKE_VERIFICATION_TOKEN,
    container: {
      type: "message",
      message_ts: messageTs,
      channel_id: channel.id,
      is_ephemeral: input.isEphemeral ?? false,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    },
    trigger_id: input.triggerId ?? fakeTriggerId(),
    team,
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel.id, name: channel.name ?? (channel.id.startsWith("D") ? "directmessage" : "triage") },
    message,
    state: { values: {} },
    response_url: input.responseUrl ?? `https://hooks.slack.com/actions/${team.id}/${randomDigits(13)}/${randomHex(24)}`,
    actions: [action],
  };
}

/** A view state value; a plain string is shorthand for a `plain_text_input` value. */
export type ViewStateValueInput = string | ({ type: string } & JsonObject);

export interface ViewSubmissionInput {
  user: UserRef;
  /** The view being submitted, e.g. the `view` the fake returned from views.open (id, blocks, title...). */
  view?: JsonObject;
  callbackId?: string;
  privateMetadata?: string;
  /** `{ [block_id]: { [action_id]: value } }` as in `view.state.values`. */
  values?: Record<string, Record<string, ViewStateValueInput>>;
  triggerId?: string;
  team?: TeamRef;
  apiAppId?: string;
  token?: string;
  responseUrls?: { block_id: string; action_id: string; channel_id: string; response_url: string }[];
}

export interface ViewSubmissionPayload {
  type: "view_submission";
  team: TeamRef;
  user: PayloadUser;
  api_app_id: string;
  token: string;
  trigger_id: string;
  view: JsonObject & {
    id: string;
    type: string;
    callback_id: string;
    private_metadata: string;
    state: { values: Record<string, Record<string, JsonObject>> };
  };
  response_urls: { block_id: string; action_id: string; channel_id: string; response_url: string }[];
  is_enterprise_install: boolean;
  enterprise: null;
}

/** A `view_submission` payload: a modal submitted with `values` in `view.state.values`. */
export function viewSubmissionPayload(input: ViewSubmissionInput): ViewSubmissionPayload {
  const team = input.team ?? { id: FAKE_TEAM.id, domain: FAKE_TEAM.domain };
  const base = structuredClone(input.view ?? {});
  const id = typeof base.id === "string" ? base.id : `V${randomHex(10).toUpperCase()}`;
  const values: Record<string, Record<string, JsonObject>> = {};
  for (const [blockId, actions] of Object.entries(input.values ?? {})) {
    const block: Record<string, JsonObject> = {};
    for (const [actionId, v] of Object.entries(actions)) {
      block[actionId] = typeof v === "string" ? { type: "plain_text_input", value: v } : { ...v };
    }
    values[blockId] = block;
  }
  const view = {
    team_id: team.id,
    type: "modal",
    blocks: [] as unknown[],
    title: { type: "plain_text", text: "Review draft", emoji: true },
    close: null,
    submit: { type: "plain_text", text: "Submit", emoji: true },
    hash: `${Math.floor(Date.now() / 1000)}.${randomHex(8)}`,
    clear_on_close: false,
    notify_on_close: false,
    previous_view_id: null,
    root_view_id: id,
    app_id: FAKE_BOT.appId,
    external_id: "",
    app_installed_team_id: team.id,
    bot_id: FAKE_BOT.botId,
    ...base,
    id,
    callback_id: input.callbackId ?? (typeof base.callback_id === "string" ? base.callback_id : ""),
    private_metadata: input.privateMetadata ?? (typeof base.private_metadata === "string" ? base.private_metadata : ""),
    state: { values },
  };
  return {
    type: "view_submission",
    team,
    user: payloadUser(input.user),
    api_app_id: input.apiAppId ?? FAKE_BOT.appId,
    token: input.token ?? FAKE_VERIFICATION_TOKEN,
    trigger_id: input.triggerId ?? fakeTriggerId(),
    view,
    response_urls: input.responseUrls ?? [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** The form-encoded body Slack POSTs to the interactivity URL: `payload=<url-encoded JSON>`. */
export function interactionBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** Same as {@link interactionBody} (block_actions, view_submission, view_closed all travel this way). */
export const blockActionsBody = interactionBody;

export interface EventCallbackOptions {
  eventId?: string;
  eventTime?: number;
  teamId?: string;
  apiAppId?: string;
  token?: string;
}

/** The JSON body of an Events API delivery (`type: "event_callback"`) wrapping `event`. */
export function eventCallbackBody(event: JsonObject & { type: string }, options: EventCallbackOptions = {}): string {
  const teamId = options.teamId ?? FAKE_TEAM.id;
  const eventTime = options.eventTime ?? Math.floor(Date.now() / 1000);
  return JSON.stringify({
    token: options.token ?? FAKE_VERIFICATION_TOKEN,
    team_id: teamId,
    context_team_id: teamId,
    context_enterprise_id: null,
    api_app_id: options.apiAppId ?? FAKE_BOT.appId,
    event: { event_ts: nowTs(), ...event },
    type: "event_callback",
    event_id: options.eventId ?? `Ev${randomHex(10).toUpperCase()}`,
    event_time: eventTime,
    authorizations: [{ enterprise_id: null, team_id: teamId, user_id: FAKE_BOT.userId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-${randomHex(40)}`,
  });
}

/** The JSON body of the Events API `url_verification` handshake (answer with the challenge). */
export function urlVerificationBody(challenge: string, token = FAKE_VERIFICATION_TOKEN): string {
  return JSON.stringify({ token, challenge, type: "url_verification" });
}
