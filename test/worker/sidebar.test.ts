/**
 * The Zendesk sidebar's API (/app): ZAF-JWT auth (forged, expired, cross-account, missing, replayed tokens),
 * the ticket view, draft decisions through decideDraft, intent corrections (stored + re-tagged in the fake
 * Zendesk), the corrections export, "Triage now", and the demo desk's ZAF proxy.
 */
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { CorrectionResponse, CorrectionView, TicketView } from "../../contract/app-api";
import { createApp } from "../../worker/app";
import { database } from "../../worker/store/db";
import { draftForDecision, getDraft, transitionDraft } from "../../worker/store/drafts";
import { latestDecision } from "../../worker/store/decisions";
import { signSidebarToken } from "../../worker/sidebar/token";
import {
  ADMIN,
  adminTicket,
  createAccount,
  fakeRequests,
  fakeTicket,
  injectFault,
  postWebhook,
  putRules,
  seedTicket,
  ticketEvent,
  uniqueAccountId,
  uniqueTicketId,
  waitFor,
  ZENDESK_TEST_SECRET,
} from "./helpers";

const accountA = uniqueAccountId("side-a");
const accountB = uniqueAccountId("side-b");
const noSecret = uniqueAccountId("side-n");
const SECRET_A = "sidebar-secret-for-account-a-0123456789";
const SECRET_B = "sidebar-secret-for-account-b-9876543210";
const AGENT = { sub: "9100000001", name: "Riley Support" };

const RULES = `
rules:
  - id: parcel
    when: { text: { keywords: [parcel, "not arrived"] } }
    then: { intent: where_is_parcel, route: auto, tags: [order_status] }
`;

function secrets(sidebarSecret?: string) {
  return { secrets: { webhookSigningSecret: ZENDESK_TEST_SECRET, apiToken: "test-api-token", ...(sidebarSecret ? { sidebarSecret } : {}) } };
}

beforeAll(async () => {
  await createAccount(accountA, secrets(SECRET_A));
  await createAccount(accountB, secrets(SECRET_B));
  await createAccount(noSecret, secrets());
  for (const account of [accountA, accountB]) expect((await putRules(account, RULES)).status).toBe(200);
});

interface CallOptions {
  method?: string;
  body?: unknown;
  account?: string;
  secret?: string;
  claims?: Record<string, unknown>;
  nowS?: number;
  expiresInS?: number;
  /** Sign for another request than the one sent. */
  req?: string;
  token?: string | null;
}

async function token(path: string, o: CallOptions = {}): Promise<string> {
  const method = o.method ?? "GET";
  return signSidebarToken(
    o.secret ?? SECRET_A,
    { account: o.account ?? accountA, ...AGENT, req: o.req ?? `${method} ${path}`, ...o.claims },
    { nowS: o.nowS ?? Math.floor(Date.now() / 1000), expiresInS: o.expiresInS ?? 300 },
  );
}

async function call(path: string, o: CallOptions = {}): Promise<Response> {
  const method = o.method ?? "GET";
  const bearer = o.token === undefined ? await token(path, o) : o.token;
  return SELF.fetch(`http://worker${path}`, {
    method,
    headers: { ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}), ...(o.body !== undefined ? { "Content-Type": "application/json" } : {}) },
    body: o.body !== undefined ? JSON.stringify(o.body) : undefined,
  });
}

/** A ticket that went through the real webhook → queue → pipeline for `account`. */
async function triagedTicket(account: string, subject = "My parcel has not arrived", description = "The parcel I ordered two weeks ago has not arrived yet.") {
  const id = uniqueTicketId();
  await seedTicket({ id, subject, description, tags: ["web"] });
  expect((await postWebhook(JSON.stringify(ticketEvent(id, { subject, description })), { account })).status).toBe(202);
  await waitFor(async () => ((await adminTicket(account, id)).writeback?.status === "succeeded" ? true : undefined), `triage of ${id}`);
  return id;
}

/** Two labels of the shipped model (the picker's source), whatever model is shipped. */
async function modelLabels(): Promise<[string, string]> {
  const { modelLabels: labels } = (await (await call("/app/intents")).json()) as { modelLabels: string[] };
  const usable = labels.filter((l) => l !== "where_is_parcel");
  expect(usable.length).toBeGreaterThanOrEqual(2);
  return [usable[0]!, usable[1]!];
}

