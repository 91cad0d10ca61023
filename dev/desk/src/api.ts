/** The desk's calls to the Worker's /demo/api (which talks to the fake Zendesk and plays the ZAF proxy). */
import type { DemoTicket } from "../demo-tickets";
import type { ZafRequestResult } from "./zaf-host";

export interface DeskPerson {
  id: number;
  name: string;
  email: string | null;
  role: string;
  locale: string;
}

export interface DeskConfig {
  account: { subdomain: string; name: string };
  agent: DeskPerson;
  /** The seeded Zendesk admin the Insight tab signs in as; null on a fake state older than that seed. */
  admin: DeskPerson | null;
  app: { origin: string; path: string; settings: Record<string, unknown> };
  /** The local Slack stand-in's page, when the demo account's Slack is the fake on this machine. */
  slackWorkspaceUrl: string | null;
}

export interface DeskUser {
  id: number;
  name: string;
  email?: string;
}

export interface DeskTicket {
  id: number;
  subject: string;
  description: string;
  status: string;
  priority: string | null;
  tags: string[];
  requester_id: number;
  requester: DeskUser | null;
  created_at: string;
  updated_at: string;
}

export interface DeskComment {
  id: number;
  body: string;
  public: boolean;
  author_id: number;
  author: DeskUser | null;
  created_at: string;
}

async function json<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => ({}))) as T & { message?: string };
  if (!res.ok) throw new Error(body.message ?? `HTTP ${res.status}`);
  return body;
}

export const deskApi = {
  config: () => fetch("/demo/api/config").then((r) => json<DeskConfig>(r)),
  tickets: () => fetch("/demo/api/tickets").then((r) => json<{ tickets: DeskTicket[] }>(r)),
  ticket: (id: number) => fetch(`/demo/api/tickets/${id}`).then((r) => json<{ ticket: DeskTicket; comments: DeskComment[] }>(r)),
  reply: (id: number, body: string, isPublic: boolean, status?: "solved") =>
    fetch(`/demo/api/tickets/${id}/comments`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ ...(body.trim() ? { body, public: isPublic } : {}), ...(status ? { status } : {}) }),
    }).then((r) => json<unknown>(r)),
  newTicket: (t: DemoTicket) =>
    fetch("/demo/api/customer-tickets", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ subject: t.subject, body: t.body, requester: t.requester }),
    }).then((r) => json<{ ticket: DeskTicket }>(r)),
  zafRequest: async (options: Record<string, unknown>): Promise<ZafRequestResult> => {
    const res = await fetch("/demo/api/zaf/request", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(options) });
    const text = await res.text();
    // 200: the proxy forwarded the request and reports the Worker's answer; anything else: the proxy refused.
    if (res.status === 200) return JSON.parse(text) as ZafRequestResult;
    return { status: res.status, statusText: res.statusText, contentType: res.headers.get("Content-Type"), body: text };
  },
};
