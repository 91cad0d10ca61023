/**
 * A thin Zendesk Support API adapter: only the calls the product makes, with Zendesk's error semantics
 * (409 safe-update conflicts, 429 + Retry-After) surfaced as ZendeskApiError for the caller to act on.
 */
export interface ZendeskTicket {
  id: number;
  subject: string | null;
  description: string | null;
  status: string | null;
  priority: string | null;
  tags: string[];
  requester_id: number | null;
  organization_id: number | null;
  group_id: number | null;
  via?: { channel?: string | null } | null;
  custom_fields?: { id: number; value: unknown }[];
  updated_at: string;
}

export interface ZendeskComment {
  id: number;
  author_id: number | null;
  body: string;
  plain_body?: string;
  public: boolean;
  created_at: string;
}

export interface ZendeskTicketUpdate {
  additional_tags?: string[];
  remove_tags?: string[];
  priority?: string;
  group_id?: number;
  custom_fields?: { id: number; value: string | number | boolean | null }[];
  comment?: { body: string; public: boolean; author_id?: number };
  safe_update?: boolean;
  updated_stamp?: string;
}

export type ZendeskAuth = { email: string; apiToken: string } | { oauthToken: string };

export class ZendeskApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds: number | null,
  ) {
    super(message);
  }
  get retryable(): boolean {
    return this.status === 429 || this.status === 409 || this.status >= 500 || this.status === 0;
  }
}

const TIMEOUT_MS = 10_000;

export class ZendeskClient {
  constructor(
    private readonly baseUrl: string,
    private readonly auth: ZendeskAuth,
  ) {}

  private authorization(): string {
    if ("oauthToken" in this.auth) return `Bearer ${this.auth.oauthToken}`;
    return `Basic ${btoa(`${this.auth.email}/token:${this.auth.apiToken}`)}`;
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl.replace(/\/$/, "")}${path}`, {
        method,
        headers: { Authorization: this.authorization(), Accept: "application/json", ...(body ? { "Content-Type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new ZendeskApiError(0, "network_error", `Zendesk unreachable: ${error instanceof Error ? error.message : String(error)}`, null);
    }
    const text = await res.text();
    if (!res.ok) {
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
      const retryAfter = Number(res.headers.get("Retry-After"));
      throw new ZendeskApiError(res.status, code, `Zendesk ${method} ${path} → ${res.status} ${code}: ${description}`, Number.isFinite(retryAfter) && retryAfter >= 0 && res.headers.has("Retry-After") ? retryAfter : null);
    }
    return JSON.parse(text) as T;
  }

  async getTicket(id: number): Promise<ZendeskTicket> {
    return (await this.request<{ ticket: ZendeskTicket }>("GET", `/api/v2/tickets/${id}.json`)).ticket;
  }

  async updateTicket(id: number, update: ZendeskTicketUpdate): Promise<ZendeskTicket> {
    return (await this.request<{ ticket: ZendeskTicket }>("PUT", `/api/v2/tickets/${id}.json`, { ticket: update })).ticket;
  }

  /** The ticket's comments, oldest first (first page: 100, enough to find a reply we just posted). */
  async listComments(id: number): Promise<ZendeskComment[]> {
    return (await this.request<{ comments: ZendeskComment[] }>("GET", `/api/v2/tickets/${id}/comments.json?sort_order=desc&per_page=100`)).comments;
  }

  async getUserTags(id: number): Promise<string[]> {
    return (await this.request<{ user: { tags?: string[] } }>("GET", `/api/v2/users/${id}.json`)).user.tags ?? [];
  }

  async getOrganizationTags(id: number): Promise<string[]> {
    return (await this.request<{ organization: { tags?: string[] } }>("GET", `/api/v2/organizations/${id}.json`)).organization.tags ?? [];
  }
}

export function zendeskClientFor(account: { apiBaseUrl: string; apiEmail: string | null; secrets: { apiToken?: string; oauthToken?: string } }): ZendeskClient {
  const { secrets } = account;
  if (secrets.oauthToken) return new ZendeskClient(account.apiBaseUrl, { oauthToken: secrets.oauthToken });
  if (secrets.apiToken && account.apiEmail) return new ZendeskClient(account.apiBaseUrl, { email: account.apiEmail, apiToken: secrets.apiToken });
  throw new ZendeskApiError(401, "not_configured", "The account has no Zendesk API credentials (apiEmail + apiToken, or oauthToken).", null);
}