async function pendingDraft(account: string, ticketId: number, body = "Hi! Your parcel is on its way; here is the tracking link.") {
  const db = database(env.DB);
  const decision = (await latestDecision(db, account, ticketId))!;
  const draft = await draftForDecision(db, { accountId: account, ticketId, decisionId: decision.id });
  return (await transitionDraft(db, draft.accountId, draft.id, ["drafting"], "pending", { body, source: "template" }))!;
}

describe("sidebar auth", () => {
  it("refuses a request without a token", async () => {
    const res = await call("/app/intents", { token: null });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: "token_missing" });
  });

  it("refuses a forged token (signed with another secret)", async () => {
    const res = await call("/app/intents", { secret: "not-the-shared-secret-at-all-000" });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: "token_invalid" });
  });

  it("refuses a token whose payload was changed after signing", async () => {
    const good = await token("/app/intents");
    const [h, , s] = good.split(".");
    const payload = btoa(JSON.stringify({ account: accountA, sub: "1", req: "GET /app/intents", exp: Math.floor(Date.now() / 1000) + 300 }))
      .replace(/=+$/, "")
      .replace(/\+/g, "-")
      .replace(/\//g, "_");
    const res = await call("/app/intents", { token: `${h}.${payload}.${s}` });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: "token_invalid" });
  });

  it("refuses alg none", async () => {
    const enc = (v: unknown) => btoa(JSON.stringify(v)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
    const unsigned = `${enc({ alg: "none", typ: "JWT" })}.${enc({ account: accountA, ...AGENT, req: "GET /app/intents", exp: Math.floor(Date.now() / 1000) + 300 })}.`;
    const res = await call("/app/intents", { token: unsigned });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: "token_invalid" });
  });

  it("refuses an expired token", async () => {
    const res = await call("/app/intents", { nowS: Math.floor(Date.now() / 1000) - 3000, expiresInS: 300 });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: "token_expired" });
  });

  it("refuses a token living longer than an hour", async () => {
    const res = await call("/app/intents", { expiresInS: 24 * 3600 });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: "token_lifetime" });
  });

  it("refuses a token issued for another request (no replay against another ticket or draft)", async () => {
    const res = await call("/app/tickets/2", { req: "GET /app/tickets/1" });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: "token_request_mismatch" });
  });

  it("refuses a token for an account without a sidebar secret, and an unknown account", async () => {
    const none = await call("/app/intents", { account: noSecret, secret: SECRET_A });
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: "sidebar_not_configured" });
    const unknown = await call("/app/intents", { account: "no-such-account-x1" });
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ error: "token_invalid" });
  });

  it("accepts a valid token", async () => {
    const res = await call("/app/intents");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { labels: string[]; modelLabels: string[] };
    expect(body.labels).toEqual(expect.arrayContaining(body.modelLabels));
  });
});

describe("cross-account isolation", () => {
  it("a token for account A never sees account B's ticket", async () => {
    const id = await triagedTicket(accountB);
    const asB = await call(`/app/tickets/${id}`, { account: accountB, secret: SECRET_B });
    expect(asB.status).toBe(200);
    expect(await asB.json()).toMatchObject({ account: accountB, state: "triaged", ticket: { id } });

    const asA = await call(`/app/tickets/${id}`);
    expect(asA.status).toBe(200);
    const body = (await asA.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ account: accountA, state: "not_triaged", ticket: null, decision: null, draft: null });
  });

  it("a token claiming account B but signed with A's secret is refused", async () => {
    const res = await call("/app/intents", { account: accountB, secret: SECRET_A });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: "token_invalid" });
  });

  it("account A cannot decide account B's draft", async () => {
    const id = await triagedTicket(accountB);
    const draft = await pendingDraft(accountB, id);
    const res = await call(`/app/drafts/${draft.id}/approve`, { method: "POST", body: {} });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: "draft_not_found" });
    expect((await getDraft(database(env.DB), draft.accountId, draft.id))!.status).toBe("pending");
  });

  it("account A cannot correct account B's ticket", async () => {
    const id = await triagedTicket(accountB);
    const [label] = await modelLabels();
    const res = await call(`/app/tickets/${id}/correction`, { method: "POST", body: { intent: label } });
    expect(res.status).toBe(404);
    expect(await fakeRequests({ method: "PUT", path: `/api/v2/tickets/${id}.json` })).toHaveLength(1); // only B's triage write-back
  });
});

