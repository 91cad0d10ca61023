/**
 * Compares language-detection libraries on the support-ticket fixture and prints Markdown tables for the README.
 *
 *   npx tsx bench/language/compare.ts [--fixture path] [--errors]
 *
 * For each candidate: accuracy (overall, texts < 25 chars, per language), mean time per call, module start-up
 * time (import + first call, in a fresh Node process, median of 3) and bundle size (a one-line entry importing the
 * library, bundled and minified by esbuild for the browser/worker platform; raw and gzip KiB).
 * Every candidate sees the same input: the text after the worker's cleanForDetection() (URLs, e-mails, order ids,
 * quoted replies, signatures removed); "raw acc." is the accuracy on the untouched text. A missing answer ("und",
 * empty, unmapped code) counts as wrong. The last rows are the worker's detectLanguage(), whose "und" answers also
 * count as wrong, with its "und" rate and its accuracy on the texts it did answer.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { cleanForDetection, detectLanguage } from "../../worker/triage/signals/language.js";
import { parseCommandLine } from "../../scripts/lib/command-line";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const SHORT = 25;

interface Row {
  text: string;
  language: string;
}

type Detect = (text: string) => string;

interface Candidate {
  name: string;
  /** Module specifier, for start-up time and bundle size. */
  module: string;
  /** ES module source of the bundle entry: imports the library and exports a detect function. */
  entry: string;
  /** Source run in a fresh Node process after `await import(module)` to time the first call (`m` is the module). */
  firstCall: string;
  load(): Promise<Detect>;
}

// franc returns ISO 639-3; map the codes franc-min can return to ISO 639-1 (others stay 3 letters = wrong).
const ISO3_TO_1: Record<string, string> = {
  eng: "en",
  spa: "es",
  fra: "fr",
  deu: "de",
  por: "pt",
  ita: "it",
  nld: "nl",
  pol: "pl",
  swe: "sv",
  tur: "tr",
  jpn: "ja",
  cmn: "zh",
  kor: "ko",
  rus: "ru",
  ukr: "uk",
  bel: "be",
  bul: "bg",
  kaz: "kk",
  ron: "ro",
  hun: "hu",
  ces: "cs",
  hrv: "hr",
  srp: "sr",
  bos: "bs",
  ind: "id",
  zlm: "ms",
  jav: "jv",
  sun: "su",
  vie: "vi",
  tgl: "tl",
  swh: "sw",
  hau: "ha",
  yor: "yo",
  ibo: "ig",
  zul: "zu",
  som: "so",
  kin: "rw",
  run: "rn",
  nya: "ny",
  lin: "ln",
  plt: "mg",
  fuv: "ff",
  uzn: "uz",
  azj: "az",
  ckb: "ku",
  arb: "ar",
  urd: "ur",
  pes: "fa",
  pbu: "ps",
  hin: "hi",
  mar: "mr",
  npi: "ne",
  ell: "el",
  heb: "he",
  tha: "th",
  kat: "ka",
  hye: "hy",
  ben: "bn",
  tam: "ta",
  tel: "te",
  kan: "kn",
  mal: "ml",
  guj: "gu",
  pan: "pa",
  ori: "or",
  sin: "si",
  mya: "my",
  khm: "km",
  lao: "lo",
  amh: "am",
  qug: "qu",
};

function eldCandidate(size: "extrasmall" | "small" | "medium" | "large"): Candidate {
  const module = `eld/${size}`;
  return {
    name: `eld 2.1.0 (${module})`,
    module,
    entry: `import { eld } from "${module}"; export const detect = (t) => eld.detect(t).language;`,
    firstCall: `m.eld.detect("where is my order?");`,
    async load() {
      const { eld } = (await import(module)) as typeof import("eld/small");
      return (t) => eld.detect(t).language || "und";
    },
  };
}

function tinyldCandidate(flavour: "light" | "normal" | "heavy"): Candidate {
  const module = flavour === "normal" ? "tinyld" : `tinyld/${flavour}`;
  return {
    name: `tinyld 1.3.4 (${module})`,
    module,
    entry: `import { detect as d } from "${module}"; export const detect = (t) => d(t);`,
    firstCall: `m.detect("where is my order?");`,
    async load() {
      const { detect } = (await import(module)) as typeof import("tinyld");
      return (t) => detect(t) || "und";
    },
  };
}

