/**
 * /admin/accounts/:id: PUT replaces the whole account, PATCH merges (RFC 7396: secrets by name, settings by path,
 * null removes, arrays replaced) and validates the result, GET names the secrets that are set and never a value.
 */
import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { loadAccount } from "../../worker/store/accounts";
import { database } from "../../worker/store/db";
import { ADMIN, createAccount, uniqueAccountId } from "./helpers";

async function call(method: string, id: string, body?: unknown) {
  const res = await SELF.fetch(`http://worker/admin/accounts/${id}`, {
    method,
    headers: { ...ADMIN, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

const stored = async (id: string) => (await loadAccount(database(env.DB), env.SECRETS_KEY, id))!;

describe("PATCH /admin/accounts/:id", () => {
  it("a Slack-only patch keeps the Zendesk e-mail, token and every other setting", async () => {
    const id = uniqueAccountId("patch");
    await createAccount(id, { settings: { writeBack: false, approval: { timeoutMinutes: 45 } } });
    const res = await call("PATCH", id, {
      secrets: { slackBotToken: "xoxb-patched-token", slackSigningSecret: "patched-signing-secret" },
      settings: { slack: { teamId: "T0PATCH001", approvalChannel: "C0PATCH001", approvers: ["U0PATCH001"] } },
    });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text) as { account: { apiEmail: string; settings: Record<string, unknown> }; secretsSet: string[] };
    expect(body.account.apiEmail).toBe("agent@example.com");
    expect(body.secretsSet).toEqual(["apiToken", "slackBotToken", "slackSigningSecret", "webhookSigningSecret"]);
    expect(res.text).not.toContain("xoxb-patched-token");
    expect(res.text).not.toContain("test-api-token");
    const after = await stored(id);
    expect(after.secrets).toMatchObject({ apiToken: "test-api-token", slackBotToken: "xoxb-patched-token" });
    expect(after.settings).toMatchObject({ writeBack: false, approval: { timeoutMinutes: 45 }, slack: { teamId: "T0PATCH001", approvers: ["U0PATCH001"] } });
  });

  it("null removes a secret or a setting, arrays are replaced, absent fields stay", async () => {
    const id = uniqueAccountId("patch");
    await createAccount(id, { secrets: { webhookSigningSecret: "c2VjcmV0c2VjcmV0", apiToken: "t1", llmApiKey: "sk-old" } });
    await call("PATCH", id, { settings: { slack: { teamId: "T0PATCH002", approvalChannel: "C0PATCH002", approvers: ["U1", "U2"] } } });
    const res = await call("PATCH", id, { secrets: { llmApiKey: null }, settings: { slack: { approvers: ["U3"] } }, name: "Renamed" });
    expect(res.status).toBe(200);
    const after = await stored(id);
    expect(after.secrets.llmApiKey).toBeUndefined();
    expect(after.secrets.apiToken).toBe("t1");
    expect(after.name).toBe("Renamed");
    expect(after.settings.slack).toMatchObject({ teamId: "T0PATCH002", approvers: ["U3"] });
  });

  it("an invalid merged account is a 400 naming the path, and nothing changes", async () => {
    const id = uniqueAccountId("patch");
    await createAccount(id);
    const before = await stored(id);
    const bad = await call("PATCH", id, { settings: { approval: { timeoutMinutes: "soon" } }, secrets: { apiToken: "x".repeat(600) } });
    expect(bad.status).toBe(400);
    const body = JSON.parse(bad.text) as { error: string; message: string; details: { path: string }[] };
    expect(body.error).toBe("invalid_account");
    expect(body.details.map((d) => d.path).sort()).toEqual(["secrets.apiToken", "settings.approval.timeoutMinutes"]);
    expect(bad.text).not.toContain("x".repeat(50));
    // The webhook secret is required: removing it is refused too.
    expect((await call("PATCH", id, { secrets: { webhookSigningSecret: null } })).status).toBe(400);
    expect(await stored(id)).toEqual(before);
  });

  it("a missing account is a 404, a body that is not an object a 400", async () => {
    expect((await call("PATCH", uniqueAccountId("nobody"), { name: "x" })).status).toBe(404);
    const id = uniqueAccountId("patch");
    await createAccount(id);
    for (const body of ["[1,2]", '"text"', "{"]) expect((await call("PATCH", id, body)).status).toBe(400);
  });
});

describe("PUT and GET /admin/accounts/:id", () => {
  it("PUT replaces the whole account; GET names the secrets that are set, never a value", async () => {
    const id = uniqueAccountId("put");
    await createAccount(id, { secrets: { webhookSigningSecret: "c2VjcmV0c2VjcmV0", apiToken: "put-token-value", llmApiKey: "sk-put" } });
    // A PUT without apiEmail and llmApiKey removes them: it states the whole account.
    const put = await call("PUT", id, { name: "Replaced", secrets: { webhookSigningSecret: "c2VjcmV0c2VjcmV0" } });
    expect(put.status).toBe(200);
    const got = await call("GET", id);
    expect(got.status).toBe(200);
    const body = JSON.parse(got.text) as { account: { apiEmail: string | null }; secretsSet: string[] };
    expect(body.account.apiEmail).toBeNull();
    expect(body.secretsSet).toEqual(["webhookSigningSecret"]);
    expect(got.text).not.toContain("c2VjcmV0c2VjcmV0");
  });
});
