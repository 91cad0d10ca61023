/**
 * The Slack user behind an action as decideDraft's actor, with the Zendesk user the reply is authored by:
 * settings.slack.zendeskUsers first, else the Slack profile email matched to a Zendesk agent. Cached per isolate.
 */
import type { Actor } from "../approval/lifecycle";
import { errorMessage, log } from "../lib/log";
import { findAgentByEmail } from "../zendesk/users";
import type { SlackContext } from "./context";

const TTL_MS = 10 * 60_000;
const cache = new Map<string, { at: number; zendeskUserId: number | null; name: string | null }>();

export async function slackActor(slack: SlackContext, user: { id: string; name?: string | null }, nowMs = Date.now()): Promise<Actor> {
  const mapped = slack.settings.zendeskUsers[user.id];
  if (mapped !== undefined) return { via: "slack", id: user.id, name: user.name ?? null, zendeskUserId: mapped };
  const key = `${slack.account.id}:${user.id}`;
  let hit = cache.get(key);
  if (!hit || nowMs - hit.at > TTL_MS) {
    hit = { at: nowMs, zendeskUserId: null, name: null };
    try {
      const info = await slack.api.userInfo(user.id);
      hit.name = info.profile?.real_name || info.real_name || null;
      const email = info.profile?.email;
      if (email) hit.zendeskUserId = (await findAgentByEmail(slack.account, email))?.id ?? null;
    } catch (error) {
      // The reply is then authored by the account's API user; the decision itself does not depend on this.
      log.warn("could not map the Slack user to a Zendesk user", { account: slack.account.id, user: user.id, error: errorMessage(error) });
      return { via: "slack", id: user.id, name: user.name ?? null, zendeskUserId: null };
    }
    if (cache.size > 1000) cache.clear();
    cache.set(key, hit);
  }
  return { via: "slack", id: user.id, name: user.name ?? hit.name, zendeskUserId: hit.zendeskUserId };
}
