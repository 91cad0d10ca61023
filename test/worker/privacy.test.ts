/**
 * Retention and forgetting a requester (worker/store/privacy.ts): tickets go through the real pipeline (webhook →
 * queue → triage → draft workflow with the fake LLM, escalation with its summary), then every text column of every
 * table is searched for the requester's phrases, e-mail address and name.
 */
import { env, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { decideDraft } from "../../worker/approval/lifecycle";
import { applyRetentionFor } from "../../worker/queue/retention";
import { sweep } from "../../worker/queue/sweep";
import { RETENTION_DEFAULTS } from "../../worker/settings/account";
import { database } from "../../worker/store/db";
import { insertCorrection } from "../../worker/store/corrections";
import { draftingAccount, marker } from "./drafting-fixtures";
import { ADMIN, createAccount, postWebhook, putRules, seedTicket, seedZendeskUser, ticketEvent, uniqueAccountId, uniqueTicketId, waitFor } from "./helpers";

// The rules set intents the shipped model would not give these texts, so the rule tier decides each ticket and
// each becomes a training example, whatever the model says (a rule agreeing with the model leaves the tier "model").
const RULES = `
rules:
  - id: refunds
    when: { text: { keywords: [refund] } }
    then: { route: draft, intent: complaint }
  - id: lawyer
    when: { text: { keywords: [lawyer] } }
    then: { route: escalate, intent: contact_human_agent, stop: true }
`;

const admin = (path: string, init: RequestInit = {}) =>
  SELF.fetch(`http://worker/admin${path}`, { ...init, headers: { ...ADMIN, "Content-Type": "application/json", ...(init.headers ?? {}) } });

async function sql<T>(query: string, ...params: unknown[]): Promise<T[]> {
  return (
    await env.DB.prepare(query)
      .bind(...params)
      .all<T>()
  ).results;
}

/** Every table and its columns, as the migrations created them (FTS shadow tables included). */
async function allColumns(): Promise<{ table: string; columns: string[] }[]> {
  const tables = await sql<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations'",
  );
  const out: { table: string; columns: string[] }[] = [];
  for (const { name } of tables) {
    const columns = (await sql<{ name: string }>("SELECT name FROM pragma_table_info(?)", name)).map((c) => c.name);
    if (columns.length) out.push({ table: name, columns });
  }
  return out;
}

/** Where `needle` occurs (case-insensitively) in any column of any table: ["table.column (n rows)"]. */
async function whereFound(needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const { table, columns } of await allColumns())
    for (const column of columns) {
      const [row] = await sql<{ n: number }>(`SELECT count(*) AS n FROM "${table}" WHERE instr(lower(CAST("${column}" AS TEXT)), lower(?)) > 0`, needle);
      if (row && row.n > 0) found.push(`${table}.${column} (${row.n} rows)`);
    }
  return found;
}

async function draftOf(account: string, ticketId: number, status = "pending") {
  return waitFor(async () => {
    const [row] = await sql<{ id: number; status: string; body: string | null }>(
      "SELECT id, status, body FROM drafts WHERE account_id = ? AND ticket_id = ?",
      account,
      ticketId,
    );
    return row?.status === status ? row : undefined;
  }, `draft ${status} for ticket ${ticketId}`);
}

async function escalationOf(account: string, ticketId: number) {
  return waitFor(async () => {
    const [row] = await sql<{ summary: string | null }>("SELECT summary FROM escalations WHERE account_id = ? AND ticket_id = ?", account, ticketId);
    return row?.summary ? row : undefined;
  }, `escalation summary for ticket ${ticketId}`);
}

/** A requester with their own Zendesk user, words that appear nowhere else, and a ticket posted through the webhook. */
async function requester(label: string) {
  const m = marker(label);
  const name = `Wilhelmina ${m.replace(/-/g, "").replace(/^./, (c) => c.toUpperCase())}`;
  const email = `${m}@example.org`;
  const id = await seedZendeskUser({ name, email, role: "end-user" });
  return { m, name, email, id };
}

async function postTicket(account: string, requesterId: number, subject: string, description: string): Promise<number> {
  const ticketId = uniqueTicketId();
  await seedTicket({ id: ticketId, subject, description, requester_id: requesterId, updated_at: "2026-11-01T10:00:00Z" });
  const res = await postWebhook(JSON.stringify(ticketEvent(ticketId, { subject, description })), { account });
  expect(res.status).toBe(202);
  return ticketId;
}

