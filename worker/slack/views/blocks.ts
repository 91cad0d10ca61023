/**
 * Block Kit primitives and Slack's size limits. Pure: no I/O, no clocks. Every view in this folder is built from
 * these, so texts are escaped and cut to Slack's limits in one place.
 */
import { redactText } from "../../pii/index";

/** Slack's documented limits that the views respect. */
export const LIMITS = {
  /** Text of a section block (mrkdwn or plain). */
  sectionText: 3000,
  /** A section's field text, and at most 10 fields. */
  fieldText: 2000,
  fields: 10,
  /** Blocks in a message, and in a modal. */
  messageBlocks: 50,
  modalBlocks: 100,
  /** Header block text. */
  headerText: 150,
  /** Context block: at most 10 elements. */
  contextElements: 10,
  contextText: 2000,
  /** Button label and value. */
  buttonText: 75,
  buttonValue: 2000,
  /** Confirm dialog parts. */
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  /** Modal title, submit and close labels. */
  modalTitle: 24,
  /** plain_text_input `max_length` (and so the longest text a modal can edit). */
  plainTextInput: 3000,
  /** Input label / hint. */
  inputLabel: 2000,
  privateMetadata: 3000,
  /** The message's `text` (notification fallback); Slack truncates beyond 40,000, we stay well below. */
  fallbackText: 3000,
} as const;

export interface PlainText {
  type: "plain_text";
  text: string;
  emoji?: boolean;
}

export interface Mrkdwn {
  type: "mrkdwn";
  text: string;
  verbatim?: boolean;
}

export type TextObject = PlainText | Mrkdwn;

export interface Confirm {
  title: PlainText;
  text: TextObject;
  confirm: PlainText;
  deny: PlainText;
  style?: "primary" | "danger";
}

export interface Button {
  type: "button";
  action_id: string;
  text: PlainText;
  value?: string;
  url?: string;
  style?: "primary" | "danger";
  confirm?: Confirm;
}

export interface PlainTextInput {
  type: "plain_text_input";
  action_id: string;
  multiline?: boolean;
  initial_value?: string;
  min_length?: number;
  max_length?: number;
  placeholder?: PlainText;
}

export type Block =
  | { type: "header"; block_id?: string; text: PlainText }
  | { type: "section"; block_id?: string; text?: TextObject; fields?: TextObject[] }
  | { type: "context"; block_id?: string; elements: TextObject[] }
  | { type: "divider"; block_id?: string }
  | { type: "actions"; block_id?: string; elements: Button[] }
  | { type: "input"; block_id: string; label: PlainText; element: PlainTextInput; hint?: PlainText; optional?: boolean };

/** What chat.postMessage / chat.update / chat.postEphemeral take from a view. */
export interface MessageView {
  text: string;
  blocks: Block[];
}

export interface ModalView {
  type: "modal";
  callback_id: string;
  private_metadata: string;
  title: PlainText;
  submit?: PlainText;
  close?: PlainText;
  blocks: Block[];
}

/** Escapes the three characters mrkdwn reserves (`&`, `<`, `>`), so user text cannot form links or mentions. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Cuts `text` to at most `max` characters, ending with `…` when it was cut (never inside a surrogate pair). */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** Cuts already-escaped mrkdwn without leaving half an entity (`&am…`) at the end. */
export function truncateMrkdwn(escaped: string, max: number): string {
  if (escaped.length <= max) return escaped;
  let cut = truncate(escaped, max).slice(0, -1);
  const amp = cut.lastIndexOf("&");
  if (amp >= 0 && amp > cut.length - 5 && !cut.slice(amp).includes(";")) cut = cut.slice(0, amp);
  return `${cut}…`;
}

/** Collapses all whitespace (newlines included) to single spaces. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/**
 * Customer text in a Slack message, on one line with personal data replaced by placeholders ("Refund for card
 * [CARD_1]"): approvers need to know which ticket it is, not the customer's card number, e-mail or name. Redacted
 * before any truncation, so a cut cannot split a value past recognition.
 */
export function customerLine(text: string): string {
  return oneLine(redactText(text));
}

/**
 * Splits escaped mrkdwn into pieces of at most `size` characters, preferring paragraph, line and word breaks and
 * never splitting an entity.
 */
