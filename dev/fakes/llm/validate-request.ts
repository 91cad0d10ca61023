/**
 * Validates a `POST /v1/chat/completions` body like OpenAI does and normalises it into a ChatRequest.
 * Every problem becomes a 400 FakeApiError with OpenAI's message style, `param` and `code`.
 */
import { badRequest, FakeApiError } from "./errors.js";
import { checkSchema, isPlainObject } from "./schema-check.js";
import type { ChatMessage, ChatRequest, FakeConfig, FunctionTool, JsonSchema, ResponseFormat, Role, ToolCall, ToolChoice } from "./types.js";

/** Request fields the official API accepts (openai-node 6.49 ChatCompletionCreateParams); others get 400. */
const KNOWN_PARAMS = new Set([
  "messages",
  "model",
  "audio",
  "frequency_penalty",
  "function_call",
  "functions",
  "logit_bias",
  "logprobs",
  "max_completion_tokens",
  "max_tokens",
  "metadata",
  "modalities",
  "moderation",
  "n",
  "parallel_tool_calls",
  "prediction",
  "presence_penalty",
  "prompt_cache_key",
  "prompt_cache_options",
  "prompt_cache_retention",
  "reasoning_effort",
  "response_format",
  "safety_identifier",
  "seed",
  "service_tier",
  "stop",
  "store",
  "stream",
  "stream_options",
  "temperature",
  "tool_choice",
  "tools",
  "top_logprobs",
  "top_p",
  "user",
  "verbosity",
  "web_search_options",
]);

const ROLES: readonly Role[] = ["system", "developer", "user", "assistant", "tool"];
const NAME_RE = /^[a-zA-Z0-9_-]{1,64}$/;

export function validateChatRequest(body: unknown, config: Pick<FakeConfig, "supportsJsonSchema" | "models">): ChatRequest {
  if (!isPlainObject(body)) {
    throw badRequest("The request body must be a JSON object.", null, "invalid_body");
  }
  for (const key of Object.keys(body)) {
    if (!KNOWN_PARAMS.has(key)) throw badRequest(`Unrecognized request argument supplied: ${key}`, key, "unknown_parameter");
  }

  const model = body["model"];
  if (typeof model !== "string" || model.length === 0) throw badRequest("you must provide a model parameter", "model");
  if (config.models.length > 0 && !config.models.includes(model)) {
    throw new FakeApiError(404, `The model \`${model}\` does not exist or you do not have access to it.`, {
      type: "invalid_request_error",
      code: "model_not_found",
    });
  }

  const messages = validateMessages(body["messages"]);
  const tools = validateTools(body["tools"]);
  const toolChoice = validateToolChoice(body["tool_choice"], tools);
  const responseFormat = validateResponseFormat(body["response_format"], config.supportsJsonSchema, messages);

  const stream = body["stream"];
  if (stream !== undefined && stream !== null && typeof stream !== "boolean") {
    throw badRequest(`Invalid type for 'stream': expected a boolean, but got ${typeName(stream)} instead.`, "stream", "invalid_type");
  }
  const streamOptions = body["stream_options"];
  if (streamOptions !== undefined && streamOptions !== null) {
    if (stream !== true) {
      throw badRequest("The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options", "invalid_value");
    }
    if (!isPlainObject(streamOptions)) throw badRequest("Invalid type for 'stream_options': expected an object.", "stream_options", "invalid_type");
  }

  const temperature = body["temperature"];
  if (temperature !== undefined && temperature !== null) {
    if (typeof temperature !== "number" || !Number.isFinite(temperature)) {
      throw badRequest(`Invalid type for 'temperature': expected a decimal, but got ${typeName(temperature)} instead.`, "temperature", "invalid_type");
    }
    if (temperature < 0 || temperature > 2) {
      throw badRequest(
        `Invalid 'temperature': decimal ${temperature < 0 ? "below minimum" : "above maximum"} value. Expected a value ${temperature < 0 ? ">= 0" : "<= 2"}, but got ${temperature} instead.`,
        "temperature",
        temperature < 0 ? "decimal_below_min_value" : "decimal_above_max_value",
      );
    }
  }

  let maxTokens: number | undefined;
  for (const key of ["max_tokens", "max_completion_tokens"] as const) {
    const v = body[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== "number" || !Number.isInteger(v)) {
      throw badRequest(`Invalid type for '${key}': expected an integer, but got ${typeName(v)} instead.`, key, "invalid_type");
    }
    if (v < 1) throw badRequest(`Invalid '${key}': integer below minimum value. Expected a value >= 1, but got ${v} instead.`, key, "integer_below_min_value");
    if (key === "max_completion_tokens" || maxTokens === undefined) maxTokens = v;
  }

  const n = body["n"];
  if (n !== undefined && n !== null && n !== 1) {
    throw badRequest("This fake server only supports n=1.", "n", "unsupported_value");
  }

  return {
    raw: body,
    model,
    messages,
    tools,
    toolChoice,
    responseFormat,
    stream: stream === true,
    includeUsage: isPlainObject(streamOptions) && streamOptions["include_usage"] === true,
    maxTokens,
  };
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "string") return "a string";
  if (typeof v === "number") return Number.isInteger(v) ? "an integer" : "a decimal";
  if (typeof v === "boolean") return "a boolean";
  return "an object";
}

