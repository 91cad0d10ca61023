/**
 * The fake Slack workspace: who the bot is, which team it lives in, and the shapes of seedable users and groups.
 * Node-free on purpose: `sign.ts` (which also runs inside workerd) imports it.
 */

export const FAKE_TEAM = {
  id: "T0FAKE0001",
  name: "Fake Workspace",
  domain: "fake-workspace",
} as const;

export const FAKE_BOT = {
  userId: "U0FAKEBOT1",
  botId: "B0FAKEBOT1",
  appId: "A0FAKEAPP1",
  name: "triage-copilot",
} as const;

/** A workspace member the fake knows (`users.info`, `usergroups.users.list`, default interaction user). */
export interface FakeSlackUser {
  id: string;
  name?: string;
  real_name?: string;
  display_name?: string;
  email?: string;
  is_bot?: boolean;
  is_admin?: boolean;
  deleted?: boolean;
  tz?: string;
  team_id?: string;
}

/** A user group (`S...` id) whose members can approve drafts. */
export interface FakeSlackUsergroup {
  id: string;
  handle?: string;
  name?: string;
  users: string[];
}

/** Seeded by the CLI (`npx tsx dev/fakes/slack/server.ts`) when no `--users` file is given: handy for the local demo. */
export const DEMO_USERS: FakeSlackUser[] = [
  { id: "U0DEMOAGNT", name: "alex.agent", real_name: "Alex Agent", email: "alex.agent@example.com" },
  { id: "U0DEMOLEAD", name: "sam.lead", real_name: "Sam Lead", email: "sam.lead@example.com", is_admin: true },
];

export const DEMO_USERGROUPS: FakeSlackUsergroup[] = [
  { id: "S0DEMOAPPR", handle: "triage-approvers", name: "Triage approvers", users: ["U0DEMOAGNT", "U0DEMOLEAD"] },
];

/** A Slack message as the fake stores and returns it (`chat.postMessage` / `conversations.replies` shape). */
export interface SlackMessage {
  type: "message";
  subtype?: string;
  ts: string;
  text: string;
  user?: string;
  bot_id?: string;
  app_id?: string;
  team?: string;
  username?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  thread_ts?: string;
  parent_user_id?: string;
  reply_count?: number;
  reply_users?: string[];
  reply_users_count?: number;
  latest_reply?: string;
  edited?: { user: string; ts: string };
  metadata?: { event_type: string; event_payload: unknown };
  bot_profile?: Record<string, unknown>;
  [key: string]: unknown;
}
