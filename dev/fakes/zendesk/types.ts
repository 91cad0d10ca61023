/**
 * Wire types of the fake Zendesk: the JSON shapes Zendesk's Support, Help Center and webhook APIs use,
 * plus the seed/option types of the fake itself. Only the fields the fake fills are listed.
 */

export type TicketPriority = "urgent" | "high" | "normal" | "low";
export type TicketStatus = "new" | "open" | "pending" | "hold" | "solved" | "closed";
export type TicketType = "problem" | "incident" | "question" | "task";
export type UserRole = "end-user" | "agent" | "admin";

export const PRIORITIES: readonly TicketPriority[] = ["urgent", "high", "normal", "low"];
export const STATUSES: readonly TicketStatus[] = ["new", "open", "pending", "hold", "solved", "closed"];
export const TYPES: readonly TicketType[] = ["problem", "incident", "question", "task"];
export const ROLES: readonly UserRole[] = ["end-user", "agent", "admin"];

export interface Via {
  channel: string;
  source: { from: Record<string, unknown>; to: Record<string, unknown>; rel: string | null };
}

export interface CustomFieldValue {
  id: number;
  value: unknown;
}

export interface ZendeskTicket {
  url: string;
  id: number;
  external_id: string | null;
  via: Via;
  created_at: string;
  updated_at: string;
  generated_timestamp: number;
  type: TicketType | null;
  subject: string;
  raw_subject: string;
  description: string;
  priority: TicketPriority | null;
  status: TicketStatus;
  recipient: string | null;
  requester_id: number;
  submitter_id: number;
  assignee_id: number | null;
  organization_id: number | null;
  group_id: number | null;
  collaborator_ids: number[];
  follower_ids: number[];
  email_cc_ids: number[];
  forum_topic_id: null;
  problem_id: number | null;
  has_incidents: boolean;
  is_public: boolean;
  due_at: string | null;
  tags: string[];
  custom_fields: CustomFieldValue[];
  fields: CustomFieldValue[];
  satisfaction_rating: null;
  sharing_agreement_ids: number[];
  custom_status_id: number;
  followup_ids: number[];
  ticket_form_id: number;
  brand_id: number;
  allow_channelback: boolean;
  allow_attachments: boolean;
  from_messaging_channel: boolean;
}

export interface ZendeskComment {
  id: number;
  type: "Comment";
  author_id: number;
  body: string;
  html_body: string;
  plain_body: string;
  public: boolean;
  attachments: unknown[];
  audit_id: number;
  via: Via;
  created_at: string;
  metadata: { system: Record<string, unknown>; custom: Record<string, unknown> };
}

export interface AuditEvent {
  id: number;
  type: string;
  [key: string]: unknown;
}

export interface ZendeskAudit {
  id: number;
  ticket_id: number;
  created_at: string;
  author_id: number;
  metadata: { system: Record<string, unknown>; custom: Record<string, unknown> };
  via: Via;
  events: AuditEvent[];
}

export interface ZendeskUser {
  id: number;
  url: string;
  name: string;
  email: string | null;
  created_at: string;
  updated_at: string;
  time_zone: string;
  iana_time_zone: string;
  phone: string | null;
  locale: string;
  locale_id: number;
  organization_id: number | null;
  role: UserRole;
  role_type: number | null;
  verified: boolean;
  active: boolean;
  suspended: boolean;
  external_id: string | null;
  tags: string[];
  alias: string | null;
  details: string;
  notes: string;
  default_group_id: number | null;
  user_fields: Record<string, unknown>;
}

export interface ZendeskOrganization {
  id: number;
  url: string;
  name: string;
  shared_tickets: boolean;
  shared_comments: boolean;
  external_id: string | null;
  created_at: string;
  updated_at: string;
  domain_names: string[];
  details: string;
  notes: string;
  group_id: number | null;
  tags: string[];
  organization_fields: Record<string, unknown>;
}

export interface ZendeskArticle {
  id: number;
  url: string;
  html_url: string;
  author_id: number;
  comments_disabled: boolean;
  draft: boolean;
  promoted: boolean;
  position: number;
  vote_sum: number;
  vote_count: number;
  section_id: number;
  created_at: string;
  updated_at: string;
  edited_at: string;
  name: string;
  title: string;
  source_locale: string;
  locale: string;
  outdated: boolean;
  outdated_locales: string[];
  permission_group_id: number;
  user_segment_id: number | null;
  label_names: string[];
  content_tag_ids: string[];
  body: string;
}

