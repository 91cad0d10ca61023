/**
 * Who may decide drafts from Slack: the account's listed Slack user ids, or members of its approver user group
 * (usergroups.users.list, cached briefly per isolate). Fails closed: if Slack cannot say, the answer is no.
 */
import { errorMessage, log } from "../lib/log";
import type { SlackContext } from "./context";

const GROUP_TTL_MS = 60_000;
const groupCache = new Map<string, { at: number; members: Set<string> }>();

export async function isApprover(slack: SlackContext, userId: string, nowMs = Date.now()): Promise<boolean> {
  if (slack.settings.approvers.includes(userId)) return true;
  const group = slack.settings.approverGroup;
  if (!group) return false;
  const key = `${slack.account.id}:${group}`;
  let cached = groupCache.get(key);
  if (!cached || nowMs - cached.at > GROUP_TTL_MS) {
    try {
      cached = { at: nowMs, members: new Set(await slack.api.usergroupMembers(group)) };
    } catch (error) {
      log.warn("could not read the approver group; refusing", { account: slack.account.id, group, error: errorMessage(error) });
      return false;
    }
    if (groupCache.size > 500) groupCache.clear();
    groupCache.set(key, cached);
  }
  return cached.members.has(userId);
}
