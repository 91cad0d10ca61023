/**
 * A thin Zendesk Support API adapter: only the calls the product makes, with Zendesk's error semantics
 * (409 safe-update conflicts, 429 + Retry-After) surfaced as ZendeskApiError (./http.ts) for the caller to act on.
 */
import { zendeskHttpFor, type ZendeskCredentials, type ZendeskHttp } from "./http";

// Callers catch the error where they hold the client.
export { ZendeskApiError } from "./http";

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
  created_at?: string;
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

export class ZendeskClient {
  constructor(private readonly http: ZendeskHttp) {}

  private request<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.http.request<T>(method, path, { body });
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

/** Throws ZendeskApiError 401 `not_configured` when the account has no API credentials. */
export function zendeskClientFor(account: ZendeskCredentials): ZendeskClient {
  return new ZendeskClient(zendeskHttpFor(account));
}