describe("ticket view", () => {
  it("shows triage, reasons, versions and escalation state", async () => {
    const id = await triagedTicket(accountA);
    const res = await call(`/app/tickets/${id}`);
    expect(res.status).toBe(200);
    const view = (await res.json()) as TicketView;
    expect(view).toMatchObject({
      state: "triaged",
      ticket: { id, subject: "My parcel has not arrived" },
      intent: { intent: "where_is_parcel", source: "triage" },
      decision: { intent: "where_is_parcel", route: "auto", language: "en", ruleHits: [{ ruleId: "parcel", index: 0 }], rulesVersion: 1 },
      draft: null,
      escalation: { escalated: false },
    });
    expect(view.decision?.reasons.length).toBeGreaterThan(2);
    expect(JSON.stringify(view)).not.toContain("two weeks ago"); // no customer text in the sidebar view
  });

  it("shows 'not triaged' for a ticket the Worker never saw, and Triage now runs the pipeline", async () => {
    const id = uniqueTicketId();
    await seedTicket({ id, subject: "Parcel missing", description: "My parcel has not arrived." });
    const before = (await (await call(`/app/tickets/${id}`)).json()) as TicketView;
    expect(before).toMatchObject({ state: "not_triaged", ticket: null, decision: null });

    const res = await call(`/app/tickets/${id}/triage`, { method: "POST" });
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ status: "queued", eventId: expect.any(Number) });
    const after = await waitFor(async () => {
      const view = (await (await call(`/app/tickets/${id}`)).json()) as TicketView;
      return view.state === "triaged" ? view : undefined;
    }, "manual triage");
    expect(after).toMatchObject({ decision: { intent: "where_is_parcel" }, lastEvent: { type: "manual", status: "triaged" } });
  });

  it("rejects a bad ticket id", async () => {
    expect((await call("/app/tickets/abc")).status).toBe(400);
  });
});

