/**
 * A few hundred tickets of past support for the demo store, generated deterministically (a seeded PRNG over the
 * project-written templates in history-templates.ts): spread over the last 120 days, mostly solved or closed
 * (closed once solved for 28 days, as Zendesk does), with what agents set: an `intent__<id>` tag, the intent in a
 * drop-down custom field (whose option value Zendesk also adds as a tag), group, priority, assignee, a public
 * reply. Realistic noise: greetings, sign-offs, typos, lower-case writers, order numbers, a few languages; some
 * tickets labelled with intents the taxonomy lacks, some never labelled, a few still open, two empty voicemails,
 * and agents who set only the tag or only the field (or the two disagreeing).
 * The Incremental Ticket Export (incremental.ts) serves it; the history import reads it.
 */
import {
  AGENT_REPLIES,
  CITIES,
  CLOSINGS,
  CUSTOMER_FOLLOW_UPS,
  FIRST_NAMES,
  GREETINGS,
  INTENT_TEMPLATES,
  LAST_NAMES,
  PRODUCTS,
  UNKNOWN_INTENT_TEMPLATES,
  UNLABELLED_TEMPLATES,
  type Family,
  type Lang,
  type Phrasebook,
} from "./history-templates";
import type { SeedComment, SeedTicket, SeedUser, TicketPriority, TicketStatus } from "./types";

/** The drop-down field agents pick the intent in (its values are the taxonomy's intent ids). */
export const HISTORY_INTENT_FIELD_ID = 360_011_223_344;
export const HISTORY_TAG_PREFIX = "intent__";
/** History tickets use ids from here: clear of the fake's auto ids and of the ids tests pick. */
export const HISTORY_FIRST_TICKET_ID = 50_001;
export const HISTORY_DAYS = 120;

export const HISTORY_GROUPS: Record<Family, number> = {
  orders: 360_000_101_001,
  billing: 360_000_101_002,
  accounts: 360_000_101_003,
  care: 360_000_101_004,
  triage: 360_000_101_005,
};

const AGENTS: SeedUser[] = [
  { id: 9_300_000_001, name: "Priya Raman", email: "priya@demo-support.example", role: "agent" },
  { id: 9_300_000_002, name: "Tomás Ortega", email: "tomas@demo-support.example", role: "agent" },
  { id: 9_300_000_003, name: "Hannah Becker", email: "hannah@demo-support.example", role: "agent" },
];

const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface HistorySeedOptions {
  /** The present the history ends at (default Date.now()); ticket times are relative to it. */
  now?: number;
  /** PRNG seed: the same seed and `now` give the same history. */
  seed?: number;
}

export interface HistorySeed {
  users: SeedUser[];
  tickets: SeedTicket[];
}

