/**
 * The replay ("model fit"): the account's rules, edge model and cascade run over one import's history tickets,
 * measured against what the agents left on them (intent by the import's label source, priority, group).
 *
 * It runs `runCascade` (worker/pipeline/cascade.ts) and nothing after it: no decision or training label is stored,
 * no write-back, no follow-up, so Zendesk's write APIs and Slack are never reached. Each ticket is shown to the
 * cascade as it arrived: subject and first message, status new, no priority and no tags (the final tags carry the
 * agents' answer). With `llm: "estimate"` the LLM tier is not called: the tickets the cascade would ask it about
 * are counted and priced (worker/llm-triage/estimate.ts); with `"call"` the account's LLM answers, through its
 * cache, budget and circuit breaker as in triage.
 */
import type { Env } from "../env/bindings";
import { estimateClassification } from "../llm-triage/estimate";
import { runCascade, type CascadeTiers } from "../pipeline/cascade";
import type { ReplayReport } from "../replay/report";
import type { AccountWithSecrets } from "../store/accounts";
import type { Database } from "../store/db";
import { historyTicketsOfImport, type HistoryImportRow, type HistoryTicketRow } from "../store/history";
import { currentTaxonomy } from "../store/intents";
import { currentRuleTable, EMPTY_TABLE } from "../store/rules";
import type { TicketSnapshot } from "../triage/types";
import { agentIntent, labelIndex } from "../history/labels";
import { replayFigures, type ReplayOutcome } from "./figures";
import { asExported } from "../history/tickets";

export type ReplayLlmMode = ReplayReport["llmMode"];

/** Tickets replayed per run: a few thousand rules-and-model decisions are well inside one request's CPU time. */
export const MAX_REPLAY_TICKETS = 5_000;
const PAGE = 500;

/** The ticket as triage first saw it (nothing the agents added later). */
export function arrivalSnapshot(row: HistoryTicketRow): TicketSnapshot {
  return {
    id: row.ticketId,
    subject: row.subject,
    description: row.description,
    comments: [],
    status: "new",
    priority: null,
    channel: row.channel,
    tags: [],
    requesterTags: [],
    organizationTags: [],
  };
}

export async function replayHistory(
  env: Env,
  db: Database,
  account: AccountWithSecrets,
  run: HistoryImportRow,
  opts: { llm: ReplayLlmMode; tiers: CascadeTiers; replayId?: string },
): Promise<ReplayReport> {
  const [stored, taxonomy] = await Promise.all([currentRuleTable(db, account.id), currentTaxonomy(db, account.id)]);
  const index = labelIndex(taxonomy.taxonomy, run.labelSource);
  const names = new Map(taxonomy.taxonomy.intents.map((i) => [i.id, i.name]));
  const llm = { calls: 0, costUsd: 0 };
  // One model for the whole replay: the cascade asks for it per ticket, and it does not change mid-run.
  let model: ReturnType<CascadeTiers["models"]> | null = null;
  const tiers: CascadeTiers = {
    models: (e, d, id, t) => {
      model ??= opts.tiers.models(e, d, id, t);
      return model;
    },
    llm:
      opts.llm === "call"
        ? async (e, d, a, request) => {
            const outcome = await opts.tiers.llm(e, d, a, request);
            if (outcome.ran && !outcome.cached) llm.calls++;
            if (outcome.ran) llm.costUsd += outcome.costUsd;
            return outcome;
          }
        : async (_e, _d, a, request) => {
            const estimate = estimateClassification(a, request.taxonomy, request.text);
            if (estimate) {
              llm.calls++;
              llm.costUsd += estimate.costUsd;
            }
            return { ran: false, reason: "replay estimate: the LLM tier was counted, not called" };
          },
  };

  const outcomes: ReplayOutcome[] = [];
  let modelVersion: string | null = null;
  let after = 0;
  while (outcomes.length < MAX_REPLAY_TICKETS) {
    const rows = await historyTicketsOfImport(db, account.id, run.id, { afterTicketId: after, limit: Math.min(PAGE, MAX_REPLAY_TICKETS - outcomes.length) });
    if (rows.length === 0) break;
    for (const row of rows) {
      const decision = await runCascade(
        env,
        db,
        { account, snapshot: arrivalSnapshot(row), table: stored?.table ?? EMPTY_TABLE, rulesVersion: stored?.version ?? null, requesterId: row.requesterId },
        { taxonomy, pinned: null },
        tiers,
      );
      modelVersion ??= decision.modelVersion;
      const label = agentIntent(asExported(row), run.labelSource, index);
      outcomes.push({
        ticketId: row.ticketId,
        decision,
        expected: "intent" in label ? label.intent : null,
        agentPriority: row.priority,
        agentGroupId: row.groupId,
      });
    }
    after = rows.at(-1)?.ticketId ?? after;
  }

  return {
    replayId: opts.replayId ?? crypto.randomUUID(),
    accountId: account.id,
    importId: run.id,
    createdAt: new Date().toISOString(),
    modelVersion,
    rulesVersion: stored?.version ?? null,
    taxonomyVersion: taxonomy.version,
    llmMode: opts.llm,
    ...replayFigures(outcomes, names),
    llm: { calls: llm.calls, costUsd: Math.round(llm.costUsd * 1e6) / 1e6 },
  };
}
