/**
 * Injectable failures. A fault applies to the next call(s) of one method (or "*" for any), optionally only when
 * the call's arguments match (`match: { channel: "C1" }`, so concurrent tests don't steal each other's faults).
 * Faults are consumed in the order they were added; each fires `times` times ("always" = until deleted).
 */
import type { Args } from "./wire";
import { str } from "./wire";

export interface FaultSpec {
  /** Web API method (`chat.update`), `response_url`, or "*" for every method. */
  method: string;
  /** HTTP status. 429 answers `{ok:false,error:"ratelimited"}` with a `Retry-After` header. Default 200. */
  status?: number;
  /** Seconds for `Retry-After` on 429 (default 1). */
  retryAfter?: number;
  /** Slack error code for a `{ok:false, error}` answer (`channel_not_found`, `missing_scope`, ...). */
  error?: string;
  /** Extra fields merged into the error body (`needed`, `provided`, ...). */
  extra?: Record<string, unknown>;
  /** Delay the answer (ms). Alone (no status/error) the call then proceeds normally: a slow Slack. */
  delayMs?: number;
  /** How many calls it affects (default 1), or "always". */
  times?: number | "always";
  /** Only calls whose arguments equal these values (compared as strings). */
  match?: Record<string, string>;
}

export interface Fault extends FaultSpec {
  id: string;
  remaining: number | "always";
  fired: number;
}

export class FaultBook {
  private faults: Fault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): Fault {
    if (typeof spec.method !== "string" || spec.method.length === 0) throw new Error("fault needs a method");
    const times = spec.times ?? 1;
    if (times !== "always" && (!Number.isInteger(times) || times < 1)) {
      throw new Error('times must be a positive integer or "always"');
    }
    if (spec.status === undefined && spec.error === undefined && spec.delayMs === undefined) {
      throw new Error("fault needs status, error or delayMs");
    }
    const fault: Fault = { ...spec, id: `F${this.nextId++}`, remaining: times, fired: 0 };
    this.faults.push(fault);
    return fault;
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length !== before;
  }

  clear() {
    this.faults = [];
  }

  /** Finds and consumes the first fault applying to this call. */
  take(method: string, args: Args): Fault | undefined {
    const fault = this.faults.find(
      (f) =>
        (f.method === method || (f.method === "*" && method !== "response_url")) && Object.entries(f.match ?? {}).every(([k, v]) => str(args, k) === String(v)),
    );
    if (!fault) return undefined;
    fault.fired += 1;
    if (fault.remaining !== "always") {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.remove(fault.id);
    }
    return { ...fault };
  }
}
