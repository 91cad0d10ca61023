/**
 * The one door to Zendesk's HTTP API: the Authorization header, the timeout, JSON, pagination and the mapping of
 * every failure to ZendeskApiError (Zendesk's `error`/`description`, Retry-After; network errors as status 0).
 * ZendeskClient, the Help Center reader, user search and the dev desk all call Zendesk through this module.
 */

export type ZendeskAuth = { email: string; apiToken: string } | { oauthToken: string };

/** What an account row carries to reach its Zendesk (AccountWithSecrets satisfies it). */
export interface ZendeskCredentials {
  apiBaseUrl: string;
  apiEmail: string | null;
  secrets: { apiToken?: string; oauthToken?: string };
}

export class ZendeskApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds: number | null,
  ) {
    super(message);
  }
  /** The queue consumer retries these later (409 after a fresh read, 429 after Retry-After, 5xx, network). */
  get retryable(): boolean {
    return this.status === 429 || this.status === 409 || this.status >= 500 || this.status === 0;
  }
}

/** An OAuth token wins over an API token; neither is a 401 `not_configured` (the account needs setting up). */
export function zendeskAuthFor(account: ZendeskCredentials): ZendeskAuth {
  const { secrets } = account;
  if (secrets.oauthToken) return { oauthToken: secrets.oauthToken };
  if (secrets.apiToken && account.apiEmail) return { email: account.apiEmail, apiToken: secrets.apiToken };
  throw new ZendeskApiError(401, "not_configured", "The account has no Zendesk API credentials (apiEmail + apiToken, or oauthToken).", null);
}

function authorization(auth: ZendeskAuth): string {
  if ("oauthToken" in auth) return `Bearer ${auth.oauthToken}`;
  return `Basic ${btoa(`${auth.email}/token:${auth.apiToken}`)}`;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
/** Stops a runaway pagination (at 100 per page: 5,000 items). */
export const DEFAULT_MAX_PAGES = 50;

export interface CallOptions {
  body?: unknown;
  timeoutMs?: number;
}

/** `path` without its query: error messages name the endpoint, never query values (an email, a search). */
function pathOf(url: string): string {
  return new URL(url).pathname;
}

export class ZendeskHttp {
  private readonly base: string;
  /** The account's own origin: pagination links elsewhere are never followed (credentials stay home). */
  readonly origin: string;

  constructor(
    baseUrl: string,
    private readonly auth: ZendeskAuth,
    private readonly defaults: { timeoutMs?: number } = {},
  ) {
    this.base = baseUrl.replace(/\/$/, "");
    this.origin = new URL(this.base).origin;
  }

  private async send(method: string, url: string, opts: CallOptions): Promise<{ res: Response; text: string }> {
    const hasBody = opts.body !== undefined;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: { Authorization: authorization(this.auth), Accept: "application/json", ...(hasBody ? { "Content-Type": "application/json" } : {}) },
        body: hasBody ? JSON.stringify(opts.body) : undefined,
        signal: AbortSignal.timeout(opts.timeoutMs ?? this.defaults.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
    } catch (error) {
      throw new ZendeskApiError(0, "network_error", `Zendesk unreachable: ${error instanceof Error ? error.message : String(error)}`, null);
    }
    return { res, text: await res.text() };
  }

  private async fetchJson<T>(method: string, url: string, opts: CallOptions): Promise<T> {
    const { res, text } = await this.send(method, url, opts);
    if (!res.ok) throw apiError(method, pathOf(url), res, text);
    return JSON.parse(text) as T;
  }

  /** `path` is relative to the account's API base (e.g. `/api/v2/tickets/1.json`); a non-2xx throws ZendeskApiError. */
  request<T>(method: string, path: string, opts: CallOptions = {}): Promise<T> {
    return this.fetchJson<T>(method, `${this.base}${path}`, opts);
  }

  /**
   * Status and parsed body whatever the status (null when empty, `{error: "not_json"}` when not JSON), for a
   * caller that passes Zendesk's answer on as it is. Only a network failure throws (status 0).
   */
  async raw(method: string, path: string, opts: CallOptions = {}): Promise<{ status: number; body: unknown }> {
    const { res, text } = await this.send(method, `${this.base}${path}`, opts);
    try {
      return { status: res.status, body: text ? JSON.parse(text) : null };
    } catch {
      return { status: res.status, body: { error: "not_json", description: text.slice(0, 200) } };
    }
  }

  /** The `key` array of each page, following `next_page` while it stays on the account's origin. */
  async *pages<T>(firstPath: string, key: string, opts: { timeoutMs?: number; maxPages?: number } = {}): AsyncGenerator<T[]> {
    let url: string | null = `${this.base}${firstPath}`;
    for (let page = 0; url && page < (opts.maxPages ?? DEFAULT_MAX_PAGES); page++) {
      const body: Record<string, unknown> = await this.fetchJson<Record<string, unknown>>("GET", url, opts);
      yield (body[key] as T[] | undefined) ?? [];
      const next: unknown = body.next_page;
      url = typeof next === "string" && next && new URL(next).origin === this.origin ? next : null;
    }
  }

  /** Every page's items in one array. */
  async all<T>(firstPath: string, key: string, opts: { timeoutMs?: number; maxPages?: number } = {}): Promise<T[]> {
    const out: T[] = [];
    for await (const page of this.pages<T>(firstPath, key, opts)) out.push(...page);
    return out;
  }
}

export function zendeskHttpFor(account: ZendeskCredentials, defaults: { timeoutMs?: number } = {}): ZendeskHttp {
  return new ZendeskHttp(account.apiBaseUrl, zendeskAuthFor(account), defaults);
}

/** Zendesk's error body is `{error: "Code", description}` or `{error: {title, message}}`; a proxy's is HTML. */
function apiError(method: string, path: string, res: Response, text: string): ZendeskApiError {
  let code = `http_${res.status}`;
  let description = text.slice(0, 300);
  try {
    const parsed = JSON.parse(text) as { error?: unknown; description?: unknown };
    if (typeof parsed.error === "string") code = parsed.error;
    else if (parsed.error && typeof parsed.error === "object" && "title" in parsed.error) code = String((parsed.error as { title: unknown }).title);
    if (typeof parsed.description === "string") description = parsed.description;
  } catch {
    // Not JSON (a proxy error page): keep the start of the text.
  }
  const header = res.headers.get("Retry-After");
  const retryAfter = header === null ? Number.NaN : Number(header);
  return new ZendeskApiError(
    res.status,
    code,
    `Zendesk ${method} ${path} → ${res.status} ${code}: ${description}`,
    Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : null,
  );
}
