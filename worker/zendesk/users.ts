/** Zendesk users by email (Search Users), to author an approved reply as the approver's own Zendesk user. */
import { ZendeskApiError } from "./client";

export interface ZendeskUserSummary {
  id: number;
  name: string;
  email: string | null;
  role: string;
  active?: boolean;
  suspended?: boolean;
}

interface Credentials {
  apiBaseUrl: string;
  apiEmail: string | null;
  secrets: { apiToken?: string; oauthToken?: string };
}

function authorization(account: Credentials): string {
  if (account.secrets.oauthToken) return `Bearer ${account.secrets.oauthToken}`;
  if (account.secrets.apiToken && account.apiEmail) return `Basic ${btoa(`${account.apiEmail}/token:${account.secrets.apiToken}`)}`;
  throw new ZendeskApiError(401, "not_configured", "The account has no Zendesk API credentials.", null);
}

/** `GET /api/v2/users/search.json?query=email:...`: the users with exactly this email. */
export async function searchUsersByEmail(account: Credentials, email: string): Promise<ZendeskUserSummary[]> {
  const url = `${account.apiBaseUrl.replace(/\/$/, "")}/api/v2/users/search.json?query=${encodeURIComponent(`email:${email}`)}`;
  const res = await fetch(url, { headers: { Authorization: authorization(account), Accept: "application/json" }, signal: AbortSignal.timeout(10_000) });
  if (!res.ok) {
    const retryAfter = res.headers.has("Retry-After") ? Number(res.headers.get("Retry-After")) : null;
    await res.body?.cancel();
    throw new ZendeskApiError(res.status, `http_${res.status}`, `Zendesk user search → ${res.status}`, retryAfter);
  }
  const body = (await res.json()) as { users?: ZendeskUserSummary[] };
  const wanted = email.trim().toLowerCase();
  return (body.users ?? []).filter((u) => (u.email ?? "").toLowerCase() === wanted);
}

/** The active agent or admin with this email (an end-user cannot author an agent's reply), else null. */
export async function findAgentByEmail(account: Credentials, email: string): Promise<ZendeskUserSummary | null> {
  const users = await searchUsersByEmail(account, email);
  return users.find((u) => (u.role === "agent" || u.role === "admin") && u.active !== false && u.suspended !== true) ?? null;
}
