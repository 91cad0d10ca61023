/**
 * Recovering write-backs the pipeline gave up on: the admin API (one ticket, bulk), the sidebar's "Retry
 * write-back", and the scheduled sweep with back-off. Zendesk is the fake on 127.0.0.1; outages are injected
 * faults on the tickets' own paths (the fake is shared by parallel test files), and every PUT it receives is
 * counted, so "exactly once" is what Zendesk saw, not what D1 says.
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult, SELF } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import type { TicketView, WritebackRetryResponse } from "../../contract/app-api";
import worker from "../../worker/index";
import type { TriageMessage } from "../../worker/env/bindings";
import { MAX_SWEEP_RETRIES, nextSweepRetryAt, QUEUE_TRIES, retryDeadWritebacks, SWEEP_BASE_MS, SWEEP_MAX_DELAY_MS } from "../../worker/queue/sweep";
import { signSidebarToken } from "../../worker/sidebar/token";
import { database } from "../../worker/store/db";
import { saveDecision } from "../../worker/store/decisions";
import { recordEvent, setEventStatus } from "../../worker/store/events";
import { saveTicket } from "../../worker/store/tickets";
import { ensureWriteback, markWriteback, recordAttempt } from "../../worker/store/writebacks";
import { accountSettingsSchema } from "../../worker/settings/account";
import { buildTicketUpdate } from "../../worker/zendesk/writeback";
import {
  ADMIN,
  adminTicket,
  createAccount,
  fakeRequests,
  fakeTicket,
  injectFault,
  seedTicket,
  testDecision,
  ticketEvent,
  uniqueAccountId,
  uniqueTicketId,
  ZENDESK_TEST_SECRET,
} from "./helpers";

const account = uniqueAccountId("wbr");
const SIDEBAR_SECRET = "writeback-recovery-sidebar-secret-0123456789";
const AGENT = { sub: "9100000042", name: "Sam Agent" };

beforeAll(async () => {
  await createAccount(account, {
    secrets: { webhookSigningSecret: ZENDESK_TEST_SECRET, apiToken: "test-api-token", sidebarSecret: SIDEBAR_SECRET },
    settings: { writeBack: true, internalNote: true },
  });
});

const ticketPath = (id: number) => `/api/v2/tickets/${id}.json`;

async function seed(subject = "Refund please", description = "I would like a refund for order 5521.") {
  const id = uniqueTicketId();
  await seedTicket({ id, subject, description, tags: ["vip_customer"] });
  return id;
}

/** Zendesk back up: drop the faults left on this ticket's path. */
async function restore(id: number): Promise<void> {
  const res = await fetch(`${env.FAKE_ZENDESK_URL}/__fake/faults?path=${encodeURIComponent(ticketPath(id))}`, { method: "DELETE" });
  expect(res.ok).toBe(true);
}

async function puts(id: number) {
  const all = await fakeRequests({ method: "PUT", path: ticketPath(id) });
  return { all: all.length, ok: all.filter((r) => r.status === 200).length };
}

/**
 * The queue's whole life for one event, driven by hand: 1 + max_retries deliveries that all fail on the PUT, then
 * the dead-letter consumer. (The local queue's real back-off would take minutes.)
 */
