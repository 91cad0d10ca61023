/** Turns a validated request (plus, optionally, a scripted response) into an Outcome: what the model says. */
import { classificationContent } from "./classify.js";
import { summaryContent } from "./summarize.js";
import { promptText } from "./messages.js";
import { embeddedSchema } from "./prompt-facts.js";
import { composeReply, DEFAULT_JSON_SCHEMA, gatherFacts, replyFiller } from "./reply.js";
import { generateInstance } from "./schema-instance.js";
import { estimateCompletionTokens, estimatePromptTokens, makeUsage, truncateToTokens } from "./tokens.js";
import { chooseToolCall, toolCallId } from "./tool-choice.js";
import type { ChatRequest, Outcome, ScriptedResponse, ToolCall, Usage } from "./types.js";

/** Content of `{invalidJson: true}`: a JSON answer cut off mid-string. */
export const INVALID_JSON_CONTENT = '{"reply": "Thank you for reaching out. We are looking into';

interface Draft {
  content: string | null;
  toolCalls: ToolCall[];
  refusal: string | null;
  finishReason?: Outcome["finishReason"];
  usage?: Partial<Usage>;
  source: string;
}

function finish(req: ChatRequest, d: Draft): Outcome {
  let content = d.content;
  let finishReason: Outcome["finishReason"] = d.toolCalls.length > 0 ? "tool_calls" : "stop";
  if (content !== null && req.maxTokens !== undefined && estimateCompletionTokens(content, []) > req.maxTokens) {
    content = truncateToTokens(content, req.maxTokens);
    finishReason = "length";
  }
  const usage = makeUsage(estimatePromptTokens(req), estimateCompletionTokens(content ?? d.refusal, d.toolCalls), d.usage);
  return {
    content,
    toolCalls: d.toolCalls,
    refusal: d.refusal,
    finishReason: d.finishReason ?? finishReason,
    usage,
    source: d.source,
  };
}

/**
 * The default behaviour: an intent classification answers one (classify.ts), an escalation summary one
 * (summarize.ts); otherwise a tool call when a tool
 * fits, else a reply (JSON when a response_format asks for it).
 */
export function defaultOutcome(req: ChatRequest): Outcome {
  const classification = classificationContent(req);
  if (classification !== null) return finish(req, { content: classification, toolCalls: [], refusal: null, source: "default" });
  const summary = summaryContent(req);
  if (summary !== null) return finish(req, { content: summary, toolCalls: [], refusal: null, source: "default" });
  const call = chooseToolCall(req);
  if (call) return finish(req, { content: null, toolCalls: [call], refusal: null, source: "default" });

  const facts = gatherFacts(req.messages);
  let content: string;
  if (req.responseFormat.type === "json_schema") {
    content = JSON.stringify(generateInstance(req.responseFormat.json_schema.schema, replyFiller(facts)));
  } else if (req.responseFormat.type === "json_object") {
    const schema = embeddedSchema(promptText(req.messages)) ?? DEFAULT_JSON_SCHEMA;
    content = JSON.stringify(generateInstance(schema, replyFiller(facts)));
  } else {
    content = composeReply(facts);
  }
  return finish(req, { content, toolCalls: [], refusal: null, source: "default" });
}

/** A scripted (non-error) response rendered for this request. */
export function scriptedOutcome(req: ChatRequest, s: ScriptedResponse): Outcome {
  const common = {
    source: "script",
    ...(s.finishReason !== undefined ? { finishReason: s.finishReason } : {}),
    ...(s.usage !== undefined ? { usage: s.usage } : {}),
  };
  if ("toolCalls" in s) {
    const toolCalls: ToolCall[] = s.toolCalls.map((c, i) => {
      const args = typeof c.arguments === "string" ? c.arguments : JSON.stringify(c.arguments ?? {});
      return {
        id: c.id ?? toolCallId(c.name, args, `${req.messages.length}:${i}`),
        type: "function",
        function: { name: c.name, arguments: args },
      };
    });
    return finish(req, { content: null, toolCalls, refusal: null, ...common });
  }
  if ("refusal" in s) return finish(req, { content: null, toolCalls: [], refusal: s.refusal, ...common });
  if ("json" in s) return finish(req, { content: JSON.stringify(s.json), toolCalls: [], refusal: null, ...common });
  if ("invalidJson" in s) return finish(req, { content: INVALID_JSON_CONTENT, toolCalls: [], refusal: null, ...common });
  if ("content" in s) return finish(req, { content: s.content, toolCalls: [], refusal: null, ...common });
  throw new Error("scriptedOutcome: error responses are handled by the server");
}