export function chunkMrkdwn(escaped: string, size: number): string[] {
  const chunks: string[] = [];
  let rest = escaped;
  while (rest.length > size) {
    let cut = -1;
    for (const sep of ["\n\n", "\n", " "]) {
      const at = rest.lastIndexOf(sep, size - sep.length);
      if (at > size / 2) {
        cut = at + sep.length;
        break;
      }
    }
    if (cut < 0) {
      cut = size;
      const amp = rest.lastIndexOf("&", cut);
      if (amp >= 0 && amp > cut - 5 && !rest.slice(amp, cut).includes(";")) cut = amp;
      const code = rest.charCodeAt(cut - 1);
      if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
    }
    chunks.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest.length > 0 || chunks.length === 0) chunks.push(rest);
  return chunks;
}

export function plain(text: string, max: number = LIMITS.sectionText): PlainText {
  return { type: "plain_text", text: truncate(text, max), emoji: true };
}

export function mrkdwn(text: string, max: number = LIMITS.sectionText): Mrkdwn {
  return { type: "mrkdwn", text: truncateMrkdwn(text, max) };
}

export function header(text: string): Block {
  return { type: "header", text: plain(text, LIMITS.headerText) };
}

export function section(text: string, blockId?: string): Block {
  return { type: "section", ...(blockId ? { block_id: blockId } : {}), text: mrkdwn(text) };
}

export function fields(items: string[]): Block {
  return { type: "section", fields: items.slice(0, LIMITS.fields).map((f) => mrkdwn(f, LIMITS.fieldText)) };
}

export function context(...texts: string[]): Block {
  return { type: "context", elements: texts.slice(0, LIMITS.contextElements).map((t) => mrkdwn(t, LIMITS.contextText)) };
}

export function divider(): Block {
  return { type: "divider" };
}

export function button(actionId: string, label: string, opts: { value?: string; url?: string; style?: "primary" | "danger"; confirm?: Confirm } = {}): Button {
  return {
    type: "button",
    action_id: actionId,
    text: plain(label, LIMITS.buttonText),
    ...(opts.value !== undefined ? { value: truncate(opts.value, LIMITS.buttonValue) } : {}),
    ...(opts.url ? { url: opts.url } : {}),
    ...(opts.style ? { style: opts.style } : {}),
    ...(opts.confirm ? { confirm: opts.confirm } : {}),
  };
}

export function confirmDialog(title: string, text: string, confirm: string, deny = "Cancel", style?: "primary" | "danger"): Confirm {
  return {
    title: plain(title, LIMITS.confirmTitle),
    text: mrkdwn(text, LIMITS.confirmText),
    confirm: plain(confirm, LIMITS.confirmButton),
    deny: plain(deny, LIMITS.confirmButton),
    ...(style ? { style } : {}),
  };
}

/** A Slack link `<url|label>` with the label escaped (and `|` removed, which would end it). */
export function link(url: string, label: string): string {
  return `<${url.replace(/[<>|]/g, encodeURIComponent)}|${escapeMrkdwn(label.replace(/\|/g, "/"))}>`;
}

/** A user mention for Slack user ids, else the escaped name. */
export function userRef(id: string | null | undefined, name?: string | null): string {
  if (id && /^[UW][A-Z0-9]{2,}$/.test(id)) return `<@${id}>`;
  return escapeMrkdwn(name ?? id ?? "someone");
}

/**
 * A date Slack renders in each reader's time zone (`<!date^…>`), with the ISO time as fallback text. Returns the
 * escaped input when it is not a date.
 */
export function slackDate(iso: string | null | undefined): string {
  if (!iso) return "an unknown time";
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return escapeMrkdwn(iso);
  const seconds = Math.floor(ms / 1000);
  const fallback = new Date(seconds * 1000).toISOString().replace(".000Z", "Z");
  return `<!date^${seconds}^{date_short_pretty} at {time}|${fallback}>`;
}

/** Guards a finished message against Slack's block count limit (keeps the last block, usually the actions). */
export function capBlocks(blocks: Block[], max: number = LIMITS.messageBlocks): Block[] {
  if (blocks.length <= max) return blocks;
  return [...blocks.slice(0, max - 1), blocks[blocks.length - 1]!];
}

/** The draft text as section blocks: escaped, split under the section limit, cut after `maxChars` with a note. */
export function textSections(text: string, opts: { maxChars: number; cutNote: (total: number) => string; chunkSize?: number }): Block[] {
  const total = text.length;
  const shown = total > opts.maxChars ? truncate(text, opts.maxChars) : text;
  const chunks = chunkMrkdwn(escapeMrkdwn(shown), opts.chunkSize ?? LIMITS.sectionText - 100);
  const blocks = chunks.filter((c) => c.length > 0).map((c) => section(c));
  if (blocks.length === 0) blocks.push(section("_(empty)_"));
  if (total > opts.maxChars) blocks.push(context(opts.cutNote(total)));
  return blocks;
}
