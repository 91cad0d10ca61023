/**
 * Accuracy of the worker's detectLanguage() on whole tickets (test/fixtures/language/tickets.jsonl: subject + body
 * with order numbers, signatures, mobile footers, quoted English replies, Zendesk's reply delimiter, short texts and
 * texts with no language at all).
 *
 *   npx tsx bench/language/tickets.ts [--fixture path] [--errors all|tuned|held-out|none]
 *
 * Each ticket is turned into the text triage gives the detector, exactly as worker/triage/engine/triage.ts builds it:
 * `${ticket.subject}\n${latestCustomerMessage(ticket)}` (the body goes through latestCustomerMessage, which collapses
 * its whitespace, newlines included). A "und" answer on a ticket that has a language counts as wrong, and so does a
 * language on a ticket labelled "und".
 *
 * The fixture is split by line index: tuned (index % 4 != 3) and held-out (index % 4 == 3). Changes to
 * language.ts may be tuned on the first part only; `--errors tuned` lists only its mistakes.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { detectLanguage } from "../../worker/triage/signals/language.js";
import { latestCustomerMessage } from "../../worker/triage/ticket-text.js";
import type { TicketSnapshot } from "../../worker/triage/types.js";
import { parseCommandLine } from "../../scripts/lib/command-line";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const USAGE = "usage: npx tsx bench/language/tickets.ts [--fixture path] [--errors all|tuned|held-out|none]";
const ERROR_MODES = ["all", "tuned", "held-out", "none"] as const;
type ErrorMode = (typeof ERROR_MODES)[number];

interface Ticket {
  subject: string;
  body: string;
  language: string;
}

type Part = "tuned" | "held-out";

function partOf(index: number): Part {
  return index % 4 === 3 ? "held-out" : "tuned";
}

/** The detector's input for a ticket with no later comments, built as triage() builds it. */
function triageLanguageText(ticket: { subject: string; body: string }): string {
  const snapshot: TicketSnapshot = {
    id: 0,
    subject: ticket.subject,
    description: ticket.body,
    comments: [],
    status: null,
    priority: null,
    channel: null,
    tags: [],
    requesterTags: [],
    organizationTags: [],
  };
  return `${snapshot.subject}\n${latestCustomerMessage(snapshot)}`;
}

function loadFixture(path: string): Ticket[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, i) => {
      const row = JSON.parse(line) as Partial<Ticket>;
      if (typeof row.subject !== "string" || typeof row.body !== "string" || typeof row.language !== "string") {
        throw new Error(`${path}:${i + 1}: expected {"subject": string, "body": string, "language": string}`);
      }
      return { subject: row.subject, body: row.body, language: row.language };
    });
}

interface Tally {
  total: number;
  correct: number;
}

function pct(t: Tally | undefined): string {
  return !t || t.total === 0 ? "-" : `${((100 * t.correct) / t.total).toFixed(1)}% (${t.correct}/${t.total})`;
}

function main(): void {
  const { values } = parseCommandLine(USAGE, { options: { fixture: { type: "string" }, errors: { type: "string", default: "all" } } });
  const fixture = resolve(values.fixture ?? resolve(ROOT, "test/fixtures/language/tickets.jsonl"));
  const errors = (values.errors ?? "all") as ErrorMode;
  if (!ERROR_MODES.includes(errors)) {
    process.stderr.write(`error: --errors must be one of ${ERROR_MODES.join(", ")}\n${USAGE}\n`);
    process.exit(2);
  }
  const tickets = loadFixture(fixture);
  const languages = [...new Set(tickets.map((t) => t.language))];
  const parts: readonly (Part | "all")[] = ["all", "tuned", "held-out"];
  const tally = new Map<string, Tally>(); // key: `${part}|${language}` and `${part}|*`
  const bump = (key: string, ok: boolean) => {
    const t = tally.get(key) ?? { total: 0, correct: 0 };
    t.total++;
    if (ok) t.correct++;
    tally.set(key, t);
  };
  const wrong: string[] = [];
  let undAnswers = 0;
  tickets.forEach((ticket, i) => {
    const text = triageLanguageText(ticket);
    const got = detectLanguage(text);
    const ok = got.language === ticket.language;
    if (got.language === "und") undAnswers++;
    const part = partOf(i);
    for (const p of ["all", part]) {
      bump(`${p}|${ticket.language}`, ok);
      bump(`${p}|*`, ok);
      if (ticket.language !== "und") bump(`${p}|lang`, ok);
    }
    if (!ok && (errors === "all" || errors === part)) {
      wrong.push(`  line ${i + 1} (${part}): ${ticket.language} -> ${got.language} (${got.confidence}): ${JSON.stringify(text.slice(0, 110))}`);
    }
  });

  console.log(
    `Fixture ${fixture}: ${tickets.length} tickets (${languages.map((l) => `${l} ${tally.get(`all|${l}`)?.total ?? 0}`).join(", ")}); ` +
      `detector input = subject + "\\n" + latestCustomerMessage(body), as in triage(). "und" answers: ${undAnswers}.\n`,
  );
  console.log(`| part | overall | six languages (no und) | ${languages.join(" | ")} |`);
  console.log(`|---|---:|---:|${languages.map(() => "---:").join("|")}|`);
  for (const p of parts) {
    console.log(`| ${p} | ${pct(tally.get(`${p}|*`))} | ${pct(tally.get(`${p}|lang`))} | ${languages.map((l) => pct(tally.get(`${p}|${l}`))).join(" | ")} |`);
  }
  if (errors !== "none") {
    console.log(`\nWrong (${errors === "all" ? "both parts" : `${errors} part only`}): ${wrong.length}`);
    if (wrong.length) console.log(wrong.join("\n"));
  }
}

main();
