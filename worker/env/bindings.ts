/** Bindings and settings the Worker receives (see wrangler.toml and the README's configuration table). */
export interface Env {
  DB: D1Database;
  TRIAGE_QUEUE: Queue<TriageMessage>;
  /** One instance per draft: compose, ask a human, wait, post once (worker/workflows/ticket-workflow.ts). */
  TICKET_WORKFLOW: Workflow<TicketWorkflowParams>;
  /** Bearer token for /admin routes. */
  ADMIN_TOKEN: string;
  /** base64 of 32 random bytes: encrypts account secrets (Zendesk tokens, signing secrets) at rest in D1. */
  SECRETS_KEY: string;
  LOG_LEVEL?: string;
  /** "on" only under `npm start`: serves the local demo desk at /demo. Never set it in production. */
  DEMO_DESK?: string;
}

/** What the intake puts on the queue: a pointer to a stored event, never the payload itself. */
export interface TriageMessage {
  eventId: number;
  accountId: string;
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
}
