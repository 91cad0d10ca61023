/**
 * A typed client for the fake's control API (`/__fake/`), built on fetch only: usable from Node tests, the local
 * demo and (given the fake's URL) from tests running inside workerd.
 */
import type { FaultSpec } from "./faults";
import type { FakeSlackUser, FakeSlackUsergroup, SlackMessage } from "./identity";
import type { EphemeralMessage, RecordedCall, StoredView } from "./state";

export class FakeSlackControl {
  readonly origin: string;

  /** `base`: the fake's origin or its Web API URL (`http://127.0.0.1:PORT/api/`). */
  constructor(base: string) {
    this.origin = new URL(base).origin;
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.origin}/__fake/${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
    });
    const data = (await res.json()) as T & { ok?: boolean; error?: string };
    if (!res.ok || data.ok === false) throw new Error(`fake slack ${method} /__fake/${path}: ${res.status} ${data.error ?? ""}`);
    return data;
  }

  /** Recorded calls, oldest first; filter by method, by `args.channel`, or newer than a seq. */
  async calls(filter: { method?: string; channel?: string; since?: number } = {}): Promise<RecordedCall[]> {
    const q = new URLSearchParams();
    if (filter.method) q.set("method", filter.method);
    if (filter.channel) q.set("channel", filter.channel);
    if (filter.since !== undefined) q.set("since", String(filter.since));
    return (await this.request<{ calls: RecordedCall[] }>("GET", `calls?${q}`)).calls;
  }

  async clearCalls(): Promise<void> {
    await this.request("DELETE", "calls");
  }

  /** Current state of every message in a channel (top-level and thread replies, ts order). */
  async messages(channel: string): Promise<SlackMessage[]> {
    return (await this.request<{ messages: SlackMessage[] }>("GET", `messages?channel=${encodeURIComponent(channel)}`)).messages;
  }

  async message(channel: string, ts: string): Promise<SlackMessage | undefined> {
    return (await this.messages(channel)).find((m) => m.ts === ts);
  }

  async ephemeral(channel: string): Promise<EphemeralMessage[]> {
    return (await this.request<{ ephemeral: EphemeralMessage[] }>("GET", `messages?channel=${encodeURIComponent(channel)}`)).ephemeral;
  }

  /** Seeds a message from a human user (default U0HUMAN001), e.g. a reply in a bot's thread. */
  async seedMessage(message: {
    channel: string;
    text?: string;
    user?: string;
    ts?: string;
    thread_ts?: string;
    blocks?: unknown[];
  }): Promise<{ channel: string; ts: string; message: SlackMessage }> {
    return this.request("POST", "messages", message);
  }

  async views(): Promise<StoredView[]> {
    return (await this.request<{ views: StoredView[] }>("GET", "views")).views;
  }

  /** Adds a fault; returns its id. */
  async fault(spec: FaultSpec): Promise<string> {
    return (await this.request<{ id: string }>("POST", "faults", spec)).id;
  }

  async clearFaults(id?: string): Promise<void> {
    await this.request("DELETE", id ? `faults/${encodeURIComponent(id)}` : "faults");
  }

  async addUsers(users: FakeSlackUser[]): Promise<void> {
    await this.request("POST", "users", users);
  }

  async addUsergroups(groups: FakeSlackUsergroup[]): Promise<void> {
    await this.request("POST", "usergroups", groups);
  }

  /** A response_url bound to a message: posts to it replace/delete the message or add ephemeral/in-channel ones. */
  async createResponseUrl(binding: { channel: string; messageTs: string; user?: string }): Promise<string> {
    const body = { channel: binding.channel, message_ts: binding.messageTs, ...(binding.user ? { user: binding.user } : {}) };
    return (await this.request<{ url: string }>("POST", "response-urls", body)).url;
  }

  /** What was posted to a response_url (an id or the full URL). */
  async responses(idOrUrl: string): Promise<RecordedCall[]> {
    const id = idOrUrl.split("/").pop() ?? idOrUrl;
    return (await this.request<{ responses: RecordedCall[] }>("GET", `response-url/${encodeURIComponent(id)}`)).responses;
  }

  /** Clears calls, messages, views, faults and bindings; users and groups go back to the seeded ones. */
  async reset(): Promise<void> {
    await this.request("POST", "reset");
  }
}
