/**
 * The escalation message (escalation channel): the ticket and why it is escalated, then its summary (what the
 * customer wants, what happened so far, sentiment, how long they have waited, the reasons, who wrote the summary)
 * and the Zendesk link. Later events on the same ticket go to its thread as short updates.
 */
import type { EscalationSummary } from "../../../contract/app-api";
import { summaryByline, waitedLine } from "../../escalation-summary/format";
import type { TriageDecision } from "../../triage/types";
import { humanize, percent, reasonList, ticketTitle } from "./approval";
import { button, context, customerLine, escapeMrkdwn, fields, header, LIMITS, oneLine, section, truncate, type Block, type MessageView } from "./blocks";
import { ACTION } from "./ids";

export interface EscalationTicket {
  id: number;
  subject: string;
  description: string;
  comments: { body: string }[];
}

export interface EscalationInput {
  ticket: EscalationTicket;
  decision: Pick<TriageDecision, "intent" | "confidence" | "priority" | "sentiment" | "reasons"> | null;
  reason: string;
  zendeskTicketUrl: string;
  /** Absent in older callers and tests: the message then quotes the customer's latest words instead. */
  summary?: EscalationSummary | null;
}

/** The customer's latest words: the newest later comment, else the first message. */
export function latestCustomerWords(ticket: EscalationTicket, max = 220): string {
  const last = ticket.comments.length > 0 ? ticket.comments[ticket.comments.length - 1]!.body : ticket.description;
  const text = customerLine(last);
  return text ? `“${escapeMrkdwn(truncate(text, max))}”` : "_(no text)_";
}

/** Three lines: what (ticket + triage), the customer's words, why it is escalated. */
export function threeLineSummary(input: EscalationInput): [string, string, string] {
  const d = input.decision;
  const triage = d ? ` · ${escapeMrkdwn(d.intent ? humanize(d.intent) : "no intent")} (${percent(d.confidence)}) · priority ${escapeMrkdwn(d.priority)}` : "";
  return [
    `${ticketTitle(input.ticket, input.zendeskTicketUrl)}${triage}`,
    `*Customer:* ${latestCustomerWords(input.ticket)}`,
    `*Why escalated:* ${escapeMrkdwn(truncate(oneLine(input.reason) || "escalated", 500))}`,
  ];
}

function openButton(url: string): Block {
  return { type: "actions", block_id: "escalation_actions", elements: [button(ACTION.openTicket, "Open in Zendesk", { url, value: "open" })] };
}

function summaryBlocks(s: EscalationSummary, d: EscalationInput["decision"]): Block[] {
  const waited = waitedLine(s);
  return [
    section(`*Wants:* ${escapeMrkdwn(truncate(s.wants, 600))}\n*So far:* ${escapeMrkdwn(truncate(s.soFar, 900))}`),
    fields([
      `*Sentiment*\n${escapeMrkdwn(truncate(s.sentiment, 200))}`,
      `*Priority*\n${escapeMrkdwn(d?.priority ?? "unknown")}`,
      ...(waited ? [`*Waiting*\n${escapeMrkdwn(waited)}`] : []),
    ]),
    section(`*Reasons*\n${reasonList(s.reasons)}`),
    context(`${summaryByline(s)}${s.note ? ` · ${escapeMrkdwn(truncate(oneLine(s.note), 300))}` : ""}`),
  ];
}

export function escalationMessage(input: EscalationInput): MessageView {
  const d = input.decision;
  const [what, customer, why] = threeLineSummary(input);
  const blocks: Block[] = [header(`:rotating_light: Escalation: ticket #${input.ticket.id}`)];
  if (input.summary) blocks.push(section(`${what}\n${why}`), ...summaryBlocks(input.summary, d));
  else
    blocks.push(
      section([what, customer, why].join("\n")),
      fields([`*Sentiment*\n${escapeMrkdwn(d ? humanize(d.sentiment) : "unknown")}`, `*Priority*\n${escapeMrkdwn(d?.priority ?? "unknown")}`]),
      section(`*Reasons*\n${reasonList(d?.reasons ?? [])}`),
    );
  blocks.push(openButton(input.zendeskTicketUrl));
  return {
    text: truncate(`Escalation: ticket #${input.ticket.id} (${customerLine(input.ticket.subject)}): ${oneLine(input.reason)}`, LIMITS.fallbackText),
    blocks,
  };
}

/** A later event on an escalated ticket, posted in the escalation's thread. */
export function escalationUpdateMessage(input: EscalationInput): MessageView {
  const d = input.decision;
  const blocks: Block[] = [
    section(`:speech_balloon: *Update on #${input.ticket.id}:* ${escapeMrkdwn(truncate(oneLine(input.reason) || "new activity", 500))}`),
    section(`*Customer:* ${latestCustomerWords(input.ticket, 500)}`),
  ];
  if (d)
    blocks.push(
      context(
        `Sentiment ${escapeMrkdwn(humanize(d.sentiment))} · priority ${escapeMrkdwn(d.priority)} · ${escapeMrkdwn(d.intent ? humanize(d.intent) : "no intent")} (${percent(d.confidence)})`,
      ),
    );
  blocks.push(openButton(input.zendeskTicketUrl));
  return { text: truncate(`Update on ticket #${input.ticket.id}: ${oneLine(input.reason)}`, LIMITS.fallbackText), blocks };
}
