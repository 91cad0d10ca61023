/**
 * The Web API methods the fake implements, as pure functions of (arguments, store) -> Slack's JSON answer.
 * Authentication, scopes and injected faults are handled before these run (see server.ts).
 */
import { checkBlocks, checkView, randomId, withGeneratedIds } from "./blocks";
import { FAKE_BOT, FAKE_TEAM, type FakeSlackUser, type SlackMessage } from "./identity";
import type { FakeSlackStore, StoredView } from "./state";
import { type Args, jsonArg, str } from "./wire";

export type SlackBody = { ok: boolean; [key: string]: unknown };
export type MethodHandler = (args: Args, store: FakeSlackStore) => SlackBody;

const ok = (fields: Record<string, unknown> = {}): SlackBody => ({ ok: true, ...fields });
export const fail = (error: string, fields: Record<string, unknown> = {}): SlackBody => ({ ok: false, error, ...fields });
const invalidArguments = (errors: string[]) => fail("invalid_arguments", { response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) } });
const clone = <T>(v: T): T => structuredClone(v);

/** Scopes a method needs (any one of a comma list). Methods absent here need none. */
export const METHOD_SCOPES: Record<string, string> = {
  "chat.postMessage": "chat:write",
  "chat.update": "chat:write",
  "chat.delete": "chat:write",
  "chat.postEphemeral": "chat:write",
  "users.info": "users:read",
  "usergroups.users.list": "usergroups:read",
  "conversations.replies": "channels:history,groups:history,mpim:history,im:history",
  "conversations.history": "channels:history,groups:history,mpim:history,im:history",
};
export const ALL_SCOPES = [
  "chat:write",
  "users:read",
  "users:read.email",
  "usergroups:read",
  "channels:history",
  "groups:history",
  "im:history",
  "mpim:history",
];
/** Methods Slack answers without a token. */
export const NO_AUTH_METHODS = new Set(["api.test"]);

const CONVERSATION_ID = /^[CGD][A-Z0-9]{2,}$/;
const USER_ID = /^[UW][A-Z0-9]{2,}$/;

/**
 * Conversation ids are accepted as they are (any well-formed C/G/D id "exists"); a user id is a DM with that
 * user (like Slack, which opens the IM and answers with its D... id). Names like "#general" are not resolved.
 */
export function resolveChannel(channel: string | undefined): string | undefined {
  if (!channel) return undefined;
  if (CONVERSATION_ID.test(channel)) return channel;
  if (USER_ID.test(channel)) return `D${channel.slice(1)}`;
  return undefined;
}

type Decoded<T> = { value: T } | { error: SlackBody };

/** `blocks` for a message: absent, malformed JSON (`invalid_blocks_format`), invalid Block Kit (`invalid_blocks`). */
function messageBlocks(args: Args): Decoded<unknown[] | undefined> {
  const arg = jsonArg(args, "blocks");
  if (arg === undefined) return { value: undefined };
  if ("malformed" in arg || !Array.isArray(arg.value)) return { error: fail("invalid_blocks_format") };
  const check = checkBlocks(arg.value, "message");
  if (!check.ok) {
    return {
      error: fail("invalid_blocks", {
        errors: check.errors,
        response_metadata: { messages: check.errors.map((e) => `[ERROR] ${e}`) },
      }),
    };
  }
  return { value: withGeneratedIds(arg.value) };
}

function messageAttachments(args: Args): Decoded<unknown[] | undefined> {
  const arg = jsonArg(args, "attachments");
  if (arg === undefined) return { value: undefined };
  if ("malformed" in arg || !Array.isArray(arg.value)) return { error: fail("invalid_attachments") };
  return { value: clone(arg.value) };
}

function messageMetadata(args: Args): Decoded<SlackMessage["metadata"]> {
  const arg = jsonArg(args, "metadata");
  if (arg === undefined) return { value: undefined };
  if ("malformed" in arg) return { error: fail("invalid_metadata_format") };
  const v = arg.value as Record<string, unknown> | null;
  if (typeof v !== "object" || v === null || typeof v.event_type !== "string" || typeof v.event_payload !== "object") {
    return { error: fail("invalid_metadata_schema") };
  }
  return { value: { event_type: v.event_type, event_payload: clone(v.event_payload) } };
}

const MAX_TEXT = 40_000;

