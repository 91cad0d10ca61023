/** Slack request verification: signed, unsigned, stale, future, tampered, wrong secret, replayed; url_verification. */
import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { blockActionsBody, blockActionsPayload, eventCallbackBody, signSlackRequest, urlVerificationBody } from "../../dev/fakes/slack/sign";
import { FakeSlackControl } from "../../dev/fakes/slack/client";
import { approvalActionsFor, getDraft } from "../../worker/store/drafts";
import { database } from "../../worker/store/db";
import { checkSignatureHeaders, verifySlackSignature } from "../../worker/slack/verify";
import { ADMIN, createSlackAccount, postSlack, seedPendingDraft, slackId, waitFor } from "./helpers";

const now = () => Math.floor(Date.now() / 1000);

describe("verifySlackSignature (unit)", () => {
  it("accepts Slack's documented example and refuses changes to it", async () => {
    // https://docs.slack.dev/authentication/verifying-requests-from-slack (the documented sample request)
    const secret = "8f742231b10e8888abcd99yyyzzz85a5";
    const timestamp = "1531420618";
    const rawBody =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    const signature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    const nowMs = 1531420618 * 1000 + 30_000;
    expect(await verifySlackSignature({ secret, signature, timestamp, rawBody, nowMs })).toEqual({ ok: true });
    expect((await verifySlackSignature({ secret, signature, timestamp, rawBody: `${rawBody}x`, nowMs })).ok).toBe(false);
    expect((await verifySlackSignature({ secret: `${secret}x`, signature, timestamp, rawBody, nowMs })).ok).toBe(false);
    expect((await verifySlackSignature({ secret, signature, timestamp, rawBody, nowMs: nowMs + 301_000 })).ok).toBe(false);
  });

  it("checks header shapes before any secret is needed", () => {
    const nowMs = Date.now();
    expect(checkSignatureHeaders({ signature: undefined, timestamp: String(now()), nowMs }).ok).toBe(false);
    expect(checkSignatureHeaders({ signature: "v0=abc", timestamp: String(now()), nowMs }).ok).toBe(false);
    expect(checkSignatureHeaders({ signature: `v1=${"a".repeat(64)}`, timestamp: String(now()), nowMs }).ok).toBe(false);
    expect(checkSignatureHeaders({ signature: `v0=${"a".repeat(64)}`, timestamp: "12.5", nowMs }).ok).toBe(false);
    expect(checkSignatureHeaders({ signature: `v0=${"a".repeat(64)}`, timestamp: String(now() - 299), nowMs }).ok).toBe(true);
    expect(checkSignatureHeaders({ signature: `v0=${"a".repeat(64)}`, timestamp: String(now() - 301), nowMs }).ok).toBe(false);
    expect(checkSignatureHeaders({ signature: `v0=${"a".repeat(64)}`, timestamp: String(now() + 301), nowMs }).ok).toBe(false);
  });
});

describe("POST /slack/events", () => {
  it("answers url_verification when signed by a connected app, and refuses it otherwise", async () => {
    const t = await createSlackAccount();
    const body = urlVerificationBody("challenge-abc-123");
    const ok = await postSlack("/slack/events", body, { secret: t.signingSecret });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ challenge: "challenge-abc-123" });

    expect((await postSlack("/slack/events", body, { unsigned: true })).status).toBe(401);
    expect((await postSlack("/slack/events", body, { secret: "not-the-secret" })).status).toBe(401);
    expect((await postSlack("/slack/events", body, { secret: t.signingSecret, timestamp: now() - 6 * 60 })).status).toBe(401);
  });

  it("acknowledges event callbacks from the account's team, and Slack's retries without acting", async () => {
    const t = await createSlackAccount();
    const body = eventCallbackBody({ type: "app_home_opened", user: slackId("U"), channel: slackId("C"), tab: "home" }, { teamId: t.teamId });
    const first = await postSlack("/slack/events", body, { secret: t.signingSecret });
    expect(first.status).toBe(200);
    const retry = await postSlack("/slack/events", body, {
      secret: t.signingSecret,
      headers: { "X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout" },
    });
    expect(retry.status).toBe(200);
    // Another team's signature does not verify for this team.
    const other = await createSlackAccount();
    expect((await postSlack("/slack/events", body, { secret: other.signingSecret })).status).toBe(401);
  });

  it("records that the app was uninstalled in the account's audit log", async () => {
    const t = await createSlackAccount();
    const res = await postSlack("/slack/events", eventCallbackBody({ type: "app_uninstalled" }, { teamId: t.teamId }), { secret: t.signingSecret });
    expect(res.status).toBe(200);
    await waitFor(async () => {
      const r = await SELF.fetch(`http://worker/admin/audit?account=${t.account}`, { headers: ADMIN });
      const { entries } = (await r.json()) as { entries: { action: string }[] };
      return entries.some((e) => e.action === "slack.app_uninstalled") ? true : undefined;
    }, "the audit entry");
  });

  it("rejects bodies that are not JSON", async () => {
    const t = await createSlackAccount();
    expect((await postSlack("/slack/events", "{nope", { secret: t.signingSecret })).status).toBe(400);
  });
});

