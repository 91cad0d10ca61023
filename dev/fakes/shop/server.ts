/**
 * A fake online-store API (the demo "Fernhill Goods" shop) so drafting has a real HTTP tool to call: order status
 * and refund eligibility as JSON, every call recorded, faults injectable. Node standard library only.
 *
 *   const store = await startFakeStore({ port: 0 });
 *   // GET  {store.url}/api/orders/{order_id}[?email=]                 → order status (404 order_not_found)
 *   // GET  {store.url}/api/orders/{order_id}/refund-eligibility       → {eligible, reason, ...}
 *   await store.close();
 *
 * Any order id of 4-12 digits exists: its details are derived from the digits, so demo tickets can quote any
 * number. Ids starting with 404 do not exist. Seeded orders (option `orders` or POST /__fake/orders) win.
 * Orders carry a customer email and a street address on purpose: drafting must redact tool results too.
 *
 * Control API (no auth, not recorded): GET/DELETE /__fake/calls, POST /__fake/faults {path?, status, times?,
 * delayMs?, body?}, DELETE /__fake/faults, POST /__fake/orders {orders: [...]}, POST /__fake/reset.
 *
 * CLI: npx tsx dev/fakes/shop/server.ts --port 8791
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

export type OrderStatus = "processing" | "packed" | "shipped" | "delivered" | "cancelled";

export interface FakeOrder {
  order_id: string;
  status: OrderStatus;
  placed_at: string;
  shipped_at: string | null;
  delivered_at: string | null;
  carrier: string | null;
  tracking_number: string | null;
  tracking_url: string | null;
  estimated_delivery: string | null;
  items: { sku: string; name: string; quantity: number; price: number }[];
  total: number;
  currency: string;
  payment_method: string;
  customer_email: string;
  shipping_address: string;
  final_sale: boolean;
}

export interface StoreCall {
  seq: number;
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
  at: string;
  /** The fault that answered, if any. */
  fault: boolean;
}

export interface StoreFault {
  /** Exact path, or a prefix when it ends with '*'; absent = every API path. */
  path?: string;
  status: number;
  times?: number;
  delayMs?: number;
  body?: unknown;
}

export interface FakeStoreOptions {
  port?: number;
  orders?: FakeOrder[];
  /** The clock the derived orders are dated from (default: now). */
  now?: () => Date;
  log?: (line: string) => void;
}

export interface FakeStore {
  /** http://127.0.0.1:PORT */
  url: string;
  origin: string;
  port: number;
  calls(): StoreCall[];
  clearCalls(): void;
  fault(f: StoreFault): void;
  seed(orders: FakeOrder[]): void;
  reset(): void;
  close(): Promise<void>;
}

const PRODUCTS = [
  { sku: "FH-LAMP-01", name: "Arc floor lamp", price: 89 },
  { sku: "FH-MUG-04", name: "Stoneware mug, set of 4", price: 32 },
  { sku: "FH-THROW-02", name: "Wool throw blanket", price: 64 },
  { sku: "FH-PAN-28", name: "Cast-iron skillet 28 cm", price: 45 },
  { sku: "FH-TEE-M", name: "Organic cotton tee (M)", price: 24 },
  { sku: "FH-KETTLE-1", name: "Electric kettle 1.7 l", price: 59 },
];
const STATUSES: OrderStatus[] = ["processing", "packed", "shipped", "delivered", "delivered", "shipped", "cancelled"];
const CARRIERS = ["UPS", "USPS", "DHL"];
const STREETS = ["Elm Street", "Maple Avenue", "Harbor Road", "Cedar Lane", "Willow Drive"];

function digitsHash(id: string): number {
  let h = 2166136261;
  for (const c of id) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h;
}

const day = (d: Date, add: number) => new Date(d.getTime() + add * 86_400_000).toISOString().slice(0, 10);