async function deadLetter(id: number): Promise<void> {
  const stored = await recordEvent(database(env.DB), {
    accountId: account,
    dedupeKey: `recovery-${id}`,
    eventType: "zen:event-type:ticket.created",
    ticketId: id,
    payload: JSON.stringify(ticketEvent(id)),
  });
  for (let attempts = 1; attempts <= QUEUE_TRIES; attempts++) {
    const batch = createMessageBatch<TriageMessage>("triage-events", [
      { id: `m-${id}-${attempts}`, timestamp: new Date(), attempts, body: { eventId: stored.id, accountId: account } },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env);
    expect((await getQueueResult(batch, ctx)).retryMessages).toHaveLength(1);
  }
  const dlq = createMessageBatch<TriageMessage>("triage-events-dlq", [
    { id: `d-${id}`, timestamp: new Date(), attempts: 1, body: { eventId: stored.id, accountId: account } },
  ]);
  await worker.queue(dlq, env);
}

/**
 * The rows the pipeline leaves behind when it gives up, written with the store's own functions: the snapshot, the
 * decision, its event, and the write-back after `tries` attempts — `dead` (the queue's retries ran out on a 503) or
 * `failed` (Zendesk refused with `httpStatus`). Zendesk itself saw nothing from these tries.
 */
async function gaveUp(id: number, how: { status: "dead" | "failed"; httpStatus: number; tries?: number }) {
  const db = database(env.DB);
  await saveTicket(db, account, id, { subject: "Refund please", description: "I would like a refund for order 5521.", tags: ["vip_customer"] });
  const event = await recordEvent(db, {
    accountId: account,
    dedupeKey: `gave-up-${id}`,
    eventType: "zen:event-type:ticket.created",
    ticketId: id,
    payload: "{}",
  });
  const decision = testDecision({ route: "auto", tags: ["refund_request", "priority__normal", "language__en"] });
  const row = await saveDecision(db, { accountId: account, ticketId: id, eventId: event.id, decision, inputHash: `seed-${id}`, latencyMs: 1 });
  const wb = await ensureWriteback(db, {
    accountId: account,
    ticketId: id,
    decisionId: row.id,
    request: buildTicketUpdate(decision, accountSettingsSchema.parse({})),
  });
  for (let i = 0; i < (how.tries ?? 1); i++)
    await recordAttempt(db, account, wb.id, {
      status: how.status === "dead" ? "retrying" : "failed",
      httpStatus: how.httpStatus,
      error: `Zendesk answered ${how.httpStatus}`,
    });
  if (how.status === "dead") await markWriteback(db, account, row.id, "dead", `gave up after retries: Zendesk answered ${how.httpStatus}`);
  await setEventStatus(db, account, event.id, how.status, `Zendesk answered ${how.httpStatus}`);
  return { decision };
}

function adminRetry(id: number): Promise<Response> {
  return SELF.fetch(`http://worker/admin/tickets/${id}/writeback/retry?account=${account}`, { method: "POST", headers: ADMIN });
}

async function sidebarCall(method: "GET" | "POST", path: string): Promise<Response> {
  const token = await signSidebarToken(
    SIDEBAR_SECRET,
    { account, ...AGENT, req: `${method} ${path}` },
    { nowS: Math.floor(Date.now() / 1000), expiresInS: 300 },
  );
  return SELF.fetch(`http://worker${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(method === "POST" ? { "Content-Type": "application/json" } : {}) },
    body: method === "POST" ? "{}" : undefined,
  });
}

describe("an outage longer than the queue's retries", () => {
  it("through the real consumer and dead-letter queue: dead, then the sweep tags the ticket exactly once", async () => {
    const id = await seed();
    await injectFault({ method: "PUT", path: ticketPath(id), status: 503, times: 1000 });
    await deadLetter(id);
    const dead = await adminTicket(account, id);
    expect(dead.writeback).toMatchObject({ status: "dead", attempts: QUEUE_TRIES, lastHttpStatus: 503 });
    expect(await puts(id)).toEqual({ all: QUEUE_TRIES, ok: 0 });
    await restore(id);
    const swept = await retryDeadWritebacks(env, Date.now() + SWEEP_BASE_MS + 1000);
    expect(swept.writebacks.filter((w) => w.ticketId === id).map((w) => w.outcome)).toEqual(["succeeded"]);
    expect(await puts(id)).toEqual({ all: QUEUE_TRIES + 1, ok: 1 });
    expect((await fakeTicket(id)).tags).toEqual(expect.arrayContaining(dead.decision.tags));
  });

  it("the sweep waits out the back-off, holds off while Zendesk is down, then tags every ticket exactly once", async () => {
    const ids = [await seed(), await seed(), await seed(), await seed()];
    for (const id of ids) await injectFault({ method: "PUT", path: ticketPath(id), status: 503, times: 1000 });
    for (const id of ids) await gaveUp(id, { status: "dead", httpStatus: 503, tries: QUEUE_TRIES });
    for (const id of ids) expect((await adminTicket(account, id)).writeback).toMatchObject({ status: "dead", attempts: QUEUE_TRIES });

    // Just dead: not due yet (the first sweep retry waits SWEEP_BASE_MS after the last try).
    const early = await retryDeadWritebacks(env, Date.now());
    expect(early.writebacks.filter((w) => ids.includes(w.ticketId))).toEqual([]);

    // Due, but Zendesk still down: one probe for the account, then the rest of its batch waits.
    const down = await retryDeadWritebacks(env, Date.now() + SWEEP_BASE_MS + 1000);
    const mine = down.writebacks.filter((w) => ids.includes(w.ticketId));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.outcome).toBe("zendesk_failed");
    expect(down.stillDown).toContain(account);
    const probed = mine[0]!.ticketId;
    expect((await adminTicket(account, probed)).writeback).toMatchObject({ status: "dead", attempts: QUEUE_TRIES + 1, lastHttpStatus: 503 });
    for (const id of ids) expect((await puts(id)).all).toBe(id === probed ? 1 : 0);

    // Zendesk answers again; the probed row's back-off doubled, so look far enough ahead for every row to be due.
    for (const id of ids) await restore(id);
    const recovered = await retryDeadWritebacks(env, Date.now() + 2 * SWEEP_BASE_MS + 60_000);
    expect(recovered.writebacks.filter((w) => ids.includes(w.ticketId)).map((w) => w.outcome)).toEqual(["succeeded", "succeeded", "succeeded", "succeeded"]);

    // Later runs find nothing of ours: a succeeded write-back is never sent again.
    const again = await retryDeadWritebacks(env, Date.now() + SWEEP_MAX_DELAY_MS * 2);
    expect(again.writebacks.filter((w) => ids.includes(w.ticketId))).toEqual([]);

    for (const id of ids) {
      expect((await puts(id)).ok).toBe(1);
      const view = await adminTicket(account, id);
      expect(view.writeback.status).toBe("succeeded");
      expect(view.writeback.error).toMatch(/retried by system:sweep/);
      expect(view.events[0]!.status).toBe("triaged");
      expect((await fakeTicket(id)).tags).toEqual(expect.arrayContaining([...view.decision.tags, "vip_customer"]));
    }
  });

  it("back-off comes from attempts and updatedAt alone, doubling to a cap, and stops after MAX_SWEEP_RETRIES", () => {
    const at = "2026-12-01T10:00:00.000Z";
    const t0 = Date.parse(at);
    expect(nextSweepRetryAt({ attempts: 1, updatedAt: at })).toBe(t0 + SWEEP_BASE_MS);
    expect(nextSweepRetryAt({ attempts: QUEUE_TRIES, updatedAt: at })).toBe(t0 + SWEEP_BASE_MS);
    expect(nextSweepRetryAt({ attempts: QUEUE_TRIES + 1, updatedAt: at })).toBe(t0 + 2 * SWEEP_BASE_MS);
    expect(nextSweepRetryAt({ attempts: QUEUE_TRIES + 3, updatedAt: at })).toBe(t0 + 8 * SWEEP_BASE_MS);
    expect(nextSweepRetryAt({ attempts: QUEUE_TRIES + 10, updatedAt: at })).toBe(t0 + SWEEP_MAX_DELAY_MS);
    expect(nextSweepRetryAt({ attempts: QUEUE_TRIES + MAX_SWEEP_RETRIES, updatedAt: at })).toBeNull();
  });
});

describe("retry from the admin API", () => {
  it("a failed write-back (422) is sent once even when ten retries race; later retries answer already_succeeded", async () => {
    const id = await seed();
    await gaveUp(id, { status: "failed", httpStatus: 422 });

    const answers = await Promise.all(Array.from({ length: 10 }, () => adminRetry(id)));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 200 && s !== 409)).toEqual([]);
    for (const r of answers.filter((a) => a.status === 409))
      expect(["in_progress", "already_succeeded"]).toContain(((await r.json()) as { error: string }).error);
    expect(await puts(id)).toEqual({ all: 1, ok: 1 });

    const late = await adminRetry(id);
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ error: "already_succeeded", details: { writeback: { status: "succeeded" } } });
    expect((await puts(id)).ok).toBe(1);
    const audit = (await (await SELF.fetch(`http://worker/admin/audit?account=${account}`, { headers: ADMIN })).json()) as {
      entries: { action: string; subject: string; actor: string }[];
    };
    expect(audit.entries.filter((e) => e.action === "writeback.retried" && e.subject === `ticket:${id}`)).toEqual([
      expect.objectContaining({ actor: "admin" }),
    ]);
  });

  it("a refusal stays failed with Zendesk's status; a ticket never triaged is a 404; bad ids are 400", async () => {
    const id = await seed();
    await gaveUp(id, { status: "failed", httpStatus: 422 });
    await injectFault({ method: "PUT", path: ticketPath(id), status: 422, times: 1 });
    const refused = await adminRetry(id);
    expect(refused.status).toBe(502);
    expect(await refused.json()).toMatchObject({ error: "zendesk_failed", details: { writeback: { status: "failed", lastHttpStatus: 422 } } });
    expect((await adminRetry(id)).status).toBe(200);

    const never = await adminRetry(await seed());
    expect(never.status).toBe(404);
    expect(await never.json()).toMatchObject({ error: "writeback_not_found" });
    expect((await SELF.fetch(`http://worker/admin/tickets/0x10/writeback/retry?account=${account}`, { method: "POST", headers: ADMIN })).status).toBe(400);
    expect((await SELF.fetch(`http://worker/admin/tickets/${id}/writeback/retry`, { method: "POST", headers: ADMIN })).status).toBe(400);
    expect((await SELF.fetch(`http://worker/admin/tickets/${id}/writeback/retry?account=${account}`, { method: "POST" })).status).toBe(401);
  });

  it("bulk: retries an account's failed write-backs and says how many are left", async () => {
    const ids = [await seed(), await seed(), await seed()];
    for (const id of ids) await gaveUp(id, { status: "failed", httpStatus: 401 });

    const bad = await SELF.fetch(`http://worker/admin/writebacks/retry?account=${account}&status=succeeded`, { method: "POST", headers: ADMIN });
    expect(bad.status).toBe(400);
    expect(
      (await SELF.fetch(`http://worker/admin/writebacks/retry?account=${account}&status=failed&limit=1e3`, { method: "POST", headers: ADMIN })).status,
    ).toBe(400);

    const listed = (await (await SELF.fetch(`http://worker/admin/writebacks?account=${account}&status=failed`, { headers: ADMIN })).json()) as {
      writebacks: { ticketId: number; status: string; lastHttpStatus: number }[];
    };
    for (const id of ids) expect(listed.writebacks.find((w) => w.ticketId === id)).toMatchObject({ status: "failed", lastHttpStatus: 401 });

    const res = await SELF.fetch(`http://worker/admin/writebacks/retry?account=${account}&status=failed&limit=100`, { method: "POST", headers: ADMIN });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { succeeded: number; remaining: number; writebacks: { ticketId: number; outcome: string }[] };
    for (const id of ids) expect(body.writebacks.find((w) => w.ticketId === id)?.outcome).toBe("succeeded");
    for (const id of ids) expect((await puts(id)).ok).toBe(1);
    expect(body.remaining).toBe(0);
  });
});