/** Text, blocks and attachments of a new message, validated as Slack does (one of them must say something). */
function messageContent(args: Args): Decoded<{ text: string; blocks: unknown[] | undefined; attachments: unknown[] | undefined }> {
  const blocks = messageBlocks(args);
  if ("error" in blocks) return blocks;
  const attachments = messageAttachments(args);
  if ("error" in attachments) return attachments;
  const text = str(args, "text") ?? "";
  if (!text && !blocks.value?.length && !attachments.value?.length) return { error: fail("no_text") };
  if (text.length > MAX_TEXT) return { error: fail("msg_too_long") };
  return { value: { text, blocks: blocks.value, attachments: attachments.value } };
}

const postMessage: MethodHandler = (args, store) => {
  const channel = resolveChannel(str(args, "channel"));
  if (!channel) return fail("channel_not_found");
  const content = messageContent(args);
  if ("error" in content) return content.error;
  const metadata = messageMetadata(args);
  if ("error" in metadata) return metadata.error;
  const { text } = content.value;
  const blocks = { value: content.value.blocks };
  const attachments = { value: content.value.attachments };

  let threadTs = str(args, "thread_ts");
  if (threadTs) {
    const target = store.findMessage(channel, threadTs);
    if (target?.thread_ts && target.thread_ts !== target.ts) threadTs = target.thread_ts; // reply to a reply
  }
  const ts = store.clock.next();
  const message = store.botMessage({ ts, text, blocks: blocks.value, attachments: attachments.value, thread_ts: threadTs });
  const username = str(args, "username");
  if (username) {
    message.subtype = "bot_message";
    message.username = username;
  }
  if (metadata.value) message.metadata = metadata.value;
  store.insertMessage(channel, message);
  return ok({ channel, ts, message: clone(message) });
};

const update: MethodHandler = (args, store) => {
  const channel = resolveChannel(str(args, "channel"));
  if (!channel) return fail("channel_not_found");
  const ts = str(args, "ts");
  const message = ts ? store.findMessage(channel, ts) : undefined;
  if (!ts || !message) return fail("message_not_found");
  if (message.bot_id !== FAKE_BOT.botId) return fail("cant_update_message");
  const blocks = messageBlocks(args);
  if ("error" in blocks) return blocks.error;
  const attachments = messageAttachments(args);
  if ("error" in attachments) return attachments.error;
  const metadata = messageMetadata(args);
  if ("error" in metadata) return metadata.error;
  const text = args.text === undefined ? undefined : (str(args, "text") ?? "");
  if (text === undefined && blocks.value === undefined && attachments.value === undefined) return fail("no_text");
  if (text !== undefined && text.length > MAX_TEXT) return fail("msg_too_long");

  // Slack keeps the previous blocks/attachments when the argument is omitted; an empty array removes them.
  if (text !== undefined) message.text = text;
  if (blocks.value !== undefined) {
    if (blocks.value.length > 0) message.blocks = blocks.value;
    else delete message.blocks;
  }
  if (attachments.value !== undefined) {
    if (attachments.value.length > 0) message.attachments = attachments.value;
    else delete message.attachments;
  }
  if (metadata.value) message.metadata = metadata.value;
  message.edited = { user: FAKE_BOT.userId, ts: store.clock.next() };
  return ok({ channel, ts, text: message.text, message: clone(message) });
};

const deleteMessage: MethodHandler = (args, store) => {
  const channel = resolveChannel(str(args, "channel"));
  if (!channel) return fail("channel_not_found");
  const ts = str(args, "ts");
  const message = ts ? store.findMessage(channel, ts) : undefined;
  if (!ts || !message) return fail("message_not_found");
  if (message.bot_id !== FAKE_BOT.botId) return fail("cant_delete_message");
  store.deleteMessage(channel, ts);
  return ok({ channel, ts });
};

const postEphemeral: MethodHandler = (args, store) => {
  const channel = resolveChannel(str(args, "channel"));
  if (!channel) return fail("channel_not_found");
  const user = str(args, "user");
  if (!user || !USER_ID.test(user)) return fail("user_not_found");
  if (store.users.get(user)?.deleted) return fail("user_not_in_channel");
  const content = messageContent(args);
  if ("error" in content) return content.error;
  const { text } = content.value;
  const blocks = { value: content.value.blocks };
  const message_ts = store.clock.next();
  store.ephemeral.push({
    channel,
    user,
    message_ts,
    text,
    ...(blocks.value ? { blocks: blocks.value } : {}),
    ...(str(args, "thread_ts") ? { thread_ts: str(args, "thread_ts") } : {}),
    via: "chat.postEphemeral",
  });
  return ok({ message_ts });
};

