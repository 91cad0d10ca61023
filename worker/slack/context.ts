/** An account's Slack connection: its settings and a Web API client, or null when Slack is not configured. */
import type { Env } from "../env/bindings";
import type { AccountSettings } from "../settings/account";
import type { AccountWithSecrets } from "../store/accounts";
import { SlackApi, SLACK_API_BASE } from "./api";

export type SlackSettings = NonNullable<AccountSettings["slack"]>;

export interface SlackContext {
  account: AccountWithSecrets;
  settings: SlackSettings;
  api: SlackApi;
}

export function slackFor(_env: Env, account: AccountWithSecrets): SlackContext | null {
  const settings = account.settings.slack;
  const token = account.secrets.slackBotToken;
  if (!settings || !token) return null;
  return { account, settings, api: new SlackApi(token, { baseUrl: settings.apiBaseUrl ?? SLACK_API_BASE }) };
}

export { zendeskTicketUrl } from "../zendesk/links";
