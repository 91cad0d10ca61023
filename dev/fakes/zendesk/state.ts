/**
 * In-memory Zendesk account: users, organizations, tickets (with comments and audits), Help Center articles
 * and macros. Applies Zendesk's rules for creating and updating tickets (validation, tags, safe_update,
 * strictly increasing updated_at) and reports ticket events to listeners (the webhook dispatcher).
 * No I/O here.
 */
import { ApiError, Validation, badRequest, notFound, updateConflict } from "./errors";
import { bodyToHtml, firstLine, htmlToText, isoSeconds, normalizeTags, parseSeconds } from "./text";
import {
  PRIORITIES,
  ROLES,
  STATUSES,
  TYPES,
  type AuditEvent,
  type CustomFieldValue,
  type FakeZendeskSeed,
  type IdKind,
  type MacroAction,
  type SeedArticle,
  type SeedComment,
  type SeedMacro,
  type SeedOrganization,
  type SeedTicket,
  type SeedUser,
  type TicketPriority,
  type TicketStatus,
  type TicketType,
  type Via,
  type ZendeskArticle,
  type ZendeskAudit,
  type ZendeskComment,
  type ZendeskMacro,
  type ZendeskOrganization,
  type ZendeskTicket,
  type ZendeskUser,
} from "./types";

export type StoreEvent =
  | { kind: "ticket.created"; ticket: ZendeskTicket; actorId: number }
  | { kind: "ticket.comment_added"; ticket: ZendeskTicket; comment: ZendeskComment; actorId: number }
  | { kind: "ticket.status_changed"; ticket: ZendeskTicket; previous: TicketStatus; actorId: number };

export interface StoreConfig {
  subdomain: string;
  now: () => number;
  ids: Record<IdKind, number>;
  seed?: FakeZendeskSeed;
}

/** The store's state on disk (version 1). */
export interface PersistedStore {
  version: 1;
  tickets: TicketRecord[];
  users: ZendeskUser[];
  organizations: ZendeskOrganization[];
  articles: ZendeskArticle[];
  macros: ZendeskMacro[];
  next: Record<IdKind, number>;
  commentIds: number[];
  defaultAgentId: number;
}

interface TicketRecord {
  ticket: ZendeskTicket;
  updatedMs: number;
  comments: ZendeskComment[];
  audits: ZendeskAudit[];
}

interface ParsedComment {
  body: string;
  html_body: string;
  public: boolean;
  author_id?: number;
}

interface ParsedTicketInput {
  subject?: string;
  priority?: TicketPriority | null;
  status?: TicketStatus;
  type?: TicketType | null;
  tags?: string[];
  additional_tags?: string[];
  remove_tags?: string[];
  custom_fields?: CustomFieldValue[];
  group_id?: number | null;
  assignee_id?: number | null;
  organization_id?: number | null;
  requester_id?: number;
  submitter_id?: number;
  requester?: { name?: string; email: string };
  external_id?: string | null;
  comment?: ParsedComment;
  safe_update?: boolean;
  updated_stamp?: unknown;
}

export interface UpdateResult {
  ticket: ZendeskTicket;
  audit: ZendeskAudit;
}

/** Ids of the custom statuses that back the six system statuses (Zendesk has one per status). */
const CUSTOM_STATUS_IDS: Record<TicketStatus, number> = {
  new: 10000000001,
  open: 10000000002,
  pending: 10000000003,
  hold: 10000000004,
  solved: 10000000005,
  closed: 10000000006,
};
const BRAND_ID = 10000000101;
const TICKET_FORM_ID = 10000000201;
const DEFAULT_SECTION_ID = 10000000301;

export const API_VIA: Via = { channel: "api", source: { from: {}, to: {}, rel: null } };
const viaOf = (channel: string): Via => (channel === "api" ? structuredClone(API_VIA) : { channel, source: { from: {}, to: {}, rel: null } });

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Accepts a positive safe integer or its decimal string form (Zendesk coerces both). */
export function parseId(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return value;
  if (typeof value === "string" && /^[1-9]\d{0,15}$/.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : undefined;
  }
  return undefined;
}

export class FakeZendeskStore {
  /** Base URL of the fake, used in `url` fields; set by the server once it listens. */
  baseUrl = "http://127.0.0.1";
  private readonly listeners = new Set<(event: StoreEvent) => void>();
  private tickets = new Map<number, TicketRecord>();
  private users = new Map<number, ZendeskUser>();
  private organizations = new Map<number, ZendeskOrganization>();
  private articles = new Map<number, ZendeskArticle>();
  private macros = new Map<number, ZendeskMacro>();
  private next: Record<IdKind, number>;
  private commentIds = new Set<number>();
  /** The agent the fake answers /users/me with for Bearer tokens, and the default API actor. */
  defaultAgentId = 0;

  constructor(private readonly config: StoreConfig) {
    this.next = { ...config.ids };
    this.reset();
  }

