/**
 * The demo desk's stand-in for Zendesk's ZAF request proxy. The mock ZAF parent page forwards the options the
 * app passed to `client.request()`; here, on the server side, we do what Zendesk's proxy does for a secure
 * request: substitute `{{setting.*}}` placeholders (secure settings only when `secure: true`), mint the HS256
 * JWT from the `jwt` block, put it where `{{jwt.token}}` stands, and make the request, which here is the Worker
 * itself (dispatched in-process). The shared secret is read from the demo account's encrypted secrets and never
 * leaves the Worker, exactly as a real secure setting never reaches the browser.
 */
import { signSidebarToken } from "../sidebar/token";

export interface ZafRequestOptions {
  url?: unknown;
  type?: unknown;
  contentType?: unknown;
  data?: unknown;
  headers?: unknown;
  jwt?: unknown;
  secure?: unknown;
}

export interface Installation {
  /** Settings the app sees in metadata (non-secure). */
  settings: Record<string, string>;
  /** Secure settings: only substituted into secure requests, never sent to the browser. */
  secureSettings: Record<string, string>;
  /** Hosts secure settings may be sent to (the manifest's domainWhitelist). */
  domainWhitelist: string[];
}

export class ProxyRefused extends Error {}

const PLACEHOLDER = /\{\{\s*setting\.([a-zA-Z0-9_]+)\s*\}\}/g;
const JWT_TOKEN = /\{\{\s*jwt\.token\s*\}\}/g;
const HAS_JWT_TOKEN = /\{\{\s*jwt\.token\s*\}\}/;

function substitute(text: string, install: Installation, secure: boolean): { text: string; usedSecure: boolean } {
  let usedSecure = false;
  const out = text.replace(PLACEHOLDER, (whole, name: string) => {
    if (name in install.secureSettings) {
      usedSecure = true;
      if (!secure) throw new ProxyRefused(`{{setting.${name}}} is a secure setting: the request needs secure: true`);
      return install.secureSettings[name]!;
    }
    return install.settings[name] ?? whole;
  });
  return { text: out, usedSecure };
}

export interface PreparedRequest {
  request: Request;
  /** For logs and tests: whether a JWT was minted (never the token itself). */
  signed: boolean;
}

/** Turns the app's request options into the request the proxy sends on. Throws ProxyRefused on anything ZAF would refuse. */
export async function prepareProxiedRequest(options: ZafRequestOptions, install: Installation, nowS: number): Promise<PreparedRequest> {
  const secure = options.secure === true;
  if (typeof options.url !== "string" || !options.url) throw new ProxyRefused("url is required");
  const url = substitute(options.url, install, secure).text;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not repeated: the URL may now hold a substituted secure setting.
    throw new ProxyRefused("url is not an absolute URL");
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new ProxyRefused("only http(s) URLs are proxied");
  if (secure && !install.domainWhitelist.includes(parsed.host)) throw new ProxyRefused("the url's host is not in the app's domainWhitelist");

  const method = typeof options.type === "string" ? options.type.toUpperCase() : "GET";
  if (!/^(GET|POST|PUT|PATCH|DELETE)$/.test(method)) throw new ProxyRefused("type is GET, POST, PUT, PATCH or DELETE");

  let token: string | null = null;
  if (options.jwt !== undefined) {
    if (!secure) throw new ProxyRefused("a jwt request needs secure: true");
    if (typeof options.jwt !== "object" || options.jwt === null) throw new ProxyRefused("jwt is an object");
    const jwt = options.jwt as { algorithm?: unknown; secret_key?: unknown; expiry?: unknown; claims?: unknown };
    if (jwt.algorithm !== "HS256") throw new ProxyRefused("ZAF signs request JWTs with HS256 only");
    if (typeof jwt.secret_key !== "string") throw new ProxyRefused("jwt.secret_key is required");
    const { text: secret, usedSecure } = substitute(jwt.secret_key, install, secure);
    if (!usedSecure) throw new ProxyRefused("jwt.secret_key must reference a secure setting");
    const expiry = typeof jwt.expiry === "number" && jwt.expiry > 0 ? Math.floor(jwt.expiry) : 3600;
    const claims = typeof jwt.claims === "object" && jwt.claims !== null && !Array.isArray(jwt.claims) ? (jwt.claims as Record<string, unknown>) : {};
    token = await signSidebarToken(secret, claims, { nowS, expiresInS: expiry });
  }

  const headers = new Headers();
  if (typeof options.headers === "object" && options.headers !== null) {
    for (const [name, value] of Object.entries(options.headers as Record<string, unknown>)) {
      if (typeof value !== "string") continue;
      let text = substitute(value, install, secure).text;
      if (HAS_JWT_TOKEN.test(text)) {
        if (!token) throw new ProxyRefused("{{jwt.token}} used without a jwt block");
        text = text.replace(JWT_TOKEN, token);
      }
      try {
        headers.set(name, text);
      } catch {
        // Headers refuses names and values with forbidden characters (as ZAF's proxy would).
        throw new ProxyRefused("headers holds an invalid header name or value");
      }
    }
  }
  let body: string | undefined;
  if (method !== "GET" && options.data !== undefined && options.data !== null) {
    body = typeof options.data === "string" ? substitute(options.data, install, secure).text : JSON.stringify(options.data);
    headers.set("Content-Type", typeof options.contentType === "string" ? options.contentType : "application/x-www-form-urlencoded; charset=UTF-8");
  }
  return { request: new Request(parsed.toString(), { method, headers, body }), signed: token !== null };
}