function contentText(content: unknown, param: string): string | null {
  if (content === undefined || content === null) return null;
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) {
    throw badRequest(`Invalid type for '${param}': expected one of a string or array of objects, but got ${typeName(content)} instead.`, param, "invalid_type");
  }
  const texts: string[] = [];
  content.forEach((part, i) => {
    if (!isPlainObject(part) || typeof part["type"] !== "string") {
      throw badRequest(`Invalid type for '${param}[${i}]': expected an object with a 'type'.`, `${param}[${i}]`, "invalid_type");
    }
    if (part["type"] === "text" || part["type"] === "input_text") {
      if (typeof part["text"] !== "string")
        throw badRequest(`Missing required parameter: '${param}[${i}].text'.`, `${param}[${i}].text`, "missing_required_parameter");
      texts.push(part["text"]);
    } else if (part["type"] === "refusal") {
      texts.push(typeof part["refusal"] === "string" ? part["refusal"] : "");
    }
    // image_url / input_audio / file parts carry no text for the fake; they are accepted and ignored.
  });
  return texts.join("\n");
}

function validateToolCalls(v: unknown, param: string): ToolCall[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw badRequest(`Invalid type for '${param}': expected an array.`, param, "invalid_type");
  return v.map((c, i) => {
    const p = `${param}[${i}]`;
    if (!isPlainObject(c)) throw badRequest(`Invalid type for '${p}': expected an object.`, p, "invalid_type");
    if (typeof c["id"] !== "string") throw badRequest(`Missing required parameter: '${p}.id'.`, `${p}.id`, "missing_required_parameter");
    if (c["type"] !== "function") throw badRequest(`Invalid value for '${p}.type': expected 'function'.`, `${p}.type`, "invalid_value");
    const fn = c["function"];
    if (!isPlainObject(fn) || typeof fn["name"] !== "string" || typeof fn["arguments"] !== "string") {
      throw badRequest(`Missing required parameter: '${p}.function' (with string 'name' and 'arguments').`, `${p}.function`, "missing_required_parameter");
    }
    return { id: c["id"], type: "function", function: { name: fn["name"], arguments: fn["arguments"] } };
  });
}

