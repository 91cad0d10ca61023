/**
 * Everything a draft needs before the LLM: retrieval (FTS5/BM25 over the account's knowledge base), redaction
 * (one PiiVault per draft) and the prompt. This is the drafting overhead bench/drafting measures.
 */
import { searchKb, type KbHit, type KbQueryable } from "../kb/search";
import { PiiVault } from "../pii/vault";
import { latestCustomerMessage } from "../triage/ticket-text";
import type { TicketSnapshot, TriageDecision } from "../triage/types";
import type { LlmSettings, ToolDeclaration } from "../settings/drafting";
import { buildPrompt, type BuiltPrompt } from "./prompt";

export interface PrepareInput {
  accountId: string;
  accountName: string;
  ticket: TicketSnapshot;
  decision: TriageDecision;
  settings: LlmSettings;
  tools: ToolDeclaration[];
  /** Names to redact wherever they appear (the requester's, from Zendesk). */
  names?: readonly string[];
}

export interface Prepared {
  vault: PiiVault;
  hits: KbHit[];
  prompt: BuiltPrompt;
}

/** What retrieval searches for: the subject, the newest customer message and the intent's words. */
export function retrievalText(ticket: TicketSnapshot, decision: TriageDecision, vault: PiiVault): string {
  const intent = decision.intent ? decision.intent.replace(/[_-]+/g, " ") : "";
  return vault.redact(`${ticket.subject}\n${latestCustomerMessage(ticket).slice(0, 1_500)}\n${intent}`);
}

export async function prepareDraft(d1: KbQueryable, input: PrepareInput): Promise<Prepared> {
  const vault = new PiiVault({ names: input.names ?? [] });
  const query = retrievalText(input.ticket, input.decision, vault);
  const hits =
    input.settings.passages > 0
      ? await searchKb(d1, input.accountId, query, {
          limit: input.settings.passages,
          locale: input.decision.language,
          passageChars: input.settings.passageChars,
        })
      : [];
  const prompt = buildPrompt({
    accountName: input.accountName,
    ticket: input.ticket,
    decision: input.decision,
    hits,
    tools: input.tools,
    vault,
    instructions: input.settings.instructions,
    signature: input.settings.signature,
    requesterName: input.names?.[0] ?? null,
  });
  return { vault, hits, prompt };
}
