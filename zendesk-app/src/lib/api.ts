/**
 * Calls to the Edge Triage Worker, always through ZAF's request proxy with a signed JWT:
 * the proxy substitutes the secure `shared_secret` setting on Zendesk's servers, signs an HS256 token with
 * the claims below (including `req`, which binds the token to this one request) and forwards it as the bearer
 * token. The secret never appears in this bundle or in the browser.
 */
import type { CorrectionResponse, DraftResponse, IntentList, TicketView, TriageQueuedResponse, WritebackRetryResponse } from "../../../contract/app-api";
import type { InsightStats } from "../../../contract/insight-api";
import type { ZafClient, ZafRequestFailure } from "./zaf";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Turns ZAF's rejected jqXHR-like value into an ApiError with the Worker's {error, message}. */
export function toApiError(failure: unknown): ApiError {
  const f = (failure ?? {}) as ZafRequestFailure;
  let body = f.responseJSON as { error?: string; message?: string; details?: unknown } | undefined;
  if (!body && typeof f.responseText === "string") {
    try {
      body = JSON.parse(f.responseText) as typeof body;
    } catch {
      body = undefined;
    }
  }
  const status = typeof f.status === "number" ? f.status : 0;
  return new ApiError(
    status,
    body?.error ?? (status ? `http_${status}` : "network_error"),
    body?.message ?? f.statusText ?? "The request failed.",
    body?.details,
  );
}

export interface Identity {
  account: string;
  userId: number;
  name: string;
}

/** Seconds a request token lives: minted per request by the proxy, so a short life is enough. */
export const TOKEN_EXPIRY_S = 300;
/** A request that has not answered by then is reported as failed (the SDK itself never times out a request). */
export const REQUEST_TIMEOUT_MS = 30_000;

export class WorkerApi {
  constructor(
    private readonly client: ZafClient,
    private readonly workerUrl: string,
    private readonly me: Identity,
  ) {}

  private async call<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    const base = this.workerUrl.replace(/\/+$/, "");
    const pathname = new URL(base + path).pathname;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject({ status: 0, statusText: "The Worker did not answer in time." }), REQUEST_TIMEOUT_MS);
    });
    try {
      const request = this.client.request<T>({
        url: base + path,
        type: method,
        contentType: "application/json",
        ...(body !== undefined ? { data: JSON.stringify(body) } : {}),
        dataType: "json",
        headers: { Authorization: "Bearer {{jwt.token}}" },
        cors: false,
        secure: true,
        jwt: {
          algorithm: "HS256",
          secret_key: "{{setting.shared_secret}}",
          expiry: TOKEN_EXPIRY_S,
          claims: { account: this.me.account, sub: String(this.me.userId), name: this.me.name, req: `${method} ${pathname}` },
        },
      });
      return await Promise.race([request, timeout]);
    } catch (failure) {
      throw toApiError(failure);
    } finally {
      clearTimeout(timer);
    }
  }

  ticket(ticketId: number) {
    return this.call<TicketView>("GET", `/app/tickets/${ticketId}`);
  }
  triageNow(ticketId: number) {
    return this.call<TriageQueuedResponse>("POST", `/app/tickets/${ticketId}/triage`, {});
  }
  retryWriteback(ticketId: number) {
    return this.call<WritebackRetryResponse>("POST", `/app/tickets/${ticketId}/writeback/retry`, {});
  }
  intents() {
    return this.call<IntentList>("GET", "/app/intents");
  }
  correct(ticketId: number, intent: string) {
    return this.call<CorrectionResponse>("POST", `/app/tickets/${ticketId}/correction`, { intent });
  }
  approve(draftId: number) {
    return this.call<DraftResponse>("POST", `/app/drafts/${draftId}/approve`, {});
  }
  edit(draftId: number, text: string) {
    return this.call<DraftResponse>("POST", `/app/drafts/${draftId}/edit`, { text });
  }
  reject(draftId: number, reason: string) {
    return this.call<DraftResponse>("POST", `/app/drafts/${draftId}/reject`, { reason });
  }
  insightStats() {
    return this.call<InsightStats>("GET", "/app/insight/stats");
  }
}
