/**
 * LLM drafting admin API (mounted under /admin through adminKb):
 *   GET  /llm/status?account=                      configuration summary (never the key), today's spend, circuit
 *   GET  /llm/usage?account=[&from=YYYY-MM-DD&to=]  the cost ledger per UTC day, totals, costliest tickets, fallbacks
 *   GET  /llm/attempts?account=[&draft=&ticket=]    every run, LLM attempt and tool call behind drafts
 *   POST /llm/circuit/reset?account=                close the circuit breaker by hand
 *   POST /llm/preview?account=                      compose a draft for a made-up ticket (costs are recorded)
 */
import { Hono } from "hono";
import { z } from "zod";
import type { AppEnv } from "../http/app-env";
import { circuitState, resetCircuit } from "../store/llm-circuit";
import { composeDraft } from "../drafting/compose";
import { resolveLlmSettings } from "../settings/drafting";
import { attemptsFor, spentOn, usageReport, utcDay } from "../store/llm-ledger";
import { apiError } from "../http/errors";
import { publicAccount, unlockAccount } from "../store/accounts";
import { audit } from "../store/audit";
import { PRIORITIES, SENTIMENTS } from "../triage/signals/types";
import { makeDecision } from "../triage/make-decision";
import type { TicketSnapshot } from "../triage/types";
import { idQuery, jsonBody, limitQuery, withAccountFromQuery } from "../http/middleware";

export const adminLlm = new Hono<AppEnv>();

const DAY = /^\d{4}-\d{2}-\d{2}$/;

adminLlm.get("/llm/status", withAccountFromQuery, async (c) => {
  const { db, account: row } = c.var;
  const account = publicAccount(row);
  const configured = account.settings.llm;
  const settings = resolveLlmSettings(configured ?? {});
  const today = utcDay();
  const spent = await spentOn(db, account.id, today);
  return c.json({
    account: account.id,
    configured: Boolean(configured?.baseUrl),
    baseUrl: configured?.baseUrl ?? null,
    smallModel: settings.smallModel,
    largeModel: settings.largeModel ?? null,
    structuredOutput: settings.structuredOutput,
    tools: (account.settings.tools ?? []).map((t) => ({ name: t.name, method: t.method, allowedHosts: t.allowedHosts })),
    today,
    spentTodayUsd: spent,
    dailyBudgetUsd: settings.dailyBudgetUsd ?? null,
    overBudget: settings.dailyBudgetUsd !== undefined && spent >= settings.dailyBudgetUsd,
    circuit: await circuitState(db, account.id),
  });
});

adminLlm.get("/llm/usage", withAccountFromQuery, async (c) => {
  const { db, account: row } = c.var;
  const isDay = (d: string) => DAY.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`));
  const to = c.req.query("to") ?? utcDay();
  // `to` is checked before `from` is computed from it: utcDay of an invalid date throws.
  if (!isDay(to)) apiError(400, "invalid_day", "from and to are UTC days, YYYY-MM-DD.");
  const from = c.req.query("from") ?? utcDay(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000);
  if (!isDay(from)) apiError(400, "invalid_day", "from and to are UTC days, YYYY-MM-DD.");
  const settings = resolveLlmSettings(publicAccount(row).settings.llm ?? {});
  return c.json({
    account: row.id,
    from,
    to,
    dailyBudgetUsd: settings.dailyBudgetUsd ?? null,
    prices: settings.prices,
    ...(await usageReport(db, row.id, from, to)),
  });
});

adminLlm.get("/llm/attempts", withAccountFromQuery, async (c) => {
  const { db, account: row } = c.var;
  const by = { draftId: idQuery(c, "draft"), ticketId: idQuery(c, "ticket"), limit: limitQuery(c, 100, 1000) };
  return c.json({ account: row.id, ...(await attemptsFor(db, row.id, by)) });
});

adminLlm.post("/llm/circuit/reset", withAccountFromQuery, async (c) => {
  const { db, account: row } = c.var;
  await resetCircuit(db, row.id);
  await audit(db, { accountId: row.id, actor: "admin", action: "llm.circuit_reset", subject: `account:${row.id}` });
  return c.json({ account: row.id, circuit: await circuitState(db, row.id) });
});

const previewInput = z
  .object({
    ticketId: z.number().int().nonnegative().default(0),
    subject: z.string().max(1_000).default(""),
    body: z.string().min(1).max(20_000),
    comments: z.array(z.string().min(1).max(20_000)).max(20).default([]),
    intent: z.string().max(100).nullable().default(null),
    confidence: z.number().min(0).max(1).nullable().default(null),
    priority: z.enum(PRIORITIES).default("normal"),
    sentiment: z.enum(SENTIMENTS).default("neutral"),
    language: z.string().max(20).default("en"),
  })
  .strict();

adminLlm.post(
  "/llm/preview",
  withAccountFromQuery,
  jsonBody(previewInput, { error: "invalid_preview", message: "The preview body is invalid." }),
  async (c) => {
    const { account: row } = c.var;
    const p = c.var.body;
    const ticket: TicketSnapshot = {
      id: p.ticketId,
      subject: p.subject,
      description: p.body,
      comments: p.comments.map((body, i) => ({ id: `preview-${i}`, body })),
      status: "new",
      priority: null,
      channel: "api",
      tags: [],
      requesterTags: [],
      organizationTags: [],
    };
    const decision = makeDecision({
      intent: p.intent,
      confidence: p.confidence,
      priority: p.priority,
      sentiment: p.sentiment,
      language: p.language,
      route: "draft",
      reasons: ["admin preview"],
    });
    const account = await unlockAccount(row, c.env.SECRETS_KEY);
    const draft = await composeDraft(c.env, { account, ticket, decision, draftId: null });
    return c.json({ account: row.id, draft });
  },
);
