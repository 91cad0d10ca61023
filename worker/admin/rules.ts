/** The rule table admin API: list/export, validate, replace, dry-run. */
import { Hono, type Context } from "hono";
import type { AppEnv } from "../http/app-env";
import { apiError } from "../http/errors";
import { audit } from "../store/audit";
import { latestDecision } from "../store/decisions";
import { currentRuleTable, EMPTY_TABLE, saveRuleTable } from "../store/rules";
import { recentTickets, toSnapshot } from "../store/tickets";
import { replay, type ReplayCase } from "../triage/engine/replay";
import { RuleTableInvalid, type RuleTable } from "../triage/rules/schema";
import { parseRuleSource, type SourceFormat } from "../triage/rules/source";
import { triage } from "../triage/engine/triage";
import { limitQuery, withAccountFromQuery } from "../http/middleware";
import { readSourceBody } from "./source-body";

export const MAX_RULES_BYTES = 256 * 1024;
const MAX_DRY_RUN_TICKETS = 2000;

export const adminRules = new Hono<AppEnv>();

interface Candidate {
  table: RuleTable;
  source: string;
  format: SourceFormat;
}

async function readCandidate(c: Context): Promise<Candidate> {
  const { source, format } = await readSourceBody(c, { maxBytes: MAX_RULES_BYTES, what: "rule table", tooLarge: "rules_too_large" });
  try {
    return { table: parseRuleSource(source, format), source, format };
  } catch (error) {
    if (error instanceof RuleTableInvalid)
      apiError(422, "invalid_rules", `The rule table has ${error.errors.length} problem(s).`, {
        errors: error.errors.map((e) => ({ ...e, text: formatLine(e) })),
      });
    throw error;
  }
}

function formatLine(e: RuleTableInvalid["errors"][number]): string {
  return new RuleTableInvalid([e]).message;
}

adminRules.get("/rules", withAccountFromQuery, async (c) => {
  const { db, account } = c.var;
  const stored = await currentRuleTable(db, account.id);
  if (c.req.query("format") === "source") {
    if (!stored) apiError(404, "no_rules", "This account has no rule table yet.");
    return c.body(stored.source, 200, { "Content-Type": stored.sourceFormat === "json" ? "application/json" : "application/yaml; charset=utf-8" });
  }
  return c.json({
    account: account.id,
    version: stored?.version ?? 0,
    createdBy: stored?.createdBy ?? null,
    createdAt: stored?.createdAt ?? null,
    table: stored?.table ?? EMPTY_TABLE,
  });
});

adminRules.post("/rules/validate", async (c) => {
  const candidate = await readCandidate(c);
  return c.json({ valid: true, rules: candidate.table.rules.length, defaults: candidate.table.defaults });
});

adminRules.put("/rules", withAccountFromQuery, async (c) => {
  const { db, account } = c.var;
  const candidate = await readCandidate(c);
  const version = await saveRuleTable(db, account.id, { table: candidate.table, source: candidate.source, sourceFormat: candidate.format, createdBy: "admin" });
  await audit(db, {
    accountId: account.id,
    actor: "admin",
    action: "rules.replaced",
    subject: `rules:v${version}`,
    details: { rules: candidate.table.rules.map((r) => r.id) },
  });
  return c.json({ account: account.id, version, rules: candidate.table.rules.length });
});

adminRules.post("/rules/dry-run", withAccountFromQuery, async (c) => {
  const { db, account } = c.var;
  const candidate = await readCandidate(c);
  const limit = limitQuery(c, 500, MAX_DRY_RUN_TICKETS);
  const live = await currentRuleTable(db, account.id);
  const rows = await recentTickets(db, account.id, limit);
  const cases: ReplayCase[] = [];
  for (const row of rows) {
    const ticket = toSnapshot(row);
    const last = await latestDecision(db, account.id, row.ticketId);
    const prediction = last?.modelOutput ?? null;
    const current = triage({ ticket, table: live?.table ?? EMPTY_TABLE, rulesVersion: live?.version ?? null, prediction });
    cases.push({ ticket, prediction, current });
  }
  return c.json({ account: account.id, liveVersion: live?.version ?? 0, ...replay(cases, candidate.table, null) });
});