export interface MacroAction {
  field: string;
  value: unknown;
}

export interface ZendeskMacro {
  id: number;
  url: string;
  title: string;
  raw_title: string;
  description: string | null;
  active: boolean;
  position: number;
  actions: MacroAction[];
  restriction: null | { type: string; id: number; ids?: number[] };
  created_at: string;
  updated_at: string;
}

// ---- seeds (what tests and the demo post to /__fake/* or pass as options.seed) ----

export interface SeedUser {
  id?: number;
  name: string;
  email?: string | null;
  role?: UserRole;
  tags?: string[];
  organization_id?: number | null;
  locale?: string;
  time_zone?: string;
  external_id?: string | null;
}

export interface SeedOrganization {
  id?: number;
  name: string;
  tags?: string[];
  domain_names?: string[];
  details?: string;
  notes?: string;
}

export interface SeedComment {
  body?: string;
  html_body?: string;
  public?: boolean;
  author_id?: number;
  created_at?: string;
}

export interface SeedTicket {
  id?: number;
  subject?: string;
  /** First comment; alias for comments[0].body. */
  description?: string;
  comment?: SeedComment;
  comments?: SeedComment[];
  requester_id?: number;
  requester?: { name?: string; email: string };
  submitter_id?: number;
  assignee_id?: number | null;
  group_id?: number | null;
  organization_id?: number | null;
  priority?: TicketPriority | null;
  status?: TicketStatus;
  type?: TicketType | null;
  tags?: string[];
  custom_fields?: CustomFieldValue[];
  external_id?: string | null;
  via_channel?: string;
  created_at?: string;
  updated_at?: string;
}

export interface SeedArticle {
  id?: number;
  title: string;
  body: string;
  locale?: string;
  section_id?: number;
  draft?: boolean;
  label_names?: string[];
  author_id?: number;
  created_at?: string;
  updated_at?: string;
}

export interface SeedMacro {
  id?: number;
  title: string;
  description?: string | null;
  active?: boolean;
  actions?: MacroAction[];
  /** Shorthand for actions: [{field: "comment_value", value: comment}]. */
  comment?: string;
  updated_at?: string;
  created_at?: string;
}

export interface FakeZendeskSeed {
  users?: SeedUser[];
  organizations?: SeedOrganization[];
  tickets?: SeedTicket[];
  articles?: SeedArticle[];
  macros?: SeedMacro[];
}

export type IdKind = "ticket" | "user" | "organization" | "comment" | "audit" | "article" | "macro";

export interface WebhookTarget {
  url: string;
  secret: string;
}

export interface FakeZendeskOptions {
  /** 0 (default) picks a free port. The server listens on 127.0.0.1 only. */
  port?: number;
  /** Default "demo". Used in html_url links and the default agent's email. */
  subdomain?: string;
  /** account_id in webhook payloads. Default 9000001. */
  accountId?: number;
  /** Webhook target for event-subscription webhooks; can be changed at runtime via /__fake/webhook. */
  webhook?: WebhookTarget;
  seed?: FakeZendeskSeed;
  /** Log sink. Lines never contain tokens or secrets. */
  log?: (line: string) => void;
  /** When set, only these credentials authenticate (Basic email/token:apiToken, or Bearer oauthToken). */
  credentials?: { email: string; apiToken: string; oauthToken?: string };
  /** First auto-assigned ticket id (default 1). */
  idBase?: number;
  /**
   * A JSON file the state is kept in (npm start: .wrangler/fake-zendesk.json). Loaded at start when present (the
   * seed is then not applied), written after changes and on close. Without it the state lives in memory only.
   */
  persistPath?: string;
  /** First auto-assigned id per kind (ticket defaults to idBase). */
  ids?: Partial<Record<IdKind, number>>;
  /** Request body limit in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** Delays before webhook retries in ms (default [250, 1000]: 3 attempts in all). */
  webhookRetryDelaysMs?: number[];
  /** Per-attempt webhook timeout in ms (default 10000). */
  webhookTimeoutMs?: number;
  /** Clock, for deterministic tests (default Date.now). */
  now?: () => number;
  /** The Incremental Export's rate limit (default Zendesk's 10 requests a minute; null: none). */
  exportRateLimit?: { requests: number; windowSeconds: number } | null;
}
