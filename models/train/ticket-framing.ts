import { eld } from "eld/small";
import { SeededRandom } from "./random.js";
import { FRAMING_PHRASEBOOKS, type FramingPhrasebook } from "./ticket-framing-phrases.js";

/**
 * Real tickets arrive framed: a greeting, an order number or the product, a sign-off with a name. Curated
 * training sets (Bitext) are bare one-line requests, so a model trained on them reads the framing as evidence
 * of something else (on the project's realistic tickets: out of scope). Framed copies of the training examples,
 * the same framing for every class, teach it that the framing says nothing about the intent. Each copy is framed
 * in the text's own language (eld, texts of 20+ characters; English otherwise and for languages without a
 * phrasebook).
 */
const NAMES = ["Maria", "Tom", "J. Smith", "Aisha", "Lukas", "Chen", "Sophie", "Daniel", "Priya", "Olu", "Marta", "K. Novak"];

function phrasebookFor(text: string): FramingPhrasebook {
  if (text.length < 20) return FRAMING_PHRASEBOOKS.en;
  const language = eld.detect(text).language;
  return language in FRAMING_PHRASEBOOKS ? FRAMING_PHRASEBOOKS[language as keyof typeof FRAMING_PHRASEBOOKS] : FRAMING_PHRASEBOOKS.en;
}

function pick<T>(items: readonly T[], random: SeededRandom): T {
  return items[random.int(items.length)]!;
}

function fill(template: string, book: FramingPhrasebook, random: SeededRandom): string {
  return template
    .replace("{name}", pick(NAMES, random))
    .replace("{product}", pick(book.products, random))
    .replace("{order}", `${random.next() < 0.5 ? "#" : "A-"}${10000 + random.int(90000)}`);
}

/** One framed copy of `text`: some of greeting, context (before or after), sign-off around it (never none). */
export function frameLikeATicket(text: string, random: SeededRandom): string {
  const book = phrasebookFor(text);
  const greet = random.next() < 0.6;
  const context = random.next() < 0.4;
  const signOff = random.next() < 0.6 || (!greet && !context);
  const before: string[] = greet ? [fill(pick(book.greetings, random), book, random)] : [];
  const after: string[] = [];
  if (context) (random.next() < 0.5 ? before : after).push(fill(pick(book.context, random), book, random));
  if (signOff) after.push(fill(pick(book.signOffs, random), book, random));
  return [...before, text, ...after].join(" ");
}

/** The examples plus `copies` framed copies of each (same label and weight), deterministic for a seed. */
export function withFramedCopies<T extends { readonly text: string }>(examples: readonly T[], copies: number, seed: number): T[] {
  const random = new SeededRandom(seed);
  const framed: T[] = [];
  for (let copy = 0; copy < copies; copy++) {
    for (const example of examples) framed.push({ ...example, text: frameLikeATicket(example.text, random) });
  }
  return [...examples, ...framed];
}
