/** Intent taxonomies as files teams keep in git: YAML (with comments) or JSON, parsed and validated. Pure. */
import { parseSource, type SourceFormat } from "../source";
import { parseTaxonomy, TaxonomyInvalid, type IntentTaxonomy } from "./schema";

/** Parses and validates; a syntax error names its line, every other error names the intent index and path. */
export function parseTaxonomySource(text: string, format: SourceFormat): IntentTaxonomy {
  return parseTaxonomy(parseSource(text, format, (message) => new TaxonomyInvalid([{ index: null, intentId: null, path: "", message }])));
}
