/**
 * `npm run lint` (second half): the folder-level import graph of every TS/TSX file must have no cycle, and the
 * folder boundaries written as relative paths must hold. Biome (biome.jsonc) bans packages per folder; the rules
 * here need a resolved path, which a specifier like "../../db/schema/index" only gives after resolution.
 * A folder is a directory: worker/triage and worker/triage/engine are two nodes.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

export interface Boundary {
  name: string;
  /** Importers the rule applies to: repo-relative paths or folder prefixes ending in "/". */
  from: string[];
  /** Importers exempt from the rule (same syntax). */
  except?: string[];
  /** Targets (resolved files, or bare package names) the importers may not reach... */
  forbid?: string[];
  /** ...or, instead, the only repo folders they may reach (packages stay allowed). */
  onlyRepo?: string[];
  why: string;
}

const PURE_CORE = ["worker/triage/", "worker/pii/", "worker/settings/", "models/shared/"];
const INSIGHT_PURE = [
  "worker/insight/accuracy.ts",
  "worker/insight/drift.ts",
  "worker/insight/stats.ts",
  "worker/insight/weeks.ts",
  "worker/insight/model-fit.ts",
];

/**
 * The boundaries of docs/architecture.md that need a resolved path, each stated once: biome.jsonc bans hono and
 * cloudflare:* in the pure core and every import in contract/; the D1 door (db/ and drizzle-orm) is here.
 */
export const BOUNDARIES: Boundary[] = [
  {
    name: "pure-core",
    from: PURE_CORE,
    onlyRepo: [...PURE_CORE, "contract/"],
    why: "the pure core imports no adapter and nothing with I/O (store, zendesk, slack, drafting, db...)",
  },
  {
    name: "db-door",
    from: [""],
    // The one test helper that seeds rows directly is the listed exception.
    except: ["worker/store/", "db/", "drizzle.config.ts", "test/worker/helpers.ts"],
    forbid: ["db/", "drizzle-orm"],
    why: "D1 is reached only through worker/store (db/schema and drizzle-orm stay behind it)",
  },
  {
    name: "insight-pure",
    // The computations behind live accuracy and the dashboard; record-outcome.ts and stats-source.ts are the adapters.
    from: INSIGHT_PURE,
    onlyRepo: [...PURE_CORE, "contract/", ...INSIGHT_PURE, "worker/history/labels.ts", "worker/replay/report.ts"],
    why: "worker/insight's comparison, drift and figures are pure: rows in, figures out, no store or Zendesk",
  },
  {
    name: "sidebar-app",
    from: ["zendesk-app/src/"],
    onlyRepo: ["zendesk-app/", "contract/"],
    why: "the Zendesk app compiles against contract/ only, never against Worker code",
  },
  {
    name: "dev-desk",
    from: ["worker/"],
    except: ["worker/app.ts", "worker/dev-desk/"],
    forbid: ["worker/dev-desk/", "dev/"],
    why: "product code stays off the dev-only desk and dev/ (only the composition root mounts /demo)",
  },
];

const SKIP_DIR_NAMES = new Set(["node_modules", "dist", "test-output"]);
const SKIP_PATHS = new Set([
  "dev/desk/vendor",
  "zendesk-app/assets",
  // wrangler's generated declaration types GlobalProps.mainModule with import("../index"): a description of the
  // whole Worker, not a dependency of worker/env (bindings.ts omits the one binding typed through it).
  "worker/env/worker-configuration.d.ts",
]);
const SOURCE = /\.(ts|tsx|mts|cts)$/;
const RESOLVE_EXTENSIONS = [".ts", ".tsx", ".d.ts", ".mts", ".cts"];

export interface Edge {
  from: string;
  to: string;
  /** One example import, "file:line". */
  example: string;
}

export interface BoundaryViolation {
  rule: string;
  why: string;
  at: string;
  specifier: string;
}

export interface ArchitectureReport {
  files: number;
  /** Each cycle as the edges that close it, one example import per edge. */
  cycles: Edge[][];
  violations: BoundaryViolation[];
}

function sourceFiles(root: string, dir = ""): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const rel = dir ? `${dir}/${name}` : name;
    // Dot folders (.git, .wrangler) and generated or vendored files are not the project's code.
    if (name.startsWith(".") || SKIP_DIR_NAMES.has(name) || SKIP_PATHS.has(rel)) continue;
    if (statSync(join(root, rel)).isDirectory()) out.push(...sourceFiles(root, rel));
    else if (SOURCE.test(name)) out.push(rel);
  }
  return out;
}

/** A relative specifier to a repo-relative file, the way the bundler would find it; null when nothing exists. */
function resolveRelative(root: string, importer: string, specifier: string): string | null {
  const base = resolve(root, dirname(importer), specifier);
  const candidates = [base, ...RESOLVE_EXTENSIONS.map((e) => base + e), ...RESOLVE_EXTENSIONS.map((e) => join(base, `index${e}`))];
  // ESM-style "./x.js" names the compiled file of ./x.ts.
  const js = base.match(/^(.*)\.(m|c)?js(x)?$/);
  if (js) candidates.unshift(...RESOLVE_EXTENSIONS.map((e) => js[1] + e));
  for (const c of candidates) if (existsSync(c) && statSync(c).isFile()) return relative(root, c).split(sep).join("/");
  return null;
}

