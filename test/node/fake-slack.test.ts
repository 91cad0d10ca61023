import { createHmac } from "node:crypto";
import { spawn } from "node:child_process";
import { ErrorCode, type Logger, LogLevel, WebAPIPlatformError, WebAPIRateLimitedError, WebClient } from "@slack/web-api";
import { verifySlackRequest } from "slack-edge";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FAKE_BOT, FAKE_TEAM, type FakeSlack, startFakeSlack } from "../../dev/fakes/slack/server";
import {
  blockActionsBody,
  blockActionsPayload,
  eventCallbackBody,
  signedSlackRequest,
  signSlackRequest,
  urlVerificationBody,
  viewSubmissionPayload,
} from "../../dev/fakes/slack/sign";

const TOKEN = "xoxb-1111-2222-fake-test-token";
// WebClient logs Slack's response_metadata "[ERROR] ..." messages (as it would against real Slack): keep output clean.
const silent: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};
const quiet = { logger: silent };

let slack: FakeSlack;
let client: WebClient;

const approvalBlocks = (ticket: number) => [
  { type: "section", text: { type: "mrkdwn", text: `*Ticket #${ticket}*: draft ready for review` } },
  {
    type: "actions",
    block_id: `approval:${ticket}`,
    elements: [
      {
        type: "button",
        action_id: "approve",
        text: { type: "plain_text", text: "Approve" },
        style: "primary",
        value: `t${ticket}`,
      },
      {
        type: "button",
        action_id: "reject",
        text: { type: "plain_text", text: "Reject" },
        style: "danger",
        value: `t${ticket}`,
        confirm: {
          title: { type: "plain_text", text: "Reject draft?" },
          text: { type: "mrkdwn", text: "The draft will be discarded." },
          confirm: { type: "plain_text", text: "Reject" },
          deny: { type: "plain_text", text: "Cancel" },
        },
      },
    ],
  },
];

/** Raw HTTP call to the fake's Web API, as a non-SDK client (our Worker's fetch-based adapter) would make it. */
async function raw(method: string, init: { body?: string; contentType?: string; token?: string | null } = {}) {
  const headers: Record<string, string> = {};
  if (init.contentType) headers["content-type"] = init.contentType;
  if (init.token !== null) headers.authorization = `Bearer ${init.token ?? TOKEN}`;
  const res = await fetch(`${slack.url}${method}`, { method: "POST", headers, body: init.body ?? "" });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  slack = await startFakeSlack({
    botToken: TOKEN,
    users: [{ id: "U0AGENT001", name: "alex", real_name: "Alex Agent", email: "alex@example.com", display_name: "Alex" }],
    usergroups: [{ id: "S0APPROVER", handle: "approvers", users: ["U0AGENT001", "U0LEAD0001"] }],
  });
  client = new WebClient(TOKEN, { slackApiUrl: slack.url, retryConfig: { retries: 0 }, ...quiet });
});

afterAll(async () => {
  await slack.close();
});

beforeEach(async () => {
  await slack.control.reset();
});

