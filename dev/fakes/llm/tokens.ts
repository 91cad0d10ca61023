/**
 * Deterministic token estimate (no tokenizer): about 4 characters (UTF-16 code units) per token.
 *
 *   prompt_tokens     = 3
 *                     + sum over messages of (4 + ceil(chars / 4))   chars = text + name + tool call names/arguments
 *                     + ceil(JSON(tools).length / 4)                 when tools are given
 *                     + ceil(JSON(json_schema.schema).length / 4)    when response_format is json_schema
 *   completion_tokens = ceil(content.length / 4) + sum over tool calls of (3 + ceil((name + arguments).length / 4))
 *
 * The numbers are plausible, stable for the same request, and easy to predict in tests.
 */
import type { ChatRequest, ToolCall, Usage } from "./types.js";

const tok = (chars: number): number => Math.ceil(chars / 4);

export function estimatePromptTokens(req: Pick<ChatRequest, "messages" | "tools" | "responseFormat">): number {
  let n = 3;
  for (const m of req.messages) {
    let chars = (m.text ?? "").length + (m.name ?? "").length;
    for (const c of m.tool_calls ?? []) chars += c.function.name.length + c.function.arguments.length;
    n += 4 + tok(chars);
  }
  if (req.tools.length > 0) n += tok(JSON.stringify(req.tools).length);
  if (req.responseFormat.type === "json_schema") n += tok(JSON.stringify(req.responseFormat.json_schema.schema).length);
  return n;
}

export function estimateCompletionTokens(content: string | null, toolCalls: readonly ToolCall[]): number {
  let n = tok((content ?? "").length);
  for (const c of toolCalls) n += 3 + tok(c.function.name.length + c.function.arguments.length);
  return n;
}

export function makeUsage(prompt: number, completion: number, override?: Partial<Usage>): Usage {
  const prompt_tokens = override?.prompt_tokens ?? prompt;
  const completion_tokens = override?.completion_tokens ?? completion;
  return {
    prompt_tokens,
    completion_tokens,
    total_tokens: override?.total_tokens ?? prompt_tokens + completion_tokens,
    prompt_tokens_details: { cached_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0 },
  };
}

/** Cuts `content` to what fits in `maxTokens` (4 chars per token). */
export function truncateToTokens(content: string, maxTokens: number): string {
  return content.slice(0, Math.max(0, maxTokens * 4));
}
