/**
 * The shared HTTP setup (worker/http/middleware.ts) as callers see it: malformed JSON is a 400 everywhere (never
 * read as {}), bodies that do not fit name the field, ids are strict decimals, ?account= is resolved once.
 */
import { SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { signSidebarToken } from "../../worker/sidebar/token";
import { ADMIN, createAccount, uniqueAccountId } from "./helpers";

const account = uniqueAccountId("mw");
const SECRET = "sidebar-secret-for-middleware-tests-0123";

async function sidebar(method: string, path: string, body?: string): Promise<Response> {
  const token = await signSidebarToken(
    SECRET,
    { account, sub: "9100000077", name: "Kim Agent", req: `${method} ${path}` },
    { nowS: Math.floor(Date.now() / 1000), expiresInS: 300 },
  );
  return SELF.fetch(`http://worker${path}`, { method, headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" }, body });
}

beforeAll(async () => {
  await createAccount(account, { secrets: { webhookSigningSecret: "d2ViaG9vay1zZWNyZXQtZm9yLW13LXRlc3Rz", apiToken: "t", sidebarSecret: SECRET } });
});

describe("JSON bodies", () => {
  it("answers malformed JSON with 400 invalid_json on the sidebar and the admin API", async () => {
    for (const res of [
      await sidebar("POST", "/app/tickets/5/correction", "{intent: refund"),
      await sidebar("POST", "/app/drafts/5/reject", '{"reason": "x"'),
      await SELF.fetch(`http://worker/admin/accounts/${account}`, { method: "PUT", headers: { ...ADMIN, "Content-Type": "application/json" }, body: "{" }),
    ]) {
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: "invalid_json", message: expect.any(String) });
    }
  });

  it("names the field a body gets wrong", async () => {
    const res = await sidebar("POST", "/app/drafts/5/edit", JSON.stringify({ text: 42 }));
    expect(res.status).toBe(400);
    const body = await res.json<{ error: string; details: { path: string }[] }>();
    expect(body.error).toBe("invalid_body");
    expect(body.details.map((d) => d.path)).toContain("text");
  });
});

describe("id parameters", () => {
  it.each(["0x10", "1e1", "016", "0", "-3", "9999999999999999"])("refuses %s", async (id) => {
    const res = await sidebar("POST", `/app/drafts/${id}/reject`, "{}");
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_draft_id" });
  });

  it("accepts a plain decimal id (then finds no such draft)", async () => {
    const res = await sidebar("POST", "/app/drafts/16/reject", "{}");
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: "draft_not_found" });
  });
});

describe("?account=", () => {
  it("is required and must exist", async () => {
    const missing = await SELF.fetch("http://worker/admin/rules", { headers: ADMIN });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: "account_required" });
    const unknown = await SELF.fetch("http://worker/admin/rules?account=no-such-account-xyz", { headers: ADMIN });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: "account_not_found" });
  });
});