function viewHash(): string {
  return `${Math.floor(Date.now() / 1000)}.${randomId(8)}`;
}

function viewFrom(input: Record<string, unknown>, id: string, rootId: string): StoredView {
  return {
    id,
    team_id: FAKE_TEAM.id,
    type: String(input.type),
    blocks: withGeneratedIds(input.blocks as unknown[]),
    private_metadata: typeof input.private_metadata === "string" ? input.private_metadata : "",
    callback_id: typeof input.callback_id === "string" ? input.callback_id : "",
    state: { values: {} },
    hash: viewHash(),
    title: clone(input.title),
    clear_on_close: input.clear_on_close === true,
    notify_on_close: input.notify_on_close === true,
    close: input.close === undefined ? null : clone(input.close),
    submit: input.submit === undefined ? null : clone(input.submit),
    previous_view_id: null,
    root_view_id: rootId,
    app_id: FAKE_BOT.appId,
    external_id: typeof input.external_id === "string" ? input.external_id : "",
    app_installed_team_id: FAKE_TEAM.id,
    bot_id: FAKE_BOT.botId,
  };
}

function decodeView(args: Args): Decoded<Record<string, unknown>> {
  const arg = jsonArg(args, "view");
  if (arg === undefined) return { error: invalidArguments(["missing required field: view"]) };
  if ("malformed" in arg) return { error: invalidArguments(["failed to parse view: invalid JSON [json-pointer:/view]"]) };
  const check = checkView(arg.value);
  if (!check.ok) return { error: invalidArguments(check.errors) };
  return { value: arg.value as Record<string, unknown> };
}

function publicView(view: StoredView): Record<string, unknown> {
  const { trigger_id: _trigger, ...rest } = clone(view);
  return rest;
}

const viewsOpen: MethodHandler = (args, store) => {
  const triggerId = str(args, "trigger_id");
  if (!triggerId && !str(args, "interactivity_pointer")) {
    return invalidArguments(["missing required field: trigger_id"]);
  }
  const decoded = decodeView(args);
  if ("error" in decoded) return decoded.error;
  const externalId = decoded.value.external_id;
  if (typeof externalId === "string" && [...store.views.values()].some((v) => v.external_id === externalId)) {
    return fail("duplicate_external_id");
  }
  const id = `V${randomId(10, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")}`;
  const view = viewFrom(decoded.value, id, id);
  if (triggerId) view.trigger_id = triggerId;
  store.views.set(id, view);
  return ok({ view: publicView(view) });
};

const viewsUpdate: MethodHandler = (args, store) => {
  const viewId = str(args, "view_id");
  const externalId = str(args, "external_id");
  if (!viewId && !externalId) return invalidArguments(["missing required field: view_id or external_id"]);
  const existing = viewId ? store.views.get(viewId) : [...store.views.values()].find((v) => v.external_id === externalId);
  if (!existing) return fail("not_found");
  const hash = str(args, "hash");
  if (hash && hash !== existing.hash) return fail("hash_conflict");
  const decoded = decodeView(args);
  if ("error" in decoded) return decoded.error;
  const view = viewFrom(decoded.value, existing.id, existing.root_view_id);
  if (!decoded.value.external_id && existing.external_id) view.external_id = existing.external_id;
  if (existing.trigger_id) view.trigger_id = existing.trigger_id;
  store.views.set(existing.id, view);
  return ok({ view: publicView(view) });
};

