/**
 * History import runs (the durable workflow behind POST /admin/history/imports) and the replay report, against the
 * fake Zendesk over HTTP: the run stores tickets with their comments and the agents' final values, resumes after a
 * failure mid-way from its stored cursor without duplicates, sleeps on a 429 and goes on, and the replay only ever
 * reads from Zendesk. The replay's figures on a small hand-written history are worked out by hand below.
 *
 * The fixture's tickets are years older than anything else in the shared fake, so a run starting just before them
 * and stopped at their count (`limit`) reads them and nothing else.
 */
import { env, introspectWorkflow, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { SeedTicket } from "../../dev/fakes/zendesk/types";
import { replayHistory } from "../../worker/history-replay/replay";
import { classifyWithLlm } from "../../worker/llm-triage/classify";
import type { ReplayReport } from "../../worker/replay/report";
import { loadAccount } from "../../worker/store/accounts";
import { database } from "../../worker/store/db";
import { countHistoryTickets, getHistoryImport, historyTicketsOfImport, latestReplayReport } from "../../worker/store/history";
import { trainingExamplesFor } from "../../worker/store/training-examples";
import type { IntentClassifier, IntentPrediction } from "../../models/shared/types";
import { ADMIN, createAccount, injectFault, putRules, uniqueAccountId, waitFor } from "./helpers";
import { llmSettings } from "./drafting-fixtures";

const db = database(env.DB);
const DAY = 86_400_000;
const BASE = Date.now() - 2_000 * DAY;
const SINCE = new Date(BASE - DAY).toISOString();
const AGENT = 9_400_000_001;
const CUSTOMER = 9_400_000_101;
const FIRST = 81_001;

type Fixture = Omit<SeedTicket, "id"> & { n: number };
const t = (n: number, subject: string, body: string, extra: Partial<SeedTicket>): Fixture => ({
  n,
  subject,
  description: body,
  status: "solved",
  priority: "normal",
  ...extra,
});

/** The hand-written history (the replay expectations below are worked out from it by hand). */
const FIXTURE: Fixture[] = [
  t(1, "Refund for my kettle", "I want a refund for the kettle, order 5531.", { tags: ["intent__get_refund"], group_id: 111 }),
  t(2, "Where is my parcel", "My parcel has not arrived yet, can you track it?", { tags: ["intent__track_order"], group_id: 333 }),
  t(3, "Parcel question", "The parcel tracking page shows nothing, where is it?", { tags: ["intent__delivery_period"] }),
  t(4, "Letter from my lawyer", "My lawyer will write to you about the refund you refused.", {
    tags: ["intent__complaint"],
    priority: "urgent",
    group_id: 222,
  }),
  t(5, "Opening hours", "I have a question about your opening hours please.", { tags: ["intent__contact_customer_service"] }),
  t(6, "Hello there", "Just wanted to say something about my account settings.", { priority: "low" }),
  t(7, "Still open", "Where is my parcel, it is late.", { tags: ["intent__track_order"], status: "open" }),
  t(8, "Refund again", "Please refund the second kettle too.", { tags: ["intent__get_refund"], priority: "high", group_id: 333 }),
  t(9, "Parcel lost", "My parcel is lost somewhere on the way.", { tags: ["intent__no_such_intent"], status: "closed" }),
];
const FINALS = FIXTURE.filter((f) => f.status !== "open").length;

const RULES = `version: 1
defaults: { route: auto }
rules:
  - id: refunds
    when: { text: { keywords: [refund] } }
    then: { intent: get_refund, route: draft, group_id: 111 }
  - id: legal
    when: { text: { keywords: [lawyer] } }
    then: { priority: urgent, route: escalate, group_id: 222 }
`;

function seedTickets(): SeedTicket[] {
  return FIXTURE.map(({ n, description, ...f }) => {
    const created = new Date(BASE + n * 3_600_000).toISOString();
    return {
      ...f,
      id: FIRST + n - 1,
      requester_id: CUSTOMER,
      comments: [
        // The first comment is the ticket's description.
        { body: description ?? "", public: true, author_id: CUSTOMER, created_at: created },
        { body: `Thanks, looking into it (${n}).`, public: true, author_id: AGENT, created_at: created },
        { body: "internal: checked the order", public: false, author_id: AGENT, created_at: created },
      ],
      created_at: created,
      updated_at: new Date(BASE + n * 3_600_000 + 60_000).toISOString(),
    };
  });
}

const fake = (path: string, init?: RequestInit) => fetch(`${env.FAKE_ZENDESK_URL}${path}`, init);
const admin = (path: string, init: RequestInit = {}) =>
  SELF.fetch(`http://worker/admin${path}`, { ...init, headers: { ...ADMIN, "Content-Type": "application/json", ...init.headers } });

async function startImport(account: string, body: Record<string, unknown>): Promise<{ id: string; status: string }> {
  const res = await admin(`/history/imports?account=${account}`, { method: "POST", body: JSON.stringify(body) });
  const json = (await res.json()) as { id: string; status: string };
  expect(res.status, JSON.stringify(json)).toBe(202);
  return json;
}

type RunView = { status: string; pages: number; ticketsStored: number; examplesStored: number; cursor: string | null; lastError: string | null } & Record<
  string,
  unknown
>;
async function progress(account: string, id: string): Promise<RunView> {
  const res = await admin(`/history/imports/${id}?account=${account}`);
  expect(res.status).toBe(200);
  return (await res.json()) as RunView;
}
const settled = (account: string, id: string) =>
  waitFor(
    async () => {
      const p = await progress(account, id);
      return p.status === "running" ? undefined : p;
    },
    "the import to finish",
    60_000,
  );

async function recordedSince(seq: number): Promise<{ seq: number; method: string; path: string }[]> {
  const res = await fake("/__fake/requests?pathPrefix=/api/v2/");
  const { requests } = (await res.json()) as { requests: { seq: number; method: string; path: string }[] };
  return requests.filter((r) => r.seq > seq);
}
const lastSeq = async () => Math.max(0, ...(await recordedSince(0)).map((r) => r.seq));

beforeAll(async () => {
  const seed = {
    users: [
      { id: AGENT, name: "Agent Fixture", email: "agent-fixture@example.com", role: "agent" },
      { id: CUSTOMER, name: "Carla Customer", email: "carla@example.com", role: "end-user" },
    ],
    tickets: seedTickets(),
  };
  const res = await fake("/__fake/seed", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(seed) });
  expect(res.status, await res.text()).toBe(200);
  // The export's own 10-a-minute limit would make these runs wait a minute; the 429 test injects its own.
  const off = await fake("/__fake/rate-limit", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ off: true }) });
  expect(off.status).toBe(200);
});

