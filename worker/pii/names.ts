/**
 * Personal names without an NER model: the requester's own name (from Zendesk, passed in by the caller), a
 * gazetteer of common given names and surnames written for this project (the languages our desks see: English,
 * German, Dutch, Nordic, French, Spanish, Italian, Portuguese, Polish, Turkish, Arabic, Indian, Chinese, Japanese,
 * Korean, Vietnamese), and the phrasings that introduce a name ("my name is", "Mr.", a greeting, a sign-off).
 * Pure; every pattern is linear-time.
 *
 * Given names that are also everyday words (Will, May, Mark, Grace, Bill...) are not in the gazetteer: they are
 * found only in a name phrasing or as the requester's name.
 */

const GIVEN = `
aaron abigail adam adrian ahmed aiden aisha akira alan albert alejandro aleksandra alex alexander alexandra alexis ali alice alicia
alina amelia amir amy ana andrea andreas andrew andrzej angela anita anja ann anna anne annika anthony antoine antonio arjun astrid
ayumi barbara beatriz ben benjamin bernd birgit bjorn brian bruno camille carla carlos carmen caroline catherine charlotte chen
chloe christian christina christine christoph claire claudia daniel daniela david deepak diana diego dimitri dominik dorothea
edward eleanor elena elif elisabeth elizabeth ella emilia emily emma emre eric erik eva fabian fatima felix fernando fiona florian
francesca francesco franziska freya gabriel gabriela george giorgio giulia giuseppe greta hana hannah hans harald harper hassan
heike helen helena henrik hiroshi holger ines ingrid isabel isabella ivan jakob jakub james jan jane janet jasmin javier jean
jennifer jens jessica joanna johan johannes john jonas jonathan jordi jorge jose josef joseph juan julia julian juliette julien
jurgen justin kai karen karin katarzyna katharina kathrin katja kenji kevin kim klaus kristina lars laura lea lena leon leonie
li lina linda lisa liam lotte louis louise luca lucas lucia lukas magdalena maja malte manuel marco marcus margaret maria marie
marina mario marta martin martina mateo matteo matthew matthias max maximilian mehmet mei melanie mia michael michaela michal
michelle miguel mika mohammed monika muhammad nadia natalia nathalie nicolas nicole niklas nils nina noah noor nora olga oliver
olivia omar oscar pablo paolo patricia patrick paul paula pedro peter petra philipp pierre pieter pooja priya rafael rahul rajesh
ralf raphael rebecca ricardo richard robert roberto sabine sakura samuel sandra sara sarah sascha sebastian sergio simon simone
sofia sophia sophie stefan stefanie stephanie steven susanne sven svenja tanja thomas tim timo tobias tomasz torsten ulrike ursula
valentina vanessa vera victoria vikram wei wolfgang xavier yasmin yuki yusuf zeynep zoe
`;

const SURNAMES = `
anderson bailey baker becker bergmann bernard bianchi braun brown campbell chen clark colombo costa davies davis dubois eriksson
esposito fernandez fischer garcia gonzalez green hall hansen harris hartmann hernandez hoffmann huber jackson jensen johansson
johnson jones kaya keller khan kim klein koch kowalski kruger lambert lang larsen lee lewis lopez lorenz martin martinez meyer
miller moore moreau muller murphy nakamura nguyen nielsen novak olsen patel perez peters petersen richter ricci roberts robinson
rodriguez romano rossi sanchez santos sato schmidt schneider schmitz schulz schwarz scott silva singh smith suzuki
tanaka taylor thomas thompson torres wagner walker wang weber white williams wilson wolf wright yamamoto yilmaz young zhang
zimmermann
`;

function set(words: string): ReadonlySet<string> {
  return new Set(words.split(/\s+/).filter(Boolean));
}

export const GIVEN_NAMES = set(GIVEN);
export const SURNAME_SET = set(SURNAMES);

/** Capitalised words that follow a name often but are not part of it (so "Anna Please" stays "Anna"). */
const NOT_A_NAME = set(`
i the a an and or but please thanks thank hi hello dear hey regards best cheers order ticket support team customer service
monday tuesday wednesday thursday friday saturday sunday january february march april june july august september october
november december from at in on to for with my our your is was here there this that it we you he she they sincerely
faithfully truly wishes again also just very not
`);

