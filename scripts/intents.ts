/**
 * Intent taxonomies from the command line (teams keep them in git, see docs/intents.md):
 *   npm run intents -- validate <file>                                     offline check, errors name the file line
 *   npm run intents -- push <file> --account <sub>                         a new live version (PUT /admin/intents)
 *   npm run intents -- pull --account <sub> [--version N] [--out <file>]   the live (or an older) version as YAML
 *   npm run intents -- versions --account <sub>                            the history
 * `pull` writes only the YAML to stdout (or --out), so `> intents/mine.yaml` is a clean file.
 * Remote commands use --url (default $EDGE_TRIAGE_URL or http://127.0.0.1:8787) and $ADMIN_TOKEN (default dev-admin-token).
 */
import { writeFileSync } from "node:fs";
import { formatTaxonomyError, TaxonomyInvalid, type IntentTaxonomy } from "../worker/triage/intents/schema";
import { parseTaxonomySource } from "../worker/triage/intents/source";
import { adminApi, fail, failWithEntryErrors, fileFormat, readSourceFile } from "./admin-cli";
import { parseCommandLine } from "./lib/command-line";

const USAGE = `usage:
  npm run intents -- validate <file>
  npm run intents -- push <file> --account <subdomain>
  npm run intents -- pull --account <subdomain> [--version N] [--out <file>]
  npm run intents -- versions --account <subdomain>
options: --url <worker url> (default $EDGE_TRIAGE_URL or http://127.0.0.1:8787); the admin token is $ADMIN_TOKEN`;

const { positionals, values } = parseCommandLine(USAGE, {
  allowPositionals: true,
  options: { account: { type: "string" }, url: { type: "string" }, version: { type: "string" }, out: { type: "string" } },
});
const [command, file] = positionals;

function validate(path: string, source: string): IntentTaxonomy {
  try {
    return parseTaxonomySource(source, fileFormat(path, source));
  } catch (error) {
    if (!(error instanceof TaxonomyInvalid)) throw error;
    failWithEntryErrors(path, source, "intents", error.errors, formatTaxonomyError);
  }
}

function summary(t: IntentTaxonomy): string {
  const enabled = t.intents.filter((i) => i.enabled).length;
  const examples = t.intents.reduce((n, i) => n + i.examples.length, 0);
  return `${t.intents.length} intents (${enabled} enabled), ${examples} example phrases`;
}

function account(): string {
  if (!values.account) fail(`${command} needs --account <subdomain>`);
  return encodeURIComponent(values.account);
}

interface Warning {
  message: string;
}

async function main() {
  const { call } = adminApi(values.url);
  switch (command) {
    case "validate": {
      const source = readSourceFile(file, "npm run intents -- validate <file>");
      process.stdout.write(`${file}: ok, ${summary(validate(file!, source))}\n`);
      return;
    }
    case "push": {
      const source = readSourceFile(file, "npm run intents -- push <file> --account <subdomain>");
      validate(file!, source);
      const res = await call("PUT", `/admin/intents?account=${account()}`, source);
      const body = (await res.json()) as { version: number; intents: number; enabled: number; warnings: Warning[] };
      process.stdout.write(`pushed ${body.intents} intents (${body.enabled} enabled) to ${values.account} as version ${body.version}\n`);
      for (const w of body.warnings) process.stderr.write(`warning: ${w.message}\n`);
      return;
    }
    case "pull": {
      let path = `/admin/intents?account=${account()}&format=yaml`;
      if (values.version !== undefined) {
        if (!/^[1-9]\d*$/.test(values.version)) fail("--version is a positive integer");
        path = `/admin/intents/versions/${values.version}?account=${account()}&format=yaml`;
      }
      const yaml = await (await call("GET", path)).text();
      if (values.out) {
        writeFileSync(values.out, yaml);
        process.stderr.write(`wrote ${values.out}\n`);
      } else process.stdout.write(yaml);
      return;
    }
    case "versions": {
      const res = await call("GET", `/admin/intents/versions?account=${account()}`);
      const { versions } = (await res.json()) as {
        versions: { version: number; intents: number; enabled: number; sourceFormat: string; createdBy: string; createdAt: string }[];
      };
      if (versions.length === 0) {
        process.stdout.write(`${values.account} runs the shipped default (intents/default.yaml); nothing pushed yet\n`);
        return;
      }
      process.stdout.write("version  intents  enabled  format  created                   by\n");
      versions.forEach((v, i) => {
        const live = i === 0 ? "  (live)" : "";
        process.stdout.write(
          `${String(v.version).padEnd(9)}${String(v.intents).padEnd(9)}${String(v.enabled).padEnd(9)}${v.sourceFormat.padEnd(8)}${v.createdAt.padEnd(26)}${v.createdBy}${live}\n`,
        );
      });
      return;
    }
    default:
      fail(USAGE);
  }
}

await main();
