/**
 * The fake store API (dev/fakes/shop): the demo's order-status and refund-eligibility tool endpoints.
 * Run: npx vitest run --project node test/node/fake-store
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { derivedOrder, refundEligibility, startFakeStore, type FakeOrder, type FakeStore } from "../../dev/fakes/shop/server";

let store: FakeStore;
const NOW = new Date("2026-03-10T12:00:00Z");

beforeAll(async () => {
  store = await startFakeStore({ port: 0, now: () => NOW });
});
afterAll(async () => {
  await store.close();
});
beforeEach(() => store.reset());

const get = async (path: string) => {
  const res = await fetch(`${store.url}${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe("fake store", () => {
  it("derives a stable order for any 4-12 digit id, and 404s the rest", async () => {
    const a = await get("/api/orders/100234");
    const b = await get("/api/orders/100234");
    expect(a.status).toBe(200);
    expect(a.body).toEqual(b.body);
    expect(a.body).toMatchObject({ order_id: "100234", currency: "USD" });
    expect(["processing", "packed", "shipped", "delivered", "cancelled"]).toContain(a.body.status);
    expect(String(a.body.customer_email)).toMatch(/@mail\.example$/);
    expect(String(a.body.shipping_address)).toMatch(/^\d+ [A-Z]\w+ (Street|Avenue|Road|Lane|Drive), Springfield, IL 62704$/);
    expect((await get("/api/orders/404123")).status).toBe(404);
    expect((await get("/api/orders/12")).body).toMatchObject({ error: "order_not_found" });
    expect((await get("/api/orders/%23100234")).status).toBe(200);
  });

  it("answers refund eligibility by the 30-day rule", async () => {
    const delivered: FakeOrder = { ...derivedOrder("555001", NOW)!, status: "delivered", final_sale: false, delivered_at: "2026-03-01" };
    const old: FakeOrder = { ...delivered, order_id: "555002", delivered_at: "2026-01-02" };
    const sale: FakeOrder = { ...delivered, order_id: "555003", final_sale: true };
    store.seed([delivered, old, sale]);
    expect((await get("/api/orders/555001/refund-eligibility")).body).toMatchObject({ eligible: true, window_ends: "2026-03-31", amount: delivered.total });
    expect((await get("/api/orders/555002/refund-eligibility")).body).toMatchObject({ eligible: false, reason: "the 30-day return window has passed" });
    expect((await get("/api/orders/555003/refund-eligibility")).body).toMatchObject({ eligible: false });
    expect(refundEligibility({ ...delivered, status: "processing" }, NOW)).toMatchObject({ eligible: true });
  });

  it("checks the email when one is given", async () => {
    const order = (await get("/api/orders/777123")).body;
    expect((await get(`/api/orders/777123?email=${encodeURIComponent(String(order.customer_email).toUpperCase())}`)).status).toBe(200);
    expect((await get("/api/orders/777123?email=someone@else.example")).status).toBe(404);
  });

  it("records calls and injects faults (status, delay, times)", async () => {
    await fetch(`${store.url}/__fake/faults`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ path: "/api/orders/*", status: 503, times: 2, body: { error: "maintenance" } }),
    });
    expect((await get("/api/orders/123456")).status).toBe(503);
    expect((await get("/api/orders/123456")).body).toEqual({ error: "maintenance" });
    expect((await get("/api/orders/123456")).status).toBe(200);
    store.fault({ path: "/api/orders/999999", status: 200, delayMs: 150 });
    const started = Date.now();
    await get("/api/orders/999999");
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    const calls = ((await (await fetch(`${store.url}/__fake/calls`)).json()) as { calls: { path: string; status: number; fault: boolean }[] }).calls;
    expect(calls.map((c) => [c.status, c.fault])).toEqual([
      [503, true],
      [503, true],
      [200, false],
      [200, true],
    ]);
    expect(store.calls()).toHaveLength(4);
  });

  it("answers unknown routes and methods with 404 JSON", async () => {
    expect((await get("/nope")).status).toBe(404);
    const post = await fetch(`${store.url}/api/orders/1234`, { method: "POST" });
    expect(post.status).toBe(404);
  });
});