/** mulberry32: small, fast, good enough for test data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function historySeed(opts: HistorySeedOptions = {}): HistorySeed {
  const now = Math.floor((opts.now ?? Date.now()) / 1000) * 1000;
  const rand = prng(opts.seed ?? 20_261_202);
  const chance = (p: number) => rand() < p;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));

  const customers = Array.from({ length: 90 }, (_, i) => {
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    const ascii = (s: string) =>
      s
        .normalize("NFD")
        .replace(/[\u0300-\u036f]/g, "")
        .toLowerCase();
    return { first, name: `${first} ${last}`, email: `${ascii(first)}.${ascii(last)}${i}@${pick(["mail.example", "post.example", "inbox.example"])}` };
  });

  /** One order, product, city... per ticket: the subject and the message talk about the same things. */
  const slots = (first: string, at: number) => {
    const values: Record<string, string> = {
      order: pick([`#${int(10_000, 99_999)}`, `${int(100_000, 999_999)}`, `A-${int(1000, 9999)}`, `#DS-${int(1000, 9999)}`]),
      product: pick(PRODUCTS),
      amount: `${pick(["€", "£", "$"])}${int(9, 320)}.${pick(["00", "50", "99", "95"])}`,
      city: pick(CITIES),
      date: new Date(at + int(-10, 10) * DAY).toISOString().slice(0, 10),
      store: "Demo Store",
      first,
    };
    return (text: string) => text.replace(/\{(\w+)\}/g, (slot, name: string) => values[name] ?? slot);
  };

  /** One or two slips a hurried writer makes: swapped or dropped letters in longer words. */
  const typo = (text: string) =>
    text.replace(/\b[a-z]{6,}\b/g, (word) => {
      if (!chance(0.12)) return word;
      const i = int(1, word.length - 3);
      return chance(0.5) ? word.slice(0, i) + (word[i + 1] ?? "") + (word[i] ?? "") + word.slice(i + 2) : word.slice(0, i) + word.slice(i + 1);
    });

  const message = (book: Phrasebook, lang: Lang, first: string, at: number) => {
    const fill = slots(first, at);
    const subject = fill(pick(book.subjects));
    let body = fill(pick(book.bodies));
    if (lang === "en" && chance(0.3)) body = typo(body);
    if (lang === "en" && chance(0.1)) body = body.toLowerCase().replace(/[.!]$/, "");
    const parts = [
      chance(0.7) ? fill(pick(GREETINGS[lang])) : "",
      body,
      chance(0.6) ? pick(CLOSINGS[lang]) : "",
      chance(0.5) ? first : chance(0.1) ? "Sent from my phone" : "",
    ].filter(Boolean);
    return { subject: chance(0.08) ? subject.toLowerCase() : subject, description: parts.join(chance(0.5) ? "\n\n" : "\n") };
  };

  interface Plan {
    label: string | null;
    unknown: boolean;
    book: Phrasebook;
    lang: Lang;
    family: Family;
    high: number;
    noiseTag?: string;
  }
  const plans: Plan[] = [];
  for (const [intent, t] of Object.entries(INTENT_TEMPLATES)) {
    const count = Math.round(t.weight * 11) + int(0, 3);
    const langs = Object.keys(t.other ?? {}) as Exclude<Lang, "en">[];
    for (let i = 0; i < count; i++) {
      // About one ticket in four in another language, where the intent has one.
      const lang: Lang = langs.length && chance(0.25) ? pick(langs) : "en";
      const book = lang === "en" ? t.en : (t.other?.[lang] ?? t.en);
      plans.push({ label: intent, unknown: false, book, lang, family: t.family, high: t.high ?? 0.1 });
    }
  }
  for (const [intent, t] of Object.entries(UNKNOWN_INTENT_TEMPLATES)) {
    for (let i = 0; i < Math.round(t.weight * 6); i++) plans.push({ label: intent, unknown: true, book: t.en, lang: "en", family: "care", high: 0.1 });
  }
  for (const t of UNLABELLED_TEMPLATES) {
    for (let i = 0; i < 4; i++) plans.push({ label: null, unknown: false, book: t, lang: "en", family: "triage", high: 0, noiseTag: t.tag });
  }
  // Shuffle (Fisher-Yates) so ids do not group by intent.
  for (let i = plans.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [plans[i], plans[j]] = [plans[j] as Plan, plans[i] as Plan];
  }

  const intents = Object.keys(INTENT_TEMPLATES);
  const tickets: SeedTicket[] = [];
  const latest = now - 2 * HOUR;
  for (const [n, plan] of plans.entries()) {
    const id = HISTORY_FIRST_TICKET_ID + n;
    const customer = pick(customers);
    const agent = pick(AGENTS);
    const created = now - int(2 * HOUR, HISTORY_DAYS * DAY - DAY);
    const { subject, description } = message(plan.book, plan.lang, customer.first, created);
    const replyAt = Math.min(created + int(1, 20) * HOUR, latest);
    const comments: SeedComment[] = [{ body: pick(AGENT_REPLIES[plan.family]), author_id: agent.id as number, created_at: new Date(replyAt).toISOString() }];
    let updated = replyAt;
    if (chance(0.4)) {
      updated = Math.min(replyAt + int(1, 30) * HOUR, latest);
      comments.push({ body: pick(CUSTOMER_FOLLOW_UPS), created_at: new Date(updated).toISOString() });
    }
    updated = Math.min(updated + int(1, 48) * HOUR, latest);
    // Still being worked on: a few recent tickets are open, pending or on hold (not the agents' final word yet).
    const recent = now - updated < 14 * DAY;
    let status: TicketStatus = now - updated > 28 * DAY ? "closed" : "solved";
    if (recent && plan.label && chance(0.35)) status = pick(["open", "pending", "hold"] as const);

    const tags: string[] = [plan.family];
    if (plan.lang !== "en") tags.push(`lang_${plan.lang}`);
    if (plan.noiseTag) tags.push(plan.noiseTag);
    let fieldValue: string | null = null;
    if (plan.label) {
      const onlyField = chance(0.05);
      const onlyTag = !onlyField && chance(0.06);
      // Now and then the agent re-tagged but left the field on the first guess.
      const disagree = !plan.unknown && !onlyField && !onlyTag && chance(0.03);
      if (!onlyField) tags.push(`${HISTORY_TAG_PREFIX}${plan.label}`);
      if (!onlyTag) fieldValue = disagree ? pick(intents.filter((i) => i !== plan.label)) : plan.label;
      if (fieldValue) tags.push(fieldValue);
    }
    if (chance(0.05)) tags.push("vip");
    const priority: TicketPriority = chance(plan.high) ? (chance(0.15) ? "urgent" : "high") : plan.family === "triage" || chance(0.15) ? "low" : "normal";

    tickets.push({
      id,
      subject,
      description,
      comments,
      requester: { name: customer.name, email: customer.email },
      assignee_id: agent.id as number,
      group_id: HISTORY_GROUPS[plan.family],
      priority,
      status,
      type: plan.family === "triage" ? null : chance(0.2) ? "incident" : "question",
      tags,
      custom_fields: [{ id: HISTORY_INTENT_FIELD_ID, value: fieldValue }],
      via_channel: chance(0.55) ? "email" : chance(0.8) ? "web" : "chat",
      created_at: new Date(created).toISOString(),
      updated_at: new Date(updated).toISOString(),
    });
  }
  // Missed calls with nothing transcribed: no subject, no message (the import counts them as empty).
  for (let i = 0; i < 2; i++) {
    const created = now - int(5, 60) * DAY;
    const updated = created + 3 * HOUR;
    tickets.push({
      id: HISTORY_FIRST_TICKET_ID + tickets.length,
      subject: "",
      requester: { name: customers[i]?.name ?? "Caller", email: customers[i]?.email ?? "caller@mail.example" },
      assignee_id: AGENTS[0]?.id as number,
      group_id: HISTORY_GROUPS.orders,
      status: now - updated > 28 * DAY ? "closed" : "solved",
      tags: ["orders", "voicemail", `${HISTORY_TAG_PREFIX}contact_customer_service`],
      custom_fields: [{ id: HISTORY_INTENT_FIELD_ID, value: "contact_customer_service" }],
      via_channel: "voice",
      created_at: new Date(created).toISOString(),
      updated_at: new Date(updated).toISOString(),
    });
  }
  return { users: AGENTS, tickets };
}
