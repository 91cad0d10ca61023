/**
 * Intent accuracy per language (issue #16 item 4): the project's realistic tickets in English (the test half of
 * models/support/tickets/test.csv) and in German, Spanish, French, Portuguese and Dutch
 * (models/support/tickets/multilingual-*.csv but the validation file), scored by one or more models side by side.
 *   npx tsx bench/model/languages.ts [--model models/support] [--model <another dir> ...]
 * For each model and language it prints:
 *   - top-1: the best in-scope intent (or the out-of-scope class) is the ticket's label, no thresholds;
 *   - answered / right when answered: the model's own verdict (not abstaining), as the product uses it;
 *   - model decides / right: what the cascade lets the model decide: answered, an enabled intent, and the ticket's
 *     language (eld, as in the Worker) is one the model was trained on; everything else goes to the LLM tier;
 *   - out-of-scope recall on the language's out-of-scope tickets.
 * Neither file is trained on (the multilingual training examples are models/support/multilingual/, written apart).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { loadLabelledTexts } from "../../models/data/labelled-texts.js";
import { createNodeGraphRunner, readModelDirectory } from "../../models/eval/node-runtime.js";
import { createIntentClassifier } from "../../models/shared/intent-classifier.js";
import { parseCommandLine } from "../../scripts/lib/command-line";
import { detectLanguage } from "../../worker/triage/signals/language";
import { languageUnknownToModel } from "../../worker/triage/engine/triage";

const USAGE = "usage: npx tsx bench/model/languages.ts [--model models/support] [--model <another model directory> ...]";
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TICKETS = join(ROOT, "models/support/tickets");

interface Ticket {
  readonly text: string;
  readonly label: string;
  readonly language: string;
}

function loadTickets(): Ticket[] {
  const english = loadLabelledTexts(join(TICKETS, "test.csv"), { textColumn: "text", labelColumn: "intent" }).map((row) => ({ ...row, language: "en" }));
  const others = readdirSync(TICKETS)
    // multilingual-validation.csv calibrates the model: never scored here.
    .filter((name) => /^multilingual-.*\.csv$/.test(name) && name !== "multilingual-validation.csv")
    .sort()
    .flatMap((name) => {
      const rows = parse(readFileSync(join(TICKETS, name)), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
      return rows.map((row) => ({ text: row.text ?? "", label: row.intent ?? "", language: row.language || "und" }));
    });
  return [...english, ...others];
}

interface Tally {
  n: number;
  top1: number;
  answered: number;
  answeredRight: number;
  decides: number;
  decidesRight: number;
  oos: number;
  oosCaught: number;
}

const empty = (): Tally => ({ n: 0, top1: 0, answered: 0, answeredRight: 0, decides: 0, decidesRight: 0, oos: 0, oosCaught: 0 });
const pct = (part: number, whole: number) => (whole === 0 ? "n/a" : `${((part / whole) * 100).toFixed(1)}%`);

async function scoreModel(directory: string, tickets: readonly Ticket[]) {
  const model = readModelDirectory(directory);
  const classifier = createIntentClassifier(model.config, await createNodeGraphRunner(model.onnx));
  const outOfScope = model.config.outOfScopeLabel;
  const tallies = new Map<string, Tally>();
  for (const ticket of tickets) {
    const p = await classifier.predict(ticket.text);
    const t = tallies.get(ticket.language) ?? empty();
    tallies.set(ticket.language, t);
    const isOutOfScope = ticket.label === outOfScope;
    const top = p.outOfScope ? outOfScope : (p.top[0]?.label ?? null);
    const answered = !p.abstain && !p.outOfScope;
    t.n++;
    if (top === ticket.label) t.top1++;
    if (answered) {
      t.answered++;
      if (p.top[0]?.label === ticket.label) t.answeredRight++;
      if (!languageUnknownToModel(detectLanguage(ticket.text).language, classifier.languages)) {
        t.decides++;
        if (p.top[0]?.label === ticket.label) t.decidesRight++;
      }
    }
    if (isOutOfScope) {
      t.oos++;
      if (p.outOfScope) t.oosCaught++;
    }
  }
  return { version: model.config.version, languages: classifier.languages, tallies };
}

async function main() {
  const { values } = parseCommandLine(USAGE, { options: { model: { type: "string", multiple: true } } });
  const directories = values.model ?? [join(ROOT, "models/support")];
  const tickets = loadTickets();
  const languages = [...new Set(tickets.map((t) => t.language))];
  console.log(`${tickets.length} project-written tickets: ${languages.map((l) => `${l} ${tickets.filter((t) => t.language === l).length}`).join(", ")}\n`);
  for (const directory of directories) {
    const { version, languages: trained, tallies } = await scoreModel(directory, tickets);
    console.log(`model ${version} (trained languages: ${trained.join(", ")})`);
    console.log("| language | tickets | top-1 right | answered | right when answered | model decides | right when it decides | out-of-scope recall |");
    console.log("|---|---|---|---|---|---|---|---|");
    const all = empty();
    for (const language of languages) {
      const t = tallies.get(language) ?? empty();
      for (const key of Object.keys(all) as (keyof Tally)[]) all[key] += t[key];
      console.log(row(language, t));
    }
    console.log(row("all", all));
    console.log("");
  }
}

function row(language: string, t: Tally): string {
  return `| ${language} | ${t.n} | ${pct(t.top1, t.n)} | ${pct(t.answered, t.n)} | ${pct(t.answeredRight, t.answered)} | ${pct(t.decides, t.n)} | ${pct(t.decidesRight, t.decides)} | ${pct(t.oosCaught, t.oos)} |`;
}

await main();