describe("POST /slack/interactions", () => {
  async function approveClick(t: Awaited<ReturnType<typeof createSlackAccount>>, draftId: number, user: string) {
    return blockActionsBody(
      blockActionsPayload({
        user: { id: user, name: "alex" },
        channel: t.approvalChannel,
        messageTs: "1700000000.000100",
        actionId: "draft_approve",
        value: String(draftId),
        team: { id: t.teamId, domain: "test" },
      }),
    );
  }

  it("refuses unsigned, badly signed, stale and future requests, and nothing changes", async () => {
    const approver = slackId("U");
    const t = await createSlackAccount({ approvers: [approver] });
    const { draft } = await seedPendingDraft(t.account);
    const body = await approveClick(t, draft.id, approver);
    const refused = [
      await postSlack("/slack/interactions", body, { unsigned: true }),
      await postSlack("/slack/interactions", body, { secret: "wrong-secret" }),
      await postSlack("/slack/interactions", body, { secret: t.signingSecret, timestamp: now() - 5 * 60 - 5 }),
      await postSlack("/slack/interactions", body, { secret: t.signingSecret, timestamp: now() + 5 * 60 + 5 }),
    ];
    for (const res of refused) {
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: string }).error).toBe("invalid_signature");
    }
    // A body changed after signing does not verify: sign one click, send another with the same headers.
    const other = await seedPendingDraft(t.account);
    const headers = await signSlackRequest(t.signingSecret, await approveClick(t, other.draft.id, approver));
    const tampered = await SELF.fetch("http://worker/slack/interactions", {
      method: "POST",
      headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" },
      body,
    });
    expect(tampered.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    const db = database(env.DB);
    expect((await getDraft(db, draft.accountId, draft.id))?.status).toBe("pending");
    expect(await approvalActionsFor(db, t.account, { draftId: draft.id })).toHaveLength(0);
  });

  it("acts on a signed click, and a second delivery of the same request does not act again", async () => {
    const approver = slackId("U");
    const t = await createSlackAccount({ approvers: [approver], zendeskUsers: { [approver]: 4242 } });
    const { draft } = await seedPendingDraft(t.account);
    const body = await approveClick(t, draft.id, approver);
    const timestamp = now();
    const first = await postSlack("/slack/interactions", body, { secret: t.signingSecret, timestamp });
    expect(first.status).toBe(200);
    const replay = await postSlack("/slack/interactions", body, { secret: t.signingSecret, timestamp });
    expect(replay.status).toBe(200);
    const db = database(env.DB);
    const decided = await waitFor(async () => {
      const d = await getDraft(db, draft.accountId, draft.id);
      return d?.status === "approved" ? d : undefined;
    }, "the approval");
    expect(decided.replyAuthorId).toBe(4242);
    await new Promise((r) => setTimeout(r, 500));
    const actions = await approvalActionsFor(db, t.account, { draftId: draft.id });
    expect(actions.map((a) => a.action)).toEqual(["approve"]);
    // The replay got no "already decided" notice either: it was not processed at all.
    const slack = new FakeSlackControl(env.FAKE_SLACK_URL);
    expect((await slack.ephemeral(t.approvalChannel)).filter((e) => e.user === approver)).toHaveLength(0);
  });

  it("refuses a payload with no team or that is not form-encoded", async () => {
    const t = await createSlackAccount();
    expect((await postSlack("/slack/interactions", "payload=%7B%7D", { secret: t.signingSecret })).status).toBe(400);
    expect((await postSlack("/slack/interactions", "hello=1", { secret: t.signingSecret })).status).toBe(400);
  });
});
