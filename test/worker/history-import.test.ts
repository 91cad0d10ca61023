/**
 * Zendesk history → training examples through POST /admin/history/import, against the fake Zendesk's Incremental
 * Ticket Export over HTTP: pages resume from the cursor, a 429 hands back Retry-After and the next call continues,
 * labels come from a custom field or a tag prefix, unknown labels are counted, only solved/closed tickets count,
 * re-runs add nothing twice, and the import only ever reads from Zendesk.
 *
 * What each ticket should give is worked out here from the seeded history itself (status, tags, field), not
 * hard-coded. The fake is shared with other test files; only this history is solved or closed, and the other
 * files' tickets (open, newer) are passed over without a count.
 */
import { env, SELF } from "cloudflare:test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HISTORY_INTENT_FIELD_ID, HISTORY_TAG_PREFIX, historySeed, type HistorySeed } from "../../dev/fakes/zendesk/history-seed";
import type { SeedTicket } from "../../dev/fakes/zendesk/types";
import type { HistoryImportResult } from "../../worker/history/import";
import { auditEntries } from "../../worker/store/audit";
import { database } from "../../worker/store/db";
import { currentTaxonomy } from "../../worker/store/intents";
import { trainingExamplesFor } from "../../worker/store/training-examples";
import { modelText } from "../../worker/triage/ticket-text";
import { ADMIN, createAccount, uniqueAccountId, uniqueTicketId } from "./helpers";

const db = database(env.DB);
const SINCE = new Date(Date.now() - 125 * 86_400_000).toISOString();
let history: HistorySeed;
let known: Set<string>;

type Label = { kind: "field"; fieldId: number } | { kind: "tag"; prefix: string };
type Expected = { intent: string } | { skipped: "unlabelled" | "unknownIntent" | "empty" } | { notFinal: true };

/** The oracle: what one seeded ticket should give, read straight off the seed. */
function expectedFor(t: SeedTicket, label: Label): Expected {
  if (t.status !== "solved" && t.status !== "closed") return { notFinal: true };
  const values =
    label.kind === "tag"
      ? (t.tags ?? []).filter((tag) => tag.startsWith(label.prefix)).map((tag) => tag.slice(label.prefix.length))
      : (t.custom_fields ?? []).filter((f) => f.id === label.fieldId && typeof f.value === "string").map((f) => f.value as string);
  if (values.length === 0) return { skipped: "unlabelled" };
  const intent = values[0] as string;
  if (!known.has(intent)) return { skipped: "unknownIntent" };
  if (!t.subject && !t.description) return { skipped: "empty" };
  return { intent };
}

function expectedTotals(label: Label) {
  const totals = { imported: 0, skipped: { unlabelled: 0, unknownIntent: 0, empty: 0 } };
  const intents = new Map<number, string>();
  for (const t of history.tickets) {
    const e = expectedFor(t, label);
    if ("intent" in e) {
      totals.imported++;
      intents.set(t.id as number, e.intent);
    } else if ("skipped" in e) totals.skipped[e.skipped]++;
  }
  return { totals, intents };
}