describe("Retry write-back in the sidebar", () => {
  it("the ticket view shows the failed write-back as retryable; the button's route sends it once", async () => {
    const id = await seed();
    await gaveUp(id, { status: "failed", httpStatus: 422 });

    const before = (await (await sidebarCall("GET", `/app/tickets/${id}`)).json()) as TicketView;
    expect(before.state).toBe("triaged");
    expect(before.writeback).toMatchObject({ status: "failed", retryable: true, lastHttpStatus: 422 });

    const retried = await sidebarCall("POST", `/app/tickets/${id}/writeback/retry`);
    expect(retried.status).toBe(200);
    expect(((await retried.json()) as WritebackRetryResponse).writeback).toMatchObject({ status: "succeeded", retryable: false });
    const after = (await (await sidebarCall("GET", `/app/tickets/${id}`)).json()) as TicketView;
    expect(after.writeback).toMatchObject({ status: "succeeded", retryable: false });
    expect(after.lastEvent?.status).toBe("triaged");

    const twice = await sidebarCall("POST", `/app/tickets/${id}/writeback/retry`);
    expect(twice.status).toBe(409);
    expect((await puts(id)).ok).toBe(1);
    // A token signed for another request does not retry anything.
    const token = await signSidebarToken(
      SIDEBAR_SECRET,
      { account, ...AGENT, req: `GET /app/tickets/${id}` },
      { nowS: Math.floor(Date.now() / 1000), expiresInS: 300 },
    );
    const forged = await SELF.fetch(`http://worker/app/tickets/${id}/writeback/retry`, { method: "POST", headers: { Authorization: `Bearer ${token}` } });
    expect(forged.status).toBe(401);
  });
});