const IMPORT = { since: SINCE, limit: FINALS, labelTagPrefix: "intent__", perPage: 3 };

describe("POST /admin/history/imports", () => {
  it("stores the solved/closed tickets with their thread and final values, and their examples", async () => {
    const account = uniqueAccountId("hrun");
    await createAccount(account);
    await using introspector = await introspectWorkflow(env.HISTORY_IMPORT_WORKFLOW);
    await introspector.modifyAll(async (m) => m.disableRetryDelays());
    const { id, status } = await startImport(account, IMPORT);
    expect(status).toBe("running");
    const done = await settled(account, id);
    expect(done).toMatchObject({ status: "done", ticketsStored: FINALS, lastError: null });
    // 3 tickets a page: pages 1-3 hold tickets 1-9 (the open one among them), and the limit stops the run there.
    expect(done.pages).toBe(3);
    expect(done.skipped).toEqual({ unlabelled: 1, unknownIntent: 1, empty: 0, notFinal: 1 });

    const rows = await historyTicketsOfImport(db, account, id);
    expect(rows.map((r) => r.ticketId)).toEqual(FIXTURE.filter((f) => f.status !== "open").map((f) => FIRST + f.n - 1));
    const four = rows.find((r) => r.ticketId === FIRST + 3)!;
    expect(four).toMatchObject({ subject: "Letter from my lawyer", priority: "urgent", groupId: 222, status: "solved", tags: ["intent__complaint"] });
    expect(four.comments.map((c) => [c.author, c.public])).toEqual([
      ["customer", true],
      ["agent", true],
      ["agent", false],
    ]);
    expect(four.comments[0]?.body).toBe("My lawyer will write to you about the refund you refused.");
    expect(four.solvedAt).not.toBeNull();
    // Examples: the five labelled tickets the taxonomy knows (not 6: unlabelled, not 9: unknown intent).
    const examples = await trainingExamplesFor(db, account, { split: "all" });
    expect(examples.map((e) => e.ticketId).sort()).toEqual([1, 2, 3, 4, 5, 8].map((n) => FIRST + n - 1));
    expect(done.examplesStored).toBe(6);

    const list = (await (await admin(`/history/imports?account=${account}`)).json()) as { imports: { id: string }[] };
    expect(list.imports.map((i) => i.id)).toEqual([id]);
  });

  it("resumes a run that failed mid-way from its cursor, with nothing stored twice", async () => {
    const account = uniqueAccountId("hresume");
    await createAccount(account);
    await using introspector = await introspectWorkflow(env.HISTORY_IMPORT_WORKFLOW);
    await introspector.modifyAll(async (m) => m.disableRetryDelays());
    // Ticket 5 is on page 2: its comments fail more often than the page step retries (1 + 3).
    const failing = `/api/v2/tickets/${FIRST + 4}/comments`;
    await injectFault({ method: "GET", path: failing, status: 500, times: 4 });
    const { id } = await startImport(account, IMPORT);
    const failed = await settled(account, id);
    expect(failed).toMatchObject({ status: "failed", pages: 1, ticketsStored: 3 });
    expect(failed.lastError).toMatch(/500/);
    expect(failed.cursor).toEqual(expect.any(String));
    expect(await countHistoryTickets(db, account, id)).toBe(3);

    const before = await lastSeq();
    const resumed = await admin(`/history/imports/${id}/resume?account=${account}`, { method: "POST" });
    expect(resumed.status).toBe(202);
    expect(await resumed.json()).toMatchObject({ status: "running", attempts: 2, lastError: null });
    const done = await settled(account, id);
    expect(done).toMatchObject({ status: "done", ticketsStored: FINALS, pages: 3, lastError: null });
    expect(await countHistoryTickets(db, account, id)).toBe(FINALS);
    const examples = await trainingExamplesFor(db, account, { split: "all" });
    expect(examples.length).toBe(6);
    expect(new Set(examples.map((e) => e.ticketId)).size).toBe(6);
    // The resumed instance started at the stored cursor: page 1's tickets were not read again.
    const reads = (await recordedSince(before)).filter((r) => r.path.includes("/comments"));
    expect(reads.some((r) => r.path.includes(`/tickets/${FIRST}/`))).toBe(false);
    expect(reads.some((r) => r.path.includes(`/tickets/${FIRST + 4}/`))).toBe(true);

    // Only a failed run can be resumed.
    const again = await admin(`/history/imports/${id}/resume?account=${account}`, { method: "POST" });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: "import_not_failed" });
  });

  it("a run whose workflow died without recording it shows as failed and can be resumed", async () => {
    const account = uniqueAccountId("hdied");
    await createAccount(account);
    await using introspector = await introspectWorkflow(env.HISTORY_IMPORT_WORKFLOW);
    await introspector.modifyAll(async (m) => {
      await m.disableRetryDelays();
      // Even writing the failure down fails (D1 gone for a moment, say): the instance ends errored, the row says running.
      await m.mockStepError({ name: "record the failure" }, new Error("D1 unavailable"));
    });
    await injectFault({ method: "GET", path: `/api/v2/tickets/${FIRST + 4}/comments`, status: 503, times: 4 });
    const { id } = await startImport(account, IMPORT);
    const [instance] = await waitFor(async () => (introspector.get().length ? introspector.get() : undefined), "the workflow instance");
    await instance!.waitForStatus("errored");
    const seen = await progress(account, id);
    expect(seen).toMatchObject({ status: "failed", ticketsStored: 3, pages: 1 });
    expect(seen.lastError).toMatch(/^the workflow errored/);
    const resumed = await admin(`/history/imports/${id}/resume?account=${account}`, { method: "POST" });
    expect(resumed.status).toBe(202);
    expect(await settled(account, id)).toMatchObject({ status: "done", ticketsStored: FINALS });
  });

  it("waits out a 429 for its Retry-After, then reads the same page again", async () => {
    const account = uniqueAccountId("h429");
    await createAccount(account);
    await using introspector = await introspectWorkflow(env.HISTORY_IMPORT_WORKFLOW);
    // The sleep itself is the engine's; here it is skipped so the test does not wait on a clock.
    await introspector.modifyAll(async (m) => m.disableSleeps());
    const path = `/api/v2/tickets/${FIRST + 1}/comments`;
    await injectFault({ method: "GET", path, status: 429, retryAfter: 7, times: 1 });
    const before = await lastSeq();
    const { id } = await startImport(account, IMPORT);
    const done = await settled(account, id);
    expect(done).toMatchObject({ status: "done", ticketsStored: FINALS, rateLimitWaits: 1, pages: 3 });
    expect(await countHistoryTickets(db, account, id)).toBe(FINALS);
    // The page was read again after the wait: ticket 2's comments twice (429, then 200), nothing stored twice.
    const reads = (await recordedSince(before)).filter((r) => r.path.startsWith(path));
    expect(reads.length).toBe(2);
    expect((await trainingExamplesFor(db, account, { split: "all" })).length).toBe(6);
  });

  it("forgetting the requester empties their imported history too", async () => {
    const account = uniqueAccountId("hforget");
    await createAccount(account);
    const { id } = await startImport(account, IMPORT);
    expect(await settled(account, id)).toMatchObject({ status: "done" });
    const res = await admin(`/requesters/${CUSTOMER}/forget?account=${account}`, { method: "POST" });
    const body = (await res.json()) as { removed: Record<string, number>; tickets: number };
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.tickets).toBe(FINALS);
    expect(body.removed.historyTickets).toBe(FINALS);
    const rows = await historyTicketsOfImport(db, account, id);
    expect(rows.length).toBe(FINALS);
    expect(rows.every((r) => r.subject === "" && r.description === "" && r.comments.length === 0)).toBe(true);
    // The agents' values (ids, statuses, tags) stay: the replay's figures need them, and they are not the requester's words.
    expect(rows.find((r) => r.ticketId === FIRST + 3)).toMatchObject({ priority: "urgent", groupId: 222 });
  });

  it.each([
    [{ since: SINCE }, 400, "label_source_required"],
    [{ labelTagPrefix: "intent__", labelField: 1 }, 400, "label_source_required"],
    [{ labelTagPrefix: "intent__", since: "last tuesday" }, 400, "invalid_since"],
    [{ labelTagPrefix: "intent__", since: new Date().toISOString() }, 400, "invalid_since"],
    [{ labelTagPrefix: "intent__", limit: 0 }, 400, "invalid_history_import"],
    [{ labelTagPrefix: "Intent__" }, 400, "invalid_history_import"],
    [{ labelTagPrefix: "intent__", cursor: "abc" }, 400, "invalid_history_import"],
  ] as const)("refuses %j with %i %s", async (body, status, error) => {
    const account = uniqueAccountId("hbad");
    await createAccount(account);
    const res = await admin(`/history/imports?account=${account}`, { method: "POST", body: JSON.stringify(body) });
    expect(res.status).toBe(status);
    const json = (await res.json()) as { error: string; message: string };
    expect(json.error).toBe(error);
    expect(json.message.length).toBeGreaterThan(10);
  });

  it("answers 400 for a malformed id and 404 for an unknown one", async () => {
    const account = uniqueAccountId("hids");
    await createAccount(account);
    expect((await admin(`/history/imports/nope?account=${account}`)).status).toBe(400);
    const missing = await admin(`/history/imports/${crypto.randomUUID()}?account=${account}`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: "import_not_found" });
  });
});

