/**
 * The slice of the ZAF v2 client this app uses. The SDK itself is Zendesk's (loaded by iframe.html from
 * Zendesk's CDN, as Zendesk requires); there is no npm package to import, so these are our own types.
 */
export interface ZafUser {
  id: number;
  name: string;
  email?: string;
  locale?: string;
  role?: string;
}

export interface ZafAccount {
  subdomain: string;
}

export interface ZafMetadata {
  appId?: number;
  installationId?: number;
  name?: string;
  version?: string;
  /** Non-secure settings only: secure settings are never sent to the browser. */
  settings: Record<string, unknown>;
}

export interface ZafRequestOptions {
  url: string;
  type?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  contentType?: string;
  data?: string;
  dataType?: "json" | "text";
  headers?: Record<string, string>;
  cors?: boolean;
  secure?: boolean;
  jwt?: { algorithm: "HS256"; secret_key: string; expiry?: number; claims?: Record<string, unknown> };
  httpCompleteResponse?: boolean;
}

/** What a failed client.request rejects with (jqXHR-like). */
export interface ZafRequestFailure {
  status?: number;
  statusText?: string;
  responseText?: string;
  responseJSON?: unknown;
}

export interface ZafClient {
  get(path: string | string[]): Promise<Record<string, unknown> & { errors?: Record<string, unknown> }>;
  invoke(name: string, ...args: unknown[]): Promise<unknown>;
  on(event: string, handler: (data: unknown) => void): void;
  off(event: string, handler: (data: unknown) => void): void;
  request<T = unknown>(options: ZafRequestOptions): Promise<T>;
  metadata(): Promise<ZafMetadata>;
  context(): Promise<{ ticketId?: number; location?: string; account?: ZafAccount; instanceGuid?: string }>;
}

declare global {
  interface Window {
    ZAFClient?: { init(callback?: (context: unknown) => void): ZafClient | false };
  }
}

/** The client for this iframe, or null when the page is not inside Zendesk (no origin/app_guid in the URL). */
export function initZafClient(): ZafClient | null {
  const client = window.ZAFClient?.init();
  return client ? client : null;
}
