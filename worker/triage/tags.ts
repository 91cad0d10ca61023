/** Tags compatible with Zendesk Intelligent Triage naming: intent__x, priority__x, sentiment__x, language__x. */
export const MANAGED_TAG_PREFIXES = ["intent__", "priority__", "sentiment__", "language__"] as const;

/** Zendesk tags are lower case without spaces; anything else becomes an underscore. */
export function toTagValue(value: string): string {
  return (
    value
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, 60) || "unknown"
  );
}

export function managedTags(d: { intent: string | null; priority: string; sentiment: string; language: string }): string[] {
  const tags = [`priority__${toTagValue(d.priority)}`, `sentiment__${toTagValue(d.sentiment)}`, `language__${toTagValue(d.language)}`];
  if (d.intent) tags.unshift(`intent__${toTagValue(d.intent)}`);
  return tags;
}

export function isManagedTag(tag: string): boolean {
  return MANAGED_TAG_PREFIXES.some((prefix) => tag.startsWith(prefix));
}