describe("forgetting a requester", () => {
  let account: string;
  beforeAll(async () => {
    account = await draftingAccount({ prefix: "forget" });
    expect((await putRules(account, RULES)).status).toBe(200);
  });

  it("removes their text from every table, keeps ids and counts, and leaves another requester's data intact", async () => {
    const a = await requester("fa");
    const b = await requester("fb");
    const phrase = (r: { m: string; email: string; name: string }) => `my ${r.m} lamp flickers. Write to ${r.email}. Thanks, ${r.name}`;
    const a1 = await postTicket(account, a.id, `Refund for the ${a.m} lamp`, `Hello, I want a refund: ${phrase(a)}`);
    const a2 = await postTicket(account, a.id, `Still no answer ${a.m}`, `My lawyer will hear about the ${a.m} lamp. ${phrase(a)}`);
    const b1 = await postTicket(account, b.id, `Refund for the ${b.m} lamp`, `Hello, I want a refund: ${phrase(b)}`);

    // Their draft is edited by an agent (the approval audit keeps both texts), the other ticket is escalated with a summary.
    const draft = await draftOf(account, a1);
    const edited = await decideDraft(env, {
      accountId: account,
      draftId: draft.id,
      action: "edit",
      text: `Dear ${a.name}, we refund the ${a.m} lamp.`,
      actor: { via: "sidebar", id: "501", name: "Agent Smith" },
    });
    expect(edited.ok).toBe(true);
    await escalationOf(account, a2);
    await draftOf(account, b1);
    await insertCorrection(database(env.DB), {
      accountId: account,
      ticketId: a1,
      decisionId: null,
      modelVersion: null,
      oldIntent: "get_refund",
      newIntent: "damaged_item",
      text: `Refund for the ${a.m} lamp`,
      actor: "501",
      actorName: "Agent Smith",
      via: "sidebar",
    });
    await insertCorrection(database(env.DB), {
      accountId: account,
      ticketId: b1,
      decisionId: null,
      modelVersion: null,
      oldIntent: "get_refund",
      newIntent: "damaged_item",
      text: `Refund for the ${b.m} lamp`,
      actor: "501",
      actorName: "Agent Smith",
      via: "sidebar",
    });

    // Before: both requesters' words are stored in many places.
    const before = await whereFound(a.m);
    const [examplesOfA] = await sql<{ n: number }>("SELECT COUNT(*) AS n FROM training_examples WHERE account_id = ? AND ticket_id IN (?, ?)", account, a1, a2);
    expect(before).toEqual(expect.arrayContaining([expect.stringMatching(/^tickets\.subject/), expect.stringMatching(/^events\.payload/)]));
    expect(before.some((w) => w.startsWith("training_examples.text"))).toBe(true);
    expect(before.some((w) => w.startsWith("approval_actions.final_text"))).toBe(true);
    expect(before.some((w) => w.startsWith("corrections.text"))).toBe(true);
    expect((await whereFound(a.name)).some((w) => w.startsWith("escalations.summary") || w.startsWith("drafts."))).toBe(true);

    const res = await admin(`/requesters/forget?account=${account}`, { method: "POST", body: JSON.stringify({ email: a.email.toUpperCase() }) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { requesterIds: number[]; tickets: number; removed: Record<string, number>; next: number | null };
    expect(body).toMatchObject({ requesterIds: [a.id], tickets: 2, next: null });
    // The address is in both deliveries' payloads, so the e-mail scan empties them before the per-ticket pass.
    expect(body.removed).toMatchObject({ tickets: 2, eventsMentioningEmail: 2, escalations: 1, corrections: 1 });
    expect(body.removed.drafts).toBeGreaterThanOrEqual(1);
    expect(examplesOfA?.n).toBe(2);
    expect(body.removed.trainingExamples).toBe(examplesOfA?.n);

    // After: not one column of one table holds their words, address or name.
    for (const needle of [a.m, a.email, a.name, a.name.split(" ")[1]!]) expect(await whereFound(needle), needle).toEqual([]);
    // Ids, statuses and counts stay for statistics.
    const [ticketRow] = await sql<{ requester_id: number; status: string | null; subject: string }>(
      "SELECT requester_id, status, subject FROM tickets WHERE account_id = ? AND ticket_id = ?",
      account,
      a1,
    );
    expect(ticketRow).toMatchObject({ requester_id: a.id, subject: "" });
    const decisions = await sql<{ route: string; intent: string }>(
      "SELECT route, intent FROM decisions WHERE account_id = ? AND ticket_id IN (?, ?)",
      account,
      a1,
      a2,
    );
    expect(decisions.map((d) => d.route).sort()).toEqual(["draft", "escalate"]);
    const [action] = await sql<{ action: string; edit_distance: number | null }>(
      "SELECT action, edit_distance FROM approval_actions WHERE account_id = ? AND draft_id = ?",
      account,
      draft.id,
    );
    expect(action).toMatchObject({ action: "edit" });
    expect(action!.edit_distance).toBeGreaterThan(0);

    // The other requester's data is intact.
    const other = await whereFound(b.m);
    for (const place of ["tickets.subject", "tickets.description", "events.payload", "training_examples.text", "corrections.text"])
      expect(
        other.some((w) => w.startsWith(place)),
        place,
      ).toBe(true);
    expect((await draftOf(account, b1)).body).toBeTruthy();

    // Audited with the requester's Zendesk id and counts, never the address.
    const audit = await sql<{ subject: string; details: string }>(
      "SELECT subject, details FROM audit_log WHERE account_id = ? AND action = 'requester.forgotten'",
      account,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.subject).toBe(`requester:${a.id}`);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ requesterIds: [a.id], byEmail: true, tickets: 2, finished: true });
    expect(audit[0]!.details).not.toContain(a.email);
  });

  it("forgets by Zendesk id, and answers bad input with a 4xx and a JSON reason", async () => {
    const c = await requester("fc");
    const ticketId = await postTicket(account, c.id, `Refund for the ${c.m} lamp`, `Hello, I want a refund for the ${c.m} lamp.`);
    await draftOf(account, ticketId);
    const res = await admin(`/requesters/${c.id}/forget?account=${account}`, { method: "POST" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ requesterIds: [c.id], tickets: 1, next: null });
    expect(await whereFound(c.m)).toEqual([]);
    // The open draft was closed, so nothing emptied can be approved.
    expect((await draftOf(account, ticketId, "superseded")).body).toBeNull();

    for (const [path, init, status, error] of [
      [`/requesters/abc/forget?account=${account}`, { method: "POST" }, 400, "invalid_requester_id"],
      [`/requesters/forget?account=${account}`, { method: "POST", body: JSON.stringify({ email: "not-an-address" }) }, 400, "invalid_body"],
      [`/requesters/forget?account=${account}`, { method: "POST", body: "{" }, 400, "invalid_json"],
      [`/requesters/1/forget`, { method: "POST" }, 400, "account_required"],
    ] as const) {
      const bad = await admin(path, init);
      expect(bad.status, path).toBe(status);
      expect(await bad.json()).toMatchObject({ error });
    }
    expect((await SELF.fetch(`http://worker/admin/requesters/1/forget?account=${account}`, { method: "POST" })).status).toBe(401);
  });
});

