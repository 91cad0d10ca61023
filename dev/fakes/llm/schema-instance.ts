/**
 * Generates a JSON value that validates against a JSON Schema (the subset structured outputs use).
 *
 * Supported: type (string or array; the first non-null type is used), object/properties/required/
 * additionalProperties, array/items/minItems/maxItems/uniqueItems (for enums), string enum/const/minLength/maxLength/
 * format (date-time, date, time, email, uri, uuid), number/integer minimum/maximum/exclusive bounds/multipleOf,
 * boolean, null, anyOf/oneOf (first non-null branch), allOf (merged), local $ref ($defs/definitions).
 * Not supported: `pattern` (the filler's value is used as is), `not`, `if/then/else`, `patternProperties`.
 *
 * Leaf values come from a Filler (names -> plausible values); the generator then forces them into the schema's
 * constraints, so the output validates whatever the filler proposes.
 */
import { isPlainObject, resolveRef } from "./schema-check.js";
import type { JsonSchema } from "./types.js";

export interface LeafContext {
  /** Property name of this value ("" at the root; for array items, the array's property name). */
  key: string;
  /** Property names from the root down ("[]" for array items). */
  path: readonly string[];
  schema: JsonSchema;
  /** Index within the nearest enclosing array, if any. */
  index?: number;
  /** Property name of the nearest enclosing array, if any. */
  arrayKey?: string;
}

export interface Filler {
  string?(ctx: LeafContext): string | undefined;
  number?(ctx: LeafContext): number | undefined;
  boolean?(ctx: LeafContext): boolean | undefined;
  arrayLength?(ctx: LeafContext): number | undefined;
  /** Whether to emit an optional (not required) property; default true. */
  includeOptional?(ctx: LeafContext): boolean;
}

const MAX_DEPTH = 24;
/** Beyond this depth nullable values become null (ends recursion through nullable $refs). */
const DEEP = 6;

export function generateInstance(schema: unknown, filler: Filler = {}): unknown {
  const root: JsonSchema = isPlainObject(schema) ? schema : {};
  return gen(root, root, filler, { key: "", path: [] }, 0);
}

interface Where {
  key: string;
  path: readonly string[];
  index?: number;
  arrayKey?: string;
  /** $refs being expanded on the way here (to end recursion through nullable branches). */
  refs?: readonly string[];
}

function deref(node: JsonSchema, root: JsonSchema): JsonSchema {
  let cur = node;
  for (let i = 0; i < 16 && typeof cur["$ref"] === "string"; i++) {
    const target = resolveRef(root, cur["$ref"]);
    const { $ref: _ignored, ...rest } = cur;
    cur = { ...(isPlainObject(target) ? target : {}), ...rest };
  }
  return cur;
}

function mergeAllOf(node: JsonSchema, root: JsonSchema): JsonSchema {
  const all = node["allOf"];
  if (!Array.isArray(all)) return node;
  const { allOf: _ignored, ...merged } = node;
  const props: Record<string, unknown> = { ...(isPlainObject(merged["properties"]) ? merged["properties"] : {}) };
  const required = new Set<string>(Array.isArray(merged["required"]) ? (merged["required"] as string[]) : []);
  for (const part of all) {
    if (!isPlainObject(part)) continue;
    const p = mergeAllOf(deref(part, root), root);
    for (const [k, v] of Object.entries(p)) {
      if (k === "properties" && isPlainObject(v)) Object.assign(props, v);
      else if (k === "required" && Array.isArray(v)) for (const r of v) required.add(String(r));
      else if (!(k in merged)) merged[k] = v;
    }
  }
  if (Object.keys(props).length > 0) merged["properties"] = props;
  if (required.size > 0) merged["required"] = [...required];
  return merged;
}

function isNullOnly(s: unknown): boolean {
  return isPlainObject(s) && (s["type"] === "null" || (Array.isArray(s["type"]) && s["type"].every((t) => t === "null")));
}

