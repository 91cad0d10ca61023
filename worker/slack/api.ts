/**
 * A thin Slack Web API adapter: the few methods the copilot calls, form-encoded like Slack's own SDKs (JSON-valued
 * arguments such as `blocks` and `view` as JSON strings), with a bounded retry on 429 that honours Retry-After.
 * Only rate limits are retried: Slack rejected those calls, so retrying cannot post a message twice.
 */
import { log } from "../lib/log";

export const SLACK_API_BASE = "https://slack.com/api/";

export class SlackApiError extends Error {
  constructor(
    readonly method: string,
    readonly code: string,
    readonly status: number,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(`Slack ${method} failed: ${code}${status !== 200 ? ` (HTTP ${status})` : ""}`);
  }
}

export interface SlackApiOptions {
  baseUrl?: string;
  /** Retries after a 429 (default 3). */
  maxRetries?: number;
  /** The longest single wait; a longer Retry-After fails the call at once (default 10 s). */
  maxWaitSeconds?: number;
  /** The longest total waiting across retries (default 20 s, inside Workers' 30 s after-response budget). */
  maxTotalWaitSeconds?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface SlackUser {
  id: string;
  name?: string;
  real_name?: string;
  deleted?: boolean;
  is_bot?: boolean;
  profile?: { email?: string; display_name?: string; real_name?: string };
}

type Args = Record<string, unknown>;
type Ok<T> = T & { ok: true };

function formBody(args: Args): URLSearchParams {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(args)) {
    if (value === undefined || value === null) continue;
    form.set(key, typeof value === "object" ? JSON.stringify(value) : String(value));
  }
  return form;
}

const sleepMs = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class SlackApi {
  private readonly baseUrl: string;

  constructor(
    private readonly token: string,
    private readonly options: SlackApiOptions = {},
  ) {
    this.baseUrl = (options.baseUrl ?? SLACK_API_BASE).replace(/\/?$/, "/");
  }

  async call<T extends object = Record<string, unknown>>(method: string, args: Args = {}): Promise<Ok<T>> {
    const maxRetries = this.options.maxRetries ?? 3;
    const maxWait = this.options.maxWaitSeconds ?? 10;
    let budget = this.options.maxTotalWaitSeconds ?? 20;
    for (let attempt = 0; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(`${this.baseUrl}${method}`, {
          method: "POST",
          headers: { Authorization: `Bearer ${this.token}`, "Content-Type": "application/x-www-form-urlencoded; charset=utf-8" },
          body: formBody(args),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
        });
      } catch (error) {
        throw new SlackApiError(method, `network_error: ${error instanceof Error ? error.message : String(error)}`, 0);
      }
      if (res.status === 429) {
        await res.body?.cancel();
        const header = Number(res.headers.get("Retry-After"));
        const wait = Number.isFinite(header) && header >= 0 ? header : 1;
        if (attempt >= maxRetries || wait > maxWait || wait > budget) throw new SlackApiError(method, "ratelimited", 429, wait);
        log.warn("slack rate limited; retrying", { method, retryAfter: wait, attempt: attempt + 1 });
        budget -= wait;
        await (this.options.sleep ?? sleepMs)(wait * 1000);
        continue;
      }
      const text = await res.text();
      let data: { ok?: boolean; error?: string };
      try {
        data = JSON.parse(text) as { ok?: boolean; error?: string };
      } catch {
        throw new SlackApiError(method, `invalid_response: ${text.slice(0, 120)}`, res.status);
      }
      if (!res.ok || data.ok !== true) throw new SlackApiError(method, data.error ?? `http_${res.status}`, res.status);
      return data as Ok<T>;
    }
  }

  postMessage(args: { channel: string; text: string; blocks?: unknown[]; thread_ts?: string; unfurl_links?: boolean; unfurl_media?: boolean }) {
    return this.call<{ channel: string; ts: string }>("chat.postMessage", { unfurl_links: false, unfurl_media: false, ...args });
  }

  update(args: { channel: string; ts: string; text: string; blocks?: unknown[] }) {
    return this.call<{ channel: string; ts: string }>("chat.update", args);
  }

  postEphemeral(args: { channel: string; user: string; text: string; blocks?: unknown[]; thread_ts?: string }) {
    return this.call<{ message_ts: string }>("chat.postEphemeral", args);
  }

  openView(args: { trigger_id: string; view: object }) {
    return this.call<{ view: { id: string } }>("views.open", args);
  }

  async userInfo(user: string): Promise<SlackUser> {
    return (await this.call<{ user: SlackUser }>("users.info", { user })).user;
  }

  async usergroupMembers(usergroup: string): Promise<string[]> {
    return (await this.call<{ users: string[] }>("usergroups.users.list", { usergroup })).users;
  }
}
