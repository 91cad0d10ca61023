/** The summary as plain text: what a Zendesk custom field (multi-line text) receives. Pure. */
import type { EscalationSummary } from "../../contract/app-api";
import { duration } from "./extractive";

export function summaryByline(s: Pick<EscalationSummary, "source" | "model">): string {
  return s.source === "llm" ? `Summary written by ${s.model ?? "the LLM"} from the redacted thread` : "Summary taken from the thread (no LLM)";
}

export function waitedLine(s: Pick<EscalationSummary, "waitedMinutes" | "waitingSince">): string | null {
  if (s.waitedMinutes === null) return null;
  const since = s.waitingSince ? ` (first message ${s.waitingSince.slice(0, 16).replace("T", " ")} UTC)` : "";
  return `${duration(s.waitedMinutes)}${since}`;
}

export function summaryText(s: EscalationSummary): string {
  const waited = waitedLine(s);
  return [
    `Wants: ${s.wants}`,
    `So far: ${s.soFar}`,
    `Sentiment: ${s.sentiment}`,
    waited ? `Waiting: ${waited}` : null,
    `Why escalated: ${s.reasons.join("; ")}`,
    `Ticket: ${s.ticketUrl}`,
    summaryByline(s),
  ]
    .filter((x): x is string => x !== null)
    .join("\n");
}
