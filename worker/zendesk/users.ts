/**
 * Zendesk users: by email (Search Users), to author an approved reply as the approver's own Zendesk user; by id,
 * for the requester's name that redaction hides before drafting.
 */
import { ZendeskApiError, zendeskHttpFor, type ZendeskCredentials } from "./http";

export interface ZendeskUserSummary {
  id: number;
  name: string;
  email: string | null;
  role: string;
  active?: boolean;
  suspended?: boolean;
}

/** `GET /api/v2/users/search.json?query=email:...`: the users with exactly this email. */
export async function searchUsersByEmail(account: ZendeskCredentials, email: string): Promise<ZendeskUserSummary[]> {
  const body = await zendeskHttpFor(account).request<{ users?: ZendeskUserSummary[] }>(
    "GET",
    `/api/v2/users/search.json?query=${encodeURIComponent(`email:${email}`)}`,
  );
  const wanted = email.trim().toLowerCase();
  return (body.users ?? []).filter((u) => (u.email ?? "").toLowerCase() === wanted);
}

/** The active agent or admin with this email (an end-user cannot author an agent's reply), else null. */
export async function findAgentByEmail(account: ZendeskCredentials, email: string): Promise<ZendeskUserSummary | null> {
  const users = await searchUsersByEmail(account, email);
  return users.find((u) => (u.role === "agent" || u.role === "admin") && u.active !== false && u.suspended !== true) ?? null;
}

/** The user's name (`GET /api/v2/users/{id}.json`), or null when Zendesk does not answer in time or has none. */
export async function userName(account: ZendeskCredentials, id: number, timeoutMs = 3_000): Promise<string | null> {
  try {
    const body = await zendeskHttpFor(account, { timeoutMs }).request<{ user?: { name?: string | null } }>("GET", `/api/v2/users/${id}.json`);
    return body.user?.name?.trim() || null;
  } catch {
    return null;
  }
}

/** The user's role (`end-user`, `agent` or `admin`) from `GET /api/v2/users/{id}.json`; null for an unknown user. */
export async function userRole(account: ZendeskCredentials, id: number, timeoutMs = 5_000): Promise<string | null> {
  let user: { role?: string | null; active?: boolean; suspended?: boolean } | undefined;
  try {
    user = (await zendeskHttpFor(account, { timeoutMs }).request<{ user?: typeof user }>("GET", `/api/v2/users/${id}.json`)).user;
  } catch (error) {
    if (error instanceof ZendeskApiError && error.status === 404) return null;
    throw error;
  }
  // A deactivated or suspended admin is no admin any more.
  if (!user || user.active === false || user.suspended === true) return null;
  return user.role ?? null;
}
