/**
 * In-memory state of the fake workspace: channel histories (current state of every message, thread replies
 * included), ephemeral messages, open views, users, user groups, response_url bindings and the call log.
 */
import type { Args } from "./wire";
import { FAKE_BOT, FAKE_TEAM, type FakeSlackUser, type FakeSlackUsergroup, type SlackMessage } from "./identity";

export interface RecordedCall {
  seq: number;
  /** Web API method (`chat.update`), or `response_url` for posts to `/__fake/response-url/{id}`. */
  method: string;
  /** Parsed arguments; JSON strings (blocks, view, ...) decoded; never a token. */
  args: Args;
  /** Whether a token was presented (the token itself is never recorded). */
  auth: "present" | "absent";
  status: number;
  ok: boolean;
  error?: string;
  /** The JSON body the fake answered with. */
  response: unknown;
  /** A fault (injected error / 429 / delay) shaped this answer. */
  fault?: string;
  at: string;
  responseUrlId?: string;
}

export interface EphemeralMessage {
  channel: string;
  user: string;
  message_ts: string;
  text: string;
  blocks?: unknown[];
  thread_ts?: string;
  /** `chat.postEphemeral` or `response_url`. */
  via: string;
}

export interface StoredView {
  id: string;
  team_id: string;
  type: string;
  title: unknown;
  blocks: unknown[];
  close: unknown;
  submit: unknown;
  private_metadata: string;
  callback_id: string;
  external_id: string;
  state: { values: Record<string, unknown> };
  hash: string;
  clear_on_close: boolean;
  notify_on_close: boolean;
  root_view_id: string;
  previous_view_id: string | null;
  app_id: string;
  app_installed_team_id: string;
  bot_id: string;
  /** The trigger_id the view was opened with (fake-only, handy for assertions). */
  trigger_id?: string;
  [key: string]: unknown;
}

export interface ResponseUrlBinding {
  channel: string;
  messageTs: string;
  /** The interacting user: who sees ephemeral responses. */
  user?: string;
  uses: number;
}

/** Slack timestamps: "<unix seconds>.<6 digits>", unique and strictly increasing within one fake. */
export class TsClock {
  private lastMicros = 0;
  next(): string {
    const micros = Math.max(Date.now() * 1000, this.lastMicros + 1);
    this.lastMicros = micros;
    return formatTs(micros);
  }
  /** Makes sure later timestamps sort after a seeded one. */
  observe(ts: string) {
    this.lastMicros = Math.max(this.lastMicros, tsToMicros(ts));
  }
}

export function tsToMicros(ts: string): number {
  const [sec = "0", frac = ""] = ts.split(".");
  return Number(sec) * 1_000_000 + Number(frac.padEnd(6, "0").slice(0, 6));
}

