/** Small text helpers shared by the fake: timestamps, tags, comment bodies. */

/** ISO 8601 UTC with second precision, the way Zendesk prints timestamps: 2026-01-05T10:00:00Z. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Parses a timestamp; returns ms floored to the second, or null when unparseable. */
export function parseSeconds(value: unknown): number | null {
  if (typeof value !== "string" || value.length === 0 || value.length > 64) return null;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) return null;
  return Math.floor(ms / 1000) * 1000;
}

/**
 * Zendesk tags are case-insensitive single words: it lowercases them and splits a value that contains
 * spaces into several tags. Returns the normalized list in first-seen order, without duplicates.
 */
export function normalizeTags(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    for (const word of value.trim().toLowerCase().split(/\s+/)) {
      if (word && !out.includes(word)) out.push(word);
    }
  }
  return out;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#39;"));
}

/** Renders a plain-text comment body as Zendesk does (paragraphs and line breaks in a zd-comment div). */
export function bodyToHtml(body: string): string {
  const paragraphs = body
    .replace(/\r\n?/g, "\n")
    .split(/\n{2,}/)
    .filter((p) => p.trim().length > 0)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`);
  return `<div class="zd-comment" dir="auto">${paragraphs.join("")}</div>`;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", "#39": "'" };

/** Turns an html_body into the plain-text body Zendesk derives from it. */
export function htmlToText(html: string): string {
  return html
    .replace(/<\s*br\s*\/?>/gi, "\n")
    .replace(/<\/\s*(p|div|li|h[1-6]|tr)\s*>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+\d*);/gi, (whole, name: string) => {
      const lower = name.toLowerCase();
      if (lower.startsWith("#x")) return safeCodePoint(parseInt(lower.slice(2), 16)) ?? whole;
      if (lower.startsWith("#") && lower !== "#39") return safeCodePoint(parseInt(lower.slice(1), 10)) ?? whole;
      return ENTITIES[lower] ?? whole;
    })
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

function safeCodePoint(code: number): string | undefined {
  return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

export function firstLine(text: string, max = 80): string {
  const line = (text.split(/\r?\n/).find((l) => l.trim().length > 0) ?? "").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