/** A stand-in for the edge model with answers fixed by keyword, so the figures below can be worked out by hand. */
function keywordModel(): IntentClassifier {
  const answer = (label: string, probability: number, abstain: boolean): IntentPrediction => ({
    modelVersion: "keyword-test-1",
    top: [{ label, probability }],
    margin: probability,
    abstain,
    outOfScope: false,
  });
  return {
    version: "keyword-test-1",
    labels: ["track_order", "get_refund"],
    languages: ["en"],
    predict: async (text) => (/parcel/i.test(text) ? answer("track_order", 0.95, false) : answer("track_order", 0.3, true)),
  };
}

describe("the replay report", () => {
  let account: string;
  let importId: string;

  beforeAll(async () => {
    account = uniqueAccountId("hreplay");
    await createAccount(account, { settings: { llm: llmSettings() } });
    expect((await putRules(account, RULES)).status).toBeLessThan(300);
    importId = (await startImport(account, IMPORT)).id;
    expect(await settled(account, importId)).toMatchObject({ status: "done" });
  }, 60_000);

  it("has the figures worked out by hand for the fixture", async () => {
    const loaded = await loadAccount(db, env.SECRETS_KEY, account);
    const run = await getHistoryImport(db, account, importId);
    const report = await replayHistory(env, db, loaded!, run!, {
      llm: "estimate",
      tiers: { models: async () => ({ classifier: keywordModel(), fallback: null }), llm: classifyWithLlm },
    });
    // 8 solved/closed tickets; labelled (a known intent): 1 2 3 4 5 8. Rules decide 1 4 8 (refund), the model 2 3 9
    // (parcel), nobody 5 6. Right: 1 and 8 (get_refund), 2 (track_order). Wrong: 3 (delivery_period → track_order),
    // 4 (complaint → get_refund, the refund rule). 9's label is unknown to the taxonomy: not labelled.
    expect(report.overall).toEqual({ tickets: 8, labelled: 6, decided: 5, correct: 3, coverage: 5 / 6, accuracy: 3 / 5 });
    expect(report.tiers).toEqual({
      rule: { tickets: 3, labelled: 3, decided: 3, correct: 2, coverage: 1, accuracy: 2 / 3 },
      model: { tickets: 3, labelled: 2, decided: 2, correct: 1, coverage: 1, accuracy: 1 / 2 },
      llm: { tickets: 0, labelled: 0, decided: 0, correct: 0, coverage: null, accuracy: null },
      none: { tickets: 2, labelled: 1, decided: 0, correct: 0, coverage: 0, accuracy: null },
    });
    expect(report.perIntent.map((p) => [p.intent, p.tickets, p.decided, p.correct])).toEqual([
      ["get_refund", 2, 2, 2],
      ["complaint", 1, 1, 0],
      ["contact_customer_service", 1, 0, 0],
      ["delivery_period", 1, 1, 0],
      ["track_order", 1, 1, 1],
    ]);
    expect(report.perIntent[0]?.name).toEqual(expect.any(String));
    // Refund rule → draft (1, 8), lawyer rule → escalate (4, last rule's route wins), the rest auto.
    expect(report.routes).toEqual({ auto: 5, draft: 2, escalate: 1, ignore: 0 });
    expect(report.ruleHits).toEqual([
      { ruleId: "refunds", hits: 3 },
      { ruleId: "legal", hits: 1 },
    ]);
    // Priority: agents set one on all 8; triage says normal except 4 (urgent by rule): 6 (low) and 8 (high) differ.
    expect(report.priority).toEqual({ compared: 8, matched: 6, accuracy: 6 / 8 });
    // Group: triage proposes one on 1 (111), 4 (222), 8 (111); agents put 8 in 333.
    expect(report.group).toEqual({ compared: 3, matched: 2, accuracy: 2 / 3 });
    expect(report.misses).toEqual([
      { ticketId: FIRST + 2, expected: "delivery_period", decided: "track_order", tier: "model" },
      { ticketId: FIRST + 3, expected: "complaint", decided: "get_refund", tier: "rule" },
      { ticketId: FIRST + 4, expected: "contact_customer_service", decided: null, tier: "none" },
    ]);
    // 5 and 6: the model abstained and no rule placed them, so the cascade would ask the LLM; priced, not called.
    expect(report.llm.calls).toBe(2);
    expect(report.llm.costUsd).toBeGreaterThan(0);
    expect(report).toMatchObject({ accountId: account, importId, llmMode: "estimate", modelVersion: "keyword-test-1", rulesVersion: 1 });
  });

  it("through the API: never writes to Zendesk, stores the report, serves it by id and as the latest", async () => {
    const before = await lastSeq();
    const llmBefore = await fetch(`${env.FAKE_LLM_URL.replace(/\/v1$/, "")}/__fake/requests?path=/v1/chat/completions`).then(
      async (r) => ((await r.json()) as { requests: unknown[] }).requests.length,
    );
    const res = await admin(`/history/replays?account=${account}`, { method: "POST", body: JSON.stringify({ importId }) });
    const report = (await res.json()) as ReplayReport;
    expect(res.status, JSON.stringify(report)).toBe(201);
    expect(report.overall.tickets).toBe(8);
    expect(report.overall.labelled).toBe(6);
    expect(report.llmMode).toBe("estimate");
    // Whatever the shipped model says, the counts add up.
    const t = report.tiers;
    expect(t.rule.tickets + t.model.tickets + t.llm.tickets + t.none.tickets).toBe(8);
    expect(Object.values(report.routes).reduce((a, b) => a + b, 0)).toBe(8);

    // No Zendesk write (nor any read but a requester's name for redaction) and no LLM call in estimate mode.
    const calls = await recordedSince(before);
    expect(calls.filter((r) => r.method !== "GET")).toEqual([]);
    const llmAfter = await fetch(`${env.FAKE_LLM_URL.replace(/\/v1$/, "")}/__fake/requests?path=/v1/chat/completions`).then(
      async (r) => ((await r.json()) as { requests: unknown[] }).requests.length,
    );
    expect(llmAfter).toBe(llmBefore);

    const byId = await admin(`/history/replays/${report.replayId}?account=${account}`);
    expect(await byId.json()).toEqual(report);
    expect(await (await admin(`/history/replays/latest?account=${account}`)).json()).toEqual(report);
    expect(await latestReplayReport(db, account)).toEqual(report);
  });

  it("refuses a bad body and says when there is nothing to replay", async () => {
    const bad = await admin(`/history/replays?account=${account}`, { method: "POST", body: JSON.stringify({ llm: "maybe" }) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: "invalid_replay" });
    const fresh = uniqueAccountId("hnone");
    await createAccount(fresh);
    const none = await admin(`/history/replays?account=${fresh}`, { method: "POST", body: "{}" });
    expect(none.status).toBe(409);
    expect(await none.json()).toMatchObject({ error: "no_history_imported" });
    expect((await admin(`/history/replays/latest?account=${fresh}`)).status).toBe(404);
  });
});