describe("draft decisions from the sidebar", () => {
  it("approves once; a second approval gets 409 with who decided", async () => {
    const id = await triagedTicket(accountA);
    const draft = await pendingDraft(accountA, id);
    const view = (await (await call(`/app/tickets/${id}`)).json()) as TicketView;
    expect(view.draft).toMatchObject({ id: draft.id, status: "pending", body: draft.body });

    const first = await call(`/app/drafts/${draft.id}/approve`, { method: "POST", body: {} });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({
      draft: { status: "approved", finalText: draft.body, decidedVia: "sidebar", decidedBy: "Riley Support (9100000001)" },
    });
    const row = (await getDraft(database(env.DB), draft.accountId, draft.id))!;
    expect(row.replyAuthorId).toBe(9100000001);

    const again = await call(`/app/drafts/${draft.id}/approve`, { method: "POST", body: {} });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({
      error: "already_decided",
      details: { decidedBy: "Riley Support (9100000001)", decidedVia: "sidebar", draft: { status: "approved" } },
    });
  });

  it("sends an edited text, and refuses an empty one", async () => {
    const id = await triagedTicket(accountA);
    const draft = await pendingDraft(accountA, id);
    const empty = await call(`/app/drafts/${draft.id}/edit`, { method: "POST", body: { text: "   " } });
    expect(empty.status).toBe(400);
    const res = await call(`/app/drafts/${draft.id}/edit`, { method: "POST", body: { text: "Hello Ada, your parcel arrives tomorrow." } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ draft: { status: "edited", finalText: "Hello Ada, your parcel arrives tomorrow." } });
  });

  it("rejects with a reason", async () => {
    const id = await triagedTicket(accountA);
    const draft = await pendingDraft(accountA, id);
    const res = await call(`/app/drafts/${draft.id}/reject`, { method: "POST", body: { reason: "wrong order number" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ draft: { status: "rejected", rejectReason: "wrong order number", finalText: null } });
  });

  it("404s an unknown draft", async () => {
    expect((await call("/app/drafts/987654321/approve", { method: "POST", body: {} })).status).toBe(404);
  });
});

describe("intent corrections", () => {
  it("stores the correction with the model's text and re-tags the ticket in Zendesk", async () => {
    const id = await triagedTicket(accountA);
    expect((await fakeTicket(id)).tags).toContain("intent__where_is_parcel");
    const [label] = await modelLabels();

    const res = await call(`/app/tickets/${id}/correction`, { method: "POST", body: { intent: label } });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Extract<CorrectionResponse, { tags: unknown }>;
    expect(body).toMatchObject({
      correction: {
        ticketId: id,
        oldIntent: "where_is_parcel",
        newIntent: label,
        actor: "9100000001",
        actorName: "Riley Support",
        via: "sidebar",
        zendeskStatus: "tagged",
      },
      tags: { added: [`intent__${label}`], removed: ["intent__where_is_parcel"] },
    });

    const puts = await fakeRequests({ method: "PUT", path: `/api/v2/tickets/${id}.json` });
    expect(puts).toHaveLength(2);
    // Through the write-back path: only these tags change, and safe_update guards against a concurrent edit.
    expect(puts[1]!.body).toEqual({
      ticket: { additional_tags: [`intent__${label}`], remove_tags: ["intent__where_is_parcel"], safe_update: true, updated_stamp: expect.any(String) },
    });
    const tags = (await fakeTicket(id)).tags as string[];
    expect(tags).toContain(`intent__${label}`);
    expect(tags).not.toContain("intent__where_is_parcel");

    const row = await env.DB.prepare("select * from corrections where id = ?").bind(body.correction.id).first<Record<string, unknown>>();
    expect(row).toMatchObject({
      account_id: accountA,
      ticket_id: id,
      new_intent: label,
      old_intent: "where_is_parcel",
      text: "My parcel has not arrived The parcel I ordered two weeks ago has not arrived yet.",
    });

    const view = (await (await call(`/app/tickets/${id}`)).json()) as TicketView;
    expect(view).toMatchObject({ intent: { intent: label, source: "correction" }, correction: { newIntent: label } });

    const same = await call(`/app/tickets/${id}/correction`, { method: "POST", body: { intent: label } });
    expect(same.status).toBe(200);
    expect(await same.json()).toMatchObject({ unchanged: true });
  });

  it("re-reads the ticket and retries when Zendesk reports a safe-update conflict", async () => {
    const id = await triagedTicket(accountA);
    const [label] = await modelLabels();
    const path = `/api/v2/tickets/${id}.json`;
    const readsBefore = (await fakeRequests({ method: "GET", path })).length;
    await injectFault({ method: "PUT", path, status: 409, times: 1 });

    const res = await call(`/app/tickets/${id}/correction`, { method: "POST", body: { intent: label } });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      correction: { zendeskStatus: "tagged" },
      tags: { added: [`intent__${label}`], removed: ["intent__where_is_parcel"] },
    });

    const puts = (await fakeRequests({ method: "PUT", path })).slice(1); // [0] is the triage write-back
    expect(puts.map((p) => p.status)).toEqual([409, 200]);
    for (const put of puts) expect(put.body).toMatchObject({ ticket: { safe_update: true, updated_stamp: expect.any(String) } });
    // The read before the first PUT and the re-read after the conflict.
    expect((await fakeRequests({ method: "GET", path })).length - readsBefore).toBe(2);
    expect((await fakeTicket(id)).tags).toContain(`intent__${label}`);
  });

  it("refuses an unknown or malformed intent", async () => {
    const id = await triagedTicket(accountA);
    const unknown = await call(`/app/tickets/${id}/correction`, { method: "POST", body: { intent: "no_such_intent_label" } });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: "unknown_intent" });
    const bad = await call(`/app/tickets/${id}/correction`, { method: "POST", body: { intent: "Not A Label!" } });
    expect(bad.status).toBe(400);
  });

  it("exports corrections as JSONL training data (latest per ticket)", async () => {
    const account = uniqueAccountId("side-x");
    const secret = "sidebar-secret-for-export-account-00";
    await createAccount(account, secrets(secret));
    await putRules(account, RULES);
    const id = await triagedTicket(account);
    const [first, second] = await modelLabels();
    for (const intent of [first, second]) {
      const res = await call(`/app/tickets/${id}/correction`, { method: "POST", body: { intent }, account, secret });
      expect(res.status).toBe(201);
    }
    const res = await SELF.fetch(`http://worker/admin/corrections.jsonl?account=${account}`, { headers: ADMIN });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/application\/x-ndjson/);
    const lines = (await res.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([{ text: "My parcel has not arrived The parcel I ordered two weeks ago has not arrived yet.", label: second }]);
    expect((await SELF.fetch(`http://worker/admin/corrections.jsonl?account=${account}`)).status).toBe(401);
    const full = (await (await SELF.fetch(`http://worker/admin/corrections?account=${account}`, { headers: ADMIN })).json()) as {
      corrections: CorrectionView[];
    };
    expect(full.corrections).toHaveLength(2);
    expect(full.corrections[0]).toMatchObject({ oldIntent: first, newIntent: second });
  });
});

