/**
 * Zendesk Help Center articles and Support macros, read page by page for the knowledge base. Same auth and error
 * semantics as ZendeskClient (client.ts), whose request helper is private, so the small request function is
 * repeated here. Pagination follows `next_page` only while it stays on the account's own origin (credentials
 * are never sent elsewhere).
 */
import { ZendeskApiError, type ZendeskAuth } from "./client";

export interface HelpCenterArticle {
  id: number;
  title: string;
  body: string | null;
  html_url: string | null;
  locale: string;
  draft: boolean;
  label_names?: string[];
  updated_at: string;
}

export interface ZendeskMacroDoc {
  id: number;
  title: string;
  description: string | null;
  active: boolean;
  actions: { field: string; value: unknown }[];
  updated_at: string;
}

const TIMEOUT_MS = 15_000;
/** Stops a runaway pagination (100 per page: 5,000 articles, 5,000 macros). */
const MAX_PAGES = 50;

export class HelpCenterClient {
  private readonly origin: string;

  constructor(
    private readonly baseUrl: string,
    private readonly auth: ZendeskAuth,
  ) {
    this.origin = new URL(baseUrl).origin;
  }

  private authorization(): string {
    if ("oauthToken" in this.auth) return `Bearer ${this.auth.oauthToken}`;
    return `Basic ${btoa(`${this.auth.email}/token:${this.auth.apiToken}`)}`;
  }

  private async get<T>(url: string): Promise<T> {
    let res: Response;
    try {
      res = await fetch(url, { headers: { Authorization: this.authorization(), Accept: "application/json" }, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      throw new ZendeskApiError(0, "network_error", `Zendesk unreachable: ${error instanceof Error ? error.message : String(error)}`, null);
    }
    const text = await res.text();
    if (!res.ok) {
      let code = `http_${res.status}`;
      try {
        const parsed = JSON.parse(text) as { error?: unknown };
        if (typeof parsed.error === "string") code = parsed.error;
      } catch {
        // not JSON
      }
      const retryAfter = Number(res.headers.get("Retry-After"));
      throw new ZendeskApiError(res.status, code, `Zendesk GET ${new URL(url).pathname} → ${res.status} ${code}`, res.headers.has("Retry-After") && Number.isFinite(retryAfter) ? retryAfter : null);
    }
    return JSON.parse(text) as T;
  }

  private async *pages<T>(firstPath: string, key: string): AsyncGenerator<T[]> {
    let url: string | null = `${this.baseUrl.replace(/\/$/, "")}${firstPath}`;
    for (let page = 0; url && page < MAX_PAGES; page++) {
      const body: Record<string, unknown> = await this.get<Record<string, unknown>>(url);
      yield (body[key] as T[] | undefined) ?? [];
      const next: unknown = body.next_page;
      url = typeof next === "string" && next && new URL(next).origin === this.origin ? next : null;
    }
  }

  /** Published and draft articles; `locale` narrows to one language (else what the API returns by default). */
  async listArticles(locale?: string): Promise<HelpCenterArticle[]> {
    const path = locale ? `/api/v2/help_center/${encodeURIComponent(locale)}/articles.json?per_page=100` : "/api/v2/help_center/articles.json?per_page=100";
    const out: HelpCenterArticle[] = [];
    for await (const page of this.pages<HelpCenterArticle>(path, "articles")) out.push(...page);
    return out;
  }

  /** Active macros only (inactive ones are not what agents send today). */
  async listActiveMacros(): Promise<ZendeskMacroDoc[]> {
    const out: ZendeskMacroDoc[] = [];
    for await (const page of this.pages<ZendeskMacroDoc>("/api/v2/macros/active.json?per_page=100", "macros")) out.push(...page);
    return out;
  }
}

export function helpCenterClientFor(account: { apiBaseUrl: string; apiEmail: string | null; secrets: { apiToken?: string; oauthToken?: string } }): HelpCenterClient {
  const { secrets } = account;
  if (secrets.oauthToken) return new HelpCenterClient(account.apiBaseUrl, { oauthToken: secrets.oauthToken });
  if (secrets.apiToken && account.apiEmail) return new HelpCenterClient(account.apiBaseUrl, { email: account.apiEmail, apiToken: secrets.apiToken });
  throw new ZendeskApiError(401, "not_configured", "The account has no Zendesk API credentials (apiEmail + apiToken, or oauthToken).", null);
}

/** The reply text a macro would add: its comment_value (or comment_value_html) action. */
export function macroCommentText(macro: ZendeskMacroDoc): { text: string; html: boolean } | null {
  for (const action of macro.actions) {
    if (action.field === "comment_value_html" && typeof action.value === "string") return { text: action.value, html: true };
  }
  for (const action of macro.actions) {
    if (action.field !== "comment_value") continue;
    if (typeof action.value === "string") return { text: action.value, html: false };
    // Older macros store ["channel:all", "text"].
    if (Array.isArray(action.value) && typeof action.value[1] === "string") return { text: action.value[1], html: false };
  }
  return null;
}