function validateMessages(v: unknown): ChatMessage[] {
  if (v === undefined || v === null) throw badRequest("Missing required parameter: 'messages'.", "messages", "missing_required_parameter");
  if (!Array.isArray(v)) throw badRequest(`Invalid type for 'messages': expected an array, but got ${typeName(v)} instead.`, "messages", "invalid_type");
  if (v.length === 0) {
    throw badRequest("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", "messages", "empty_array");
  }
  const out: ChatMessage[] = v.map((m, i) => {
    const p = `messages[${i}]`;
    if (!isPlainObject(m)) throw badRequest(`Invalid type for '${p}': expected an object, but got ${typeName(m)} instead.`, p, "invalid_type");
    const role = m["role"];
    if (role === undefined) throw badRequest(`Missing required parameter: '${p}.role'.`, `${p}.role`, "missing_required_parameter");
    if (typeof role !== "string" || !(ROLES as readonly string[]).includes(role)) {
      throw badRequest(
        `Invalid value: '${String(role)}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`,
        `${p}.role`,
        "invalid_value",
      );
    }
    const text = contentText(m["content"], `${p}.content`);
    const msg: ChatMessage = { role: role as Role, text };
    if (typeof m["name"] === "string") msg.name = m["name"];
    if (role === "assistant") {
      const calls = validateToolCalls(m["tool_calls"], `${p}.tool_calls`);
      if (calls && calls.length > 0) msg.tool_calls = calls;
      if (text === null && !msg.tool_calls) {
        throw badRequest(`Invalid value for '${p}.content': expected a string or array when 'tool_calls' is absent.`, `${p}.content`, "invalid_value");
      }
    } else if (text === null) {
      throw badRequest(`Missing required parameter: '${p}.content'.`, `${p}.content`, "missing_required_parameter");
    }
    if (role === "tool") {
      if (typeof m["tool_call_id"] !== "string") {
        throw badRequest(`Missing required parameter: '${p}.tool_call_id'.`, `${p}.tool_call_id`, "missing_required_parameter");
      }
      msg.tool_call_id = m["tool_call_id"];
    }
    return msg;
  });

  // Tool messages must answer the preceding assistant tool_calls, and every call must be answered.
  for (let i = 0; i < out.length; i++) {
    const m = out[i];
    if (!m?.tool_calls) {
      if (m?.role === "tool") {
        throw badRequest("Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.", `messages.[${i}].role`);
      }
      continue;
    }
    const pending = new Set(m.tool_calls.map((c) => c.id));
    let j = i + 1;
    for (; j < out.length && out[j]?.role === "tool"; j++) {
      const id = out[j]?.tool_call_id ?? "";
      if (!pending.has(id)) {
        throw badRequest("Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.", `messages.[${j}].role`);
      }
      pending.delete(id);
    }
    if (pending.size > 0) {
      throw badRequest(
        `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...pending].join(", ")}`,
        "messages",
      );
    }
    i = j - 1;
  }
  return out;
}

