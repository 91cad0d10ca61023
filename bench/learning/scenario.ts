/**
 * The account the learning-curve bench replays: a desk whose intents are a public data set's labels (not the
 * shipped support model's), its own small rule table, and its tickets: the data set's train split shuffled with
 * the seed. The test split is kept apart to measure each retrained model on tickets it will never train on.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadDataSources } from "../../models/data/data-source.js";
import type { LabelledText } from "../../models/data/labelled-texts.js";
import { getPreset } from "../../models/presets/presets.js";
import { SeededRandom } from "../../models/train/random.js";
import { parseTaxonomy, type IntentTaxonomy } from "../../worker/triage/intents/schema";
import type { RuleTable } from "../../worker/triage/rules/schema";
import { parseRuleSource } from "../../worker/triage/rules/source";
import type { TicketSnapshot } from "../../worker/triage/types";

export const SCENARIO_DATA = ["banking77", "clinc150"] as const;
export type ScenarioData = (typeof SCENARIO_DATA)[number];

/** One replayed ticket and its true intent (null: out of scope, none of the account's intents fits). */
export interface LabelledTicket {
  readonly ticket: TicketSnapshot;
  readonly truth: string | null;
}

export interface Scenario {
  readonly data: ScenarioData;
  readonly taxonomy: IntentTaxonomy;
  readonly table: RuleTable;
  readonly rulesFile: string;
  /** The replayed stream, in order. */
  readonly stream: readonly LabelledTicket[];
  /** The data set's test split: what each retrained model is scored on (never trained on). */
  readonly test: readonly LabelledTicket[];
}

/** A taxonomy id from a data-set label (BANKING77 has `Refund_not_showing_up` and `reverted_card_payment?`). */
export function intentId(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9_-]+/g, "");
}

/** "lost_or_stolen_card" -> "Lost or stolen card". */
function readableName(id: string): string {
  const words = id.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The taxonomy an admin would write in a minute: every label with a name and a one-line description from it. */
export function taxonomyFromLabels(labels: readonly string[]): IntentTaxonomy {
  const ids = [...new Set(labels.map(intentId))].sort();
  return parseTaxonomy({
    version: 1,
    intents: ids.map((id) => ({ id, name: readableName(id), description: `The customer's message is about: ${readableName(id).toLowerCase()}.` })),
  });
}

function ticketOf(row: LabelledText, id: number, outOfScopeLabel: string | null): LabelledTicket {
  return {
    // Data-set queries have no subject line: the whole query is the first message.
    ticket: {
      id,
      subject: "",
      description: row.text,
      comments: [],
      status: "new",
      priority: null,
      channel: "email",
      tags: [],
      requesterTags: [],
      organizationTags: [],
    },
    truth: row.label === outOfScopeLabel ? null : intentId(row.label),
  };
}

export function loadScenario(data: ScenarioData, dataRoot: string, tickets: number, seed: number): Scenario {
  // The presets already say which files and splits make up each data set's train and test sides.
  const preset = getPreset(data, dataRoot);
  const outOfScope = preset.recipe.outOfScopeLabel;
  const train = loadDataSources(preset.train, dataRoot);
  const test = loadDataSources(preset.test, dataRoot);
  if (tickets > train.length) throw new Error(`--tickets ${tickets}: ${data}'s train split has only ${train.length} examples`);
  const taxonomy = taxonomyFromLabels(train.map((row) => row.label).filter((label) => label !== outOfScope));
  const rulesFile = fileURLToPath(new URL(`./rules/${data}.yaml`, import.meta.url));
  const table = parseRuleSource(readFileSync(rulesFile, "utf8"), "yaml");
  const order = new SeededRandom(seed).shuffle(train.map((_, i) => i));
  return {
    data,
    taxonomy,
    table,
    rulesFile,
    stream: order.slice(0, tickets).map((index, position) => ticketOf(train[index]!, position + 1, outOfScope)),
    test: test.map((row, i) => ticketOf(row, 1_000_000 + i, outOfScope)),
  };
}
