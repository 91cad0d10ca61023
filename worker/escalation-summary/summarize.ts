/**
 * escalationSummary: the summary an escalation carries (Slack message, sidebar, optionally a Zendesk field).
 * Written by the account's LLM when one is configured and settings.escalation.summary is "auto" (redacted,
 * budgeted, behind the circuit breaker); built from the thread otherwise, or when the LLM call fails (the
 * summary's `note` says why). Never throws for LLM problems.
 */
import type { EscalationSummary } from "../../contract/app-api";
import { errorMessage, log } from "../lib/log";
import { oneShotLlmCall } from "../llm-call/one-shot";
import { PiiVault } from "../pii/index";
import { resolveLlmSettings } from "../settings/drafting";
import type { AccountWithSecrets } from "../store/accounts";
import type { Database } from "../store/db";
import { utcDay } from "../store/llm-ledger";
import { extractiveSummary, type SummaryInput } from "./extractive";
import { buildSummaryPrompt, parseSummaryAnswer, SUMMARY_JSON_SCHEMA, SUMMARY_SCHEMA_NAME } from "./llm";

/** Longer than classification's (an escalation is not in triage's hot path), shorter than a draft's. */
const SUMMARY_TIMEOUT_MS = 15_000;
const SUMMARY_MAX_TOKENS = 400;

export async function escalationSummary(
  db: Database,
  account: AccountWithSecrets,
  input: SummaryInput,
  requesterName: string | null,
): Promise<EscalationSummary> {
  const configured = account.settings.llm;
  if (account.settings.escalation.summary === "extractive") return extractiveSummary(input);
  if (!configured?.baseUrl) return extractiveSummary(input, "no LLM is configured, so the summary is taken from the thread");
  const settings = resolveLlmSettings(configured);
  const model = settings.classification.model ?? settings.smallModel;
  const vault = new PiiVault({ names: requesterName ? [requesterName] : [] });
  try {
    const answer = await oneShotLlmCall(db, account, {
      baseUrl: configured.baseUrl,
      settings,
      ctx: { accountId: account.id, ticketId: input.ticket.id, draftId: null, runId: null, day: utcDay(), purpose: "summarize" },
      model,
      messages: buildSummaryPrompt(input, vault),
      schemaName: SUMMARY_SCHEMA_NAME,
      schema: SUMMARY_JSON_SCHEMA,
      timeoutMs: Math.min(settings.timeoutMs, SUMMARY_TIMEOUT_MS),
      maxTokens: SUMMARY_MAX_TOKENS,
      parse: parseSummaryAnswer,
    });
    if (!answer.ok) return extractiveSummary(input, `the LLM summary failed (${answer.reason}), so it is taken from the thread`);
    return {
      ...extractiveSummary(input),
      wants: vault.restore(answer.value.wants).text,
      soFar: vault.restore(answer.value.soFar).text,
      source: "llm",
      model: settings.displayName ?? model,
    };
  } catch (error) {
    // Storage trouble or a bug: the escalation still goes out, with the summary from the thread.
    log.error("escalation summary failed", { account: account.id, ticket: input.ticket.id, error: errorMessage(error) });
    return extractiveSummary(input, "the LLM summary failed unexpectedly, so it is taken from the thread");
  }
}