const CANDIDATES: Candidate[] = [
  eldCandidate("extrasmall"),
  eldCandidate("small"),
  eldCandidate("medium"),
  eldCandidate("large"),
  {
    name: "franc-min 6.2.0 (minLength 1)",
    module: "franc-min",
    entry: `import { franc } from "franc-min"; export const detect = (t) => franc(t, { minLength: 1 });`,
    firstCall: `m.franc("where is my order?", { minLength: 1 });`,
    async load() {
      const { franc } = await import("franc-min");
      return (t) => {
        const code = franc(t, { minLength: 1 });
        return ISO3_TO_1[code] ?? code;
      };
    },
  },
  tinyldCandidate("light"),
  tinyldCandidate("normal"),
  tinyldCandidate("heavy"),
  {
    name: "languagedetect 2.0.0",
    module: "languagedetect",
    entry:
      `import LanguageDetect from "languagedetect"; const d = new LanguageDetect(); d.setLanguageType("iso2");` +
      ` export const detect = (t) => d.detect(t, 1);`,
    firstCall: `const d = new m.default(); d.setLanguageType("iso2"); d.detect("where is my order?", 1);`,
    async load() {
      const { default: LanguageDetect } = await import("languagedetect");
      const d = new LanguageDetect();
      d.setLanguageType("iso2");
      return (t) => d.detect(t, 1)[0]?.[0] ?? "und";
    },
  },
];

interface Score {
  total: number;
  correct: number;
  shortTotal: number;
  shortCorrect: number;
  und: number;
  perLanguage: Map<string, { total: number; correct: number }>;
}

function score<R extends Row>(rows: readonly R[], predict: (row: R) => string): Score {
  const s: Score = { total: 0, correct: 0, shortTotal: 0, shortCorrect: 0, und: 0, perLanguage: new Map() };
  for (const row of rows) {
    const predicted = predict(row);
    const ok = predicted === row.language;
    const short = [...row.text].length < SHORT;
    s.total++;
    if (ok) s.correct++;
    if (predicted === "und") s.und++;
    if (short) {
      s.shortTotal++;
      if (ok) s.shortCorrect++;
    }
    const lang = s.perLanguage.get(row.language) ?? { total: 0, correct: 0 };
    lang.total++;
    if (ok) lang.correct++;
    s.perLanguage.set(row.language, lang);
  }
  return s;
}

/** Mean microseconds per call over whole passes of the fixture, at least 300 ms of work after one warm-up pass. */
function timePerCall(texts: readonly string[], detect: Detect): number {
  for (const t of texts) detect(t);
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    for (const t of texts) detect(t);
    calls += texts.length;
    elapsed = performance.now() - start;
  } while (elapsed < 300);
  return (elapsed * 1000) / calls;
}

/** Import + first call in a fresh Node process (module evaluation dominates: n-gram tables are object literals). */
function startupMs(c: Candidate): number {
  const script = `const t = performance.now(); const m = await import(${JSON.stringify(c.module)}); ${c.firstCall}` + ` console.log(performance.now() - t);`;
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const out = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" });
    if (out.status !== 0) throw new Error(`startup run failed for ${c.module}: ${out.stderr}`);
    runs.push(Number(out.stdout.trim()));
  }
  runs.sort((a, b) => a - b);
  return runs[1] ?? Number.NaN;
}

