/**
 * The intent taxonomy admin API (behind the admin token), kept like the rule table:
 *   GET  /intents?account=[&format=yaml|json]           the live taxonomy and its version (null: the shipped default),
 *                                                        or with format the file to keep in git
 *   PUT  /intents?account=                               replace: YAML or JSON body, appended as a new version
 *   POST /intents/validate?account=                      the same checks and warnings, nothing saved
 *   GET  /intents/versions?account=                      the history, newest first
 *   GET  /intents/versions/:n?account=[&format=yaml|json] one version
 * Invalid files are a 422 `invalid_intents` naming each entry, path and line; intents the account's rule table uses
 * but the file lacks are warnings, because the rules may be pushed next.
 */
import { Hono, type Context } from "hono";
import { stringify as toYaml } from "yaml";
import type { AppEnv } from "../http/app-env";
import { apiError } from "../http/errors";
import { idParam, withAccountFromQuery } from "../http/middleware";
import { audit } from "../store/audit";
import type { Database } from "../store/db";
import {
  currentTaxonomy,
  DEFAULT_TAXONOMY_SOURCE,
  defaultTaxonomy,
  latestTaxonomyVersion,
  saveTaxonomy,
  taxonomyVersion,
  taxonomyVersions,
} from "../store/intents";
import { currentRuleTable } from "../store/rules";
import { ruleIntentWarnings, type RuleIntentWarning } from "../triage/intents/rules-check";
import { formatTaxonomyError, TaxonomyInvalid, type IntentTaxonomy } from "../triage/intents/schema";
import { parseTaxonomySource } from "../triage/intents/source";
import { entryErrorLines, type SourceFormat } from "../triage/source";
import { readSourceBody, type SourceBody } from "./source-body";

/** Room for the maximum of intents with a handful of examples each; the source and the parsed JSON both go to D1. */
export const MAX_INTENTS_BYTES = 512 * 1024;

export const adminIntents = new Hono<AppEnv>();

type Candidate = SourceBody & { taxonomy: IntentTaxonomy };

async function readCandidate(c: Context): Promise<Candidate> {
  const { source, format } = await readSourceBody(c, { maxBytes: MAX_INTENTS_BYTES, what: "intent taxonomy", tooLarge: "intents_too_large" });
  try {
    return { taxonomy: parseTaxonomySource(source, format), source, format };
  } catch (error) {
    if (!(error instanceof TaxonomyInvalid)) throw error;
    const lines = entryErrorLines(source, "intents", error.errors);
    apiError(422, "invalid_intents", `The intent taxonomy has ${error.errors.length} problem(s).`, {
      errors: error.errors.map((e, i) => ({ ...e, line: lines[i] ?? null, text: formatTaxonomyError(e) })),
    });
  }
}

function counts(taxonomy: IntentTaxonomy) {
  return {
    intents: taxonomy.intents.length,
    enabled: taxonomy.intents.filter((i) => i.enabled).length,
    examples: taxonomy.intents.reduce((n, i) => n + i.examples.length, 0),
  };
}

async function warningsFor(db: Database, accountId: string, taxonomy: IntentTaxonomy): Promise<RuleIntentWarning[]> {
  const rules = await currentRuleTable(db, accountId);
  return rules ? ruleIntentWarnings(rules.table, taxonomy) : [];
}

function formatQuery(c: Context): SourceFormat | null {
  const format = c.req.query("format");
  if (format === undefined) return null;
  if (format !== "yaml" && format !== "json") apiError(400, "invalid_format", "format is yaml or json.");
  return format;
}

/** The file in the asked format: as pushed (comments and order kept) when the formats match, else re-serialised. */
function download(c: Context, format: SourceFormat, file: { source: string; sourceFormat: SourceFormat; taxonomy: IntentTaxonomy }) {
  const body =
    file.sourceFormat === format ? file.source : format === "json" ? `${JSON.stringify(file.taxonomy, null, 2)}\n` : toYaml({ version: 1, ...file.taxonomy });
  return c.body(body, 200, { "Content-Type": format === "json" ? "application/json; charset=utf-8" : "application/yaml; charset=utf-8" });
}

adminIntents.get("/intents", withAccountFromQuery, async (c) => {
  const { db, account } = c.var;
  const format = formatQuery(c);
  const row = await latestTaxonomyVersion(db, account.id);
  const taxonomy = row?.taxonomy ?? defaultTaxonomy();
  if (format) return download(c, format, row ?? { source: DEFAULT_TAXONOMY_SOURCE, sourceFormat: "yaml", taxonomy });
  return c.json({
    account: account.id,
    version: row?.version ?? null,
    source: row ? "pushed" : "shipped default",
    createdBy: row?.createdBy ?? null,
    createdAt: row?.createdAt ?? null,
    ...counts(taxonomy),
    taxonomy,
  });
});

adminIntents.post("/intents/validate", withAccountFromQuery, async (c) => {
  const { db, account } = c.var;
  const candidate = await readCandidate(c);
  return c.json({ valid: true, format: candidate.format, ...counts(candidate.taxonomy), warnings: await warningsFor(db, account.id, candidate.taxonomy) });
});

adminIntents.put("/intents", withAccountFromQuery, async (c) => {
  const { db, account } = c.var;
  const candidate = await readCandidate(c);
  const [previous, warnings] = await Promise.all([currentTaxonomy(db, account.id), warningsFor(db, account.id, candidate.taxonomy)]);
  const version = await saveTaxonomy(db, account.id, {
    taxonomy: candidate.taxonomy,
    source: candidate.source,
    sourceFormat: candidate.format,
    createdBy: "admin",
  });
  const before = new Set(previous.taxonomy.intents.map((i) => i.id));
  const after = new Set(candidate.taxonomy.intents.map((i) => i.id));
  const summary = counts(candidate.taxonomy);
  await audit(db, {
    accountId: account.id,
    actor: "admin",
    action: "intents.updated",
    subject: `intents:v${version}`,
    details: {
      ...summary,
      previousVersion: previous.version,
      added: [...after].filter((id) => !before.has(id)),
      removed: [...before].filter((id) => !after.has(id)),
      warnings: warnings.length,
    },
  });
  return c.json({ account: account.id, version, ...summary, warnings });
});

adminIntents.get("/intents/versions", withAccountFromQuery, async (c) => {
  const { db, account } = c.var;
  const versions = await taxonomyVersions(db, account.id);
  return c.json({ account: account.id, liveVersion: versions[0]?.version ?? null, versions });
});

adminIntents.get("/intents/versions/:n", withAccountFromQuery, async (c) => {
  const { db, account } = c.var;
  const n = idParam(c, "n", "version");
  const format = formatQuery(c);
  const row = await taxonomyVersion(db, account.id, n);
  if (!row) apiError(404, "version_not_found", `Account '${account.id}' has no taxonomy version ${n}.`);
  if (format) return download(c, format, row);
  return c.json({
    account: account.id,
    version: row.version,
    sourceFormat: row.sourceFormat,
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    ...counts(row.taxonomy),
    taxonomy: row.taxonomy,
  });
});
