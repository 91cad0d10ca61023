/**
 * Rule tables from the command line (teams keep them in git):
 *   npm run rules -- validate <file>                     offline check, errors name the file line
 *   npm run rules -- push <file> --account <subdomain>   replace the live table (PUT /admin/rules)
 *   npm run rules -- pull --account <subdomain>          print the live table as it was pushed
 *   npm run rules -- dry-run <file> --account <sub>      what the candidate would change on stored tickets
 * Remote commands use --url (default $EDGE_TRIAGE_URL or http://127.0.0.1:8787) and $ADMIN_TOKEN
 * (default dev-admin-token, the local value).
 */
import { formatRuleError, RuleTableInvalid } from "../worker/triage/rules/schema";
import { parseRuleSource } from "../worker/triage/rules/source";
import { adminApi, fail, failWithEntryErrors, fileFormat, readSourceFile } from "./admin-cli";
import { parseCommandLine, usageError } from "./lib/command-line";

const USAGE = `usage:
  npm run rules -- validate <file>                       offline check; errors name the file line
  npm run rules -- push <file> --account <subdomain>     replace the live table
  npm run -s rules -- pull --account <subdomain> > file  the live table as it was pushed (-s: no npm banner)
  npm run rules -- dry-run <file> --account <subdomain> [--limit N]   what the candidate would change on stored tickets
options: --url <worker url> (default $EDGE_TRIAGE_URL or http://127.0.0.1:8787); the admin token is $ADMIN_TOKEN`;

const { positionals, values } = parseCommandLine(USAGE, {
  allowPositionals: true,
  options: { account: { type: "string" }, url: { type: "string" }, limit: { type: "string" } },
});
const [command, file] = positionals;
const { call } = adminApi(values.url);

function readSource(path: string | undefined): string {
  return readSourceFile(path, `npm run rules -- ${command} <file> [--account <subdomain>]`);
}

function validate(path: string, source: string): void {
  try {
    const table = parseRuleSource(source, fileFormat(path, source));
    process.stdout.write(`${path}: ok, ${table.rules.length} rules (default route ${table.defaults.route}, when unsure ${table.defaults.abstain_route})\n`);
  } catch (error) {
    if (!(error instanceof RuleTableInvalid)) throw error;
    failWithEntryErrors(path, source, "rules", error.errors, formatRuleError);
  }
}

function account(): string {
  if (!values.account) fail("--account <subdomain> is required");
  return encodeURIComponent(values.account);
}

async function main() {
  switch (command) {
    case "validate": {
      validate(file!, readSource(file));
      return;
    }
    case "push": {
      const source = readSource(file);
      validate(file!, source);
      const res = await call("PUT", `/admin/rules?account=${account()}`, source);
      const { version, rules } = (await res.json()) as { version: number; rules: number };
      process.stdout.write(`pushed ${rules} rules to ${values.account} as version ${version}\n`);
      return;
    }
    case "pull": {
      const res = await call("GET", `/admin/rules?account=${account()}&format=source`);
      process.stdout.write(await res.text());
      return;
    }
    case "dry-run": {
      const source = readSource(file);
      validate(file!, source);
      const res = await call("POST", `/admin/rules/dry-run?account=${account()}${values.limit ? `&limit=${Number(values.limit)}` : ""}`, source);
      process.stdout.write(`${JSON.stringify(await res.json(), null, 2)}\n`);
      return;
    }
    default:
      usageError(command ? `unknown command "${command}"` : "no command given", USAGE);
  }
}

await main();
