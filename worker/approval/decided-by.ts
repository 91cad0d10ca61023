/**
 * A draft's `decidedBy`: "Name (id)" when the decider's name is known, else the id (a Slack user, a Zendesk user,
 * or "timeout" for the system). Written once here and read back here, so views show names, not raw ids.
 */

export function formatDecidedBy(actor: { id: string; name?: string | null }): string {
  return actor.name ? `${actor.name} (${actor.id})` : actor.id;
}

export function parseDecidedBy(decidedBy: string | null): { name: string | null; id: string | null } {
  if (!decidedBy) return { name: null, id: null };
  const m = /^(.*) \(([^()]+)\)$/.exec(decidedBy);
  if (m) return { name: m[1] ?? null, id: m[2] ?? null };
  return { name: decidedBy, id: decidedBy };
}