function pickType(node: JsonSchema, depth: number): string | null {
  const t = node["type"];
  if (typeof t === "string") return t;
  if (Array.isArray(t)) {
    if (depth > DEEP && t.includes("null")) return "null";
    const nonNull = t.find((x) => x !== "null");
    if (typeof nonNull === "string") return nonNull;
    return t.length > 0 ? "null" : null;
  }
  if (isPlainObject(node["properties"])) return "object";
  if (node["items"] !== undefined) return "array";
  return null;
}

function gen(input: JsonSchema, root: JsonSchema, filler: Filler, whereIn: Where, depth: number): unknown {
  const where: Where = typeof input["$ref"] === "string" ? { ...whereIn, refs: [...(whereIn.refs ?? []), input["$ref"]] } : whereIn;
  let node = mergeAllOf(deref(input, root), root);
  if ("const" in node) return node["const"];

  const branches = (node["anyOf"] ?? node["oneOf"]) as unknown;
  if (Array.isArray(branches) && branches.length > 0) {
    // In a recursive or very deep schema, prefer a null branch so the instance stays finite.
    const recursive = branches.some((b) => isPlainObject(b) && typeof b["$ref"] === "string" && (where.refs ?? []).includes(b["$ref"]));
    const wantNull = recursive || depth > DEEP;
    const branch = branches.find((b) => isNullOnly(deref(isPlainObject(b) ? b : {}, root)) === wantNull) ?? branches[0];
    const { anyOf: _a, oneOf: _o, ...rest } = node;
    if (isPlainObject(branch) && typeof branch["$ref"] === "string") return gen({ ...rest, ...branch }, root, filler, where, depth + 1);
    node = { ...rest, ...(isPlainObject(branch) ? branch : {}) };
    if (Array.isArray(node["anyOf"] ?? node["oneOf"])) return gen(node, root, filler, where, depth + 1);
    if ("const" in node) return node["const"];
  }

  const ctx: LeafContext = { ...where, schema: node };
  const enumValues = Array.isArray(node["enum"]) ? (node["enum"] as unknown[]) : null;
  if (enumValues && enumValues.length > 0) {
    const proposal = filler.string?.(ctx);
    if (proposal !== undefined && enumValues.includes(proposal)) return proposal;
    return enumValues.find((v) => v !== null) ?? enumValues[0];
  }

  const type = pickType(node, depth);
  if (depth > MAX_DEPTH) return minimal(type, node);
  switch (type) {
    case "object":
      return genObject(node, root, filler, where, depth);
    case "array":
      return genArray(node, root, filler, where, depth);
    case "integer":
    case "number":
      return genNumber(node, type, filler.number?.(ctx));
    case "boolean":
      return filler.boolean?.(ctx) ?? false;
    case "null":
      return null;
    default: // "string", and a type the schema does not name
      return genString(node, filler.string?.(ctx) ?? `example ${where.key || "value"}`);
  }
}

/** Smallest valid value, used beyond MAX_DEPTH (recursive schemas). */
function minimal(type: string | null, node: JsonSchema): unknown {
  const t = node["type"];
  if (Array.isArray(t) && t.includes("null")) return null;
  if (type === "array") return [];
  if (type === "object") return {};
  if (type === "integer" || type === "number") return genNumber(node, type, undefined);
  if (type === "boolean") return false;
  return genString(node, "");
}

function genObject(node: JsonSchema, root: JsonSchema, filler: Filler, where: Where, depth: number): unknown {
  const props = isPlainObject(node["properties"]) ? node["properties"] : {};
  const required = new Set(Array.isArray(node["required"]) ? (node["required"] as unknown[]).map(String) : []);
  const out: Record<string, unknown> = {};
  for (const [key, sub] of Object.entries(props)) {
    const subSchema: JsonSchema = isPlainObject(sub) ? sub : {};
    const childWhere: Where = {
      key,
      path: [...where.path, key],
      ...(where.index !== undefined ? { index: where.index } : {}),
      ...(where.arrayKey !== undefined ? { arrayKey: where.arrayKey } : {}),
      ...(where.refs !== undefined ? { refs: where.refs } : {}),
    };
    if (!required.has(key) && filler.includeOptional && !filler.includeOptional({ ...childWhere, schema: subSchema })) continue;
    out[key] = gen(subSchema, root, filler, childWhere, depth + 1);
  }
  return out;
}