/** The order a 4-12 digit id stands for (deterministic for a given `now`). */
export function derivedOrder(orderId: string, now: Date): FakeOrder | null {
  if (!/^\d{4,12}$/.test(orderId) || orderId.startsWith("404")) return null;
  const h = digitsHash(orderId);
  const status = STATUSES[h % STATUSES.length]!;
  // An order still being prepared is a recent one; shipped and delivered ones may be weeks old.
  const age = status === "processing" || status === "packed" ? 1 + (h % 3) : 2 + (h % 20);
  const placed = new Date(now.getTime() - age * 86_400_000);
  const carrier = CARRIERS[h % CARRIERS.length]!;
  const shipped = status === "shipped" || status === "delivered";
  const tracking = shipped ? `1Z${String(h).padStart(10, "0").slice(0, 10)}${orderId.slice(-4)}` : null;
  const items = [PRODUCTS[h % PRODUCTS.length]!, ...(h % 3 === 0 ? [PRODUCTS[(h >> 3) % PRODUCTS.length]!] : [])].map((p) => ({
    ...p,
    quantity: 1 + ((h >> 5) % 2),
  }));
  return {
    order_id: orderId,
    status,
    placed_at: placed.toISOString(),
    shipped_at: shipped ? day(placed, 1) : null,
    delivered_at: status === "delivered" ? day(placed, 5) : null,
    carrier: shipped ? carrier : null,
    tracking_number: tracking,
    tracking_url: tracking ? `https://track.fernhill-goods.example/${tracking}` : null,
    // A shop updates the estimate of an order still on its way, so it is never in the past.
    estimated_delivery: status === "cancelled" ? null : status === "delivered" ? day(placed, 5) : [day(placed, 5), day(now, 2)].sort().at(-1)!,
    items,
    total: items.reduce((n, i) => n + i.price * i.quantity, 0),
    currency: "USD",
    payment_method: ["visa", "mastercard", "paypal", "apple_pay"][h % 4]!,
    customer_email: `customer${orderId.slice(-4)}@mail.example`,
    shipping_address: `${10 + (h % 890)} ${STREETS[h % STREETS.length]}, Springfield, IL 62704`,
    final_sale: h % 11 === 0,
  };
}

/** Refund rules of the demo store (docs: dev/demo-data/demo-store.json, "Our refund policy"). */
export function refundEligibility(order: FakeOrder, now: Date) {
  const base = { order_id: order.order_id, currency: order.currency, refund_method: "original payment method" };
  if (order.status === "cancelled") return { ...base, eligible: false, reason: "the order was cancelled; nothing was charged", amount: 0, window_ends: null };
  if (order.status === "processing" || order.status === "packed")
    return { ...base, eligible: true, reason: "not shipped yet: cancel or refuse delivery for a full refund", amount: order.total, window_ends: null };
  if (order.final_sale) return { ...base, eligible: false, reason: "final-sale items cannot be returned unless faulty", amount: 0, window_ends: null };
  const from = order.delivered_at ?? order.estimated_delivery ?? order.placed_at.slice(0, 10);
  const windowEnds = day(new Date(`${from}T00:00:00Z`), 30);
  const eligible = windowEnds >= now.toISOString().slice(0, 10);
  return {
    ...base,
    eligible,
    reason: eligible ? "within the 30-day return window" : "the 30-day return window has passed",
    amount: eligible ? order.total : 0,
    window_ends: windowEnds,
  };
}

function send(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1024 * 1024) throw new Error("body too large");
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? JSON.parse(text) : {};
}

