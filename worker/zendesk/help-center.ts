/**
 * Zendesk Help Center articles and Support macros, read page by page for the knowledge base (pagination, auth
 * and errors: ./http.ts, which follows `next_page` only on the account's own origin).
 */
import { zendeskHttpFor, type ZendeskCredentials, type ZendeskHttp } from "./http";

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

/** Help Center pages are larger than ticket reads: a longer timeout than the default. */
const TIMEOUT_MS = 15_000;

export class HelpCenterClient {
  constructor(private readonly http: ZendeskHttp) {}

  /** Published and draft articles; `locale` narrows to one language (else what the API returns by default). */
  listArticles(locale?: string): Promise<HelpCenterArticle[]> {
    const path = locale ? `/api/v2/help_center/${encodeURIComponent(locale)}/articles.json?per_page=100` : "/api/v2/help_center/articles.json?per_page=100";
    return this.http.all<HelpCenterArticle>(path, "articles");
  }

  /** Active macros only (inactive ones are not what agents send today). */
  listActiveMacros(): Promise<ZendeskMacroDoc[]> {
    return this.http.all<ZendeskMacroDoc>("/api/v2/macros/active.json?per_page=100", "macros");
  }
}

/** Throws ZendeskApiError 401 `not_configured` when the account has no API credentials. */
export function helpCenterClientFor(account: ZendeskCredentials): HelpCenterClient {
  return new HelpCenterClient(zendeskHttpFor(account, { timeoutMs: TIMEOUT_MS }));
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
