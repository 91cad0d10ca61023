/**
 * Reversible redaction. A PiiVault lives for one draft: it replaces personal data with typed placeholders such as
 * `[EMAIL_1]` before anything reaches the LLM, hands the same placeholder to the same value every time (the
 * ticket, the subject and tool results share one numbering), and puts the originals back into the LLM's answer.
 *
 * The vault is in memory only and never serialised: the originals never leave the isolate that composes the draft.
 */
import { findPii, PII_TYPES, type PiiContext, type PiiType } from "./detect";
import { foldName } from "./names";

export type { PiiType } from "./detect";

/** Placeholders as the LLM sees them. Restoration accepts any case ("[email_1]"): models sometimes lower-case. */
export const PLACEHOLDER = new RegExp(String.raw`\[(${PII_TYPES.join("|")})_(\d{1,4})\]`, "gi");

/** Keys whose string values are credentials wherever they appear in a JSON tool result. */
const SECRET_KEYS = /^(?:password|passwd|pwd|pin|secret|client_?secret|api_?key|apikey|token|access_?token|refresh_?token|auth(?:orization)?|cvv|cvc|ssn)$/i;

export interface RestoreResult {
  text: string;
  /** Placeholders the vault never issued (the model invented or mangled them); left in the text as they were. */
  unknown: string[];
  /** How many placeholders were put back. */
  restored: number;
}

function normalise(type: PiiType, value: string): string {
  switch (type) {
    case "EMAIL":
      return value.toLowerCase();
    case "CARD":
    case "PHONE":
    case "SSN":
      return value.replace(/\D/g, "");
    case "IBAN":
    case "NATIONAL_ID":
      return value.replace(/\s+/g, "").toUpperCase();
    case "ADDRESS":
      return value.replace(/\s+/g, " ").toLowerCase();
    case "NAME":
      return foldName(value.replace(/\s+/g, " "));
    default:
      return value;
  }
}

export class PiiVault {
  private readonly byValue = new Map<string, string>();
  private readonly byPlaceholder = new Map<string, string>();
  private readonly next = new Map<PiiType, number>();
  /** Placeholder-looking text that was already in the input (never issued, so never "restored"). */
  private readonly reserved = new Set<string>();

  /** `context.names`: names known to belong to this ticket (the requester's, from Zendesk), found wherever they appear. */
  constructor(private readonly context: PiiContext = {}) {}

  /** Replaces every detected value in `text` with its placeholder. */
  redact(text: string): string {
    if (!text) return text;
    for (const m of text.matchAll(PLACEHOLDER)) this.reserve(m[1]!.toUpperCase() as PiiType, Number(m[2]));
    const matches = findPii(text, this.context);
    if (matches.length === 0) return text;
    let out = "";
    let at = 0;
    for (const m of matches) {
      out += text.slice(at, m.start) + this.placeholderFor(m.type, m.value);
      at = m.end;
    }
    return out + text.slice(at);
  }

  /**
   * Redacts a JSON value (a tool result): every string is redacted, and string values under credential-like keys
   * ("password", "token", ...) are replaced whole.
   */
  redactValue(value: unknown, key?: string): unknown {
    if (typeof value === "string") return key && SECRET_KEYS.test(key) && value ? this.placeholderFor("SECRET", value) : this.redact(value);
    if (Array.isArray(value)) return value.map((v) => this.redactValue(v));
    if (value && typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.redactValue(v, k);
      return out;
    }
    return value;
  }

  /** Puts the originals back. Unknown placeholders stay as written and are reported. */
  restore(text: string): RestoreResult {
    const unknown: string[] = [];
    let restored = 0;
    const out = text.replace(PLACEHOLDER, (whole, type: string, n: string) => {
      const key = `[${type.toUpperCase()}_${Number(n)}]`;
      const original = this.byPlaceholder.get(key);
      if (original === undefined) {
        if (!unknown.includes(whole)) unknown.push(whole);
        return whole;
      }
      restored++;
      return original;
    });
    return { text: out, unknown, restored };
  }

  /** Restores placeholders inside a JSON value (tool-call arguments the model wrote). */
  restoreValue(value: unknown): unknown {
    if (typeof value === "string") return this.restore(value).text;
    if (Array.isArray(value)) return value.map((v) => this.restoreValue(v));
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.restoreValue(v)]));
    return value;
  }

  /** How many distinct values of each type were redacted (for logs and the attempt record; no values). */
  counts(): Partial<Record<PiiType, number>> {
    const out: Partial<Record<PiiType, number>> = {};
    for (const key of this.byPlaceholder.keys()) {
      const type = key.slice(1, key.lastIndexOf("_")) as PiiType;
      out[type] = (out[type] ?? 0) + 1;
    }
    return out;
  }

  get size(): number {
    return this.byPlaceholder.size;
  }

  private reserve(type: PiiType, n: number) {
    this.reserved.add(`[${type}_${n}]`);
  }

  private placeholderFor(type: PiiType, value: string): string {
    const key = `${type}:${normalise(type, value)}`;
    const known = this.byValue.get(key);
    if (known) return known;
    let n = this.next.get(type) ?? 1;
    let placeholder = `[${type}_${n}]`;
    while (this.reserved.has(placeholder)) placeholder = `[${type}_${++n}]`;
    this.next.set(type, n + 1);
    this.byValue.set(key, placeholder);
    this.byPlaceholder.set(placeholder, value);
    return placeholder;
  }
}

/** One-shot redaction (no restoration needed): logs, previews, the bench, Slack messages. */
export function redactText(text: string, context: PiiContext = {}): string {
  return new PiiVault(context).redact(text);
}
