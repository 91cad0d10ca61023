/**
 * Checks the JSON Schemas a client sends (tool parameters, response_format json_schema) the way OpenAI does,
 * so a schema that the real API would reject with 400 is rejected here too.
 *
 * Always: the schema is an object, `type` is a known type name (or array of them), `properties` is an object,
 * `required` an array of strings, `enum` an array, local `$ref`s resolve.
 * Strict mode (`strict: true`), as OpenAI's structured outputs: the root is `type: "object"` (not anyOf), every
 * object has `additionalProperties: false` and lists every property in `required`.
 */
import type { JsonSchema } from "./types.js";

const TYPES = new Set(["object", "array", "string", "number", "integer", "boolean", "null"]);

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Returns a problem description, or null when the schema is acceptable. */
export function checkSchema(schema: unknown, strict: boolean): string | null {
  if (!isPlainObject(schema)) return "schema must be a JSON Schema object.";
  if (strict) {
    if (schema["type"] !== "object") {
      return `schema must be a JSON Schema of 'type: "object"', got 'type: "${String(schema["type"] ?? "None")}"'.`;
    }
  }
  return walk(schema, schema, [], strict, 0);
}

function ctx(path: readonly string[]): string {
  return `In context=(${path.map((p) => `'${p}'`).join(", ")}${path.length === 1 ? "," : ""})`;
}

function walk(node: unknown, root: JsonSchema, path: string[], strict: boolean, depth: number): string | null {
  if (depth > 64) return `${ctx(path)}, schema is nested too deeply.`;
  if (typeof node === "boolean") return null;
  if (!isPlainObject(node)) return `${ctx(path)}, schema must be an object.`;

  const ref = node["$ref"];
  if (ref !== undefined) {
    if (typeof ref !== "string" || resolveRef(root, ref) === undefined) return `${ctx(path)}, reference '${String(ref)}' can't be resolved.`;
  }

  const type = node["type"];
  if (type !== undefined) {
    const list = Array.isArray(type) ? type : [type];
    if (list.length === 0 || list.some((t) => typeof t !== "string" || !TYPES.has(t))) {
      return `${ctx(path)}, 'type' must be one of ${[...TYPES].join(", ")} (or an array of them), got ${JSON.stringify(type)}.`;
    }
  }
  if (node["enum"] !== undefined && !Array.isArray(node["enum"])) return `${ctx(path)}, 'enum' must be an array.`;

  const props = node["properties"];
  if (props !== undefined && !isPlainObject(props)) return `${ctx(path)}, 'properties' must be an object.`;
  const required = node["required"];
  if (required !== undefined && !(Array.isArray(required) && required.every((r) => typeof r === "string"))) {
    return `${ctx(path)}, 'required' must be an array of strings.`;
  }

  const isObject = type === "object" || (Array.isArray(type) && type.includes("object")) || props !== undefined;
  if (strict && isObject) {
    if (node["additionalProperties"] !== false) {
      return `${ctx(path)}, 'additionalProperties' is required to be supplied and to be false.`;
    }
    const keys = Object.keys(props ?? {});
    const req = new Set((required as string[] | undefined) ?? []);
    const missing = keys.filter((k) => !req.has(k));
    if (missing.length > 0) {
      return `${ctx(path)}, 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing[0]}'.`;
    }
  }

  if (isPlainObject(props)) {
    for (const [k, v] of Object.entries(props)) {
      const p = walk(v, root, [...path, "properties", k], strict, depth + 1);
      if (p) return p;
    }
  }
  const items = node["items"];
  if (items !== undefined) {
    const p = walk(items, root, [...path, "items"], strict, depth + 1);
    if (p) return p;
  }
  for (const key of ["anyOf", "oneOf", "allOf"] as const) {
    const list = node[key];
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.length === 0) return `${ctx(path)}, '${key}' must be a non-empty array.`;
    for (let i = 0; i < list.length; i++) {
      const p = walk(list[i], root, [...path, key, String(i)], strict, depth + 1);
      if (p) return p;
    }
  }
  for (const key of ["$defs", "definitions"] as const) {
    const defs = node[key];
    if (defs === undefined) continue;
    if (!isPlainObject(defs)) return `${ctx(path)}, '${key}' must be an object.`;
    for (const [k, v] of Object.entries(defs)) {
      const p = walk(v, root, [...path, key, k], strict, depth + 1);
      if (p) return p;
    }
  }
  return null;
}

/** Resolves a local JSON pointer (`#`, `#/$defs/x`, `#/definitions/x/properties/y`); undefined if absent. */
export function resolveRef(root: JsonSchema, ref: string): unknown {
  if (ref === "#") return root;
  if (!ref.startsWith("#/")) return undefined;
  let cur: unknown = root;
  for (const raw of ref.slice(2).split("/")) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (!isPlainObject(cur) && !Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
    if (cur === undefined) return undefined;
  }
  return cur;
}