function importHistory(account: string, body: Record<string, unknown>): Promise<Response> {
  return SELF.fetch(`http://worker/admin/history/import?account=${account}`, {
    method: "POST",
    headers: { ...ADMIN, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function importOk(account: string, body: Record<string, unknown>): Promise<HistoryImportResult> {
  const res = await importHistory(account, body);
  const json = (await res.json()) as HistoryImportResult;
  expect(res.status, JSON.stringify(json)).toBe(200);
  return json;
}

/** Calls until done, the way the training CLI does; returns the summed counts and every answer. */
async function importAll(account: string, body: Record<string, unknown>, from: string | null = null) {
  const sum = { imported: 0, skipped: { unlabelled: 0, unknownIntent: 0, empty: 0 }, pages: 0 };
  const answers: HistoryImportResult[] = [];
  let cursor = from;
  for (let call = 0; call < 50; call++) {
    const r = await importOk(account, cursor ? { ...body, cursor } : body);
    answers.push(r);
    sum.imported += r.imported;
    sum.pages += r.pages;
    for (const k of ["unlabelled", "unknownIntent", "empty"] as const) sum.skipped[k] += r.skipped[k];
    cursor = r.cursor;
    if (r.done) return { sum, answers };
  }
  throw new Error("the import never finished");
}

function fake(path: string, init?: RequestInit): Promise<Response> {
  return fetch(`${env.FAKE_ZENDESK_URL}${path}`, init);
}

const setRateLimit = (limit: { requests: number; windowSeconds: number } | { off: true }) =>
  fake("/__fake/rate-limit", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(limit) });

async function storedExamples(account: string) {
  return trainingExamplesFor(db, account, { split: "all" });
}

beforeAll(async () => {
  history = historySeed({ now: Date.now() });
  const res = await fake("/__fake/seed", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(history) });
  expect(res.status).toBe(200);
  // This file pages through the export many times a minute; the rate-limit test sets its own limit.
  expect((await setRateLimit({ off: true })).status).toBe(200);
  const probe = uniqueAccountId("hist-probe");
  await createAccount(probe);
  const { taxonomy } = await currentTaxonomy(db, probe);
  known = new Set(taxonomy.intents.filter((i) => i.enabled).map((i) => i.id));
});

afterAll(async () => {
  await fake("/__fake/rate-limit", { method: "DELETE" });
});

describe("the seeded history", () => {
  it("is a few hundred tickets over ~120 days, labelled across the shipped intents, with noise", () => {
    expect(history.tickets.length).toBeGreaterThanOrEqual(300);
    expect(history.tickets.length).toBeLessThanOrEqual(400);
    const tagged = new Set(history.tickets.flatMap((t) => (t.tags ?? []).filter((tag) => tag.startsWith(HISTORY_TAG_PREFIX))));
    const shipped = [...known].filter((id) => id !== "out_of_scope");
    for (const id of shipped) expect(tagged.has(`${HISTORY_TAG_PREFIX}${id}`), id).toBe(true);
    const times = history.tickets.map((t) => Date.parse(t.updated_at as string));
    expect(Date.now() - Math.min(...times)).toBeGreaterThan(100 * 86_400_000);
    const { totals } = expectedTotals({ kind: "tag", prefix: HISTORY_TAG_PREFIX });
    expect(totals.skipped.unknownIntent).toBeGreaterThan(0);
    expect(totals.skipped.unlabelled).toBeGreaterThan(0);
    expect(totals.skipped.empty).toBeGreaterThan(0);
    expect(history.tickets.some((t) => "notFinal" in expectedFor(t, { kind: "tag", prefix: HISTORY_TAG_PREFIX }))).toBe(true);
  });
});

describe("POST /admin/history/import", () => {
  it("imports page by page, resuming from the cursor, with totals that add up and no duplicates", async () => {
    const account = uniqueAccountId("hist-tag");
    await createAccount(account);
    const label: Label = { kind: "tag", prefix: HISTORY_TAG_PREFIX };
    const body = { since: SINCE, labelTagPrefix: HISTORY_TAG_PREFIX, perPage: 60 };

    const first = await importOk(account, body);
    expect(first).toMatchObject({ pages: 1, done: false });
    expect(typeof first.cursor).toBe("string");
    expect(first.imported + first.skipped.unlabelled + first.skipped.unknownIntent + first.skipped.empty).toBeLessThanOrEqual(60);
    expect((await storedExamples(account)).length).toBe(first.imported);

    const rest = await importAll(account, { ...body, maxPages: 3 }, first.cursor);
    expect(rest.answers.every((a) => a.pages <= 3)).toBe(true);
    const imported = first.imported + rest.sum.imported;
    const { totals, intents } = expectedTotals(label);
    expect(imported).toBe(totals.imported);
    for (const k of ["unlabelled", "unknownIntent", "empty"] as const) expect(first.skipped[k] + rest.sum.skipped[k], k).toBe(totals.skipped[k]);

    const rows = await storedExamples(account);
    expect(rows.length).toBe(totals.imported);
    expect(new Set(rows.map((r) => r.ticketId)).size).toBe(rows.length);
    const byId = new Map(history.tickets.map((t) => [t.id as number, t]));
    for (const row of rows) {
      const t = byId.get(row.ticketId);
      expect(t, `ticket ${row.ticketId}`).toBeDefined();
      expect(row).toMatchObject({ intent: intents.get(row.ticketId), source: "import", confidence: 1 });
      // Exactly what the edge model classifies for the ticket: the subject and the first message.
      const snapshot = {
        id: row.ticketId,
        subject: t?.subject ?? "",
        description: t?.description ?? "",
        comments: [],
        status: null,
        priority: null,
        channel: null,
        tags: [],
        requesterTags: [],
        organizationTags: [],
      };
      expect(row.text).toBe(modelText(snapshot));
    }
    // Unknown, unlabelled and unfinished tickets stored nothing.
    const stored = new Set(rows.map((r) => r.ticketId));
    for (const t of history.tickets) if (!intents.has(t.id as number)) expect(stored.has(t.id as number), `ticket ${t.id}`).toBe(false);

    // A re-run from the start writes the same rows again, never a second copy.
    const again = await importAll(account, { since: SINCE, labelTagPrefix: HISTORY_TAG_PREFIX, maxPages: 10 });
    expect(again.sum.imported).toBe(totals.imported);
    expect((await storedExamples(account)).length).toBe(totals.imported);
  });

  it("reads the label from a custom field, mapped through the taxonomy's intent ids", async () => {
    const account = uniqueAccountId("hist-field");
    await createAccount(account);
    const { sum } = await importAll(account, { since: SINCE, labelField: HISTORY_INTENT_FIELD_ID, maxPages: 10 });
    const { totals, intents } = expectedTotals({ kind: "field", fieldId: HISTORY_INTENT_FIELD_ID });
    expect(sum.imported).toBe(totals.imported);
    expect(sum.skipped).toEqual(totals.skipped);
    const rows = await storedExamples(account);
    expect(new Map(rows.map((r) => [r.ticketId, r.intent]))).toEqual(intents);
    // Agents set the tag and the field separately: the two sources do not agree on every ticket.
    const byTag = expectedTotals({ kind: "tag", prefix: HISTORY_TAG_PREFIX }).intents;
    expect([...intents].some(([id, intent]) => byTag.get(id) !== intent)).toBe(true);
  });

  it("only counts what changed since `since` (default: 90 days)", async () => {
    const account = uniqueAccountId("hist-since");
    await createAccount(account);
    const { sum } = await importAll(account, { labelTagPrefix: HISTORY_TAG_PREFIX, maxPages: 10 });
    const cutoff = Date.now() - 90 * 86_400_000;
    // The fake compares whole seconds (generated_timestamp) with start_time.
    const recent = history.tickets.filter((t) => Math.floor(Date.parse(t.updated_at as string) / 1000) >= Math.floor(cutoff / 1000));
    const expected = recent.filter((t) => "intent" in expectedFor(t, { kind: "tag", prefix: HISTORY_TAG_PREFIX })).length;
    expect(sum.imported).toBeGreaterThan(0);
    expect(sum.imported).toBeLessThan(expectedTotals({ kind: "tag", prefix: HISTORY_TAG_PREFIX }).totals.imported);
    // Give or take the tickets that crossed the cutoff between computing it here and the Worker's own clock.
    expect(Math.abs(sum.imported - expected)).toBeLessThanOrEqual(1);
  });

  it("on Zendesk's 429 returns what it got, the cursor and Retry-After; the next call continues", async () => {
    const account = uniqueAccountId("hist-429");
    await createAccount(account);
    expect((await setRateLimit({ requests: 2, windowSeconds: 60 })).status).toBe(200);
    const body = { since: SINCE, labelTagPrefix: HISTORY_TAG_PREFIX, perPage: 50 };
    try {
      const limited = await importOk(account, { ...body, maxPages: 5 });
      expect(limited.pages).toBe(2);
      expect(limited.done).toBe(false);
      expect(limited.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(limited.retryAfterSeconds).toBeLessThanOrEqual(60);
      expect(typeof limited.cursor).toBe("string");
      expect((await storedExamples(account)).length).toBe(limited.imported);

      // Still inside the window: nothing read, the same cursor back, and no sleeping in the Worker.
      const started = Date.now();
      const refused = await importOk(account, { ...body, cursor: limited.cursor, maxPages: 5 });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(refused).toMatchObject({ imported: 0, pages: 0, cursor: limited.cursor, done: false });
      expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);

      // The window has passed (the fake's limit is lifted): the import picks up where it stopped.
      await setRateLimit({ off: true });
      const rest = await importAll(account, { ...body, maxPages: 10 }, limited.cursor);
      const { totals } = expectedTotals({ kind: "tag", prefix: HISTORY_TAG_PREFIX });
      expect(limited.imported + rest.sum.imported).toBe(totals.imported);
      expect((await storedExamples(account)).length).toBe(totals.imported);
    } finally {
      await setRateLimit({ off: true });
    }
  });

  it("refuses bad input with a reason", async () => {
    const account = uniqueAccountId("hist-bad");
    await createAccount(account);
    const cases: [Record<string, unknown>, string][] = [
      [{}, "label_source_required"],
      [{ labelField: 1, labelTagPrefix: "intent__" }, "label_source_required"],
      [{ labelTagPrefix: "intent__", maxPages: 11 }, "invalid_history_import"],
      [{ labelTagPrefix: "intent__", maxPages: 0 }, "invalid_history_import"],
      [{ labelTagPrefix: "Intent Tags" }, "invalid_history_import"],
      [{ labelField: -3 }, "invalid_history_import"],
      [{ labelTagPrefix: "intent__", cursor: "../../etc" }, "invalid_history_import"],
      // Well formed, but not a cursor Zendesk issued: Zendesk refuses it, and so does the import.
      [{ labelTagPrefix: "intent__", cursor: "bm90LWEtY3Vyc29y" }, "zendesk_export_refused"],
      [{ labelTagPrefix: "intent__", unknown: true }, "invalid_history_import"],
      [{ labelTagPrefix: "intent__", since: "last tuesday" }, "invalid_since"],
      [{ labelTagPrefix: "intent__", since: new Date(Date.now() + 86_400_000).toISOString() }, "invalid_since"],
    ];
    for (const [body, error] of cases) {
      const res = await importHistory(account, body);
      const json = (await res.json()) as { error: string; message: string };
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(json.error, JSON.stringify(body)).toBe(error);
      expect(json.message.length).toBeGreaterThan(10);
    }
    expect((await importHistory("no-such-account-h5", { labelTagPrefix: "intent__" })).status).toBe(404);
    const unauthenticated = await SELF.fetch(`http://worker/admin/history/import?account=${account}`, { method: "POST", body: "{}" });
    expect(unauthenticated.status).toBe(401);
  });

  it("only reads from Zendesk, and audits counts without ticket text", async () => {
    const account = uniqueAccountId("hist-ro");
    const apiEmail = `${account}@example.com`;
    await createAccount(account, { apiEmail });
    const { answers } = await importAll(account, { since: SINCE, labelTagPrefix: HISTORY_TAG_PREFIX, maxPages: 10, perPage: 200 });
    const { requests } = (await (await fake("/__fake/requests?pathPrefix=/api/v2/")).json()) as {
      requests: { method: string; path: string; query: Record<string, string>; auth: { user?: string } }[];
    };
    const mine = requests.filter((r) => r.auth.user === apiEmail);
    expect(mine.length).toBeGreaterThanOrEqual(2);
    for (const r of mine) expect(`${r.method} ${r.path}`).toBe("GET /api/v2/incremental/tickets/cursor.json");
    expect(mine[0]?.query.start_time).toBe(String(Math.floor(Date.parse(SINCE) / 1000)));
    expect(mine.slice(1).every((r) => typeof r.query.cursor === "string")).toBe(true);

    const entries = (await auditEntries(db, account)).filter((e) => e.action === "history.imported");
    // One entry per call.
    expect(entries.length).toBe(answers.length);
    expect(entries[0]?.details).toMatchObject({ imported: expect.any(Number), pages: expect.any(Number), labels: `tag:${HISTORY_TAG_PREFIX}` });
    const logged = JSON.stringify(entries.map((e) => e.details));
    for (const t of history.tickets.slice(0, 50)) if (t.subject && t.subject.length > 12) expect(logged).not.toContain(t.subject);
  });

  it("answers 424 when the account has no Zendesk credentials, and 502 with the progress when the export fails", async () => {
    const bare = uniqueAccountId("hist-nocreds");
    await createAccount(bare, { apiEmail: null, secrets: { webhookSigningSecret: "c2VjcmV0LXNlY3JldC1zZWNyZXQ=" } });
    const noCreds = await importHistory(bare, { labelTagPrefix: HISTORY_TAG_PREFIX });
    expect(noCreds.status).toBe(424);
    expect(((await noCreds.json()) as { error: string }).error).toBe("zendesk_export_failed");

    const account = uniqueAccountId("hist-500");
    await createAccount(account);
    const fault = await fake("/__fake/faults", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ method: "GET", path: "/api/v2/incremental/tickets/cursor.json", status: 500, times: 1 }),
    });
    expect(fault.status).toBe(201);
    const failed = await importHistory(account, { since: SINCE, labelTagPrefix: HISTORY_TAG_PREFIX });
    expect(failed.status).toBe(502);
    const json = (await failed.json()) as { error: string; details: { status: number; pages: number; cursor: string | null } };
    expect(json).toMatchObject({ error: "zendesk_export_failed", details: { status: 500, pages: 0, cursor: null } });
  });
});