describe("retention", () => {
  const DAY = 86_400_000;
  const old = new Date(Date.now() - 400 * DAY).toISOString();

  /** Makes every row of a ticket look `at` old (the test's stand-in for time passing). */
  async function age(account: string, ticketId: number, at: string) {
    for (const [table, columns] of [
      ["events", ["created_at"]],
      ["tickets", ["created_at", "updated_at"]],
      ["decisions", ["created_at"]],
      ["writebacks", ["created_at"]],
      ["drafts", ["created_at"]],
      ["approval_actions", ["created_at"]],
      ["training_examples", ["created_at", "updated_at"]],
    ] as const)
      await env.DB.prepare(`UPDATE ${table} SET ${columns.map((c) => `${c} = ?`).join(", ")} WHERE account_id = ? AND ticket_id = ?`)
        .bind(...columns.map(() => at), account, ticketId)
        .run();
  }

  it("has documented defaults and refuses a negative window", async () => {
    const id = uniqueAccountId("ret");
    await createAccount(id);
    const got = (await (await admin(`/accounts/${id}`)).json()) as { account: { settings: { retention: unknown } } };
    expect(got.account.settings.retention).toEqual(RETENTION_DEFAULTS);
    expect(RETENTION_DEFAULTS).toEqual({ rawPayloadDays: 30, ticketTextDays: 180, draftDays: 180, trainingExampleDays: 365 });
    const bad = await admin(`/accounts/${id}`, {
      method: "PATCH",
      headers: { "Content-Type": "application/merge-patch+json" },
      body: JSON.stringify({ settings: { retention: { rawPayloadDays: -1 } } }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ details: [expect.objectContaining({ path: "settings.retention.rawPayloadDays" })] });
  });

  it("the sweep removes text older than each window in batches, keeps forever at 0, and leaves recent tickets alone", async () => {
    const account = uniqueAccountId("ret");
    // Training examples kept forever (0); everything else on short windows.
    await createAccount(account, { settings: { retention: { rawPayloadDays: 30, ticketTextDays: 90, draftDays: 90, trainingExampleDays: 0 } } });
    expect((await putRules(account, RULES)).status).toBe(200);
    const r = await requester("rt");
    const oldIds = [
      await postTicket(account, r.id, `Refund for the ${r.m} lamp`, `Hello, I want a refund for the ${r.m} lamp, first one.`),
      await postTicket(account, r.id, `Refund for the ${r.m} chair`, `Hello, I want a refund for the ${r.m} chair, second one.`),
    ];
    const fresh = marker("rn");
    const recent = await postTicket(account, r.id, `Refund for the ${fresh} desk`, `Hello, I want a refund for the ${fresh} desk.`);
    for (const id of [...oldIds, recent]) {
      await draftOf(account, id);
      // The write-back is written after the follow-up starts: wait for it too before the rows are aged.
      await waitFor(async () => {
        const [w] = await sql<{ status: string }>("SELECT status FROM writebacks WHERE account_id = ? AND ticket_id = ?", account, id);
        return w?.status === "succeeded" ? w : undefined;
      }, `write-back of ticket ${id}`);
    }
    // Decided drafts only: an open draft is still being worked on.
    await env.DB.prepare("UPDATE drafts SET status = 'rejected', reject_reason = ? WHERE account_id = ? AND ticket_id = ?")
      .bind(`not for ${r.m}`, account, oldIds[0])
      .run();
    for (const id of oldIds) await age(account, id, old);
    const examplesBefore = (await sql("SELECT id FROM training_examples WHERE account_id = ? AND ticket_id IN (?, ?)", account, ...oldIds)).length;

    // One row per table and run: the first pass takes the oldest ticket only.
    const retention = { rawPayloadDays: 30, ticketTextDays: 90, draftDays: 90, trainingExampleDays: 0 };
    const first = await applyRetentionFor(database(env.DB), account, retention, Date.now(), 1);
    expect(first).toMatchObject({ events: 1, tickets: 1, decisions: 1, writebacks: 1, drafts: 1 });
    expect(first.trainingExamples).toBeUndefined();

    // The cron's sweep finishes the backlog (and logs the counts).
    const lines: string[] = [];
    vi.spyOn(console, "log").mockImplementation((line: unknown) => void lines.push(String(line)));
    try {
      await sweep(env, Date.now());
    } finally {
      vi.restoreAllMocks();
    }
    const logged = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.message === "retention removed stored text" && l.account === account);
    expect(logged).toMatchObject({ events: 1, tickets: 1, decisions: 1, writebacks: 1 });
    expect(typeof logged?.trace).toBe("string");

    for (const id of oldIds) {
      const [t] = await sql<{ subject: string; description: string; comments: string }>(
        "SELECT subject, description, comments FROM tickets WHERE account_id = ? AND ticket_id = ?",
        account,
        id,
      );
      expect(t).toEqual({ subject: "", description: "", comments: "[]" });
      const [e] = await sql<{ payload: string; status: string }>("SELECT payload, status FROM events WHERE account_id = ? AND ticket_id = ?", account, id);
      expect(e).toEqual({ payload: "", status: "triaged" });
      const [d] = await sql<{ reasons: string; route: string }>("SELECT reasons, route FROM decisions WHERE account_id = ? AND ticket_id = ?", account, id);
      expect(d).toEqual({ reasons: "[]", route: "draft" });
      const [w] = await sql<{ request: string }>("SELECT request FROM writebacks WHERE account_id = ? AND ticket_id = ?", account, id);
      expect(JSON.parse(w!.request).comment).toBeUndefined();
      expect(JSON.parse(w!.request).additional_tags.length).toBeGreaterThan(0);
    }
    // The decided draft lost its text; the still-pending old one kept it; training examples are kept forever.
    const drafts = await sql<{ ticket_id: number; body: string | null; reject_reason: string | null; status: string }>(
      "SELECT ticket_id, body, reject_reason, status FROM drafts WHERE account_id = ? ORDER BY ticket_id",
      account,
    );
    expect(drafts.find((d) => d.ticket_id === oldIds[0])).toMatchObject({ body: null, reject_reason: null, status: "rejected" });
    expect(drafts.find((d) => d.ticket_id === oldIds[1])?.body).toBeTruthy();
    // Kept forever at 0 (how many exist depends on whether a rule or the model placed each ticket).
    expect((await sql("SELECT id FROM training_examples WHERE account_id = ? AND ticket_id IN (?, ?)", account, ...oldIds)).length).toBe(examplesBefore);
    // The recent ticket is untouched everywhere.
    expect(await whereFound(fresh)).toEqual(expect.arrayContaining([expect.stringMatching(/^tickets\.subject/), expect.stringMatching(/^events\.payload/)]));

    const audits = await sql<{ actor: string; details: string }>(
      "SELECT actor, details FROM audit_log WHERE account_id = ? AND action = 'retention.applied'",
      account,
    );
    expect(audits.length).toBe(2);
    expect(audits.every((a) => a.actor === "system:retention" && !a.details.includes(r.m))).toBe(true);

    // Nothing left to do: a further pass removes nothing and audits nothing.
    expect(await applyRetentionFor(database(env.DB), account, retention, Date.now())).toEqual({});
  });
});
