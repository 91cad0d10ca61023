/** Records every /api/v2/* request (who called, never the secret) for tests to assert on. */
import type { AuthInfo } from "./auth";
import { stripJson } from "./http";

export interface RecordedRequest {
  seq: number;
  method: string;
  path: string;
  query: Record<string, string>;
  auth: AuthInfo;
  body: unknown;
  status: number;
  at: string;
}

export interface RequestFilter {
  method?: string;
  path?: string;
  pathPrefix?: string;
  sinceSeq?: number;
}

const MAX_RECORDS = 10_000;

export class RequestRecorder {
  private records: RecordedRequest[] = [];
  private seq = 0;

  add(entry: Omit<RecordedRequest, "seq">): RecordedRequest {
    const record = { seq: ++this.seq, ...entry };
    this.records.push(record);
    if (this.records.length > MAX_RECORDS) this.records.splice(0, this.records.length - MAX_RECORDS);
    return record;
  }

  list(filter: RequestFilter = {}): RecordedRequest[] {
    return this.records.filter((r) => matches(r, filter));
  }

  /** Clears all records, or only those matching the filter. Returns how many were removed. */
  clear(filter: RequestFilter = {}): number {
    const before = this.records.length;
    this.records = this.records.filter((r) => !matches(r, filter));
    return before - this.records.length;
  }
}

function matches(r: RecordedRequest, f: RequestFilter): boolean {
  if (f.method && r.method !== f.method.toUpperCase()) return false;
  if (f.path !== undefined && stripJson(r.path) !== stripJson(f.path)) return false;
  if (f.pathPrefix !== undefined && !r.path.startsWith(f.pathPrefix)) return false;
  if (f.sinceSeq !== undefined && r.seq <= f.sinceSeq) return false;
  return true;
}
