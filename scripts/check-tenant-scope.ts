/**
 * `npm run lint` (third part): every exported function of worker/store that names a row by its numeric id also
 * names the account, so a query can never reach another tenant's row by id alone (issue #13, tenant isolation).
 * A function passes when a parameter is called `accountId` or its type spells a member `accountId` (a row or an
 * input object that carries it). System-wide reads (the sweep's stranded events) take no row id, so they pass.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

export interface ScopeViolation {
  at: string;
  fn: string;
  idParam: string;
}

/** A parameter that names a row by number: `id`, `draftId`, `eventId`... (`ticketId` only counts with its account). */
function isRowId(p: ts.ParameterDeclaration, source: ts.SourceFile): string | null {
  if (!ts.isIdentifier(p.name)) return null;
  const name = p.name.text;
  const type = p.type?.getText(source) ?? "";
  return (name === "id" || /Id$/.test(name)) && type === "number" ? name : null;
}

function namesAccount(p: ts.ParameterDeclaration, source: ts.SourceFile): boolean {
  if (ts.isIdentifier(p.name) && p.name.text === "accountId") return true;
  const type = p.type?.getText(source) ?? "";
  // An inline object type with the member, or a whole store row or ref (every tenant row has account_id).
  return /\baccountId\b/.test(type) || /^\w+(Row|Ref)$/.test(type);
}

export function checkTenantScope(storeDir: string): { functions: number; violations: ScopeViolation[] } {
  const violations: ScopeViolation[] = [];
  let functions = 0;
  for (const name of readdirSync(storeDir).filter((n) => n.endsWith(".ts"))) {
    const text = readFileSync(join(storeDir, name), "utf8");
    const source = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true);
    for (const statement of source.statements) {
      if (!ts.isFunctionDeclaration(statement) || !statement.name) continue;
      if (!statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
      const params = statement.parameters;
      if (params[0]?.type?.getText(source) !== "Database") continue;
      functions++;
      const fn = statement.name.text;
      const idParam = params.map((p) => isRowId(p, source)).find((n) => n !== null);
      if (idParam && !params.some((p) => namesAccount(p, source))) {
        const line = source.getLineAndCharacterOfPosition(statement.getStart(source)).line + 1;
        violations.push({ at: `worker/store/${name}:${line}`, fn, idParam });
      }
    }
  }
  return { functions, violations };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const storeDir = resolve(dirname(fileURLToPath(import.meta.url)), "..", "worker", "store");
  const { functions, violations } = checkTenantScope(storeDir);
  for (const v of violations) console.error(`tenant scope: ${v.at} ${v.fn}(…, ${v.idParam}) takes a row id but no accountId`);
  if (violations.length) {
    console.error(`check-tenant-scope: ${violations.length} store function(s) reach rows by id without the account`);
    process.exit(1);
  }
  console.log(`check-tenant-scope: ${functions} store functions, every id lookup names its account`);
}