export async function startFakeStore(options: FakeStoreOptions = {}): Promise<FakeStore> {
  const now = options.now ?? (() => new Date());
  let seeded = new Map((options.orders ?? []).map((o) => [o.order_id, o]));
  let calls: StoreCall[] = [];
  let faults: (StoreFault & { left: number })[] = [];
  let seq = 0;

  const findOrder = (id: string) => seeded.get(id) ?? derivedOrder(id, now());

  const takeFault = (path: string) => {
    const f = faults.find((x) => x.left > 0 && (!x.path || (x.path.endsWith("*") ? path.startsWith(x.path.slice(0, -1)) : x.path === path)));
    if (f) f.left--;
    faults = faults.filter((x) => x.left > 0);
    return f;
  };

  async function control(req: IncomingMessage, res: ServerResponse, path: string) {
    if (path === "/__fake/calls" && req.method === "GET") return send(res, 200, { calls });
    if (path === "/__fake/calls" && req.method === "DELETE") {
      calls = [];
      return send(res, 200, { cleared: true });
    }
    if (path === "/__fake/faults" && req.method === "POST") {
      const f = (await readBody(req)) as StoreFault;
      if (typeof f.status !== "number") return send(res, 400, { error: "status is required" });
      faults.push({ ...f, left: f.times ?? 1 });
      return send(res, 200, { pending: faults.length });
    }
    if (path === "/__fake/faults" && req.method === "DELETE") {
      faults = [];
      return send(res, 200, { cleared: true });
    }
    if (path === "/__fake/orders" && req.method === "POST") {
      const body = (await readBody(req)) as { orders?: FakeOrder[] };
      for (const o of body.orders ?? []) seeded.set(o.order_id, o);
      return send(res, 200, { orders: seeded.size });
    }
    if (path === "/__fake/reset" && req.method === "POST") {
      seeded = new Map((options.orders ?? []).map((o) => [o.order_id, o]));
      calls = [];
      faults = [];
      return send(res, 200, { reset: true });
    }
    return send(res, 404, { error: "unknown control route" });
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const path = url.pathname.replace(/\/+$/, "") || "/";
      if (path.startsWith("/__fake/")) return control(req, res, path);
      const query = Object.fromEntries(url.searchParams);
      const record = (status: number, fault = false) => {
        calls.push({ seq: ++seq, method: req.method ?? "GET", path, query, status, at: new Date().toISOString(), fault });
        options.log?.(`${req.method} ${path} → ${status}${fault ? " (fault)" : ""}`);
      };
      const fault = takeFault(path);
      if (fault) {
        if (fault.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
        record(res.destroyed ? 499 : fault.status, true);
        if (res.destroyed) return;
        return send(res, fault.status, fault.body ?? { error: "injected_fault" });
      }
      const m = /^\/api\/orders\/([^/]+)(\/refund-eligibility)?$/.exec(path);
      if (!m || req.method !== "GET") {
        record(404);
        return send(res, 404, { error: "not_found", message: `No route for ${req.method} ${path}` });
      }
      const id = decodeURIComponent(m[1]!).replace(/^#/, "");
      const order = findOrder(id);
      if (!order || (query.email && query.email.toLowerCase() !== order.customer_email.toLowerCase())) {
        record(404);
        return send(res, 404, { error: "order_not_found", message: `No order ${id}${query.email ? " for that email address" : ""}.` });
      }
      record(200);
      return send(res, 200, m[2] ? refundEligibility(order, now()) : order);
    })().catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { error: "internal", message: error instanceof Error ? error.message : String(error) });
    });
  });
  // Longer than Node's 5 s default: a client reusing an idle connection as Node closes it loses the request.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    origin,
    port,
    calls: () => [...calls],
    clearCalls: () => {
      calls = [];
    },
    fault: (f) => {
      faults.push({ ...f, left: f.times ?? 1 });
    },
    seed: (orders) => {
      for (const o of orders) seeded.set(o.order_id, o);
    },
    reset: () => {
      seeded = new Map((options.orders ?? []).map((o) => [o.order_id, o]));
      calls = [];
      faults = [];
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(resolve(entry)).href) {
  const portArg = process.argv.indexOf("--port");
  const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 8791;
  const store = await startFakeStore({ port, log: (line) => process.stderr.write(`[fake-store] ${line}\n`) });
  process.stdout.write(`${store.url}\n`);
}
