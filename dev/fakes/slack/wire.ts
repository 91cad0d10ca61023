/**
 * Slack Web API wire format: turning an HTTP request into method arguments + the caller's token.
 *
 * Like Slack: form bodies (`application/x-www-form-urlencoded`, `multipart/form-data`, and `text/plain`, which Slack
 * also accepts) carry everything as strings, with `blocks` / `attachments` / `view` / `metadata` as JSON strings,
 * and may carry `token`; JSON bodies (`application/json`) must present the token as `Authorization: Bearer`, a
 * `token` field in JSON is ignored.
 * Query-string arguments are accepted (GET works for read methods); query-string tokens are not (Slack retired them).
 */

export type Args = Record<string, unknown>;

export interface ParsedCall {
  args: Args;
  token: string | undefined;
  /** Slack's own errors for bodies it cannot read (`invalid_json`, `json_not_object`, `invalid_post_type`, ...). */
  error?: string;
  /** A JSON body whose Content-Type lacks `charset=utf-8` (Slack answers, with a `missing_charset` warning). */
  missingCharset: boolean;
}

/** Arguments Slack documents as JSON-encoded strings in form bodies. */
export const JSON_ARGS = ["blocks", "attachments", "view", "metadata"] as const;
const BOOLEAN_ARGS = new Set([
  "unfurl_links",
  "unfurl_media",
  "reply_broadcast",
  "mrkdwn",
  "as_user",
  "link_names",
  "replace_original",
  "delete_original",
  "include_locale",
  "include_all_metadata",
  "inclusive",
]);

export async function parseCall(
  httpMethod: string,
  contentType: string | undefined,
  authorization: string | undefined,
  query: URLSearchParams,
  body: Uint8Array,
): Promise<ParsedCall> {
  const args: Args = {};
  let bodyToken: string | undefined;
  let error: string | undefined;
  let missingCharset = false;
  for (const [k, v] of query) if (k !== "token") args[k] = v;

  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  const text = new TextDecoder().decode(body);
  if (httpMethod === "POST" && body.length > 0) {
    if (type === "application/json") {
      missingCharset = !/charset\s*=\s*utf-?8/i.test(contentType ?? "");
      try {
        const parsed: unknown = JSON.parse(text);
        if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) error = "json_not_object";
        else for (const [k, v] of Object.entries(parsed)) if (k !== "token") args[k] = v;
      } catch {
        error = "invalid_json";
      }
    } else if (type === "application/x-www-form-urlencoded" || type === "text/plain" || type === "") {
      // Slack lists text/plain among its valid POST types; its body is read like a form.
      for (const [k, v] of new URLSearchParams(text)) {
        if (k === "token") bodyToken = v;
        else args[k] = v;
      }
    } else if (type === "multipart/form-data") {
      try {
        const form = await new Response(new Uint8Array(body), { headers: { "content-type": contentType ?? "" } }).formData();
        form.forEach((v, k) => {
          if (typeof v !== "string") return;
          if (k === "token") bodyToken = v;
          else args[k] = v;
        });
      } catch {
        error = "invalid_form_data";
      }
    } else {
      error = "invalid_post_type";
    }
  }

  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  return { args, token: bearer ?? bodyToken, error, missingCharset };
}

/** Arguments as recorded for tests: JSON-string args decoded, form booleans as booleans, never a token. */
export function decodeArgs(args: Args): Args {
  const out: Args = {};
  for (const [k, v] of Object.entries(args)) {
    if (k === "token") continue;
    if ((JSON_ARGS as readonly string[]).includes(k) && typeof v === "string") {
      try {
        out[k] = JSON.parse(v);
      } catch {
        out[k] = v;
      }
    } else if (BOOLEAN_ARGS.has(k) && typeof v === "string") {
      out[k] = v === "true" || v === "1";
    } else {
      out[k] = v;
    }
  }
  return out;
}

/** A string argument (numbers are stringified; empty strings count as missing, as on Slack). */
export function str(args: Args, name: string): string | undefined {
  const v = args[name];
  if (typeof v === "string") return v.length > 0 ? v : undefined;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

/**
 * A JSON argument: `undefined` when absent, `{ value }` when it decodes (or already is structured, as in JSON
 * bodies), `{ malformed: true }` when it is a string that is not JSON.
 */
export function jsonArg(args: Args, name: string): undefined | { value: unknown } | { malformed: true } {
  const v = args[name];
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v !== "string") return { value: v };
  try {
    return { value: JSON.parse(v) };
  } catch {
    return { malformed: true };
  }
}
