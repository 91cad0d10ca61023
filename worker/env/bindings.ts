/// <reference path="./worker-configuration.d.ts" />

/**
 * Bindings and settings the Worker receives. The names and binding types come from wrangler.toml and the secret
 * names from .dev.vars.example, generated into worker-configuration.d.ts by `npm run cf-typegen` (drift fails
 * `npm run check`). Here only what wrangler cannot know: the message and params types, and optional settings.
 *   DB             D1, reached only through worker/store.
 *   TRIAGE_QUEUE   pointers to stored events (TriageMessage).
 *   TICKET_WORKFLOW one instance per draft: compose, ask a human, wait, post once (worker/workflows/ticket-workflow.ts).
 *   HISTORY_IMPORT_WORKFLOW one instance per history import run (worker/workflows/history-import-workflow.ts).
 *   ADMIN_TOKEN    bearer token for /admin routes.
 *   SECRETS_KEY    base64 of 32 random bytes: encrypts account secrets (Zendesk tokens, signing secrets) at rest in D1.
 */
export interface Env extends Omit<Cloudflare.Env, "TRIAGE_QUEUE" | "TICKET_WORKFLOW" | "HISTORY_IMPORT_WORKFLOW" | "LOG_LEVEL"> {
  TRIAGE_QUEUE: Queue<TriageMessage>;
  TICKET_WORKFLOW: Workflow<TicketWorkflowParams>;
  HISTORY_IMPORT_WORKFLOW: Workflow<HistoryImportParams>;
  /** debug | info | warn | error (worker/lib/log.ts); wrangler.toml sets "info", unset means info. */
  LOG_LEVEL?: string;
  /** "on" only under `npm start`: serves the local demo desk at /demo. Never set it in production. */
  DEMO_DESK?: string;
}

/** What the intake puts on the queue: a pointer to a stored event, never the payload itself. */
export interface TriageMessage {
  eventId: number;
  accountId: string;
  /** The trace id of the delivery (worker/lib/trace.ts); absent on messages sent before trace ids existed. */
  traceId?: string;
}

/** What starts a ticket workflow. */
export interface TicketWorkflowParams {
  accountId: string;
  ticketId: number;
  decisionId: number;
  /** The draft to compose and get approved; null for an escalation-only run. */
  draftId: number | null;
  /** Why an escalation-only run escalates. */
  reason?: string;
  /** The trace id of the decision that started the run; every step logs under it. Absent on older instances. */
  traceId?: string;
}

/** What starts (or resumes) a history import run: everything else is read from its row in history_imports. */
export interface HistoryImportParams {
  accountId: string;
  importId: string;
  traceId?: string;
}