function matches(path: string, patterns: string[]): boolean {
  return patterns.some((p) => (p.endsWith("/") || p === "" ? path.startsWith(p) : path === p));
}

function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

function folderOf(file: string): string {
  const d = dirname(file);
  return d === "." ? "(root)" : d;
}

/** Strongly connected components of more than one folder, each turned into one concrete cycle. */
function findCycles(edges: Map<string, Map<string, string>>): Edge[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) visit(v);

  // Shortest way back to the component's first folder, inside the component.
  return components.map((component) => {
    const inside = new Set(component);
    const start = component[0]!;
    const cameFrom = new Map<string, string>();
    const queue = [start];
    while (queue.length > 0) {
      const v = queue.shift()!;
      for (const w of edges.get(v)?.keys() ?? []) {
        if (!inside.has(w) || cameFrom.has(w)) continue;
        cameFrom.set(w, v);
        if (w === start) queue.length = 0;
        else queue.push(w);
      }
    }
    const path: Edge[] = [];
    let to = start;
    do {
      const from = cameFrom.get(to)!;
      path.unshift({ from, to, example: edges.get(from)!.get(to)! });
      to = from;
    } while (to !== start);
    return path;
  });
}

/**
 * Every module a file names, with its line: import/export declarations, `import x = require()`, import() and
 * require() calls, `typeof import("...")` types and `/// <reference path>`. A full parse, because
 * ts.preProcessFile's scanner can lose the thread after some regex literals and silently miss later imports.
 */
function importsOf(file: string, text: string): { fileName: string; line: number }[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: { fileName: string; line: number }[] = [];
  const add = (fileName: string, pos: number) => found.push({ fileName, line: source.getLineAndCharacterOfPosition(pos).line + 1 });
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.moduleSpecifier.getStart(source));
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const e = node.moduleReference.expression;
      if (ts.isStringLiteral(e)) add(e.text, e.getStart(source));
    } else if (ts.isCallExpression(node) && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === "require"))
        add(node.arguments[0].text, node.arguments[0].getStart(source));
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node.argument.literal.text, node.argument.literal.getStart(source));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  for (const ref of source.referencedFiles) add(ref.fileName, ref.pos);
  return found;
}

export function checkArchitecture(root: string, boundaries: Boundary[] = BOUNDARIES): ArchitectureReport {
  const files = sourceFiles(root);
  const edges = new Map<string, Map<string, string>>();
  const violations: BoundaryViolation[] = [];
  for (const file of files) {
    const text = readFileSync(join(root, file), "utf8");
    for (const ref of importsOf(file, text)) {
      const relativeSpec = ref.fileName.startsWith(".");
      const target = relativeSpec ? resolveRelative(root, file, ref.fileName) : null;
      if (relativeSpec && target === null) continue;
      const at = `${file}:${ref.line}`;
      if (target !== null) {
        const [a, b] = [folderOf(file), folderOf(target)];
        if (a !== b) {
          if (!edges.has(a)) edges.set(a, new Map());
          if (!edges.get(a)!.has(b)) edges.get(a)!.set(b, at);
        }
      }
      for (const rule of boundaries) {
        if (!matches(file, rule.from) || (rule.except && matches(file, rule.except))) continue;
        const broken =
          target === null
            ? (rule.forbid ?? []).includes(packageName(ref.fileName))
            : rule.onlyRepo
              ? !matches(target, rule.onlyRepo)
              : matches(
                  target,
                  (rule.forbid ?? []).filter((f) => f.endsWith("/") || f.includes(".")),
                );
        if (broken) violations.push({ rule: rule.name, why: rule.why, at, specifier: ref.fileName });
      }
    }
  }
  return { files: files.length, cycles: findCycles(edges), violations };
}

export function formatReport(report: ArchitectureReport): string {
  const lines: string[] = [];
  for (const cycle of report.cycles) {
    lines.push(`folder cycle: ${[...cycle.map((e) => e.from), cycle[0]!.from].join(" -> ")}`);
    for (const e of cycle) lines.push(`  ${e.from} -> ${e.to}   e.g. ${e.example}`);
  }
  for (const v of report.violations) lines.push(`boundary ${v.rule}: ${v.at} imports "${v.specifier}" (${v.why})`);
  return lines.join("\n");
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const report = checkArchitecture(resolve(dirname(fileURLToPath(import.meta.url)), ".."));
  if (report.cycles.length > 0 || report.violations.length > 0) {
    console.error(formatReport(report));
    console.error(`check-architecture: ${report.cycles.length} folder cycle(s), ${report.violations.length} boundary violation(s)`);
    process.exit(1);
  }
  console.log(`check-architecture: ${report.files} files, no folder cycle, boundaries hold`);
}