  onEvent(listener: (event: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: StoreEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  /** Back to the initial state: the default agent plus options.seed. Id counters restart too. */
  reset(): void {
    this.tickets = new Map();
    this.users = new Map();
    this.organizations = new Map();
    this.articles = new Map();
    this.macros = new Map();
    this.commentIds = new Set();
    this.next = { ...this.config.ids };
    this.defaultAgentId = this.createUser({
      name: "Fake Agent",
      email: `agent@${this.config.subdomain}.example.com`,
      role: "admin",
    }).id;
    if (this.config.seed) this.applySeed(this.config.seed);
  }

  applySeed(seed: FakeZendeskSeed): void {
    const list = <T>(value: T[] | undefined, name: string): T[] => {
      if (value === undefined) return [];
      if (!Array.isArray(value)) throw badRequest(`seed.${name} must be an array`);
      return value;
    };
    for (const o of list(seed.organizations, "organizations")) this.createOrganization(o);
    for (const u of list(seed.users, "users")) this.createUser(u);
    for (const a of list(seed.articles, "articles")) this.createArticle(a);
    for (const m of list(seed.macros, "macros")) this.createMacro(m);
    for (const t of list(seed.tickets, "tickets")) this.seedTicket(t);
  }

  /** The fake's clock (options.now), for routes that answer relative to the present (the incremental export). */
  currentMs(): number {
    return this.config.now();
  }

  private nowMs(): number {
    return Math.floor(this.config.now() / 1000) * 1000;
  }

  private allocate(kind: IdKind, taken: (id: number) => boolean): number {
    let id = this.next[kind];
    while (taken(id)) id++;
    this.next[kind] = id + 1;
    return id;
  }

  private explicitId(value: unknown, field = "id"): number | undefined {
    if (value === undefined || value === null) return undefined;
    const id = parseId(value);
    if (id === undefined) throw badRequest(`${field} must be a positive integer`);
    return id;
  }

  // ---------------------------------------------------------------- users & organizations

  createUser(input: SeedUser): ZendeskUser {
    if (!isRecord(input) || typeof input.name !== "string" || input.name.trim() === "") {
      throw badRequest("user.name is required");
    }
    if (input.role !== undefined && !ROLES.includes(input.role)) throw badRequest("user.role is invalid");
    if (input.email !== undefined && input.email !== null && typeof input.email !== "string") {
      throw badRequest("user.email must be a string");
    }
    const email = input.email ? input.email.trim().toLowerCase() : null;
    const existing = email ? this.findUserByEmail(email) : undefined;
    const explicit = this.explicitId(input.id);
    if (existing && existing.id !== explicit) {
      throw new ApiError(422, {
        error: "RecordInvalid",
        description: "Record validation errors",
        details: { email: [{ description: `Email: ${email} is already being used by another user`, error: "DuplicateValue" }] },
      });
    }
    const id = explicit ?? this.allocate("user", (n) => this.users.has(n));
    const at = isoSeconds(this.nowMs());
    const locale = input.locale ?? "en-US";
    const user: ZendeskUser = {
      id,
      url: `${this.baseUrl}/api/v2/users/${id}.json`,
      name: input.name.trim(),
      email,
      created_at: at,
      updated_at: at,
      time_zone: input.time_zone ?? "UTC",
      iana_time_zone: input.time_zone ?? "Etc/UTC",
      phone: null,
      locale,
      locale_id: 1,
      organization_id: parseId(input.organization_id) ?? null,
      role: input.role ?? "end-user",
      role_type: null,
      verified: true,
      active: true,
      suspended: false,
      external_id: input.external_id ?? null,
      tags: normalizeTags(Array.isArray(input.tags) ? input.tags.filter((t) => typeof t === "string") : []),
      alias: null,
      details: "",
      notes: "",
      default_group_id: null,
      user_fields: {},
    };
    this.users.set(id, user);
    return user;
  }

  getUser(id: number): ZendeskUser | undefined {
    return this.users.get(id);
  }

  findUserByEmail(email: string): ZendeskUser | undefined {
    const wanted = email.trim().toLowerCase();
    for (const user of this.users.values()) if (user.email === wanted) return user;
    return undefined;
  }

  /** Finds a user by email or creates an end-user, the way Zendesk treats `requester: {name, email}`. */
  ensureEndUser(requester: { name?: string; email: string }): ZendeskUser {
    return (
      this.findUserByEmail(requester.email) ??
      this.createUser({ name: requester.name?.trim() || requester.email.split("@")[0] || requester.email, email: requester.email })
    );
  }

  /** The user behind Basic credentials: the known user with that email, else a new agent (any account works). */
  ensureAgent(email: string): ZendeskUser {
    return this.findUserByEmail(email) ?? this.createUser({ name: email.split("@")[0] || email, email, role: "agent" });
  }

  searchUsers(query: string): ZendeskUser[] {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const m = /^email:\s*"?([^"\s]+)"?$/.exec(q);
    const all = [...this.users.values()];
    if (m?.[1]) return all.filter((u) => u.email === m[1]);
    return all.filter((u) => u.email === q || u.name.toLowerCase().includes(q) || (u.email ?? "").includes(q));
  }

