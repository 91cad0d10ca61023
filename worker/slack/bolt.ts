/**
 * The Slack library layer: @slack/bolt dispatching verified requests to the copilot's handlers, inside a Worker.
 * Bolt's own HTTP receivers need Node's http server, so a small receiver here hands bolt the parsed body, turns
 * the first ack() into the HTTP response (within Slack's 3 seconds) and leaves the rest of the listener running
 * in ctx.waitUntil. Verification, routing to accounts and all Slack Web API calls are ours (routes.ts, api.ts);
 * bolt only matches payloads to listeners. Workarounds (docs/platform-notes.md): no auth.test (authorize returns the token
 * without a call), WebClient given a bound fetch without `redirect: "error"`, no retries inside WebClient, and
 * `@slack/socket-mode` aliased to a stub in wrangler.toml and vitest.config.ts (it pulls node:sqlite).
 * Bolt is imported on the first Slack request, not at startup: evaluating it costs ~100 ms of CPU, which every cold
 * isolate (Zendesk webhooks, queue batches, workflow steps) would otherwise pay.
 */
import type { App, AuthorizeResult, Receiver, ReceiverEvent } from "@slack/bolt";
import type { WebClientOptions } from "@slack/web-api";
import type { Env } from "../env/bindings";
import { errorMessage, log } from "../lib/log";
import type { AccountWithSecrets } from "../store/accounts";
import { handleSlackEvent } from "./events";
import { ackSubmission, handleButton, handleSubmission } from "./interactions";
import { buttonClickOf, viewSubmissionOf } from "./payloads";

export interface SlackScope {
  env: Env;
  /** Accounts whose signing secret verified this request. */
  accounts: AccountWithSecrets[];
}

/** Slack wants the ack within 3 s; if no listener acked by then, answer anyway. */
const ACK_DEADLINE_MS = 2500;
const SCOPE = "copilotScope";

/** WebClient calls fetch unbound and asks for `redirect: "error"`, which workerd rejects. */
function workerFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  if (init?.redirect === "error") {
    const { redirect: _ignored, ...rest } = init;
    return fetch(input, { ...rest, redirect: "manual" });
  }
  return fetch(input, init);
}

function ackResponse(body: unknown): Response {
  if (body === undefined || body === null || body === "") return new Response(null, { status: 200 });
  if (typeof body === "string") return new Response(body, { status: 200, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return Response.json(body, { status: 200 });
}

const scopes = new WeakMap<object, SlackScope>();

class WorkersReceiver implements Receiver {
  private app: App | undefined;

  init(app: App): void {
    this.app = app;
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  async dispatch(body: Record<string, unknown>, scope: SlackScope, ctx: ExecutionContext, retry: { num?: number; reason?: string } = {}): Promise<Response> {
    const app = this.app;
    if (!app) throw new Error("the Slack app is not initialised");
    let settle!: (value: unknown) => void;
    const acked = new Promise<unknown>((resolve) => (settle = resolve));
    scopes.set(body, scope);
    const event: ReceiverEvent = {
      body,
      ...(retry.num !== undefined ? { retryNum: retry.num } : {}),
      ...(retry.reason !== undefined ? { retryReason: retry.reason } : {}),
      customProperties: { [SCOPE]: scope },
      ack: async (response?: unknown) => settle(response),
    };
    const work = app
      .processEvent(event)
      .catch((error: unknown) => log.error("slack listener failed", { error: errorMessage(error) }))
      .finally(() => settle(undefined));
    ctx.waitUntil(work);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ACK_DEADLINE_MS)));
    const response = await Promise.race([acked, deadline]);
    clearTimeout(timer);
    return ackResponse(response);
  }
}

function scopeOf(context: Record<string, unknown>): SlackScope {
  return context[SCOPE] as SlackScope;
}

type Bolt = typeof import("@slack/bolt");

function createApp(bolt: Bolt, receiver: WorkersReceiver): App {
  const app = new bolt.App({
    receiver,
    // Tokens are per account; the handlers call Slack through our own adapter, so bolt only needs a token to
    // build its (unused) client. Returning it here keeps bolt from calling auth.test on every request.
    authorize: async (_source, body): Promise<AuthorizeResult> => {
      const account = body ? scopes.get(body as object)?.accounts[0] : undefined;
      return account?.secrets.slackBotToken ? { botToken: account.secrets.slackBotToken } : {};
    },
    ignoreSelf: false,
    logLevel: bolt.LogLevel.ERROR,
    clientOptions: { retryConfig: { retries: 0 }, fetch: workerFetch as WebClientOptions["fetch"] },
  });

  app.action(/.*/, async ({ ack, body, context }) => {
    await ack();
    const click = buttonClickOf(body);
    if (click) await handleButton(scopeOf(context).env, scopeOf(context).accounts, click);
  });

  app.view({ type: "view_submission", callback_id: /.*/ }, async ({ ack, body, context }) => {
    const { env, accounts } = scopeOf(context);
    const submission = viewSubmissionOf(body);
    if (!submission) return ack();
    const errors = await ackSubmission(env, accounts, submission);
    if (errors) return ack(errors);
    await ack();
    await handleSubmission(env, accounts, submission);
  });

  app.view({ type: "view_closed", callback_id: /.*/ }, async ({ ack }) => ack());

  app.event(/.*/, async ({ event, context }) => {
    const { env, accounts } = scopeOf(context);
    await handleSlackEvent(env, accounts, event);
  });

  return app;
}

let receiver: Promise<WorkersReceiver> | undefined;

/** The bolt app of this isolate, created on the first Slack request. */
function boltReceiver(): Promise<WorkersReceiver> {
  receiver ??= import("@slack/bolt").then(
    (bolt) => {
      const r = new WorkersReceiver();
      createApp(bolt, r);
      return r;
    },
    (error: unknown) => {
      receiver = undefined;
      throw error;
    },
  );
  return receiver;
}

/** Hands a verified interactivity payload or Events API body to bolt; resolves with the ack response. */
export async function dispatchToBolt(
  body: Record<string, unknown>,
  scope: SlackScope,
  ctx: ExecutionContext,
  retry?: { num?: number; reason?: string },
): Promise<Response> {
  return (await boltReceiver()).dispatch(body, scope, ctx, retry);
}
