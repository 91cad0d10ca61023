/** Bindings and settings the Worker receives (see wrangler.toml and the README's configuration table). */
export interface Env {
  DB: D1Database;
  TRIAGE_QUEUE: Queue<TriageMessage>;
  /** Bearer token for /admin routes. */
  ADMIN_TOKEN: string;
  /** base64 of 32 random bytes: encrypts account secrets (Zendesk tokens, signing secrets) at rest in D1. */
  SECRETS_KEY: string;
  LOG_LEVEL?: string;
}

/** What the intake puts on the queue: a pointer to a stored event, never the payload itself. */
export interface TriageMessage {
  eventId: number;
  accountId: string;
}