function validateTools(v: unknown): FunctionTool[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw badRequest(`Invalid type for 'tools': expected an array, but got ${typeName(v)} instead.`, "tools", "invalid_type");
  const seen = new Set<string>();
  return v.map((t, i) => {
    const p = `tools[${i}]`;
    if (!isPlainObject(t)) throw badRequest(`Invalid type for '${p}': expected an object.`, p, "invalid_type");
    if (t["type"] !== "function") {
      throw badRequest(`Invalid value: '${String(t["type"])}'. Supported values are: 'function' and 'custom'.`, `${p}.type`, "invalid_value");
    }
    const fn = t["function"];
    if (!isPlainObject(fn)) throw badRequest(`Missing required parameter: '${p}.function'.`, `${p}.function`, "missing_required_parameter");
    const name = fn["name"];
    if (typeof name !== "string") throw badRequest(`Missing required parameter: '${p}.function.name'.`, `${p}.function.name`, "missing_required_parameter");
    if (!NAME_RE.test(name)) {
      throw badRequest(
        `Invalid '${p}.function.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
        `${p}.function.name`,
        "invalid_value",
      );
    }
    if (seen.has(name)) throw badRequest(`Invalid 'tools': duplicate function name '${name}'.`, "tools", "invalid_value");
    seen.add(name);
    const description = fn["description"];
    if (description !== undefined && typeof description !== "string") {
      throw badRequest(`Invalid type for '${p}.function.description': expected a string.`, `${p}.function.description`, "invalid_type");
    }
    const strict = fn["strict"] === true;
    const parameters = fn["parameters"];
    if (parameters !== undefined) {
      if (isPlainObject(parameters) && parameters["type"] !== undefined && parameters["type"] !== "object") {
        throw badRequest(
          `Invalid schema for function '${name}': schema must be a JSON Schema of 'type: "object"', got 'type: "${String(parameters["type"])}"'.`,
          `${p}.function.parameters`,
          "invalid_function_parameters",
        );
      }
      const problem = checkSchema(parameters, strict);
      if (problem) throw badRequest(`Invalid schema for function '${name}': ${problem}`, `${p}.function.parameters`, "invalid_function_parameters");
    }
    const tool: FunctionTool = { type: "function", function: { name } };
    if (typeof description === "string") tool.function.description = description;
    if (parameters !== undefined) tool.function.parameters = parameters as JsonSchema;
    if (strict) tool.function.strict = true;
    return tool;
  });
}

function validateToolChoice(v: unknown, tools: readonly FunctionTool[]): ToolChoice | undefined {
  if (v === undefined || v === null) return undefined;
  if (tools.length === 0) {
    throw badRequest("Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.", "tool_choice");
  }
  if (v === "none" || v === "auto" || v === "required") return v;
  if (isPlainObject(v) && v["type"] === "function" && isPlainObject(v["function"]) && typeof v["function"]["name"] === "string") {
    const name = v["function"]["name"];
    if (!tools.some((t) => t.function.name === name)) {
      throw badRequest(`Invalid value for 'tool_choice': no function named '${name}' was specified in the 'tools' parameter.`, "tool_choice");
    }
    return { type: "function", function: { name } };
  }
  throw badRequest(
    "Invalid value for 'tool_choice': expected 'none', 'auto', 'required' or {\"type\": \"function\", \"function\": {\"name\": ...}}.",
    "tool_choice",
    "invalid_value",
  );
}

function validateResponseFormat(v: unknown, supportsJsonSchema: boolean, messages: readonly ChatMessage[]): ResponseFormat {
  if (v === undefined || v === null) return { type: "text" };
  if (!isPlainObject(v)) throw badRequest("Invalid type for 'response_format': expected an object.", "response_format", "invalid_type");
  const type = v["type"];
  if (type === "text") return { type: "text" };
  if (type === "json_object") {
    // OpenAI's JSON mode insists that the prompt asks for JSON.
    if (!messages.some((m) => /json/i.test(m.text ?? ""))) {
      throw badRequest("'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.", "messages");
    }
    return { type: "json_object" };
  }
  if (type === "json_schema") {
    if (!supportsJsonSchema) {
      // What OpenAI-compatible servers without structured outputs answer.
      throw badRequest("Invalid value: 'json_schema'. Supported values are: 'json_object' and 'text'.", "response_format.type", "invalid_value");
    }
    const js = v["json_schema"];
    if (!isPlainObject(js)) {
      throw badRequest("Missing required parameter: 'response_format.json_schema'.", "response_format.json_schema", "missing_required_parameter");
    }
    const name = js["name"];
    if (typeof name !== "string") {
      throw badRequest("Missing required parameter: 'response_format.json_schema.name'.", "response_format.json_schema.name", "missing_required_parameter");
    }
    if (!NAME_RE.test(name)) {
      throw badRequest(
        "Invalid 'response_format.json_schema.name': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.",
        "response_format.json_schema.name",
        "invalid_value",
      );
    }
    const strict = js["strict"] === true;
    const schema = js["schema"] ?? {};
    const problem = checkSchema(schema, strict);
    if (problem) throw badRequest(`Invalid schema for response_format '${name}': ${problem}`, "response_format", "invalid_json_schema");
    const out: ResponseFormat = { type: "json_schema", json_schema: { name, schema: schema as JsonSchema } };
    if (strict) out.json_schema.strict = true;
    if (typeof js["description"] === "string") out.json_schema.description = js["description"];
    return out;
  }
  throw badRequest(
    `Invalid value: '${String(type)}'. Supported values are: ${supportsJsonSchema ? "'json_schema', " : ""}'json_object' and 'text'.`,
    "response_format.type",
    "invalid_value",
  );
}
