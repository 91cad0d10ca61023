/** Renders an Outcome in OpenAI's wire format: a `chat.completion` object, or the `chat.completion.chunk` list. */
import type { Outcome } from "./types.js";

export interface ResponseMeta {
  id: string;
  created: number;
  model: string;
}

export const SYSTEM_FINGERPRINT = "fp_fakellm";

export function completionBody(o: Outcome, meta: ResponseMeta): Record<string, unknown> {
  const message: Record<string, unknown> = {
    role: "assistant",
    content: o.content,
    refusal: o.refusal,
    annotations: [],
  };
  if (o.toolCalls.length > 0) message["tool_calls"] = o.toolCalls;
  return {
    id: meta.id,
    object: "chat.completion",
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: o.finishReason }],
    usage: o.usage,
    service_tier: "default",
    system_fingerprint: SYSTEM_FINGERPRINT,
  };
}

/** Splits text into pieces of up to 3 words (with their whitespace); joining the pieces gives the text back. */
export function textPieces(text: string): string[] {
  const tokens = text.match(/\s+|\S+\s*/g) ?? [];
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i += 3) out.push(tokens.slice(i, i + 3).join(""));
  return out;
}

/** Splits tool-call arguments into pieces of 16 characters. */
function argPieces(args: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i += 16) out.push(args.slice(i, i + 16));
  return out;
}

/**
 * The chunk sequence: role first, then content (or refusal) pieces, then per tool call a head chunk (index, id,
 * type, name, empty arguments) and argument pieces, then an empty delta with finish_reason, then — when
 * include_usage — a chunk with `choices: []` and the usage (all earlier chunks then carry `usage: null`).
 * The caller writes each as `data: <json>` and ends with `data: [DONE]`.
 */
export function streamChunks(o: Outcome, meta: ResponseMeta, includeUsage: boolean): Array<Record<string, unknown>> {
  const base = (choices: unknown[]): Record<string, unknown> => ({
    id: meta.id,
    object: "chat.completion.chunk",
    created: meta.created,
    model: meta.model,
    service_tier: "default",
    system_fingerprint: SYSTEM_FINGERPRINT,
    choices,
    ...(includeUsage ? { usage: null } : {}),
  });
  const choice = (delta: Record<string, unknown>, finish: string | null = null): Record<string, unknown> => ({
    index: 0,
    delta,
    logprobs: null,
    finish_reason: finish,
  });

  const chunks: Array<Record<string, unknown>> = [];
  const textual = o.content !== null;
  chunks.push(base([choice({ role: "assistant", content: textual ? "" : null, refusal: null })]));
  if (o.content !== null) for (const piece of textPieces(o.content)) chunks.push(base([choice({ content: piece })]));
  if (o.refusal !== null) for (const piece of textPieces(o.refusal)) chunks.push(base([choice({ refusal: piece })]));
  o.toolCalls.forEach((call, index) => {
    chunks.push(base([choice({ tool_calls: [{ index, id: call.id, type: "function", function: { name: call.function.name, arguments: "" } }] })]));
    for (const piece of argPieces(call.function.arguments)) {
      chunks.push(base([choice({ tool_calls: [{ index, function: { arguments: piece } }] })]));
    }
  });
  chunks.push(base([choice({}, o.finishReason)]));
  if (includeUsage) chunks.push({ ...base([]), usage: o.usage });
  return chunks;
}
