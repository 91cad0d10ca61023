/**
 * Dry-run: replay a candidate rule table against stored tickets (with the model output they were triaged
 * with) and report what would change. Pure: the admin route loads the tickets and prints the result.
 */
import type { RuleTable } from "../rules/schema";
import { triage } from "./triage";
import type { IntentPrediction, TicketSnapshot, TriageDecision } from "../types";

export interface ReplayCase {
  ticket: TicketSnapshot;
  prediction: IntentPrediction | null;
  /** The decision the live table produces for this ticket now. */
  current: TriageDecision;
}

type Outcome = Pick<TriageDecision, "route" | "priority" | "intent" | "tags" | "groupId">;

export interface ReplayReport {
  ticketsEvaluated: number;
  ticketsChanged: number;
  /** For each decided field, how many tickets would move from one value to another ("auto → escalate": 3). */
  changes: Record<"route" | "priority" | "intent" | "group", Record<string, number>>;
  tagsAdded: Record<string, number>;
  tagsRemoved: Record<string, number>;
  /** How often each candidate rule would fire. */
  ruleHits: Record<string, number>;
  examples: { ticketId: number; subject: string; before: Outcome; after: Outcome; rules: string[] }[];
}

const outcome = (d: TriageDecision): Outcome => ({ route: d.route, priority: d.priority, intent: d.intent, tags: d.tags, groupId: d.groupId });
const bump = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

export function replay(cases: ReplayCase[], candidate: RuleTable, candidateVersion: number | null, maxExamples = 10): ReplayReport {
  const report: ReplayReport = {
    ticketsEvaluated: cases.length,
    ticketsChanged: 0,
    changes: { route: {}, priority: {}, intent: {}, group: {} },
    tagsAdded: {},
    tagsRemoved: {},
    ruleHits: {},
    examples: [],
  };
  for (const c of cases) {
    const next = triage({ ticket: c.ticket, table: candidate, rulesVersion: candidateVersion, prediction: c.prediction });
    for (const hit of next.ruleHits) bump(report.ruleHits, hit.ruleId);
    const before = c.current;
    let changed = false;
    const compare = (field: keyof ReplayReport["changes"], a: unknown, b: unknown) => {
      if (a === b) return;
      changed = true;
      bump(report.changes[field], `${a ?? "none"} → ${b ?? "none"}`);
    };
    compare("route", before.route, next.route);
    compare("priority", before.priority, next.priority);
    compare("intent", before.intent, next.intent);
    compare("group", before.groupId, next.groupId);
    const added = next.tags.filter((t) => !before.tags.includes(t));
    const removed = before.tags.filter((t) => !next.tags.includes(t));
    for (const t of added) bump(report.tagsAdded, t);
    for (const t of removed) bump(report.tagsRemoved, t);
    if (added.length || removed.length) changed = true;
    if (!changed) continue;
    report.ticketsChanged++;
    if (report.examples.length < maxExamples)
      report.examples.push({
        ticketId: c.ticket.id,
        subject: c.ticket.subject.slice(0, 120),
        before: outcome(before),
        after: outcome(next),
        rules: next.ruleHits.map((h) => h.ruleId),
      });
  }
  return report;
}