describe("the fake's Incremental Ticket Export (wire format)", () => {
  const auth = { Authorization: `Basic ${btoa("agent@example.com/token:x")}` };
  const exportPage = (query: string) => fake(`/api/v2/incremental/tickets/cursor.json?${query}`, { headers: auth });

  it("pages oldest change first with after_cursor, before_cursor and end_of_stream, and holds back the last minute", async () => {
    const fresh = uniqueTicketId();
    const settled = uniqueTicketId();
    const seed = (id: number, updatedMsAgo: number) =>
      fake("/__fake/tickets", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          id,
          subject: "Wire check",
          description: "Just checking the export.",
          // Seeded tickets are never updated before they were created: both times in the past.
          created_at: new Date(Date.now() - updatedMsAgo).toISOString(),
          updated_at: new Date(Date.now() - updatedMsAgo).toISOString(),
        }),
      });
    await seed(fresh, 5_000);
    await seed(settled, 3 * 60_000);

    const start = Math.floor(Date.parse(SINCE) / 1000);
    let res = await exportPage(`start_time=${start}&per_page=100`);
    const seen: { id: number; generated_timestamp: number }[] = [];
    for (let i = 0; i < 100; i++) {
      expect(res.status).toBe(200);
      const page = (await res.json()) as {
        tickets: { id: number; generated_timestamp: number }[];
        after_cursor: string;
        after_url: string;
        before_cursor: string | null;
        end_of_stream: boolean;
      };
      expect(page.tickets.length).toBeLessThanOrEqual(100);
      expect(page.after_url).toContain(`cursor=${encodeURIComponent(page.after_cursor)}`);
      seen.push(...page.tickets);
      if (page.end_of_stream) break;
      res = await exportPage(`cursor=${encodeURIComponent(page.after_cursor)}&per_page=100`);
    }
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [seen[i - 1], seen[i]] as [(typeof seen)[number], (typeof seen)[number]];
      expect(a.generated_timestamp < b.generated_timestamp || (a.generated_timestamp === b.generated_timestamp && a.id < b.id)).toBe(true);
    }
    const ids = new Set(seen.map((t) => t.id));
    expect(ids.has(settled)).toBe(true);
    expect(ids.has(fresh)).toBe(false);
    for (const t of history.tickets) expect(ids.has(t.id as number)).toBe(true);
  });

  it("refuses a missing start, a bad cursor and a too recent start_time; 429 carries Retry-After", async () => {
    expect((await exportPage("")).status).toBe(400);
    expect((await exportPage("cursor=bm90LWEtY3Vyc29y")).status).toBe(400);
    expect((await exportPage(`start_time=${Math.floor(Date.now() / 1000)}`)).status).toBe(400);
    expect((await fake("/api/v2/incremental/tickets/cursor.json?start_time=0")).status).toBe(401);
    await setRateLimit({ requests: 1, windowSeconds: 30 });
    try {
      expect((await exportPage("start_time=0&per_page=1")).status).toBe(200);
      const limited = await exportPage("start_time=0&per_page=1");
      expect(limited.status).toBe(429);
      const retryAfter = Number(limited.headers.get("Retry-After"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(30);
      expect(await limited.json()).toMatchObject({ error: "APIRateLimitExceeded" });
    } finally {
      await setRateLimit({ off: true });
    }
  });
});
