/**
 * composeDraft: one reply draft for one ticket, called by the ticket workflow inside a durable `step.do`.
 *
 *   retrieve KB passages → redact PII → build the prompt                           (prepare.ts)
 *   no LLM configured / daily budget spent / circuit open → offline template       (offline.ts)
 *   else: small or large model (model-choice.ts) → tool loop + JSON answer with back-off (loop.ts)
 *         → restore PII, keep only citations of passages the prompt contained
 *   LLM down, timing out, or answering invalid JSON twice → offline template, and the note says why
 *
 * It never throws for LLM problems. It throws for storage (D1) errors, so the workflow step retries.
 * Every LLM attempt, tool call and the composition itself go to the ledger (worker/store/llm-ledger.ts); the
 * circuit breaker is worker/store/llm-circuit.ts.
 */
import type { Env } from "../env/bindings";
import { errorMessage, log } from "../lib/log";
import type { AccountWithSecrets } from "../store/accounts";
import { database } from "../store/db";
import { getTicket } from "../store/tickets";
import type { Citation } from "../store/drafts";
import type { TicketSnapshot, TriageDecision } from "../triage/types";
import { circuitFailure, circuitGate, circuitSuccess, setJsonSchemaSupport, type JsonSchemaSupport } from "../store/llm-circuit";
import { resolveLlmSettings, type LlmSettings, type ToolDeclaration } from "../settings/drafting";
import { finishRun, recordAttempt, recordSkipped, recordToolCall, spentOn, startRun, utcDay, type LedgerContext } from "../store/llm-ledger";
import { createChatFn, type ChatFn, type ResponseFormat } from "./llm-client";
import { runDraftLoop, type LoopResult } from "./loop";
import { chooseModel, type ModelChoice } from "./model-choice";
import { templateDraft } from "./offline";
import type { DraftOutput } from "./output";
import { prepareDraft, type Prepared } from "./prepare";
import { runTool } from "./tools";
import { userName } from "../zendesk/users";
import { detectLanguage } from "../triage/signals/language";
import { languageName } from "./prompt";
import { firstNameOf, unfilledPlaceholders } from "./zendesk-placeholders";

export interface DraftRequest {
  account: AccountWithSecrets;
  ticket: TicketSnapshot;
  decision: TriageDecision;
  /** drafts.id; null for an admin preview (nothing is stored but the ledger). */
  draftId: number | null;
}

export interface ComposedDraft {
  /** The reply, PII restored. */
  body: string;
  /** {id, title, url?} of KB passages actually cited. */
  citations: Citation[];
  needsHuman: boolean;
  reason: string;
  /** 0..1 */
  confidence: number;
  source: "llm" | "template";
  model: string | null;
  /** settings.llm.displayName when the LLM wrote it: what agents are told wrote the draft. */
  modelLabel: string | null;
  costUsd: number;
  /** Why it fell back (budget, circuit open, LLM down, invalid output...), or what to check; shown to operators. */
  note: string | null;
}

/** Test seams: a chat function (e.g. with a custom fetch), a fetch for tools, a clock. Production passes none. */
export interface ComposeHooks {
  chat?: ChatFn;
  toolFetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/** Wraps storage errors raised inside the LLM loop so they are re-thrown (the workflow retries) instead of falling back. */
class StorageError extends Error {
  constructor(readonly original: unknown) {
    super(errorMessage(original));
  }
}

async function storage<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw new StorageError(error);
  }
}

