/** Events API deliveries the copilot cares about: the app being uninstalled or its tokens revoked. */
import type { Env } from "../env/bindings";
import { log } from "../lib/log";
import type { AccountWithSecrets } from "../store/accounts";
import { audit } from "../store/audit";
import { database } from "../store/db";

export const LIFECYCLE_EVENTS = ["app_uninstalled", "tokens_revoked"] as const;

export async function handleSlackEvent(env: Env, accounts: AccountWithSecrets[], event: { type?: unknown }): Promise<void> {
  if (typeof event.type !== "string" || !(LIFECYCLE_EVENTS as readonly string[]).includes(event.type)) return;
  const db = database(env.DB);
  for (const account of accounts) {
    // Approvals stop working until the app is reinstalled and the new bot token stored; say so loudly.
    log.warn("the Slack app was uninstalled or its tokens revoked", { account: account.id, event: event.type });
    await audit(db, { accountId: account.id, actor: "slack", action: `slack.${event.type}`, subject: `account:${account.id}` });
  }
}