  createOrganization(input: SeedOrganization): ZendeskOrganization {
    if (!isRecord(input) || typeof input.name !== "string" || input.name.trim() === "") {
      throw badRequest("organization.name is required");
    }
    const id = this.explicitId(input.id) ?? this.allocate("organization", (n) => this.organizations.has(n));
    const at = isoSeconds(this.nowMs());
    const org: ZendeskOrganization = {
      id,
      url: `${this.baseUrl}/api/v2/organizations/${id}.json`,
      name: input.name.trim(),
      shared_tickets: false,
      shared_comments: false,
      external_id: null,
      created_at: at,
      updated_at: at,
      domain_names: Array.isArray(input.domain_names) ? input.domain_names.filter((d) => typeof d === "string") : [],
      details: input.details ?? "",
      notes: input.notes ?? "",
      group_id: null,
      tags: normalizeTags(Array.isArray(input.tags) ? input.tags.filter((t) => typeof t === "string") : []),
      organization_fields: {},
    };
    this.organizations.set(id, org);
    return org;
  }

  getOrganization(id: number): ZendeskOrganization | undefined {
    return this.organizations.get(id);
  }

  // ---------------------------------------------------------------- Help Center & macros

  createArticle(input: SeedArticle): ZendeskArticle {
    if (!isRecord(input) || typeof input.title !== "string" || typeof input.body !== "string") {
      throw badRequest("article.title and article.body are required strings");
    }
    const id = this.explicitId(input.id) ?? this.allocate("article", (n) => this.articles.has(n));
    const locale = (typeof input.locale === "string" && input.locale ? input.locale : "en-us").toLowerCase();
    const createdMs = parseSeconds(input.created_at) ?? this.nowMs();
    const updated = isoSeconds(parseSeconds(input.updated_at) ?? createdMs);
    const slug = input.title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60);
    const article: ZendeskArticle = {
      id,
      url: `${this.baseUrl}/api/v2/help_center/${locale}/articles/${id}.json`,
      html_url: `https://${this.config.subdomain}.zendesk.com/hc/${locale}/articles/${id}${slug ? `-${slug}` : ""}`,
      author_id: parseId(input.author_id) ?? this.defaultAgentId,
      comments_disabled: false,
      draft: input.draft === true,
      promoted: false,
      position: 0,
      vote_sum: 0,
      vote_count: 0,
      section_id: parseId(input.section_id) ?? DEFAULT_SECTION_ID,
      created_at: isoSeconds(createdMs),
      updated_at: updated,
      edited_at: updated,
      name: input.title,
      title: input.title,
      source_locale: locale,
      locale,
      outdated: false,
      outdated_locales: [],
      permission_group_id: 1,
      user_segment_id: null,
      label_names: Array.isArray(input.label_names) ? input.label_names.filter((l) => typeof l === "string") : [],
      content_tag_ids: [],
      body: input.body,
    };
    this.articles.set(id, article);
    return article;
  }

  getArticle(id: number): ZendeskArticle | undefined {
    return this.articles.get(id);
  }

  listArticles(locale?: string): ZendeskArticle[] {
    const wanted = locale?.toLowerCase();
    return [...this.articles.values()].filter((a) => !wanted || a.locale === wanted).sort((a, b) => a.id - b.id);
  }

  createMacro(input: SeedMacro): ZendeskMacro {
    if (!isRecord(input) || typeof input.title !== "string" || input.title.trim() === "") {
      throw badRequest("macro.title is required");
    }
    let actions: MacroAction[] = [];
    if (Array.isArray(input.actions)) {
      actions = input.actions.filter((a): a is MacroAction => isRecord(a) && typeof a.field === "string");
    }
    if (typeof input.comment === "string") actions = [...actions, { field: "comment_value", value: input.comment }];
    const id = this.explicitId(input.id) ?? this.allocate("macro", (n) => this.macros.has(n));
    const createdMs = parseSeconds(input.created_at) ?? this.nowMs();
    const macro: ZendeskMacro = {
      id,
      url: `${this.baseUrl}/api/v2/macros/${id}.json`,
      title: input.title.trim(),
      raw_title: input.title.trim(),
      description: typeof input.description === "string" ? input.description : null,
      active: input.active !== false,
      position: this.macros.size + 1,
      actions,
      restriction: null,
      created_at: isoSeconds(createdMs),
      updated_at: isoSeconds(parseSeconds(input.updated_at) ?? createdMs),
    };
    this.macros.set(id, macro);
    return macro;
  }

  getMacro(id: number): ZendeskMacro | undefined {
    return this.macros.get(id);
  }

  listMacros(filter: { active?: boolean } = {}): ZendeskMacro[] {
    return [...this.macros.values()]
      .filter((m) => filter.active === undefined || m.active === filter.active)
      .sort((a, b) => a.position - b.position || a.id - b.id);
  }

  // ---------------------------------------------------------------- tickets: reads

  getTicket(id: number): ZendeskTicket | undefined {
    return this.tickets.get(id)?.ticket;
  }

  getComments(id: number): ZendeskComment[] | undefined {
    return this.tickets.get(id)?.comments;
  }

  getAudits(id: number): ZendeskAudit[] | undefined {
    return this.tickets.get(id)?.audits;
  }

  listTickets(): ZendeskTicket[] {
    return [...this.tickets.values()].map((r) => r.ticket);
  }

  /** Everything the store holds, id counters included, as plain JSON (dev/fakes/zendesk/persist.ts writes it). */
  exportState(): PersistedStore {
    return {
      version: 1,
      tickets: [...this.tickets.values()],
      users: [...this.users.values()],
      organizations: [...this.organizations.values()],
      articles: [...this.articles.values()],
      macros: [...this.macros.values()],
      next: { ...this.next },
      commentIds: [...this.commentIds],
      defaultAgentId: this.defaultAgentId,
    };
  }

  /** Replaces the state with an exported one: ids continue from its counters, so none is ever reused. */
  importState(state: PersistedStore): void {
    if (state?.version !== 1 || !Array.isArray(state.tickets)) throw new Error("not a fake Zendesk state file (version 1)");
    this.tickets = new Map(state.tickets.map((r) => [r.ticket.id, r]));
    this.users = new Map(state.users.map((u) => [u.id, u]));
    this.organizations = new Map(state.organizations.map((o) => [o.id, o]));
    this.articles = new Map(state.articles.map((a) => [a.id, a]));
    this.macros = new Map(state.macros.map((m) => [m.id, m]));
    this.next = { ...this.config.ids, ...state.next };
    this.commentIds = new Set(state.commentIds);
    this.defaultAgentId = state.defaultAgentId;
  }

  snapshot() {
    return {
      tickets: [...this.tickets.values()].map((r) => ({ ...r.ticket, comments: r.comments, audits: r.audits })),
      users: [...this.users.values()],
      organizations: [...this.organizations.values()],
      articles: [...this.articles.values()],
      macros: [...this.macros.values()],
    };
  }

  // ---------------------------------------------------------------- tickets: writes

  /** Control API: creates (or replaces) a ticket as given, without validation side effects or webhooks. */
  seedTicket(input: SeedTicket): { ticket: ZendeskTicket; replaced: boolean } {
    if (!isRecord(input)) throw badRequest("ticket must be an object");
    const explicit = this.explicitId(input.id);
    const replaced = explicit !== undefined && this.tickets.has(explicit);
    const parsed = this.parseTicketInput(input as Record<string, unknown>, "create");
    const comments: SeedComment[] = [
      ...(typeof input.description === "string" ? [{ body: input.description }] : []),
      ...(isRecord(input.comment) ? [input.comment] : []),
      ...(Array.isArray(input.comments) ? input.comments.filter(isRecord) : []),
    ];
    const requester = parsed.requester
      ? this.ensureEndUser(parsed.requester)
      : (this.users.get(parsed.requester_id ?? -1) ?? this.ensureEndUser({ name: "Sample Customer", email: "customer@example.com" }));
    const createdMs = parseSeconds(input.created_at) ?? this.nowMs();
    const updatedMs = Math.max(parseSeconds(input.updated_at) ?? createdMs, createdMs);
    const id = explicit ?? this.allocate("ticket", (n) => this.tickets.has(n));
    const firstBody = comments[0] ? this.parseSeedComment(comments[0]).body : "";
    const ticket = this.buildTicket(id, parsed, {
      requesterId: requester.id,
      submitterId: parsed.submitter_id ?? requester.id,
      organizationId: parsed.organization_id !== undefined ? parsed.organization_id : requester.organization_id,
      description: firstBody,
      createdMs,
      updatedMs,
      via: viaOf(typeof input.via_channel === "string" ? input.via_channel : "web"),
    });
    const record: TicketRecord = { ticket, updatedMs, comments: [], audits: [] };
    for (const c of comments) {
      const parsedComment = this.parseSeedComment(c);
      const at = parseSeconds(c.created_at) ?? createdMs;
      const audit = this.newAudit(record, parsedComment.author_id ?? requester.id, at, ticket.via);
      const comment = this.newComment(audit.id, parsedComment, requester.id, at, ticket.via);
      audit.events.push(this.commentEvent(comment));
      record.comments.push(comment);
      record.audits.push(audit);
    }
    if (replaced) for (const c of this.tickets.get(id)?.comments ?? []) this.commentIds.delete(c.id);
    this.tickets.set(id, record);
    return { ticket, replaced };
  }

  private parseSeedComment(c: SeedComment): ParsedComment {
    const v = new Validation();
    const parsed = this.parseComment(c, v, "comment");
    if (!parsed) throw badRequest("each seeded comment needs a non-blank body or html_body");
    return parsed;
  }

  /** POST /api/v2/tickets.json */
  createTicket(input: Record<string, unknown>, actorId: number): UpdateResult {
    const parsed = this.parseTicketInput(input, "create");
    if (!parsed.comment) {
      const v = new Validation();
      v.add("description", "Description: cannot be blank", "BlankValue");
      v.throwIfInvalid();
    }
    const comment = parsed.comment as ParsedComment;
    const requester = parsed.requester ? this.ensureEndUser(parsed.requester) : this.users.get(parsed.requester_id ?? actorId);
    if (!requester) {
      const v = new Validation();
      v.add("requester_id", "Requester: is invalid", "InvalidValue");
      v.throwIfInvalid();
    }
    const req = requester as ZendeskUser;
    const submitterId = parsed.submitter_id ?? actorId;
    const ms = this.nowMs();
    const id = this.allocate("ticket", (n) => this.tickets.has(n));
    const ticket = this.buildTicket(id, parsed, {
      requesterId: req.id,
      submitterId,
      organizationId: parsed.organization_id !== undefined ? parsed.organization_id : req.organization_id,
      description: comment.body,
      createdMs: ms,
      updatedMs: ms,
      via: viaOf("api"),
    });
    const record: TicketRecord = { ticket, updatedMs: ms, comments: [], audits: [] };
    const audit = this.newAudit(record, actorId, ms, ticket.via);
    const createFields: Array<[string, unknown]> = [
      ["subject", ticket.subject],
      ["requester_id", ticket.requester_id],
      ["status", ticket.status],
      ["priority", ticket.priority],
      ["type", ticket.type],
      ["group_id", ticket.group_id],
      ["assignee_id", ticket.assignee_id],
      ["tags", ticket.tags],
      ...ticket.custom_fields.map((f): [string, unknown] => [String(f.id), f.value]),
    ];
    for (const [field_name, value] of createFields) {
      if (value === null || (Array.isArray(value) && value.length === 0)) continue;
      audit.events.push({ id: this.allocate("audit", () => false), type: "Create", field_name, value });
    }
    const newComment = this.newComment(audit.id, comment, submitterId, ms, ticket.via);
    audit.events.push(this.commentEvent(newComment));
    record.comments.push(newComment);
    record.audits.push(audit);
    this.tickets.set(id, record);
    this.emit({ kind: "ticket.created", ticket: structuredClone(ticket), actorId: submitterId });
    return { ticket, audit };
  }

  /** Control API: an end-user opens a ticket through the web form (fires ticket.created). */
  createCustomerTicket(input: {
    subject?: unknown;
    body?: unknown;
    html_body?: unknown;
    requester?: unknown;
    tags?: unknown;
    priority?: unknown;
    custom_fields?: unknown;
  }): UpdateResult {
    const requesterInput = isRecord(input.requester) ? input.requester : {};
    const email = typeof requesterInput.email === "string" && requesterInput.email.includes("@") ? requesterInput.email : undefined;
    if (!email) throw badRequest("requester.email is required");
    const requester = this.ensureEndUser({ email, name: typeof requesterInput.name === "string" ? requesterInput.name : undefined });
    const result = this.withChannel("web", () =>
      this.createTicket(
        {
          subject: input.subject,
          comment: { body: input.body, html_body: input.html_body, author_id: requester.id },
          requester_id: requester.id,
          submitter_id: requester.id,
          ...(input.tags !== undefined ? { tags: input.tags } : {}),
          ...(input.priority !== undefined ? { priority: input.priority } : {}),
          ...(input.custom_fields !== undefined ? { custom_fields: input.custom_fields } : {}),
        },
        requester.id,
      ),
    );
    return result;
  }

  private channelOverride: string | undefined;
  private withChannel<T>(channel: string, fn: () => T): T {
    this.channelOverride = channel;
    try {
      return fn();
    } finally {
      this.channelOverride = undefined;
    }
  }

  /** PUT /api/v2/tickets/{id}.json */
  updateTicket(id: number, input: Record<string, unknown>, actorId: number): UpdateResult {
    const record = this.tickets.get(id);
    if (!record) throw notFound();
    const parsed = this.parseTicketInput(input, "update");
    if (parsed.safe_update) {
      const stamp = parseSeconds(parsed.updated_stamp);
      if (stamp === null || stamp !== record.updatedMs) throw updateConflict();
    }
    if (record.ticket.status === "closed") {
      const v = new Validation();
      v.add("status", "Status: closed prevents ticket update", "ClosedTicket");
      v.throwIfInvalid();
    }
    return this.applyUpdate(record, parsed, actorId, viaOf(this.channelOverride ?? "api"));
  }

  /** Control API: the requester replies publicly (fires ticket.comment_added). */
  addCustomerReply(id: number, input: { body?: unknown; html_body?: unknown; author_id?: unknown }): UpdateResult & { comment: ZendeskComment } {
    const record = this.tickets.get(id);
    if (!record) throw notFound();
    const authorId = parseId(input.author_id) ?? record.ticket.requester_id;
    const v = new Validation();
    const comment = this.parseComment({ body: input.body, html_body: input.html_body, public: true, author_id: authorId }, v, "comment");
    v.throwIfInvalid();
    const parsed: ParsedTicketInput = { comment: comment as ParsedComment };
    // An end-user reply reopens a pending, on-hold or solved ticket.
    if (["pending", "hold", "solved"].includes(record.ticket.status)) parsed.status = "open";
    if (record.ticket.status === "closed") throw badRequest("ticket is closed; Zendesk would open a follow-up ticket");
    const result = this.applyUpdate(record, parsed, authorId, viaOf("web"));
    const added = record.comments[record.comments.length - 1] as ZendeskComment;
    return { ...result, comment: added };
  }

  private applyUpdate(record: TicketRecord, parsed: ParsedTicketInput, actorId: number, via: Via): UpdateResult {
    const t = record.ticket;
    const ms = this.nowMs();
    const audit = this.newAudit(record, actorId, ms, via);
    const change = (field_name: string, value: unknown, previous_value: unknown) => {
      audit.events.push({ id: this.allocate("audit", () => false), type: "Change", field_name, value, previous_value });
    };
    const next = structuredClone(t);

    // tags: `tags` replaces; additional_tags / remove_tags edit the current list.
    let tags = [...t.tags];
    if (parsed.tags) tags = [...parsed.tags];
    if (parsed.additional_tags) for (const tag of parsed.additional_tags) if (!tags.includes(tag)) tags.push(tag);
    if (parsed.remove_tags) tags = tags.filter((tag) => !parsed.remove_tags?.includes(tag));
    if (tags.join(" ") !== t.tags.join(" ")) {
      next.tags = tags;
      change("tags", tags, t.tags);
    }

    const scalar = <K extends "subject" | "priority" | "status" | "type" | "group_id" | "assignee_id" | "organization_id" | "external_id">(
      key: K,
      value: ZendeskTicket[K] | undefined,
    ) => {
      if (value === undefined || value === t[key]) return;
      next[key] = value;
      change(key, value, t[key]);
    };
    if (parsed.subject !== undefined) {
      scalar("subject", parsed.subject);
      next.raw_subject = next.subject;
    }
    scalar("priority", parsed.priority);
    scalar("type", parsed.type);
    scalar("group_id", parsed.group_id);
    scalar("assignee_id", parsed.assignee_id);
    scalar("organization_id", parsed.organization_id);
    scalar("external_id", parsed.external_id);
    scalar("status", parsed.status);
    if (next.status === "new" && next.assignee_id !== null) scalar("status", "open");
    if (parsed.requester_id !== undefined && parsed.requester_id !== t.requester_id) {
      next.requester_id = parsed.requester_id;
      change("requester_id", parsed.requester_id, t.requester_id);
    }

    if (parsed.custom_fields) {
      const fields = next.custom_fields.map((f) => ({ ...f }));
      for (const f of parsed.custom_fields) {
        const existing = fields.find((x) => x.id === f.id);
        const previous = existing ? existing.value : null;
        if (JSON.stringify(previous) === JSON.stringify(f.value)) continue;
        if (existing) existing.value = f.value;
        else fields.push({ id: f.id, value: f.value });
        change(String(f.id), f.value, previous);
      }
      next.custom_fields = fields;
      next.fields = fields.map((f) => ({ ...f }));
    }

    let comment: ZendeskComment | undefined;
    if (parsed.comment) {
      comment = this.newComment(audit.id, parsed.comment, actorId, ms, via);
      audit.events.push(this.commentEvent(comment));
    }

    if (audit.events.length === 0) {
      // Nothing changed: Zendesk answers 200 with the unchanged ticket and records no audit.
      return { ticket: structuredClone(t), audit };
    }
    // updated_at is strictly increasing, even for several updates within one second.
    const updatedMs = Math.max(ms, record.updatedMs + 1000);
    next.updated_at = isoSeconds(updatedMs);
    next.generated_timestamp = Math.floor(updatedMs / 1000);
    next.custom_status_id = CUSTOM_STATUS_IDS[next.status];
    audit.created_at = next.updated_at;
    if (comment) comment.created_at = next.updated_at;
    record.ticket = next;
    record.updatedMs = updatedMs;
    record.audits.push(audit);
    if (comment) {
      record.comments.push(comment);
      this.emit({ kind: "ticket.comment_added", ticket: structuredClone(next), comment: structuredClone(comment), actorId });
    }
    // Zendesk sends a separate status_changed event for every status move (solving with a reply sends both).
    if (next.status !== t.status) this.emit({ kind: "ticket.status_changed", ticket: structuredClone(next), previous: t.status, actorId });
    return { ticket: structuredClone(next), audit: structuredClone(audit) };
  }

  private buildTicket(
    id: number,
    p: ParsedTicketInput,
    x: { requesterId: number; submitterId: number; organizationId: number | null; description: string; createdMs: number; updatedMs: number; via: Via },
  ): ZendeskTicket {
    const subject = p.subject?.trim() ? p.subject : firstLine(x.description);
    const assignee = p.assignee_id ?? null;
    let status: TicketStatus = p.status ?? "new";
    if (status === "new" && assignee !== null) status = "open";
    const tags = normalizeTags([...(p.tags ?? []), ...(p.additional_tags ?? [])]);
    const fields = (p.custom_fields ?? []).map((f) => ({ ...f }));
    return {
      url: `${this.baseUrl}/api/v2/tickets/${id}.json`,
      id,
      external_id: p.external_id ?? null,
      via: this.channelOverride ? viaOf(this.channelOverride) : x.via,
      created_at: isoSeconds(x.createdMs),
      updated_at: isoSeconds(x.updatedMs),
      generated_timestamp: Math.floor(x.updatedMs / 1000),
      type: p.type ?? null,
      subject,
      raw_subject: subject,
      description: x.description,
      priority: p.priority ?? null,
      status,
      recipient: null,
      requester_id: x.requesterId,
      submitter_id: x.submitterId,
      assignee_id: assignee,
      organization_id: x.organizationId,
      group_id: p.group_id ?? null,
      collaborator_ids: [],
      follower_ids: [],
      email_cc_ids: [],
      forum_topic_id: null,
      problem_id: null,
      has_incidents: false,
      is_public: true,
      due_at: null,
      tags,
      custom_fields: fields,
      fields: fields.map((f) => ({ ...f })),
      satisfaction_rating: null,
      sharing_agreement_ids: [],
      custom_status_id: CUSTOM_STATUS_IDS[status],
      followup_ids: [],
      ticket_form_id: TICKET_FORM_ID,
      brand_id: BRAND_ID,
      allow_channelback: false,
      allow_attachments: true,
      from_messaging_channel: false,
    };
  }

  private newAudit(record: TicketRecord, authorId: number, ms: number, via: Via): ZendeskAudit {
    return {
      id: this.allocate("audit", () => false),
      ticket_id: record.ticket.id,
      created_at: isoSeconds(ms),
      author_id: authorId,
      metadata: { system: { ip_address: "127.0.0.1", location: "Localhost" }, custom: {} },
      via: structuredClone(via),
      events: [],
    };
  }

  private newComment(auditId: number, c: ParsedComment, defaultAuthor: number, ms: number, via: Via): ZendeskComment {
    const id = this.allocate("comment", (n) => this.commentIds.has(n));
    this.commentIds.add(id);
    return {
      id,
      type: "Comment",
      author_id: c.author_id ?? defaultAuthor,
      body: c.body,
      html_body: c.html_body,
      plain_body: c.body,
      public: c.public,
      attachments: [],
      audit_id: auditId,
      via: structuredClone(via),
      created_at: isoSeconds(ms),
      metadata: { system: {}, custom: {} },
    };
  }

  private commentEvent(c: ZendeskComment): AuditEvent {
    return {
      id: c.id,
      type: "Comment",
      author_id: c.author_id,
      body: c.body,
      html_body: c.html_body,
      plain_body: c.plain_body,
      public: c.public,
      attachments: [],
      audit_id: c.audit_id,
    };
  }

  // ---------------------------------------------------------------- input parsing

  private parseComment(raw: unknown, v: Validation, field: string): ParsedComment | undefined {
    if (!isRecord(raw)) {
      v.add(field, "Comment: must be an object", "InvalidValue");
      return undefined;
    }
    const body = typeof raw.body === "string" ? raw.body : undefined;
    const html = typeof raw.html_body === "string" ? raw.html_body : undefined;
    if ((raw.body !== undefined && raw.body !== null && body === undefined) || (raw.html_body !== undefined && raw.html_body !== null && html === undefined)) {
      v.add(field, "Comment: body must be a string", "InvalidValue");
      return undefined;
    }
    let text: string;
    let htmlBody: string;
    if (html !== undefined && html.trim() !== "") {
      htmlBody = html;
      text = htmlToText(html);
    } else {
      text = body ?? "";
      htmlBody = bodyToHtml(text);
    }
    if (text.trim() === "") {
      v.add(field, "Comment: cannot be blank", "BlankValue");
      return undefined;
    }
    if (raw.public !== undefined && typeof raw.public !== "boolean") {
      v.add(field, "Comment: public must be true or false", "InvalidValue");
      return undefined;
    }
    let authorId: number | undefined;
    if (raw.author_id !== undefined && raw.author_id !== null) {
      authorId = parseId(raw.author_id);
      if (authorId === undefined) {
        v.add(field, "Comment: author_id is invalid", "InvalidValue");
        return undefined;
      }
    }
    return { body: text, html_body: htmlBody, public: raw.public !== false, ...(authorId !== undefined ? { author_id: authorId } : {}) };
  }

  private parseTicketInput(raw: Record<string, unknown>, mode: "create" | "update"): ParsedTicketInput {
    const v = new Validation();
    const out: ParsedTicketInput = {};

    const tagList = (key: "tags" | "additional_tags" | "remove_tags") => {
      const value = raw[key];
      if (value === undefined) return;
      if (!Array.isArray(value) || !value.every((t) => typeof t === "string")) {
        v.add(key, `${key}: must be an array of strings`, "InvalidValue");
        return;
      }
      out[key] = normalizeTags(value);
    };
    tagList("tags");
    tagList("additional_tags");
    tagList("remove_tags");

    const enumField = <T extends string>(key: "priority" | "status" | "type", allowed: readonly T[], nullable: boolean) => {
      const value = raw[key];
      if (value === undefined) return;
      if (value === null || value === "") {
        if (nullable) (out as Record<string, unknown>)[key] = null;
        else v.add(key, `${capitalize(key)}: is invalid`, "InvalidValue");
        return;
      }
      if (typeof value !== "string" || !allowed.includes(value as T)) {
        v.add(key, `${capitalize(key)}: is invalid`, "InvalidValue");
        return;
      }
      (out as Record<string, unknown>)[key] = value;
    };
    enumField("priority", PRIORITIES, true);
    enumField("status", STATUSES, false);
    enumField("type", TYPES, true);

    for (const key of ["group_id", "assignee_id", "organization_id"] as const) {
      const value = raw[key];
      if (value === undefined) continue;
      if (value === null) {
        out[key] = null;
        continue;
      }
      const id = parseId(value);
      if (id === undefined) v.add(key, `${capitalize(key)}: is invalid`, "InvalidValue");
      else out[key] = id;
    }
    for (const key of ["requester_id", "submitter_id"] as const) {
      const value = raw[key];
      if (value === undefined || value === null) continue;
      const id = parseId(value);
      if (id === undefined || (key === "requester_id" && !this.users.has(id))) {
        v.add(key, `${capitalize(key)}: is invalid`, "InvalidValue");
      } else out[key] = id;
    }

    if (raw.subject !== undefined && raw.subject !== null) {
      if (typeof raw.subject !== "string") v.add("subject", "Subject: must be a string", "InvalidValue");
      else out.subject = raw.subject;
    }
    if (raw.external_id !== undefined) {
      if (raw.external_id === null || typeof raw.external_id === "string") out.external_id = raw.external_id;
      else if (typeof raw.external_id === "number") out.external_id = String(raw.external_id);
      else v.add("external_id", "External: is invalid", "InvalidValue");
    }

    if (raw.requester !== undefined && mode === "create") {
      const r = raw.requester;
      if (!isRecord(r) || typeof r.email !== "string" || !/^[^\s@]+@[^\s@]+$/.test(r.email.trim())) {
        v.add("requester", "Requester: email is invalid", "InvalidValue");
      } else {
        out.requester = { email: r.email.trim(), ...(typeof r.name === "string" ? { name: r.name } : {}) };
      }
    }

    if (raw.custom_fields !== undefined) {
      const fields = parseCustomFields(raw.custom_fields);
      if (!fields) v.add("custom_fields", "Custom fields: must be an array of {id, value}", "InvalidValue");
      else out.custom_fields = fields;
    }

    if (raw.comment !== undefined && raw.comment !== null) {
      const c = this.parseComment(raw.comment, v, mode === "create" ? "description" : "comment");
      if (c) out.comment = c;
    }

    if (raw.safe_update !== undefined) {
      if (typeof raw.safe_update !== "boolean") v.add("safe_update", "Safe update: must be true or false", "InvalidValue");
      else out.safe_update = raw.safe_update;
    }
    if (raw.updated_stamp !== undefined) out.updated_stamp = raw.updated_stamp;

    v.throwIfInvalid();
    return out;
  }
}

function parseCustomFields(value: unknown): CustomFieldValue[] | undefined {
  const out: CustomFieldValue[] = [];
  if (Array.isArray(value)) {
    for (const item of value) {
      if (!isRecord(item)) return undefined;
      const id = parseId(item.id);
      if (id === undefined || !("value" in item)) return undefined;
      out.push({ id, value: item.value });
    }
    return out;
  }
  // Zendesk also accepts the map form {"<field id>": value}.
  if (isRecord(value)) {
    for (const [key, v] of Object.entries(value)) {
      const id = parseId(key);
      if (id === undefined) return undefined;
      out.push({ id, value: v });
    }
    return out;
  }
  return undefined;
}

function capitalize(key: string): string {
  const words = key.replace(/_id$/, "").replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}
