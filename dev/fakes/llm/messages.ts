/** Read-only views over a validated conversation. */
import type { ChatMessage } from "./types.js";

/** Text of the last `user` message ("" when there is none). */
export function lastUserText(messages: readonly ChatMessage[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m?.role === "user") return m.text ?? "";
  }
  return "";
}

function lastUserIndex(messages: readonly ChatMessage[]): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]?.role === "user") return i;
  return -1;
}

export interface ToolResult {
  toolCallId: string;
  /** Function name of the assistant tool call this message answers ("" if unknown). */
  name: string;
  content: string;
}

/** Tool messages that came after the last user message: the results the model has to use now. */
export function toolResultsSinceLastUser(messages: readonly ChatMessage[]): ToolResult[] {
  const names = new Map<string, string>();
  const out: ToolResult[] = [];
  for (let i = lastUserIndex(messages) + 1; i < messages.length; i++) {
    const m = messages[i];
    if (!m) continue;
    for (const call of m.tool_calls ?? []) names.set(call.id, call.function.name);
    if (m.role === "tool") {
      const id = m.tool_call_id ?? "";
      out.push({ toolCallId: id, name: names.get(id) ?? "", content: m.text ?? "" });
    }
  }
  return out;
}

/** Instructions and user text (system, developer, user), in order, joined by blank lines. */
export function promptText(messages: readonly ChatMessage[]): string {
  return messages
    .filter((m) => m.role === "system" || m.role === "developer" || m.role === "user")
    .map((m) => m.text ?? "")
    .join("\n\n");
}

/** Every message's text, for the "contains the word json" check and token estimates. */
export function allText(messages: readonly ChatMessage[]): string {
  return messages.map((m) => m.text ?? "").join("\n");
}
