/**
 * worker/zendesk/http.ts against the fake Zendesk: the auth header, Zendesk's errors as ZendeskApiError
 * (code, Retry-After, network errors as status 0, no query values in messages), the raw pass-through, and
 * pagination that follows next_page only on the account's own origin.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ZendeskApiError, zendeskHttpFor } from "../../worker/zendesk/http";
import { fakeRequests, injectFault, uniqueTicketId } from "./helpers";

const account = { apiBaseUrl: `${env.FAKE_ZENDESK_URL}/`, apiEmail: "agent@example.com", secrets: { apiToken: "test-api-token" } };

async function caught(promise: Promise<unknown>): Promise<ZendeskApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ZendeskApiError);
  return error as ZendeskApiError;
}

describe("zendesk http", () => {
  it("refuses an account without credentials with not_configured", () => {
    for (const missing of [
      { ...account, secrets: {} },
      { ...account, apiEmail: null },
    ]) {
      let error: unknown;
      try {
        zendeskHttpFor(missing);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ZendeskApiError);
      expect(error).toMatchObject({ status: 401, code: "not_configured" });
    }
  });

  it("maps Zendesk's error body and Retry-After, and keeps query values out of the message", async () => {
    const id = uniqueTicketId();
    const path = `/api/v2/tickets/${id}.json`;
    const http = zendeskHttpFor(account);
    const missing = await caught(http.request("GET", `${path}?secret_query=abc`));
    expect(missing).toMatchObject({ status: 404, code: "RecordNotFound", retryAfterSeconds: null, retryable: false });
    expect(missing.message).not.toContain("secret_query");

    await injectFault({ method: "GET", path, status: 429, retryAfter: 7 });
    expect(await caught(http.request("GET", path))).toMatchObject({ status: 429, code: "APIRateLimitExceeded", retryAfterSeconds: 7, retryable: true });

    const unreachable = await caught(zendeskHttpFor({ ...account, apiBaseUrl: "http://127.0.0.1:9" }).request("GET", path));
    expect(unreachable).toMatchObject({ status: 0, code: "network_error", retryable: true });
  });

  it("sends the API token as Basic auth and returns any status raw", async () => {
    const id = uniqueTicketId();
    const path = `/api/v2/tickets/${id}.json`;
    const res = await zendeskHttpFor(account).raw("GET", path);
    expect(res).toEqual({ status: 404, body: { error: "RecordNotFound", description: "Not found" } });
    const [recorded] = await fakeRequests({ method: "GET", path });
    expect(recorded!.auth).toMatchObject({ kind: "basic", user: "agent@example.com" });
  });

  it("follows next_page on the account's origin only", async () => {
    const locale = `zz-${crypto.randomUUID().slice(0, 8)}`;
    const base = 8_000_000_000 + Math.floor(Math.random() * 1_000_000) * 10;
    const articles = [1, 2, 3].map((n) => ({ id: base + n, title: `Article ${n}`, body: "<p>x</p>", locale }));
    expect(
      (
        await fetch(`${env.FAKE_ZENDESK_URL}/__fake/seed`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ articles }),
        })
      ).ok,
    ).toBe(true);
    const http = zendeskHttpFor(account);
    const path = `/api/v2/help_center/${locale}/articles.json?per_page=1`;
    expect((await http.all<{ id: number }>(path, "articles")).map((a) => a.id)).toEqual([base + 1, base + 2, base + 3]);
    expect((await http.all<{ id: number }>(path, "articles", { maxPages: 2 })).length).toBe(2);

    // A next_page pointing elsewhere is not followed (the credentials would go with it).
    const offsite = `/api/v2/help_center/${locale}/articles/offsite.json`;
    await injectFault({
      method: "GET",
      path: offsite,
      status: 200,
      body: { articles: [{ id: 1 }], next_page: "https://elsewhere.example.com/api/v2/help_center/articles.json?page=2" },
    });
    expect(await http.all(offsite, "articles")).toEqual([{ id: 1 }]);
  });
});