export function userObject(user: FakeSlackUser): Record<string, unknown> {
  const name = user.name ?? user.id.toLowerCase();
  const realName = user.real_name ?? name;
  const displayName = user.display_name ?? "";
  const [first = "", ...rest] = realName.split(" ");
  const image = (size: number) => `https://secure.gravatar.com/avatar/${user.id}.jpg?s=${size}`;
  return {
    id: user.id,
    team_id: user.team_id ?? FAKE_TEAM.id,
    name,
    deleted: user.deleted ?? false,
    color: "9f69e7",
    real_name: realName,
    tz: user.tz ?? "Europe/London",
    tz_label: "Greenwich Mean Time",
    tz_offset: 0,
    profile: {
      title: "",
      phone: "",
      skype: "",
      real_name: realName,
      real_name_normalized: realName,
      display_name: displayName,
      display_name_normalized: displayName,
      fields: null,
      status_text: "",
      status_emoji: "",
      status_expiration: 0,
      avatar_hash: "g000000000000",
      ...(user.is_bot ? {} : { email: user.email ?? `${name}@example.com` }),
      first_name: first,
      last_name: rest.join(" "),
      image_24: image(24),
      image_48: image(48),
      image_72: image(72),
      image_192: image(192),
      team: user.team_id ?? FAKE_TEAM.id,
    },
    is_admin: user.is_admin ?? false,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: user.is_bot ?? false,
    is_app_user: false,
    updated: 1_700_000_000,
    is_email_confirmed: !user.is_bot,
    who_can_share_contact_card: "EVERYONE",
  };
}

const usersInfo: MethodHandler = (args, store) => {
  const id = str(args, "user");
  if (!id) return fail("user_not_found");
  if (id === FAKE_BOT.userId) {
    const bot = userObject({ id, name: FAKE_BOT.name, real_name: FAKE_BOT.name, is_bot: true });
    (bot.profile as Record<string, unknown>).bot_id = FAKE_BOT.botId;
    (bot.profile as Record<string, unknown>).api_app_id = FAKE_BOT.appId;
    return ok({ user: bot });
  }
  const user = store.users.get(id);
  if (!user) return fail("user_not_found");
  return ok({ user: userObject(user) });
};

const usergroupUsers: MethodHandler = (args, store) => {
  const id = str(args, "usergroup");
  const group = id ? store.usergroups.get(id) : undefined;
  if (!group) return fail("no_such_subteam");
  return ok({ users: [...group.users] });
};

const replies: MethodHandler = (args, store) => {
  const channel = resolveChannel(str(args, "channel"));
  if (!channel) return fail("channel_not_found");
  const ts = str(args, "ts");
  const thread = ts ? store.thread(channel, ts) : undefined;
  if (!thread) return fail("thread_not_found");
  const limit = Number(str(args, "limit") ?? 1000);
  const page = thread.slice(0, Number.isFinite(limit) && limit > 0 ? limit : 1000);
  return ok({
    messages: clone(page),
    has_more: page.length < thread.length,
    response_metadata: { next_cursor: "" },
  });
};

const history: MethodHandler = (args, store) => {
  const channel = resolveChannel(str(args, "channel"));
  if (!channel) return fail("channel_not_found");
  const topLevel = (store.channels.get(channel) ?? []).filter((m) => !m.thread_ts || m.thread_ts === m.ts);
  const limit = Number(str(args, "limit") ?? 100);
  const newestFirst = [...topLevel].reverse();
  const page = newestFirst.slice(0, Number.isFinite(limit) && limit > 0 ? limit : 100);
  return ok({
    messages: clone(page),
    has_more: page.length < newestFirst.length,
    pin_count: 0,
    channel_actions_ts: null,
    channel_actions_count: 0,
    response_metadata: { next_cursor: "" },
  });
};

const authTest: MethodHandler = () =>
  ok({
    url: `https://${FAKE_TEAM.domain}.slack.com/`,
    team: FAKE_TEAM.name,
    user: FAKE_BOT.name,
    team_id: FAKE_TEAM.id,
    user_id: FAKE_BOT.userId,
    bot_id: FAKE_BOT.botId,
    is_enterprise_install: false,
  });

const apiTest: MethodHandler = (args) => {
  if (str(args, "error")) return fail(str(args, "error")!, { args });
  return ok({ args });
};

export const METHODS: Record<string, MethodHandler> = {
  "api.test": apiTest,
  "auth.test": authTest,
  "chat.postMessage": postMessage,
  "chat.update": update,
  "chat.delete": deleteMessage,
  "chat.postEphemeral": postEphemeral,
  "views.open": viewsOpen,
  "views.update": viewsUpdate,
  "users.info": usersInfo,
  "usergroups.users.list": usergroupUsers,
  "conversations.replies": replies,
  "conversations.history": history,
};