describe("demo desk", () => {
  it("does not exist unless DEMO_DESK is on", async () => {
    expect((await SELF.fetch("http://127.0.0.1/demo/api/config")).status).toBe(404);
    expect((await SELF.fetch("http://127.0.0.1/demo/api/zaf/request", { method: "POST", body: "{}" })).status).toBe(404);
  });

  it("plays the ZAF proxy: signs the sidebar's JWT on the server with the secure setting", async () => {
    await createAccount("demo", secrets("demo-sidebar-secret-for-tests-000"));
    await putRules("demo", RULES);
    const id = await triagedTicket("demo");
    const app = createApp();
    const demoEnv = { ...env, DEMO_DESK: "on" };
    const proxy = (options: Record<string, unknown>, host = "127.0.0.1:8787") =>
      app.fetch(
        new Request(`http://${host}/demo/api/zaf/request`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(options) }),
        demoEnv,
      );
    const options = {
      url: `{{setting.worker_url}}/app/tickets/${id}`,
      type: "GET",
      headers: { Authorization: "Bearer {{jwt.token}}" },
      jwt: { algorithm: "HS256", secret_key: "{{setting.shared_secret}}", expiry: 300, claims: { account: "demo", ...AGENT, req: `GET /app/tickets/${id}` } },
      secure: true,
      cors: false,
    };
    const res = await proxy(options);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain("demo-sidebar-secret-for-tests-000");
    const out = JSON.parse(text) as { status: number; body: string };
    expect(out.status).toBe(200);
    expect(JSON.parse(out.body)).toMatchObject({ account: "demo", state: "triaged", ticket: { id } });

    // A secure setting without secure: true is refused, as ZAF does.
    const insecure = await proxy({ ...options, secure: false });
    expect(insecure.status).toBe(400);
    // Only loopback hosts, only this Worker.
    expect((await proxy(options, "demo.example.com")).status).toBe(404);
    expect((await proxy({ ...options, url: "https://evil.example.com/app/intents" })).status).toBe(400);
    // Only JSON from loopback pages (another site in the developer's browser cannot drive the demo).
    const foreign = await app.fetch(
      new Request("http://127.0.0.1:8787/demo/api/zaf/request", {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: "https://evil.example.com" },
        body: JSON.stringify(options),
      }),
      demoEnv,
    );
    expect(foreign.status).toBe(403);
    const form = await app.fetch(
      new Request("http://127.0.0.1:8787/demo/api/zaf/request", { method: "POST", headers: { "Content-Type": "text/plain" }, body: JSON.stringify(options) }),
      demoEnv,
    );
    expect(form.status).toBe(403);
    // Off means off, even on loopback.
    const off = await app.fetch(new Request("http://127.0.0.1:8787/demo/api/zaf/request", { method: "POST", body: JSON.stringify(options) }), env);
    expect(off.status).toBe(404);
  });
});
