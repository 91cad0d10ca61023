/**
 * Hostile inputs for test/worker/hostile.test.ts: fast-check arbitraries for ids, query strings, headers and
 * bodies, and the route table helpers (filling `:param{pattern}` templates). No I/O here; the test signs and sends.
 */
import fc from "fast-check";

/** Ids that `Number()` would accept or that stress a parser: every one must be refused or not found, never acted on loosely. */
export const HOSTILE_IDS = [
  "0x10",
  "1e3",
  "-1",
  "0",
  "007",
  "%207",
  "1.5",
  "NaN",
  "Infinity",
  "99999999999999999999",
  "9007199254740993",
  "%EF%BC%91%EF%BC%92", // full-width digits
  "%00",
  "%",
  "%zz",
  "%E0%A4%A",
  "1%3BDROP%20TABLE%20drafts",
  "..%2F..%2Fetc%2Fpasswd",
  "%7B%7Bsetting.shared_secret%7D%7D",
  "__proto__",
  "constructor",
  "x".repeat(10_000),
];

/** A path segment for a parameter: mostly hostile, sometimes a real id, so handlers past the parser run too. */
export function idSegment(realIds: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...HOSTILE_IDS) },
    { weight: 3, arbitrary: fc.constantFrom(...realIds) },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 2_000_000_000 }).map(String) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }).map(encodeURIComponent) },
  );
}

/** Fills a Hono route template: `:name{a|b}` takes an alternative (or junk), `:name` an id segment. */
export function fillTemplate(template: string, segment: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const parts = template.split("/");
  return fc.tuple(...parts.map((part) => paramArbitrary(part, segment))).map((filled) => filled.join("/"));
}

function paramArbitrary(part: string, segment: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const m = part.match(/^:([A-Za-z_]+)(?:\{(.*)\})?$/);
  if (!m) return fc.constant(part);
  const pattern = m[2];
  if (pattern && /^[a-z|]+$/.test(pattern))
    return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pattern.split("|")) }, { weight: 1, arbitrary: segment });
  return segment;
}

const QUERY_KEYS = [
  "account",
  "limit",
  "offset",
  "draft",
  "ticket",
  "since",
  "format",
  "kind",
  "source",
  "q",
  "locale",
  "from",
  "to",
  "split",
  "force",
  "replace",
  "locales",
  "reason",
];

const queryValue = fc.oneof(
  fc.constantFrom(...HOSTILE_IDS),
  fc.string({ unit: "binary", maxLength: 40 }).map(encodeURIComponent),
  fc.constantFrom("%", "%%", "%G0", "+", "&&", "==", "[]", "%5B%5D", "a=b=c", "true", "1", "json", "source", "article", "2026-13-45", "1969-01-01"),
  fc.constant("v".repeat(10_240)),
);

/** A hostile query string (repeated keys, 10 KB values, % garbage); `account` is the real account most of the time. */
export function hostileQuery(account: string): fc.Arbitrary<string> {
  const accountPart = fc.oneof(
    { weight: 6, arbitrary: fc.constant(`account=${account}`) },
    { weight: 1, arbitrary: fc.constant(`account=${account}&account=other`) },
    { weight: 1, arbitrary: fc.constant(`account=${account.toUpperCase()}`) },
    { weight: 1, arbitrary: queryValue.map((v) => `account=${v}`) },
    { weight: 1, arbitrary: fc.constant("") },
  );
  const extra = fc.array(fc.tuple(fc.constantFrom(...QUERY_KEYS), queryValue), { maxLength: 4 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`));
  return fc.tuple(accountPart, extra).map(([a, rest]) => [a, ...rest].filter(Boolean).join("&"));
}

const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
const deepObject = (n: number) => `${'{"a":'.repeat(n)}1${"}".repeat(n)}`;

/** Bodies that are not what any route expects. */
export const MALFORMED_BODIES = [
  "",
  " ",
  "{",
  '{"a":',
  "[1,2",
  "nul",
  "undefined",
  "\u0000",
  '{"a":"\u0000"}',
  "\uFEFF{}",
  "{'single': 1}",
  '{"a":1,}',
  "NaN",
  "1e999999",
  '"just a string"',
  "[]",
  "null",
  "true",
  "0",
  '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
  '{"__proto__":[],"toString":1,"valueOf":null,"hasOwnProperty":"x"}',
  deep(500),
  deepObject(500),
  `{"a":"${"\\ud800".repeat(100)}"}`,
  "\uD800\uDFFF\uFFFE\uFFFF",
  "payload=%7B%22type%22%3A%22block_actions%22%7D",
  "payload=%ZZ",
  "<xml><a>1</a></xml>",
  "rules:\n  - id: x\n    when: &a [*a]",
  "rules: !!js/function 'function(){}'",
  `${"a: &x [1]\n".repeat(3)}b: [*x, *x, *x]`,
];

/** Field names the API knows, so wrong-typed values reach the schemas. */
const FIELDS = [
  "intent",
  "text",
  "reason",
  "name",
  "secrets",
  "settings",
  "apiBaseUrl",
  "apiEmail",
  "zendeskAccountId",
  "ticket",
  "detail",
  "type",
  "id",
  "account_id",
  "subject",
  "body",
  "comments",
  "config",
  "model",
  "training",
  "labelField",
  "labelTagPrefix",
  "since",
  "cursor",
  "documents",
  "rules",
  "url",
  "jwt",
  "secure",
  "headers",
  "data",
  "requester",
  "public",
  "challenge",
  "event",
  "__proto__",
  "constructor",
];

const wrongTypedObject = fc.dictionary(fc.constantFrom(...FIELDS), fc.anything({ maxDepth: 3, withNullPrototype: true, withBigInt: false }), { maxKeys: 6 });

/** A hostile body: malformed text, random JSON, wrong-typed known fields, unicode junk, or a big blob. */
export const hostileBody: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...MALFORMED_BODIES) },
  { weight: 3, arbitrary: fc.json({ maxDepth: 4 }) },
  { weight: 4, arbitrary: wrongTypedObject.map((o) => JSON.stringify(o) ?? "{}") },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
  { weight: 1, arbitrary: fc.integer({ min: 16, max: 80 }).map((kb) => JSON.stringify({ text: "x".repeat(kb * 1024) })) },
);

export const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/yaml",
  "text/csv",
  "text/markdown",
  "application/xml",
  "application/json; charset=utf-16",
  "",
  "*/*",
  "application/json\t; x=y",
];

/** A header value a fetch client can send (Latin-1 printable), possibly long. */
export const headerJunk = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((n) => String.fromCharCode(n)), maxLength: 60 }),
  fc.integer({ min: 1, max: 8 }).map((kb) => "h".repeat(kb * 1024)),
  fc.constantFrom("Bearer", "Bearer ", "bearer x", "Basic YWRtaW46YWRtaW4=", "Bearer a.b.c", "Bearer ....", "Bearer eyJhbGciOiJub25lIn0.e30.", "Token x"),
);

/** A value for an id field in a webhook: the wrong-typed `detail.id` of issue #13 among them. */
export const hostileIdValue = fc.oneof(
  fc.anything({ maxDepth: 2, withBigInt: false }),
  fc.constantFrom("0x10", "1e3", "-1", "", " 7", "99999999999999999999", 1e21, -5, 1.5, Number.NaN, null, [], {}, true),
  fc.integer({ min: 1, max: 2_000_000_000 }).map(String),
);

export const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
export type Method = (typeof METHODS)[number];
