/**
 * The languages a model's training texts are in (ISO 639-1), for the exported config's `languages`: the cascade
 * does not let the model decide a ticket in a language it never saw (the LLM tier is asked instead). A language
 * counts when it holds at least 0.5% of the texts long enough to tell (20+ characters) and at least 5 of them (in
 * sets of 20+): eld puts 0.03% of the shipped model's 29,448 English training texts in some other language (it, ca,
 * no, ms, fr, sv: 1-3 each), far below both, while 200 German examples among 20,000 English ones count.
 * Uses eld, as the Worker's language signal does.
 */
import { eld } from "eld/small";

const MIN_CHARS = 20;
const MIN_SHARE = 0.005;
const MIN_COUNT = 5;

export function trainingLanguages(texts: Iterable<string>): string[] {
  const counts = new Map<string, number>();
  let total = 0;
  for (const text of texts) {
    if (text.length < MIN_CHARS) continue;
    const language = eld.detect(text).language;
    if (!language) continue;
    counts.set(language, (counts.get(language) ?? 0) + 1);
    total++;
  }
  const languages = [...counts.entries()].filter(([, n]) => n >= total * MIN_SHARE && (n >= MIN_COUNT || total < 20)).map(([language]) => language);
  return languages.length ? languages.sort() : ["en"];
}