describe("fake Slack Web API with the official WebClient", () => {
  it("listens on 127.0.0.1 and gives WebClient's slackApiUrl", () => {
    expect(slack.url).toBe(`http://127.0.0.1:${slack.port}/api/`);
    expect(slack.origin).toBe(`http://127.0.0.1:${slack.port}`);
  });

  it("answers auth.test like Slack", async () => {
    const res = await client.auth.test();
    expect(res).toMatchObject({
      ok: true,
      url: `https://${FAKE_TEAM.domain}.slack.com/`,
      team: FAKE_TEAM.name,
      team_id: FAKE_TEAM.id,
      user_id: FAKE_BOT.userId,
      bot_id: FAKE_BOT.botId,
      is_enterprise_install: false,
    });
  });

  it("posts, updates and reads back the final state of a message", async () => {
    const posted = await client.chat.postMessage({
      channel: "C0APPROVAL",
      text: "Draft ready for ticket #42",
      blocks: approvalBlocks(42),
      unfurl_links: false,
      metadata: { event_type: "draft_posted", event_payload: { ticket_id: 42 } },
    });
    expect(posted.ok).toBe(true);
    expect(posted.channel).toBe("C0APPROVAL");
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(posted.message).toMatchObject({
      type: "message",
      text: "Draft ready for ticket #42",
      user: FAKE_BOT.userId,
      bot_id: FAKE_BOT.botId,
      ts: posted.ts,
    });
    // Slack fills a block_id for blocks without one and keeps the given ones.
    const blocks = posted.message!.blocks!;
    expect(blocks[0]!.block_id).toEqual(expect.any(String));
    expect(blocks[1]!.block_id).toBe("approval:42");

    const second = await client.chat.postMessage({ channel: "C0APPROVAL", text: "another" });
    expect(Number(second.ts)).toBeGreaterThan(Number(posted.ts));

    const updated = await client.chat.update({
      channel: "C0APPROVAL",
      ts: posted.ts!,
      text: "Approved by <@U0AGENT001>",
      blocks: [{ type: "section", text: { type: "mrkdwn", text: ":white_check_mark: Approved by <@U0AGENT001>" } }],
    });
    expect(updated).toMatchObject({ ok: true, channel: "C0APPROVAL", ts: posted.ts, text: "Approved by <@U0AGENT001>" });

    const state = await slack.control.message("C0APPROVAL", posted.ts!);
    expect(state?.text).toBe("Approved by <@U0AGENT001>");
    expect(state?.blocks).toHaveLength(1);
    expect(state?.edited?.user).toBe(FAKE_BOT.userId);
    expect(state?.metadata).toEqual({ event_type: "draft_posted", event_payload: { ticket_id: 42 } });
    expect(await slack.control.messages("C0APPROVAL")).toHaveLength(2);
  });

  it("keeps blocks on a text-only chat.update and removes them with blocks: []", async () => {
    const { ts } = await client.chat.postMessage({ channel: "C0APPROVAL", text: "x", blocks: approvalBlocks(1) });
    await client.chat.update({ channel: "C0APPROVAL", ts: ts!, text: "y" });
    expect((await slack.control.message("C0APPROVAL", ts!))?.blocks).toHaveLength(2);
    await client.chat.update({ channel: "C0APPROVAL", ts: ts!, text: "z", blocks: [] });
    expect((await slack.control.message("C0APPROVAL", ts!))?.blocks).toBeUndefined();
  });

  it("threads replies and serves conversations.replies", async () => {
    const parent = await client.chat.postMessage({ channel: "C0APPROVAL", text: "parent" });
    await client.chat.postMessage({ channel: "C0APPROVAL", text: "reply 1", thread_ts: parent.ts! });
    await slack.control.seedMessage({ channel: "C0APPROVAL", text: "human reply", user: "U0AGENT001", thread_ts: parent.ts! });
    const thread = await client.conversations.replies({ channel: "C0APPROVAL", ts: parent.ts! });
    expect(thread.messages?.map((m) => m.text)).toEqual(["parent", "reply 1", "human reply"]);
    expect(thread.messages?.[0]).toMatchObject({ thread_ts: parent.ts, reply_count: 2, reply_users_count: 2 });
    expect(thread.messages?.[1]).toMatchObject({ thread_ts: parent.ts, parent_user_id: FAKE_BOT.userId });
    await expect(client.conversations.replies({ channel: "C0APPROVAL", ts: "1.000001" })).rejects.toMatchObject({
      data: { error: "thread_not_found" },
    });
  });

  it("answers Slack's errors as platform errors", async () => {
    await expect(client.chat.update({ channel: "C0APPROVAL", ts: "1700000000.000100", text: "x" })).rejects.toMatchObject({
      code: ErrorCode.PlatformError,
      data: { ok: false, error: "message_not_found" },
    });
    await expect(client.chat.postMessage({ channel: "#general", text: "x" })).rejects.toMatchObject({
      data: { error: "channel_not_found" },
    });
    await expect(client.chat.postMessage({ channel: "C0APPROVAL", text: "" })).rejects.toMatchObject({
      data: { error: "no_text" },
    });
    await expect(client.apiCall("nope.nothing")).rejects.toMatchObject({ data: { error: "unknown_method" } });
  });

  it("rejects invalid Block Kit: invalid_blocks_format for malformed JSON, invalid_blocks for bad blocks", async () => {
    const malformed = await raw("chat.postMessage", {
      contentType: "application/x-www-form-urlencoded",
      body: new URLSearchParams({ channel: "C0APPROVAL", text: "x", blocks: "[{not json" }).toString(),
    });
    expect(malformed.status).toBe(200);
    expect(malformed.body).toEqual({ ok: false, error: "invalid_blocks_format" });

    const headerWithMrkdwn = [{ type: "header", text: { type: "mrkdwn", text: "no" } }] as never;
    const err = await client.chat.postMessage({ channel: "C0APPROVAL", text: "x", blocks: headerWithMrkdwn }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebAPIPlatformError);
    expect((err as WebAPIPlatformError).data.error).toBe("invalid_blocks");
    expect((err as WebAPIPlatformError).data).toHaveProperty("errors", ['must be one of "plain_text" [json-pointer:/blocks/0/text/type]']);
  });

  it("a bad token surfaces as the SDK's platform error invalid_auth; no token is not_authed", async () => {
    const bad = new WebClient("xoxb-wrong", { slackApiUrl: slack.url, retryConfig: { retries: 0 }, ...quiet });
    const err = await bad.chat.postMessage({ channel: "C0APPROVAL", text: "x" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebAPIPlatformError);
    expect((err as WebAPIPlatformError).code).toBe(ErrorCode.PlatformError);
    expect((err as WebAPIPlatformError).data).toMatchObject({ ok: false, error: "invalid_auth" });

    const anonymous = await raw("auth.test", { token: null });
    expect(anonymous.body).toEqual({ ok: false, error: "not_authed" });
    expect(await slack.control.messages("C0APPROVAL")).toEqual([]);
  });

  it("records every call with decoded args and never the token", async () => {
    await client.chat.postMessage({ channel: "C0APPROVAL", text: "hello", blocks: approvalBlocks(7), unfurl_links: false });
    const wrong = new WebClient("xoxb-wrong", { slackApiUrl: slack.url, retryConfig: { retries: 0 }, ...quiet });
    await wrong.auth.test().catch(() => {});
    await raw("chat.postMessage", {
      token: null,
      contentType: "application/x-www-form-urlencoded",
      body: new URLSearchParams({ token: TOKEN, channel: "C0APPROVAL", text: "form token" }).toString(),
    });
    const calls = await slack.control.calls();
    expect(calls.map((c) => [c.method, c.auth, c.status, c.ok])).toEqual([
      ["chat.postMessage", "present", 200, true],
      ["auth.test", "present", 200, false],
      ["chat.postMessage", "present", 200, true],
    ]);
    expect(calls[0]!.args).toMatchObject({ channel: "C0APPROVAL", text: "hello", unfurl_links: false });
    expect(calls[0]!.args.blocks).toEqual(approvalBlocks(7)); // JSON string decoded, as sent
    expect(calls[1]!.error).toBe("invalid_auth");
    expect(calls[2]!.args).not.toHaveProperty("token");
    const dump = JSON.stringify(calls);
    expect(dump).not.toContain(TOKEN);
    expect(dump).not.toContain("xoxb-wrong");

    expect(await slack.control.calls({ method: "auth.test" })).toHaveLength(1);
    await slack.control.clearCalls();
    expect(await slack.control.calls()).toEqual([]);
  });
});

describe("wire format", () => {
  it("accepts form-encoded bodies with JSON-string blocks", async () => {
    const res = await raw("chat.postMessage", {
      contentType: "application/x-www-form-urlencoded",
      body: new URLSearchParams({
        channel: "C0FORM0001",
        text: "form",
        blocks: JSON.stringify(approvalBlocks(3)),
        unfurl_links: "false",
      }).toString(),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({ ok: true, channel: "C0FORM0001", message: { text: "form" } });
    const message = res.body.message as { blocks: { elements: { action_id: string }[] }[] };
    expect(message.blocks[1]!.elements[0]!.action_id).toBe("approve");
  });

  it("accepts JSON bodies with a Bearer token, and warns missing_charset like Slack", async () => {
    const res = await raw("chat.postMessage", {
      contentType: "application/json; charset=utf-8",
      body: JSON.stringify({ channel: "C0JSON0001", text: "json", blocks: approvalBlocks(4) }),
    });
    expect(res.body).toMatchObject({ ok: true, channel: "C0JSON0001" });
    expect(res.body.warning).toBeUndefined();

    const noCharset = await raw("chat.postMessage", {
      contentType: "application/json",
      body: JSON.stringify({ channel: "C0JSON0001", text: "json 2" }),
    });
    expect(noCharset.body).toMatchObject({
      ok: true,
      warning: "missing_charset",
      response_metadata: { warnings: ["missing_charset"] },
    });
    expect((await slack.control.messages("C0JSON0001")).map((m) => m.text)).toEqual(["json", "json 2"]);
  });

  it("ignores a token inside a JSON body (Slack requires the Authorization header for JSON)", async () => {
    const res = await raw("auth.test", {
      token: null,
      contentType: "application/json; charset=utf-8",
      body: JSON.stringify({ token: TOKEN }),
    });
    expect(res.body).toEqual({ ok: false, error: "not_authed" });
    const broken = await raw("auth.test", { contentType: "application/json; charset=utf-8", body: "{oops" });
    expect(broken.body).toEqual({ ok: false, error: "invalid_json" });
  });

  it("opens a DM when posting to a user id", async () => {
    const res = await client.chat.postMessage({ channel: "U0AGENT001", text: "psst" });
    expect(res.channel).toMatch(/^D/);
    expect(await slack.control.messages(res.channel!)).toHaveLength(1);
  });
});

describe("rate limits and injected faults", () => {
  it("answers 429 with Retry-After and {ok:false,error:'ratelimited'}", async () => {
    await slack.control.fault({ method: "chat.postMessage", status: 429, retryAfter: 7 });
    const res = await raw("chat.postMessage", {
      contentType: "application/json; charset=utf-8",
      body: JSON.stringify({ channel: "C0RATE0001", text: "x" }),
    });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("7");
    expect(res.body).toEqual({ ok: false, error: "ratelimited" });
    // consumed: the next call goes through
    const again = await raw("chat.postMessage", {
      contentType: "application/json; charset=utf-8",
      body: JSON.stringify({ channel: "C0RATE0001", text: "y" }),
    });
    expect(again.status).toBe(200);
  });

  it("rejectRateLimitedCalls: true makes WebClient throw a rate-limited error", async () => {
    await slack.control.fault({ method: "chat.update", status: 429, retryAfter: 3 });
    const { ts } = await client.chat.postMessage({ channel: "C0RATE0001", text: "x" });
    const strict = new WebClient(TOKEN, { slackApiUrl: slack.url, rejectRateLimitedCalls: true, ...quiet });
    const err = await strict.chat.update({ channel: "C0RATE0001", ts: ts!, text: "y" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebAPIRateLimitedError);
    expect((err as WebAPIRateLimitedError).code).toBe(ErrorCode.RateLimitedError);
    expect((err as WebAPIRateLimitedError).retryAfter).toBe(3);
    expect((await slack.control.message("C0RATE0001", ts!))?.text).toBe("x");
  });

  it("WebClient's default retry policy waits Retry-After, retries and succeeds", async () => {
    await slack.control.fault({ method: "chat.update", status: 429, retryAfter: 1 });
    const { ts } = await client.chat.postMessage({ channel: "C0RATE0001", text: "x" });
    const patient = new WebClient(TOKEN, { slackApiUrl: slack.url, ...quiet }); // default: tenRetriesInAboutThirtyMinutes
    const started = Date.now();
    const res = await patient.chat.update({ channel: "C0RATE0001", ts: ts!, text: "approved" });
    expect(res.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    const updates = await slack.control.calls({ method: "chat.update" });
    expect(updates.map((c) => [c.status, c.error])).toEqual([
      [429, "ratelimited"],
      [200, undefined],
    ]);
    expect(updates[0]!.fault).toEqual(expect.any(String));
    expect((await slack.control.message("C0RATE0001", ts!))?.text).toBe("approved");
  });

  it("injects error answers, scoped by match so concurrent tests don't collide", async () => {
    await slack.control.fault({
      method: "chat.postMessage",
      error: "channel_not_found",
      times: 2,
      match: { channel: "C0GONE0001" },
    });
    await expect(client.chat.postMessage({ channel: "C0LIVE0001", text: "fine" })).resolves.toMatchObject({ ok: true });
    await expect(client.chat.postMessage({ channel: "C0GONE0001", text: "x" })).rejects.toMatchObject({
      data: { error: "channel_not_found" },
    });
    await expect(client.chat.postMessage({ channel: "C0GONE0001", text: "x" })).rejects.toMatchObject({
      data: { error: "channel_not_found" },
    });
    await expect(client.chat.postMessage({ channel: "C0GONE0001", text: "x" })).resolves.toMatchObject({ ok: true });

    await slack.control.fault({ method: "users.info", error: "missing_scope" });
    await expect(client.users.info({ user: "U0AGENT001" })).rejects.toMatchObject({
      data: { error: "missing_scope", needed: "users:read" },
    });
  });

  it("keeps 'always' faults until deleted", async () => {
    const id = await slack.control.fault({ method: "*", error: "fatal_error", times: "always" });
    await expect(client.auth.test()).rejects.toMatchObject({ data: { error: "fatal_error" } });
    await expect(client.auth.test()).rejects.toMatchObject({ data: { error: "fatal_error" } });
    await slack.control.clearFaults(id);
    await expect(client.auth.test()).resolves.toMatchObject({ ok: true });
  });

  it("enforces configured scopes", async () => {
    const narrow = await startFakeSlack({ scopes: ["chat:write"] });
    try {
      const c = new WebClient("xoxb-any-shape-token", { slackApiUrl: narrow.url, retryConfig: { retries: 0 }, ...quiet });
      await expect(c.chat.postMessage({ channel: "C0SCOPE001", text: "ok" })).resolves.toMatchObject({ ok: true });
      await expect(c.users.info({ user: "U1" })).rejects.toMatchObject({
        data: { error: "missing_scope", needed: "users:read", provided: "chat:write" },
      });
    } finally {
      await narrow.close();
    }
  });
});

describe("ephemeral messages, views, users", () => {
  it("chat.postEphemeral returns message_ts and keeps the ephemeral apart from history", async () => {
    const res = await client.chat.postEphemeral({ channel: "C0APPROVAL", user: "U0AGENT001", text: "Only you can see this" });
    expect(res).toMatchObject({ ok: true, message_ts: expect.stringMatching(/^\d{10}\.\d{6}$/) });
    expect(await slack.control.messages("C0APPROVAL")).toEqual([]);
    expect(await slack.control.ephemeral("C0APPROVAL")).toMatchObject([{ user: "U0AGENT001", text: "Only you can see this" }]);
  });

  it("views.open returns Slack's view object; views.update replaces it; errors like Slack", async () => {
    const view = {
      type: "modal" as const,
      callback_id: "edit_draft",
      private_metadata: JSON.stringify({ ticketId: 42 }),
      title: { type: "plain_text" as const, text: "Edit draft" },
      submit: { type: "plain_text" as const, text: "Send" },
      blocks: [
        {
          type: "input" as const,
          block_id: "draft",
          label: { type: "plain_text" as const, text: "Reply" },
          element: { type: "plain_text_input" as const, action_id: "body", multiline: true },
        },
      ],
    };
    const opened = await client.views.open({ trigger_id: "123.456.abc", view });
    expect(opened.view).toMatchObject({
      id: expect.stringMatching(/^V[A-Z0-9]+$/),
      team_id: FAKE_TEAM.id,
      type: "modal",
      callback_id: "edit_draft",
      private_metadata: JSON.stringify({ ticketId: 42 }),
      state: { values: {} },
      hash: expect.any(String),
      title: view.title,
      submit: view.submit,
      close: null,
      app_id: FAKE_BOT.appId,
      bot_id: FAKE_BOT.botId,
    });
    expect(opened.view?.root_view_id).toBe(opened.view?.id);
    expect((await slack.control.views())[0]?.trigger_id).toBe("123.456.abc");

    const updated = await client.views.update({
      view_id: opened.view!.id!,
      hash: opened.view!.hash!,
      view: {
        ...view,
        title: { type: "plain_text", text: "Sent" },
        blocks: [{ type: "section", text: { type: "mrkdwn", text: "Done" } }],
      },
    });
    expect(updated.view).toMatchObject({ id: opened.view!.id, title: { text: "Sent" } });
    await expect(client.views.update({ view_id: opened.view!.id!, hash: opened.view!.hash!, view })).rejects.toMatchObject({
      data: { error: "hash_conflict" },
    });

    const noTrigger = await raw("views.open", {
      contentType: "application/json; charset=utf-8",
      body: JSON.stringify({ view }),
    });
    expect(noTrigger.body).toMatchObject({ ok: false, error: "invalid_arguments" });
    await expect(
      client.views.open({
        trigger_id: "1.2.3",
        view: { ...view, title: { type: "plain_text", text: "A title that is far too long" } },
      }),
    ).rejects.toMatchObject({ data: { error: "invalid_arguments" } });
    await expect(client.views.update({ view_id: "VNOPE", view })).rejects.toMatchObject({ data: { error: "not_found" } });
  });

  it("users.info serves seeded users (options and control API) and user_not_found otherwise", async () => {
    const alex = await client.users.info({ user: "U0AGENT001" });
    expect(alex.user).toMatchObject({
      id: "U0AGENT001",
      team_id: FAKE_TEAM.id,
      name: "alex",
      real_name: "Alex Agent",
      is_bot: false,
      profile: { email: "alex@example.com", real_name: "Alex Agent", display_name: "Alex" },
    });
    await expect(client.users.info({ user: "U0NOBODY01" })).rejects.toMatchObject({ data: { error: "user_not_found" } });
    await slack.control.addUsers([{ id: "U0NOBODY01", name: "nobody", real_name: "No Body" }]);
    await expect(client.users.info({ user: "U0NOBODY01" })).resolves.toMatchObject({ user: { real_name: "No Body" } });
    await slack.control.reset(); // back to the seeded users only
    await expect(client.users.info({ user: "U0NOBODY01" })).rejects.toMatchObject({ data: { error: "user_not_found" } });
    await expect(client.users.info({ user: FAKE_BOT.userId })).resolves.toMatchObject({ user: { is_bot: true } });
  });

  it("usergroups.users.list lists approvers", async () => {
    await expect(client.usergroups.users.list({ usergroup: "S0APPROVER" })).resolves.toMatchObject({
      users: ["U0AGENT001", "U0LEAD0001"],
    });
    await slack.control.addUsergroups([{ id: "S0OTHER001", users: ["U9"] }]);
    await expect(client.usergroups.users.list({ usergroup: "S0OTHER001" })).resolves.toMatchObject({ users: ["U9"] });
    await expect(client.usergroups.users.list({ usergroup: "S0MISSING1" })).rejects.toMatchObject({
      data: { error: "no_such_subteam" },
    });
  });
});

describe("response_url", () => {
  it("records posts and, when bound to a message, replaces it like Slack", async () => {
    const { ts } = await client.chat.postMessage({ channel: "C0APPROVAL", text: "Draft", blocks: approvalBlocks(9) });
    const url = await slack.control.createResponseUrl({ channel: "C0APPROVAL", messageTs: ts!, user: "U0AGENT001" });
    expect(url.startsWith(`${slack.origin}/__fake/response-url/`)).toBe(true);

    const replace = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        replace_original: true,
        text: "Approved",
        blocks: [{ type: "section", text: { type: "mrkdwn", text: "Approved" } }],
      }),
    });
    expect(replace.status).toBe(200);
    expect(await replace.json()).toEqual({ ok: true });
    const state = await slack.control.message("C0APPROVAL", ts!);
    expect(state?.text).toBe("Approved");
    expect(state?.blocks).toHaveLength(1);

    const json = { "content-type": "application/json" };
    await fetch(url, { method: "POST", headers: json, body: JSON.stringify({ text: "Just for you" }) });
    expect(await slack.control.ephemeral("C0APPROVAL")).toMatchObject([{ user: "U0AGENT001", text: "Just for you", via: "response_url" }]);

    const responses = await slack.control.responses(url);
    expect(responses.map((r) => r.args.replace_original ?? false)).toEqual([true, false]);

    // Unbound ids are accepted and recorded too.
    const loose = await fetch(`${slack.origin}/__fake/response-url/anything`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: "hi", response_type: "ephemeral" }),
    });
    expect(loose.status).toBe(200);
    expect(await slack.control.responses("anything")).toHaveLength(1);
  });
});