async function bundleSize(entry: string): Promise<{ raw: number; gzip: number }> {
  const result = await build({
    stdin: { contents: entry, resolveDir: ROOT, loader: "js", sourcefile: "entry.js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const bytes = result.outputFiles[0]?.contents;
  if (!bytes) throw new Error("esbuild produced no output");
  return { raw: bytes.length, gzip: gzipSync(bytes).length };
}

function pct(correct: number, total: number): string {
  return total === 0 ? "-" : `${((100 * correct) / total).toFixed(1)}%`;
}

function kib(bytes: number): string {
  return (bytes / 1024).toFixed(0);
}

const USAGE = "usage: npx tsx bench/language/compare.ts [--fixture path] [--errors]";

function parseArgs(): { fixture: string; errors: boolean } {
  const { values } = parseCommandLine(USAGE, { options: { fixture: { type: "string" }, errors: { type: "boolean", default: false } } });
  return { fixture: resolve(values.fixture ?? resolve(ROOT, "test/fixtures/language/support-sentences.jsonl")), errors: values.errors ?? false };
}

function loadFixture(path: string): Row[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, i) => {
      const row = JSON.parse(line) as Partial<Row>;
      if (typeof row.text !== "string" || typeof row.language !== "string") {
        throw new Error(`${path}:${i + 1}: expected {"text": string, "language": string}`);
      }
      return { text: row.text, language: row.language };
    });
}

async function main(): Promise<void> {
  const { fixture, errors } = parseArgs();
  const rows = loadFixture(fixture);
  const cleaned = rows.map((r) => ({ ...r, clean: cleanForDetection(r.text) }));
  const languages = [...new Set(rows.map((r) => r.language))];
  const shortCount = rows.filter((r) => [...r.text].length < SHORT).length;
  console.log(
    `Fixture ${fixture}: ${rows.length} texts, ${languages.length} languages (${languages.join(", ")}), ` +
      `${shortCount} shorter than ${SHORT} chars. Node ${process.version}.\n`,
  );

  const summary: string[] = [
    "| Library (import) | Accuracy | Short (<25 chars) | Raw acc. (no cleanup) | µs/call | Start-up ms | Bundle KiB (min) | Bundle KiB (gzip) |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
  ];
  const perLang: string[] = [`| Library | ${languages.join(" | ")} |`, `|---|${languages.map(() => "---:").join("|")}|`];
  const errorLines: string[] = [];

  for (const c of CANDIDATES) {
    const detect = await c.load();
    const s = score(cleaned, (r) => detect(r.clean));
    const raw = score(rows, (r) => detect(r.text));
    const us = timePerCall(
      cleaned.map((r) => r.clean),
      detect,
    );
    const startup = startupMs(c);
    const size = await bundleSize(c.entry);
    summary.push(
      `| ${c.name} | ${pct(s.correct, s.total)} | ${pct(s.shortCorrect, s.shortTotal)} | ${pct(raw.correct, raw.total)}` +
        ` | ${us.toFixed(1)} | ${startup.toFixed(0)} | ${kib(size.raw)} | ${kib(size.gzip)} |`,
    );
    perLang.push(
      `| ${c.name} | ${languages
        .map((l) => {
          const p = s.perLanguage.get(l);
          return p ? pct(p.correct, p.total) : "-";
        })
        .join(" | ")} |`,
    );
    if (errors) {
      for (const r of cleaned) {
        const got = detect(r.clean);
        if (got !== r.language) errorLines.push(`${c.name}: ${r.language} -> ${got}: ${JSON.stringify(r.clean.slice(0, 70))}`);
      }
    }
  }

  // The worker's function: cleanup + eld + the "und" rule.
  const worker = score(rows, (r) => detectLanguage(r.text).language);
  const answered = worker.total - worker.und;
  const workerUs = timePerCall(
    rows.map((r) => r.text),
    (t) => detectLanguage(t).language,
  );
  summary.push(
    `| worker detectLanguage() (eld/small + cleanup + "und" rule) | ${pct(worker.correct, worker.total)} | ` +
      `${pct(worker.shortCorrect, worker.shortTotal)} | - | ${workerUs.toFixed(1)} | - | - | - |`,
  );
  perLang.push(
    `| worker detectLanguage() | ${languages
      .map((l) => {
        const p = worker.perLanguage.get(l);
        return p ? pct(p.correct, p.total) : "-";
      })
      .join(" | ")} |`,
  );
  if (errors) {
    for (const r of rows) {
      const got = detectLanguage(r.text);
      if (got.language !== r.language) {
        errorLines.push(`detectLanguage: ${r.language} -> ${got.language}: ${JSON.stringify(r.text.slice(0, 70))}`);
      }
    }
  }

  console.log(summary.join("\n"));
  console.log(
    `\nworker detectLanguage(): "und" on ${worker.und}/${worker.total} texts; ` +
      `accuracy on the ${answered} it answered: ${pct(worker.correct, answered)}.\n`,
  );
  console.log("Per-language accuracy (after cleanup):\n");
  console.log(perLang.join("\n"));
  if (errors) console.log(`\nErrors:\n${errorLines.join("\n")}`);
}

await main();
