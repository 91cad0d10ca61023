/**
 * The demo account's Slack for `npm start` and the browser tests: the fake Slack with the demo users, an approval
 * and an escalation channel, a bot token and a signing secret, serving the workspace page whose buttons send
 * signed interactions to the Worker. `accountSlack` is what the demo account gets (secrets and settings.slack).
 */
import { DEMO_USERGROUPS, DEMO_USERS, FAKE_TEAM } from "./identity";
import { startFakeSlack } from "./server";

export const DEMO_SLACK_CHANNELS = {
  approval: { id: "C0DEMOAPPR", name: "support-approvals", purpose: "drafts waiting for a human" },
  escalation: { id: "C0DEMOESCL", name: "support-escalations", purpose: "tickets that need a person" },
} as const;

/** The demo Zendesk agent (dev/fakes/zendesk/demo-seed.ts): approved replies are posted as them. */
const DEMO_ZENDESK_AGENT = 9100000001;
/** Local-only credentials: the fake checks the bot token, the Worker checks the signature. */
const DEMO_BOT_TOKEN = "xoxb-demo-local-stand-in-token";
const DEMO_SIGNING_SECRET = "demo-local-slack-signing-secret";

export interface DemoSlack {
  apiUrl: string;
  pageUrl: string;
  accountSlack: {
    secrets: { slackBotToken: string; slackSigningSecret: string };
    settings: {
      teamId: string;
      approvalChannel: string;
      escalationChannel: string;
      approvers: string[];
      approverGroup: string;
      zendeskUsers: Record<string, number>;
      apiBaseUrl: string;
    };
  };
  close(): Promise<void>;
}

export async function startDemoSlack(opts: { port: number; workerUrl: string; log?: (line: string) => void }): Promise<DemoSlack> {
  const slack = await startFakeSlack({
    port: opts.port,
    botToken: DEMO_BOT_TOKEN,
    users: DEMO_USERS,
    usergroups: DEMO_USERGROUPS,
    ...(opts.log ? { log: opts.log } : {}),
    workspace: {
      interactionsUrl: `${opts.workerUrl}/slack/interactions`,
      signingSecret: DEMO_SIGNING_SECRET,
      team: { id: FAKE_TEAM.id, domain: FAKE_TEAM.domain },
      channels: [DEMO_SLACK_CHANNELS.approval, DEMO_SLACK_CHANNELS.escalation],
      defaultUser: DEMO_USERS[0]!.id,
    },
  });
  return {
    apiUrl: slack.url,
    pageUrl: `${slack.origin}/`,
    accountSlack: {
      secrets: { slackBotToken: DEMO_BOT_TOKEN, slackSigningSecret: DEMO_SIGNING_SECRET },
      settings: {
        teamId: FAKE_TEAM.id,
        approvalChannel: DEMO_SLACK_CHANNELS.approval.id,
        escalationChannel: DEMO_SLACK_CHANNELS.escalation.id,
        approvers: DEMO_USERS.map((u) => u.id),
        approverGroup: DEMO_USERGROUPS[0]!.id,
        zendeskUsers: Object.fromEntries(DEMO_USERS.map((u) => [u.id, DEMO_ZENDESK_AGENT])),
        apiBaseUrl: slack.url,
      },
    },
    close: () => slack.close(),
  };
}