function formatTs(micros: number): string {
  return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, "0")}`;
}

export function compareTs(a: string, b: string): number {
  return tsToMicros(a) - tsToMicros(b);
}

export class FakeSlackStore {
  readonly clock = new TsClock();
  calls: RecordedCall[] = [];
  private seq = 0;
  /** channel id -> messages (top-level and replies) ordered by ts; each entry is the message's current state. */
  channels = new Map<string, SlackMessage[]>();
  ephemeral: EphemeralMessage[] = [];
  views = new Map<string, StoredView>();
  users = new Map<string, FakeSlackUser>();
  usergroups = new Map<string, FakeSlackUsergroup>();
  responseUrls = new Map<string, ResponseUrlBinding>();

  constructor(
    private readonly seedUsers: FakeSlackUser[] = [],
    private readonly seedUsergroups: FakeSlackUsergroup[] = [],
  ) {
    this.reset();
  }

  /** Back to the state right after start: no calls, messages, views, bindings; seeded users and groups only. */
  reset() {
    this.calls = [];
    this.channels.clear();
    this.ephemeral = [];
    this.views.clear();
    this.responseUrls.clear();
    this.users.clear();
    this.usergroups.clear();
    for (const u of this.seedUsers) this.addUser(u);
    for (const g of this.seedUsergroups) this.addUsergroup(g);
  }

  record(call: Omit<RecordedCall, "seq" | "at">): RecordedCall {
    const full: RecordedCall = { seq: ++this.seq, at: new Date().toISOString(), ...call };
    this.calls.push(full);
    return full;
  }

  addUser(user: FakeSlackUser) {
    this.users.set(user.id, { ...user });
  }

  addUsergroup(group: FakeSlackUsergroup) {
    this.usergroups.set(group.id, { ...group, users: [...group.users] });
  }

  history(channel: string): SlackMessage[] {
    let list = this.channels.get(channel);
    if (!list) {
      list = [];
      this.channels.set(channel, list);
    }
    return list;
  }

  findMessage(channel: string, ts: string): SlackMessage | undefined {
    return this.channels.get(channel)?.find((m) => m.ts === ts);
  }

  /** Appends a message (keeping ts order) and maintains the parent's thread summary for replies. */
  insertMessage(channel: string, message: SlackMessage) {
    const list = this.history(channel);
    this.clock.observe(message.ts);
    const at = list.findIndex((m) => compareTs(m.ts, message.ts) > 0);
    if (at === -1) list.push(message);
    else list.splice(at, 0, message);
    if (message.thread_ts && message.thread_ts !== message.ts) {
      const parent = this.findMessage(channel, message.thread_ts);
      if (parent) {
        const replier = message.user ?? message.bot_id ?? "";
        const replyUsers = new Set(parent.reply_users ?? []);
        if (replier) replyUsers.add(replier);
        parent.thread_ts = parent.ts;
        parent.reply_count = (parent.reply_count ?? 0) + 1;
        parent.reply_users = [...replyUsers];
        parent.reply_users_count = replyUsers.size;
        parent.latest_reply = message.ts;
        message.parent_user_id = parent.user;
      }
    }
  }

  deleteMessage(channel: string, ts: string): boolean {
    const list = this.channels.get(channel);
    const i = list?.findIndex((m) => m.ts === ts) ?? -1;
    if (!list || i === -1) return false;
    list.splice(i, 1);
    return true;
  }

  /** Thread of `ts` (parent first) if `ts` is a parent; just the message if it is a reply or unthreaded. */
  thread(channel: string, ts: string): SlackMessage[] | undefined {
    const msg = this.findMessage(channel, ts);
    if (!msg) return undefined;
    if (msg.thread_ts && msg.thread_ts !== msg.ts) return [msg];
    const replies = (this.channels.get(channel) ?? []).filter((m) => m.thread_ts === ts && m.ts !== ts);
    return [msg, ...replies];
  }

  /** The message the bot would post: what Slack returns in `chat.postMessage`'s `message`. */
  botMessage(fields: { ts: string; text: string; blocks?: unknown[]; attachments?: unknown[]; thread_ts?: string }): SlackMessage {
    const message: SlackMessage = {
      user: FAKE_BOT.userId,
      type: "message",
      ts: fields.ts,
      bot_id: FAKE_BOT.botId,
      app_id: FAKE_BOT.appId,
      text: fields.text,
      team: FAKE_TEAM.id,
      bot_profile: {
        id: FAKE_BOT.botId,
        app_id: FAKE_BOT.appId,
        name: FAKE_BOT.name,
        icons: { image_36: "https://a.slack-edge.com/80588/img/plugins/app/bot_36.png" },
        deleted: false,
        updated: Math.floor(Date.now() / 1000),
        team_id: FAKE_TEAM.id,
      },
    };
    if (fields.blocks !== undefined) message.blocks = fields.blocks;
    if (fields.attachments !== undefined) message.attachments = fields.attachments;
    if (fields.thread_ts !== undefined) message.thread_ts = fields.thread_ts;
    return message;
  }
}