function normaliseCitationId(id: string): string {
  return id
    .trim()
    .replace(/^\[|\]$/g, "")
    .replace(/^(?:kb|doc|source)\s*[:#-]\s*/i, "")
    .trim();
}

function money(usd: number): string {
  return `$${usd.toFixed(usd < 1 ? 4 : 2)}`;
}

export async function composeDraft(env: Env, req: DraftRequest, hooks: ComposeHooks = {}): Promise<ComposedDraft> {
  const started = Date.now();
  const db = database(env.DB);
  const { account, ticket, decision } = req;
  const configured = account.settings.llm;
  const settings: LlmSettings = resolveLlmSettings(configured ?? {});
  const tools: ToolDeclaration[] = account.settings.tools ?? [];
  const day = utcDay(started);
  const runId = await startRun(db, { accountId: account.id, ticketId: ticket.id, draftId: req.draftId, day });
  const ctx: LedgerContext = { accountId: account.id, ticketId: ticket.id, draftId: req.draftId, runId, day };
  // The requester's name is the one name every ticket has; redaction hides it wherever it appears (best effort).
  const requesterId = (await getTicket(db, account.id, ticket.id))?.requesterId;
  const requester = requesterId ? await userName(account, requesterId) : null;
  const prepared = await prepareDraft(env.DB, {
    accountId: account.id,
    accountName: account.name,
    ticket,
    decision,
    settings,
    tools,
    names: requester ? [requester] : [],
  });

  const finish = async (
    draft: ComposedDraft,
    run: { tier: ModelChoice["tier"] | null; result: LoopResult | null; overBudget?: boolean; unknownPlaceholders?: number },
  ) => {
    const r = run.result;
    await finishRun(
      db,
      runId,
      {
        source: draft.source,
        model: draft.model,
        tier: run.tier,
        note: draft.note,
        costUsd: draft.costUsd,
        promptTokens: r?.promptTokens ?? 0,
        completionTokens: r?.completionTokens ?? 0,
        llmCalls: r?.llmCalls ?? 0,
        toolCalls: r?.toolCalls ?? 0,
        passages: prepared.prompt.passages.length,
        citations: draft.citations.length,
        redactions: prepared.vault.counts(),
        unknownPlaceholders: run.unknownPlaceholders ?? 0,
        durationMs: Date.now() - started,
      },
      { accountId: account.id, day, overBudget: run.overBudget ?? false },
    );
    log.info("draft composed", {
      account: account.id,
      ticket: ticket.id,
      draft: req.draftId,
      run: runId,
      source: draft.source,
      model: draft.model,
      costUsd: draft.costUsd,
      citations: draft.citations.length,
      fellBack: draft.source === "template",
    });
    return draft;
  };

  const template = (why: string, cost = 0): ComposedDraft => {
    const t = templateDraft(prepared.hits, {
      why,
      language: decision.language,
      signature: settings.signature,
      requesterFirstName: firstNameOf(requester),
      ticketId: ticket.id,
    });
    return { ...t, source: "template", model: null, modelLabel: "offline template", costUsd: cost, note: `Template draft: ${why}.` };
  };

  // 1. May we call the LLM at all?
  let skip: string | null = null;
  let overBudget = false;
  const baseUrl = configured?.baseUrl;
  let budgetLeft: number | null = null;
  let jsonSchema: JsonSchemaSupport = "unknown";
  if (!baseUrl) {
    skip = "no LLM is configured for this account (settings.llm.baseUrl)";
  } else {
    if (settings.dailyBudgetUsd !== undefined) {
      const spent = await spentOn(db, account.id, day);
      budgetLeft = settings.dailyBudgetUsd - spent;
      if (budgetLeft <= 0) {
        skip = `the daily LLM budget of ${money(settings.dailyBudgetUsd)} is spent (${money(spent)} today, UTC)`;
        overBudget = true;
      }
    }
    if (!skip) {
      const gate = await circuitGate(db, account.id, settings.circuitOpenSeconds);
      jsonSchema = gate.jsonSchema;
      if (!gate.allowed) skip = `the LLM is paused for this account: ${gate.reason}`;
    }
  }
  if (skip !== null || !baseUrl) {
    const why = skip ?? "no LLM is configured";
    await recordSkipped(db, ctx, why);
    return finish(template(why), { tier: null, result: null, overBudget });
  }

  // 2. The LLM.
  const choice: ModelChoice = chooseModel(settings, ticket, decision);
  const format: ResponseFormat =
    settings.structuredOutput === "auto" ? (jsonSchema === "unsupported" ? "json_object" : "json_schema") : settings.structuredOutput;
  const toolsByName = new Map(tools.map((t) => [t.name, t]));
  let result: LoopResult;
  try {
    result = await runDraftLoop(
      {
        model: choice.model,
        messages: prepared.prompt.messages,
        tools: prepared.prompt.tools,
        settings,
        responseFormat: format,
        allowFormatFallback: settings.structuredOutput === "auto",
        deadline: started + settings.deadlineMs,
        budgetLeftUsd: budgetLeft,
        ticketRef: `ticket #${ticket.id}`,
      },
      {
        chat: hooks.chat ?? createChatFn({ baseUrl, apiKey: account.secrets.llmApiKey }),
        runTool: (name, args) => runTool(toolsByName.get(name), name, args, prepared.vault, { fetch: hooks.toolFetch }),
        onAttempt: (a) => storage(() => recordAttempt(db, ctx, a)),
        onToolCall: (t) => storage(() => recordToolCall(db, ctx, t)),
        sleep: hooks.sleep,
      },
    );
  } catch (error) {
    if (error instanceof StorageError) throw error.original;
    // Not the LLM and not storage: a bug. The draft still gets written (from a template); the log says why.
    log.error("drafting loop failed", { account: account.id, ticket: ticket.id, draft: req.draftId, error: errorMessage(error) });
    return finish(template("drafting failed unexpectedly (see the Worker logs)"), { tier: choice.tier, result: null });
  }

  if (result.jsonSchemaRejected) await setJsonSchemaSupport(db, account.id, "unsupported");
  else if (result.ok && result.responseFormat === "json_schema" && jsonSchema !== "supported") await setJsonSchemaSupport(db, account.id, "supported");

  if (!result.ok) {
    let why: string;
    if (result.failure === "unavailable") {
      const opened = await circuitFailure(db, account.id, result.message, settings.circuitFailureThreshold, settings.circuitOpenSeconds);
      why = `the LLM is unavailable (${result.message})${opened ? `; the circuit is now open for ${settings.circuitOpenSeconds} s` : ""}`;
    } else if (result.failure === "budget") {
      why = result.message;
    } else {
      // The server answered, so it is up: a half-open circuit closes.
      await circuitSuccess(db, account.id);
      why = result.failure === "invalid_output" ? `the LLM's answer was invalid (${result.message})` : `the LLM rejected the request (${result.message})`;
    }
    return finish(template(why, result.costUsd), { tier: choice.tier, result, overBudget: result.failure === "budget" });
  }

  await circuitSuccess(db, account.id);
  return finish(...fromOutput(result.output, result, prepared, choice, decision.language, settings.displayName));
}

/** When the reply is not in the ticket's language (the knowledge base had no article in it), the agent is told. */
function languageMismatch(reply: string, ticketLanguage: string | null): string | null {
  const wanted = ticketLanguage?.split("-")[0];
  if (!wanted || wanted === "und") return null;
  const written = detectLanguage(reply).language;
  if (written === "und" || written === wanted) return null;
  return `This draft is in ${languageName(written) ?? written}, but the customer wrote in ${languageName(wanted) ?? wanted}; translate it before sending.`;
}

/** Turns the model's JSON into the draft: placeholders restored, citations resolved against the prompt's passages. */
function fromOutput(
  output: DraftOutput,
  result: LoopResult & { ok: true },
  prepared: Prepared,
  choice: ModelChoice,
  ticketLanguage: string | null,
  displayName: string | undefined,
): [ComposedDraft, { tier: ModelChoice["tier"]; result: LoopResult; unknownPlaceholders: number }] {
  const restored = prepared.vault.restore(output.reply);
  const reason = prepared.vault.restore(output.reason);
  const byId = new Map(prepared.prompt.passages.map((p) => [p.id, p]));
  const citations: Citation[] = [];
  const unknownCitations: string[] = [];
  for (const raw of output.citations) {
    const id = normaliseCitationId(raw);
    const passage = byId.get(id);
    if (!passage) {
      if (id && !unknownCitations.includes(id)) unknownCitations.push(id);
      continue;
    }
    if (!citations.some((c) => c.id === id))
      citations.push({ id, title: passage.title.includes("[") ? prepared.vault.restore(passage.title).text : passage.title, url: passage.url });
  }
  const unknown = [...new Set([...restored.unknown, ...reason.unknown])];
  const notes: string[] = [];
  if (unknown.length) notes.push(`The draft contains placeholders that were never issued (${unknown.join(", ")}); fill them in or remove them.`);
  if (unknownCitations.length) notes.push(`The model cited passages it was not given (${unknownCitations.slice(0, 5).join(", ")}); they were dropped.`);
  if (result.repaired) notes.push("The model's first answer was invalid; this is its second try.");
  const unfilled = unfilledPlaceholders(restored.text);
  if (unfilled.length) notes.push(`The draft still contains Zendesk placeholders (${unfilled.slice(0, 5).join(", ")}); fill them in before sending.`);
  const language = languageMismatch(restored.text, ticketLanguage);
  if (language) notes.push(language);
  const needsHuman = output.needs_human || unknown.length > 0 || unfilled.length > 0;
  return [
    {
      body: restored.text,
      citations,
      needsHuman,
      reason: reason.text || (needsHuman ? "The model asks for a human to check this reply." : "Drafted from the cited passages."),
      confidence: unknown.length || unfilled.length ? Math.min(output.confidence, 0.3) : language ? Math.min(output.confidence, 0.5) : output.confidence,
      source: "llm",
      model: choice.model,
      modelLabel: displayName ?? null,
      costUsd: result.costUsd,
      note: notes.length ? notes.join(" ") : null,
    },
    { tier: choice.tier, result, unknownPlaceholders: unknown.length },
  ];
}
