/**
 * Tool results (the tool messages since the last user message) read as facts a support agent would state: an
 * order's status, a refund decision, "no such order", or a failure. Shapes follow the demo shop
 * (dev/fakes/shop/server.ts: FakeOrder, refundEligibility) and the Worker's failure envelope
 * (worker/drafting/tools.ts: `{"ok":false,"status":404,"error":...}` or `{"ok":false,"error":"..."}`), with common
 * alternative field names. Anything else is "unknown": the reply then says nothing about it.
 */
import { toolResultsSinceLastUser } from "./messages.js";
import { isPlainObject } from "./schema-check.js";
import type { ChatMessage } from "./types.js";

export type OrderStatusName = "processing" | "packed" | "shipped" | "delivered" | "cancelled";

export interface OrderFact {
  kind: "order";
  tool: string;
  orderId: string | null;
  status: OrderStatusName;
  shippedAt: string | null;
  deliveredAt: string | null;
  carrier: string | null;
  trackingUrl: string | null;
  estimatedDelivery: string | null;
}

export interface RefundFact {
  kind: "refund";
  tool: string;
  orderId: string | null;
  eligible: boolean;
  amount: number | null;
  currency: string | null;
  method: string | null;
  reason: string | null;
  windowEnds: string | null;
}

export interface NotFoundFact {
  kind: "not_found";
  tool: string;
  orderId: string | null;
}

export interface ErrorFact {
  kind: "error";
  tool: string;
  orderId: string | null;
  status: number | null;
}

export interface UnknownFact {
  kind: "unknown";
  tool: string;
  orderId: string | null;
}

export type ToolFact = OrderFact | RefundFact | NotFoundFact | ErrorFact | UnknownFact;

const STATUS_WORDS: Array<[RegExp, OrderStatusName]> = [
  [/^(processing|pending|received|confirmed|placed|on_hold|unfulfilled|awaiting_(fulfil?lment|shipment|payment)|new|open)$/, "processing"],
  [/^(packed|packing|ready_to_ship|ready_for_pickup|label_created|awaiting_pickup|picked)$/, "packed"],
  [/^(shipped|in_transit|out_for_delivery|dispatched|sent|fulfilled|on_its_way|partially_shipped)$/, "shipped"],
  [/^(delivered|completed|complete)$/, "delivered"],
  [/^(cancelled|canceled|voided|refunded)$/, "cancelled"],
];

function statusName(value: unknown): OrderStatusName | null {
  if (typeof value !== "string") return null;
  const v = value
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
  for (const [re, name] of STATUS_WORDS) if (re.test(v)) return name;
  return null;
}

function pick(obj: Record<string, unknown>, names: string[]): unknown {
  for (const n of names) if (obj[n] !== undefined && obj[n] !== null && obj[n] !== "") return obj[n];
  return undefined;
}

const str = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v.trim() : typeof v === "number" ? String(v) : null);
const num = (v: unknown): number | null =>
  typeof v === "number" && Number.isFinite(v) ? v : typeof v === "string" && /^\d+(\.\d+)?$/.test(v) ? Number(v) : null;

/** The arguments of the assistant tool call a tool message answers, parsed; {} when unknown. */
function callArguments(messages: readonly ChatMessage[], toolCallId: string): Record<string, unknown> {
  for (const m of messages) {
    for (const call of m.tool_calls ?? []) {
      if (call.id !== toolCallId) continue;
      try {
        const args: unknown = JSON.parse(call.function.arguments || "{}");
        return isPlainObject(args) ? args : {};
      } catch {
        return {};
      }
    }
  }
  return {};
}

function orderIdOf(args: Record<string, unknown>, data: Record<string, unknown> | null): string | null {
  for (const [k, v] of Object.entries(args)) if (/order|^id$|number/i.test(k) && str(v) && str(v) !== "unknown") return str(v);
  return data ? str(pick(data, ["order_id", "orderId", "order_number", "orderNumber", "id"])) : null;
}

function mentionsNotFound(value: unknown): boolean {
  return /not[\s_-]?found|no such order|unknown order|does not exist/i.test(typeof value === "string" ? value : JSON.stringify(value ?? ""));
}

/** One tool result as a fact. */
export function readToolFact(tool: string, content: string, args: Record<string, unknown> = {}): ToolFact {
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch {
    return { kind: "unknown", tool, orderId: orderIdOf(args, null) };
  }
  if (!isPlainObject(value)) return { kind: "unknown", tool, orderId: orderIdOf(args, null) };
  const failed = value["ok"] === false || (value["error"] !== undefined && Object.keys(value).every((k) => /^(ok|status|error|message|code)$/.test(k)));
  if (failed) {
    const status = num(value["status"]);
    const orderId = orderIdOf(args, null);
    if (status === 404 || mentionsNotFound(value["error"]) || mentionsNotFound(value["message"])) return { kind: "not_found", tool, orderId };
    return { kind: "error", tool, orderId, status };
  }
  const data = isPlainObject(value["order"]) ? value["order"] : isPlainObject(value["data"]) ? value["data"] : value;
  const orderId = orderIdOf(args, data);

  const eligible = pick(data, ["eligible", "refundable", "is_eligible", "isEligible", "can_refund"]);
  if (typeof eligible === "boolean") {
    return {
      kind: "refund",
      tool,
      orderId,
      eligible,
      amount: num(pick(data, ["amount", "refund_amount", "refundAmount", "total"])),
      currency: str(pick(data, ["currency", "currency_code"])),
      method: str(pick(data, ["refund_method", "refundMethod", "method"])),
      reason: str(pick(data, ["reason", "explanation", "message"])),
      windowEnds: str(pick(data, ["window_ends", "windowEnds", "return_window_ends", "deadline"])),
    };
  }
  const status = statusName(pick(data, ["status", "order_status", "orderStatus", "state", "fulfillment_status"]));
  if (status) {
    return {
      kind: "order",
      tool,
      orderId,
      status,
      shippedAt: str(pick(data, ["shipped_at", "shippedAt", "ship_date", "dispatched_at", "shipped_on"])),
      deliveredAt: str(pick(data, ["delivered_at", "deliveredAt", "delivery_date", "delivered_on"])),
      carrier: str(pick(data, ["carrier", "shipping_carrier", "courier", "carrier_name"])),
      trackingUrl: str(pick(data, ["tracking_url", "trackingUrl", "tracking_link", "trackingLink"])),
      estimatedDelivery: str(pick(data, ["estimated_delivery", "estimatedDelivery", "estimated_delivery_date", "eta", "expected_delivery"])),
    };
  }
  return { kind: "unknown", tool, orderId };
}

/** The facts of the tool results since the last user message (at most one per tool and order, newest wins). */
export function readToolFacts(messages: readonly ChatMessage[]): ToolFact[] {
  const out: ToolFact[] = [];
  for (const r of toolResultsSinceLastUser(messages)) {
    const fact = readToolFact(r.name, r.content, callArguments(messages, r.toolCallId));
    const same = out.findIndex((f) => f.tool === fact.tool && f.orderId === fact.orderId);
    if (same >= 0) out.splice(same, 1);
    out.push(fact);
  }
  return out.slice(-3);
}

/** Whether a fact can be stated to the customer as a fact (an order or a refund decision). */
export function isSolidFact(f: ToolFact): f is OrderFact | RefundFact {
  return f.kind === "order" || f.kind === "refund";
}