/** Folds accents and case, so "Jürgen" and "JURGEN" find "jurgen". */
export function foldName(word: string): string {
  return word.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

const CAP = String.raw`\p{Lu}[\p{L}'’-]{1,30}`;
const WORD_START = String.raw`(?<![\p{L}\p{N}_])`;
const WORD_END = String.raw`(?![\p{L}\p{N}_])`;

/** A capitalised word and up to two more (a full name), each checked by `keep`. */
function extend(text: string, end: number): number {
  const next = /^ (\p{Lu}[\p{L}'’-]{1,30})/u;
  for (let i = 0; i < 2; i++) {
    const m = next.exec(text.slice(end, end + 40));
    if (!m || NOT_A_NAME.has(foldName(m[1]!))) break;
    end += m[0].length;
  }
  return end;
}

/** Every gazetteer given name (capitalised), with the capitalised words after it that look like its surname. */
export function* gazetteerNames(text: string): Generator<{ start: number; end: number }> {
  const re = new RegExp(`${WORD_START}${CAP}${WORD_END}`, "gu");
  for (const m of text.matchAll(re)) {
    const word = foldName(m[0]);
    if (!GIVEN_NAMES.has(word)) continue;
    // "ANNA" in a shouted sentence is still a name; "Anna" is the usual case.
    yield { start: m.index!, end: extend(text, m.index! + m[0].length) };
  }
  // A known surname after a title or a capitalised word that is not a given name we know ("Priyanka Patel").
  const pair = new RegExp(`${WORD_START}(${CAP}) (${CAP})${WORD_END}`, "gu");
  for (const m of text.matchAll(pair)) {
    if (SURNAME_SET.has(foldName(m[2]!)) && !NOT_A_NAME.has(foldName(m[1]!))) yield { start: m.index!, end: m.index! + m[0].length };
  }
}

/** Phrasings that introduce a name: the capitalised words after them are the name, in any language we list. */
const INTRODUCED = new RegExp(
  [
    String.raw`\b(?:my name is|my name's|name:|this is|i am|i'm|signed|ich heiße|ich heisse|mein name ist|je m'appelle|je suis|me llamo|mi nombre es|soy|mi chiamo|mijn naam is|ik ben|jag heter)\s+`,
    String.raw`\b(?:mr|mrs|ms|miss|mx|dr|prof|herr|frau|mme|mlle|sr|sra|srta|sig|sig\.ra|dhr|mevr)\.?\s+`,
    String.raw`\bM\.\s+`,
    String.raw`(?:^|\n)[ \t]*(?:hi|hello|dear|hey|hallo|liebe|lieber|guten tag|bonjour|salut|hola|estimado|estimada|ciao|buongiorno|hej|beste)[ \t]+`,
    String.raw`(?:^|\n|[.!?] )[ \t]*(?:thanks|thank you|many thanks|regards|best regards|kind regards|warm regards|best|cheers|sincerely|yours|viele grüße|liebe grüße|mit freundlichen grüßen|grüße|gruß|lg|mfg|cordialement|merci|bien à vous|saludos|un saludo|atentamente|cordiali saluti|saluti|grazie|met vriendelijke groet|groeten|mvh|hälsningar)[,!.]?(?:[ \t]*\n[ \t]*|[ \t]+)(?:-[ \t]*)?`,
    String.raw`(?:^|\n)[ \t]*[-–—]{1,2}[ \t]*`,
  ].join("|"),
  "giu",
);
/** The text's last line or sentence when it is only one to three capitalised words (not the whole text): a signature. */
const SIGNATURE = /(?:\n|[.!?] )(?=\p{Lu}[\p{L}'’-]{1,30}(?: \p{Lu}[\p{L}'’-]{1,30}){0,2}\s*$)/gu;

/** The capitalised words right after a name phrasing (a sign-off line's name, the "Mr." in "Mr. Olawale"). */
export function* introducedNames(text: string): Generator<{ start: number; end: number }> {
  const first = new RegExp(`^${CAP}${WORD_END}`, "u");
  for (const m of [...text.matchAll(INTRODUCED), ...text.matchAll(SIGNATURE)]) {
    const at = m.index! + m[0].length;
    const head = first.exec(text.slice(at, at + 40));
    if (!head || NOT_A_NAME.has(foldName(head[0]))) continue;
    yield { start: at, end: extend(text, at + head[0].length) };
  }
}

/** Name parts worth finding on their own: words of 2+ letters that are not particles ("van", "de", "von"). */
const PARTICLES = set("van von der den de del della di da dos du la le el al bin ibn mc st");

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Every occurrence of a known name (the requester's from Zendesk): the full name and each part on its own,
 * case- and accent-insensitively ("anna", "SCHMIDT", "Müller" for "Mueller" is not folded: only accents are).
 */
export function* knownNames(text: string, names: readonly string[]): Generator<{ start: number; end: number }> {
  const parts = new Set<string>();
  for (const name of names.slice(0, 10)) {
    const clean = name.trim().slice(0, 100);
    if (!clean || clean.includes("@")) continue;
    const words = clean.split(/[\s,]+/).filter((w) => w.replace(/[^\p{L}]/gu, "").length >= 2 && !PARTICLES.has(foldName(w)));
    if (words.length > 1) parts.add(words.join(" "));
    for (const w of words) parts.add(w.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, ""));
  }
  const alternatives = [...parts]
    .filter((p) => p.length >= 2)
    .sort((a, b) => b.length - a.length)
    .map((p) => escapeRegex(foldName(p)).replace(/ /g, "\\s+"));
  if (alternatives.length === 0) return;
  // Match on the folded text (same length as the original for Latin letters with combining accents folded away).
  const folded = foldAligned(text);
  const re = new RegExp(`${WORD_START}(?:${alternatives.join("|")})${WORD_END}`, "gu");
  for (const m of folded.matchAll(re)) yield { start: m.index!, end: m.index! + m[0].length };
}

/** Lower-cases and strips accents character by character, keeping every index where it was in `text`. */
function foldAligned(text: string): string {
  let out = "";
  for (const ch of text) {
    const f = foldName(ch);
    out += f.length === ch.length ? f : ch.toLowerCase().length === ch.length ? ch.toLowerCase() : ch;
  }
  return out;
}