describe("acting as Slack: signatures and payloads (dev/fakes/slack/sign.ts)", () => {
  const secret = "8f742231b10e8888abcd99yyyzzz85a5";

  it("signs like Slack: v0=hex(HMAC-SHA256(secret, 'v0:' + ts + ':' + body))", async () => {
    const body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&command=%2Fweather&text=94070";
    const headers = await signSlackRequest(secret, body, 1531420618);
    const expected = `v0=${createHmac("sha256", secret).update(`v0:1531420618:${body}`).digest("hex")}`;
    expect(headers).toEqual({ "X-Slack-Signature": expected, "X-Slack-Request-Timestamp": "1531420618" });

    const now = await signSlackRequest(secret, "{}");
    expect(Math.abs(Number(now["X-Slack-Request-Timestamp"]) - Date.now() / 1000)).toBeLessThan(5);
  });

  it("produces requests slack-edge's verifier accepts (and rejects with another secret)", async () => {
    const payload = blockActionsPayload({
      user: "U0AGENT001",
      channel: "C0APPROVAL",
      messageTs: "1700000000.000100",
      actionId: "approve",
    });
    const body = blockActionsBody(payload);
    const req = await signedSlackRequest("http://worker/slack/interactivity", secret, body);
    expect(req.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
    const text = await req.clone().text();
    expect(await verifySlackRequest(secret, req.headers, text)).toBe(true);
    expect(await verifySlackRequest("another-secret", req.headers, text)).toBe(false);
    const events = await signedSlackRequest("http://worker/slack/events", secret, urlVerificationBody("c"));
    expect(events.headers.get("content-type")).toBe("application/json");
  });

  it("builds block_actions from a posted message, form-encoded as payload=<json>", async () => {
    const posted = await client.chat.postMessage({ channel: "C0APPROVAL", text: "Draft", blocks: approvalBlocks(5) });
    const responseUrl = await slack.control.createResponseUrl({ channel: "C0APPROVAL", messageTs: posted.ts! });
    const payload = blockActionsPayload({
      user: { id: "U0AGENT001", username: "alex" },
      channel: { id: "C0APPROVAL", name: "triage-approvals" },
      message: posted.message as Record<string, unknown>,
      actionId: "reject",
      triggerId: "111.222.abc",
      responseUrl,
    });
    expect(payload).toMatchObject({
      type: "block_actions",
      user: { id: "U0AGENT001", username: "alex", name: "alex", team_id: FAKE_TEAM.id },
      api_app_id: FAKE_BOT.appId,
      token: expect.any(String),
      container: { type: "message", message_ts: posted.ts, channel_id: "C0APPROVAL", is_ephemeral: false },
      trigger_id: "111.222.abc",
      team: { id: FAKE_TEAM.id, domain: FAKE_TEAM.domain },
      channel: { id: "C0APPROVAL", name: "triage-approvals" },
      message: { type: "message", ts: posted.ts, text: "Draft", bot_id: FAKE_BOT.botId },
      state: { values: {} },
      response_url: responseUrl,
    });
    expect(payload.actions).toEqual([
      {
        action_id: "reject",
        block_id: "approval:5",
        text: { type: "plain_text", text: "Reject", emoji: true },
        value: "t5",
        style: "danger",
        confirm: expect.objectContaining({ title: { type: "plain_text", text: "Reject draft?" } }),
        type: "button",
        action_ts: expect.stringMatching(/^\d{10}\.\d{6}$/),
      },
    ]);
    const body = blockActionsBody(payload);
    expect(body.startsWith("payload=")).toBe(true);
    expect(JSON.parse(new URLSearchParams(body).get("payload")!)).toEqual(payload);

    const minimal = blockActionsPayload({ user: "U1", channel: "C1", messageTs: "1.000002", actionId: "approve", value: "v" });
    expect(minimal.actions[0]).toMatchObject({ action_id: "approve", value: "v", type: "button" });
    expect(minimal.message.ts).toBe("1.000002");
    expect(() => blockActionsPayload({ user: "U1", channel: "C1", actionId: "a" })).toThrow(/messageTs/);
  });

  it("builds view_submission from an opened view with state values", async () => {
    const opened = await client.views.open({
      trigger_id: "1.2.3",
      view: {
        type: "modal",
        callback_id: "edit_draft",
        private_metadata: "ticket:42",
        title: { type: "plain_text", text: "Edit draft" },
        submit: { type: "plain_text", text: "Send" },
        blocks: [
          {
            type: "input",
            block_id: "draft",
            label: { type: "plain_text", text: "Reply" },
            element: { type: "plain_text_input", action_id: "body" },
          },
        ],
      },
    });
    const payload = viewSubmissionPayload({
      user: "U0AGENT001",
      view: opened.view as Record<string, unknown>,
      values: {
        draft: {
          body: "Hello, here is your refund.", // shorthand for a plain_text_input value
          tone: { type: "static_select", selected_option: { value: "warm" } },
        },
      },
    });
    expect(payload).toMatchObject({
      type: "view_submission",
      team: { id: FAKE_TEAM.id },
      user: { id: "U0AGENT001", team_id: FAKE_TEAM.id },
      api_app_id: FAKE_BOT.appId,
      trigger_id: expect.any(String),
      view: {
        id: opened.view!.id,
        type: "modal",
        callback_id: "edit_draft",
        private_metadata: "ticket:42",
        hash: opened.view!.hash,
        state: {
          values: {
            draft: {
              body: { type: "plain_text_input", value: "Hello, here is your refund." },
              tone: { type: "static_select", selected_option: { value: "warm" } },
            },
          },
        },
      },
      response_urls: [],
    });
    const standalone = viewSubmissionPayload({ user: "U1", callbackId: "cb", privateMetadata: "pm" });
    expect(standalone.view).toMatchObject({ callback_id: "cb", private_metadata: "pm", state: { values: {} } });
  });

  it("builds Events API bodies: event_callback and url_verification", () => {
    const body = JSON.parse(
      eventCallbackBody(
        { type: "app_mention", user: "U0AGENT001", text: "<@U0FAKEBOT1> status?", channel: "C0APPROVAL", ts: "1.000003" },
        { eventId: "Ev123" },
      ),
    );
    expect(body).toMatchObject({
      type: "event_callback",
      team_id: FAKE_TEAM.id,
      api_app_id: FAKE_BOT.appId,
      event_id: "Ev123",
      event_time: expect.any(Number),
      token: expect.any(String),
      event: { type: "app_mention", user: "U0AGENT001", channel: "C0APPROVAL", ts: "1.000003", event_ts: expect.any(String) },
      authorizations: [{ team_id: FAKE_TEAM.id, user_id: FAKE_BOT.userId, is_bot: true }],
    });
    expect(JSON.parse(urlVerificationBody("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"))).toEqual({
      token: expect.any(String),
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
      type: "url_verification",
    });
  });
});

describe("CLI", () => {
  it("starts with --port and serves the Web API until SIGTERM", async () => {
    // Same entry as `npx tsx dev/fakes/slack/server.ts`, as a single process we can stop by its pid.
    const child = spawn(process.execPath, ["--import", "tsx", "dev/fakes/slack/server.ts", "--port", "0", "--bot-token", TOKEN], {
      cwd: new URL("../..", import.meta.url).pathname,
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        const timer = setTimeout(() => reject(new Error(`CLI did not start: ${out}`)), 30_000);
        child.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          const m = /Web API on (http:\/\/127\.0\.0\.1:\d+\/api\/)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        child.on("exit", (code) => reject(new Error(`CLI exited ${code}: ${out}`)));
      });
      const cli = new WebClient(TOKEN, { slackApiUrl: url, retryConfig: { retries: 0 }, ...quiet });
      await expect(cli.auth.test()).resolves.toMatchObject({ ok: true, user_id: FAKE_BOT.userId });
      await expect(cli.users.info({ user: "U0DEMOAGNT" })).resolves.toMatchObject({ ok: true }); // demo users seeded
    } finally {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
  });
});