function genArray(node: JsonSchema, root: JsonSchema, filler: Filler, where: Where, depth: number): unknown {
  const min = typeof node["minItems"] === "number" ? Math.max(0, Math.ceil(node["minItems"])) : 0;
  const max = typeof node["maxItems"] === "number" ? Math.max(min, Math.floor(node["maxItems"])) : Infinity;
  const wanted = filler.arrayLength?.({ ...where, schema: node }) ?? min;
  const length = Math.min(max, Math.max(min, wanted, 0));
  const itemSchema = deref(isPlainObject(node["items"]) ? node["items"] : {}, root);
  const items: unknown[] = [];
  for (let i = 0; i < length; i++) {
    items.push(
      gen(
        itemSchema,
        root,
        filler,
        { key: where.key, path: [...where.path, "[]"], index: i, arrayKey: where.key, ...(where.refs ? { refs: where.refs } : {}) },
        depth + 1,
      ),
    );
  }
  if (node["uniqueItems"] === true) return makeUnique(items, itemSchema);
  return items;
}

function makeUnique(items: unknown[], itemSchema: JsonSchema): unknown[] {
  const seen = new Set<string>();
  const enumValues = Array.isArray(itemSchema["enum"]) ? (itemSchema["enum"] as unknown[]) : null;
  return items.map((item, i) => {
    let candidate = item;
    if (seen.has(JSON.stringify(candidate))) {
      if (enumValues) candidate = enumValues.find((v) => !seen.has(JSON.stringify(v))) ?? candidate;
      else if (typeof candidate === "string") candidate = `${candidate} ${i + 1}`;
      else if (typeof candidate === "number") candidate = candidate + i;
    }
    seen.add(JSON.stringify(candidate));
    return candidate;
  });
}

function genNumber(node: JsonSchema, type: "integer" | "number", proposal: number | undefined): number {
  const num = (k: string): number | undefined => (typeof node[k] === "number" ? (node[k] as number) : undefined);
  const integer = type === "integer";
  const step = num("multipleOf") ?? (integer ? 1 : undefined);
  let lo = num("minimum") ?? -Infinity;
  let hi = num("maximum") ?? Infinity;
  const exLo = num("exclusiveMinimum");
  const exHi = num("exclusiveMaximum");
  const eps = integer || step !== undefined ? (step ?? 1) : 1e-6;
  if (exLo !== undefined) lo = Math.max(lo, exLo + eps);
  if (exHi !== undefined) hi = Math.min(hi, exHi - eps);
  let v = proposal !== undefined && Number.isFinite(proposal) ? proposal : lo > 0 ? lo : Math.min(hi, 0);
  v = Math.min(hi, Math.max(lo, v));
  if (step !== undefined && step > 0) {
    let k = Math.round(v / step);
    if (k * step < lo) k = Math.ceil(lo / step);
    if (k * step > hi) k = Math.floor(hi / step);
    v = Number((k * step).toFixed(10));
  }
  if (integer) v = Math.round(v);
  return Object.is(v, -0) ? 0 : v;
}

const FORMATS: Record<string, string> = {
  "date-time": "2024-01-01T00:00:00Z",
  date: "2024-01-01",
  time: "00:00:00Z",
  email: "support@example.com",
  uri: "https://example.com/",
  url: "https://example.com/",
  uuid: "00000000-0000-4000-8000-000000000000",
  hostname: "example.com",
};

function genString(node: JsonSchema, proposal: string): string {
  const format = typeof node["format"] === "string" ? FORMATS[node["format"]] : undefined;
  let s = format ?? proposal;
  const min = typeof node["minLength"] === "number" ? node["minLength"] : 0;
  const max = typeof node["maxLength"] === "number" ? node["maxLength"] : Infinity;
  if (s.length > max) s = Array.from(s).slice(0, max).join("").slice(0, max);
  while (s.length < min) s += s.length === 0 ? "x" : ".";
  return s;
}
