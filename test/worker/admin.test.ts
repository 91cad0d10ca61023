import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { ReplayReport } from "../../worker/triage/engine/replay";
import { ADMIN, adminTicket, createAccount, postWebhook, putRules, seedTicket, ticketEvent, uniqueAccountId, uniqueTicketId, waitFor } from "./helpers";

const account = uniqueAccountId("admin");

beforeAll(async () => {
  await createAccount(account);
});

const admin = (path: string, init: RequestInit = {}) => SELF.fetch(`http://worker/admin${path}`, { ...init, headers: { ...ADMIN, ...(init.headers ?? {}) } });

describe("admin auth", () => {
  it("refuses requests without the bearer token", async () => {
    expect((await SELF.fetch(`http://worker/admin/rules?account=${account}`)).status).toBe(401);
    const wrong = await SELF.fetch(`http://worker/admin/rules?account=${account}`, { headers: { Authorization: "Bearer nope" } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: "unauthorized" });
  });

  it("never returns account secrets", async () => {
    const res = await admin(`/accounts/${account}`);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toContain("test-api-token");
    expect(text).not.toContain("dGhpc19zZWNyZXRf");
    const row = await env.DB.prepare("select secrets_ciphertext from accounts where id = ?").bind(account).first<{ secrets_ciphertext: string }>();
    expect(row!.secrets_ciphertext).toMatch(/^v1:/);
    expect(row!.secrets_ciphertext).not.toContain("test-api-token");
  });

  it("validates the account body", async () => {
    const res = await admin("/accounts/bad-one", { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ secrets: {} }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_account" });
  });
});

describe("rule table API", () => {
  const table = `# our rules
rules:
  - id: refunds
    when: { text: { keywords: [refund] } }
    then: { route: draft, tags: [refund] }
`;

  it("replaces, lists and exports the table as it was written (comments kept)", async () => {
    const put = await putRules(account, table);
    expect(put.status).toBe(200);
    const { version } = await put.json<{ version: number }>();
    const list = await (await admin(`/rules?account=${account}`)).json<{ version: number; table: { rules: { id: string }[] } }>();
    expect(list.version).toBe(version);
    expect(list.table.rules.map((r) => r.id)).toEqual(["refunds"]);
    const exported = await admin(`/rules?account=${account}&format=source`);
    expect(await exported.text()).toBe(table);
  });

  it("rejects an invalid table with 422 naming the rule, and keeps the live one", async () => {
    const before = await (await admin(`/rules?account=${account}`)).json<{ version: number }>();
    const bad = "rules:\n  - id: ok\n    then: { tags: [x] }\n  - id: broken\n    when: { body: { regex: '([' } }\n    then: { route: draft }\n";
    const res = await putRules(account, bad);
    expect(res.status).toBe(422);
    const body = await res.json<{ error: string; details: { errors: { index: number; ruleId: string; path: string; text: string }[] } }>();
    expect(body.error).toBe("invalid_rules");
    expect(body.details.errors[0]).toMatchObject({ index: 1, ruleId: "broken", path: "when.body.regex" });
    expect(body.details.errors[0]!.text).toMatch(/^rule #1 'broken' at when\.body\.regex: invalid regular expression/);
    const after = await (await admin(`/rules?account=${account}`)).json<{ version: number }>();
    expect(after.version).toBe(before.version);
  });

  it("validates without saving", async () => {
    const ok = await admin("/rules/validate", { method: "POST", body: table, headers: { "Content-Type": "application/yaml" } });
    expect(await ok.json()).toMatchObject({ valid: true, rules: 1 });
    const bad = await admin("/rules/validate", { method: "POST", body: '{"rules": [{"id": "x"}]}', headers: { "Content-Type": "application/json" } });
    expect(bad.status).toBe(422);
  });

  it("dry-runs a candidate table against stored tickets", async () => {
    const ids = [uniqueTicketId(), uniqueTicketId(), uniqueTicketId()];
    const texts = ["I want a refund for the blender", "My lawyer says this is illegal", "What are your opening hours?"];
    for (const [i, id] of ids.entries()) {
      await seedTicket({ id, subject: `Ticket ${i}`, description: texts[i] });
      await postWebhook(JSON.stringify(ticketEvent(id, { subject: `Ticket ${i}`, description: texts[i] })), { account });
    }
    for (const id of ids)
      await waitFor(async () => ((await adminTicket(account, id)).writeback?.status === "succeeded" ? true : undefined), `ticket ${id} triaged`);

    const candidate = `rules:
  - id: refunds
    when: { text: { keywords: [refund] } }
    then: { route: draft, tags: [refund] }
  - id: legal
    when: { text: { keywords: [lawyer] } }
    then: { route: escalate, priority: urgent, tags: [legal_risk] }
`;
    const res = await admin(`/rules/dry-run?account=${account}`, { method: "POST", body: candidate, headers: { "Content-Type": "application/yaml" } });
    expect(res.status).toBe(200);
    const report = await res.json<ReplayReport>();
    expect(report.ticketsEvaluated).toBeGreaterThanOrEqual(3);
    expect(report.ticketsChanged).toBeGreaterThanOrEqual(1);
    // Before: whatever the live table says (auto, or draft when the model is unsure); after: escalate.
    expect(Object.keys(report.changes.route).some((k) => k.endsWith("→ escalate"))).toBe(true);
    expect(Object.keys(report.changes.priority).some((k) => k.endsWith("→ urgent"))).toBe(true);
    expect(report.tagsAdded.legal_risk).toBeGreaterThanOrEqual(1);
    expect(report.ruleHits.legal).toBeGreaterThanOrEqual(1);
    const example = report.examples.find((e: { ticketId: number }) => e.ticketId === ids[1]);
    expect(example).toMatchObject({ after: { route: "escalate", priority: "urgent" }, rules: ["legal"] });
    expect(example!.before.route).not.toBe("escalate");
    // A dry-run changes nothing.
    expect((await (await admin(`/rules?account=${account}`)).json<{ table: { rules: unknown[] } }>()).table.rules).toHaveLength(1);
  });
});

describe("GET /admin/tickets/:id", () => {
  it("shows the ticket, its decision and the write-back", async () => {
    const id = uniqueTicketId();
    await seedTicket({ id, subject: "Refund please", description: "I would like a refund" });
    await postWebhook(JSON.stringify(ticketEvent(id, { subject: "Refund please", description: "I would like a refund" })), { account });
    const view = await waitFor(async () => {
      const v = await adminTicket(account, id);
      return v.writeback?.status === "succeeded" ? v : undefined;
    }, "ticket triaged");
    expect(view.ticket).toMatchObject({ id, subject: "Refund please" });
    expect(Object.keys(view.decision)).toEqual(
      expect.arrayContaining([
        "intent",
        "confidence",
        "priority",
        "sentiment",
        "language",
        "tags",
        "route",
        "reasons",
        "ruleHits",
        "modelVersion",
        "latencyMs",
      ]),
    );
    expect(view.writeback).toMatchObject({ status: "succeeded", attempts: 1 });
    expect(view.events[0]).toMatchObject({ eventType: "zen:event-type:ticket.created", status: "triaged" });
  });

  it("answers 404 for unknown tickets and accounts, 400 for bad ids", async () => {
    expect((await admin(`/tickets/1?account=${account}`)).status).toBe(404);
    expect((await admin(`/tickets/1?account=nobody-here`)).status).toBe(404);
    expect((await admin(`/tickets/abc?account=${account}`)).status).toBe(400);
    expect((await admin(`/tickets/1`)).status).toBe(400);
  });

  it("keeps an audit log of admin changes", async () => {
    const res = await admin(`/audit?account=${account}`);
    const { entries } = await res.json<{ entries: { action: string }[] }>();
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(["account.created", "rules.replaced"]));
  });
});
