import { SeededRandom } from "./random.js";

/**
 * Real tickets arrive framed: a greeting, an order number or the product, a sign-off with a name. Curated
 * training sets (Bitext) are bare one-line requests, so a model trained on them reads the framing as evidence
 * of something else (on the project's realistic tickets: out of scope). Framed copies of the training examples,
 * the same framing for every class, teach it that the framing says nothing about the intent.
 *
 * The phrases are written for this project. `{order}`, `{product}` and `{name}` are filled in per copy.
 */
const GREETINGS = [
  "Hi,",
  "Hello,",
  "Hi team,",
  "Hello there,",
  "Hey,",
  "Good morning,",
  "Good afternoon,",
  "Dear Sir or Madam,",
  "Dear support team,",
  "Hi {name},",
  "hey guys",
  "Hello, hope you are well.",
];

const CONTEXT = [
  "My order number is {order}.",
  "This is about order {order}.",
  "Order {order}.",
  "It's about the {product} I bought last week.",
  "I ordered a {product} from you recently.",
  "re: {product}",
  "Subject: {product} order {order}",
  "I have been a customer for years.",
  "I already wrote to you yesterday.",
  "Sorry to bother you again.",
];

const SIGN_OFFS = [
  "Thanks,",
  "Thank you!",
  "Thanks in advance.",
  "thx",
  "Regards, {name}",
  "Kind regards, {name}",
  "Best wishes, {name}",
  "Cheers, {name}",
  "Many thanks, {name}",
  "Thank you for your help.",
  "Please get back to me soon.",
  "Sent from my phone",
];

const NAMES = ["Maria", "Tom", "J. Smith", "Aisha", "Lukas", "Chen", "Sophie", "Daniel", "Priya", "Olu", "Marta", "K. Novak"];
const PRODUCTS = ["kettle", "hoodie", "running shoes", "phone case", "desk lamp", "backpack", "blender", "jacket", "headphones", "sofa cushion"];

function pick<T>(items: readonly T[], random: SeededRandom): T {
  return items[random.int(items.length)]!;
}

function fill(template: string, random: SeededRandom): string {
  return template
    .replace("{name}", pick(NAMES, random))
    .replace("{product}", pick(PRODUCTS, random))
    .replace("{order}", `${random.next() < 0.5 ? "#" : "A-"}${10000 + random.int(90000)}`);
}

/** One framed copy of `text`: some of greeting, context (before or after), sign-off around it (never none). */
export function frameLikeATicket(text: string, random: SeededRandom): string {
  const greet = random.next() < 0.6;
  const context = random.next() < 0.4;
  const signOff = random.next() < 0.6 || (!greet && !context);
  const before: string[] = greet ? [fill(pick(GREETINGS, random), random)] : [];
  const after: string[] = [];
  if (context) (random.next() < 0.5 ? before : after).push(fill(pick(CONTEXT, random), random));
  if (signOff) after.push(fill(pick(SIGN_OFFS, random), random));
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
