import type { TrainingExample } from "./train-intent-model.js";

/**
 * An intent's name as one more training example of it ("Card arrival", or the id `card_arrival` read as words).
 * With five examples per intent the name is often the one text that says what the intent is about: on a dev split of
 * BANKING77 train (bench/model/few-shot.ts --dev), 5-shot 67.3% -> 70.6%, 10-shot 77.4% -> 78.4%. Trained on only,
 * never validated on (a name is not a ticket).
 */
export const INTENT_NAMES_FILE = "(intent names)";

/** `card_arrival` / `card-arrival` / `cardArrival` -> "card arrival"; null when nothing of it is a word (numeric ids). */
export function readableIntentId(id: string): string | null {
  const words = id
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/[_\-.:/]+/g, " ")
    .trim()
    .toLowerCase();
  return /\p{L}/u.test(words) ? words : null;
}

/**
 * One example per label: its given name, else its id read as words; none for the out-of-scope label (its name says
 * nothing about what it holds) or for an id with no letter in it.
 */
export function intentNameExamples(
  labels: Iterable<string>,
  names: Readonly<Record<string, string>> = {},
  outOfScopeLabel: string | null = null,
): TrainingExample[] {
  const examples: TrainingExample[] = [];
  for (const label of [...new Set(labels)].sort()) {
    if (label === outOfScopeLabel) continue;
    const text = names[label]?.trim() || readableIntentId(label);
    if (text) examples.push({ text, label, file: INTENT_NAMES_FILE, line: examples.length + 1, trainOnly: true });
  }
  return examples;
}
