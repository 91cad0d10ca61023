// Sentiment of a customer-support message on Zendesk's five levels, plus the signals that drive priority
// (anger, urgency, legal, repeat_contact, security, outage) and a short evidence list for the "why" note.
//
// Pure: no I/O, no Node APIs, no clocks; runs in workerd. How it works:
//   1. a general-English lexicon library (wink-sentiment: AFINN-165 + emoji + emoticons, with its own negation)
//      scores the words it knows;
//   2. the support-domain layer below overrides the library where support language differs from general
//      English ("please help", "charged", "error" are not feelings in a ticket), adds phrases and sarcasm,
//      handles negation for its own words, and scales by caps / "!!!" intensity;
//   3. the total is mapped to five levels with fixed thresholds; anger forces very_negative.
// All word lists, phrases and regexes are in the DATA section; the logic below it has no words in it.
// Measured quality and its limits: test/fixtures/signals/README.md and `npx tsx bench/signals/compare.ts`.

import winkSentiment from "wink-sentiment";
import { foldLetters, foldRegExp, foldText } from "./fold";
import { GERMAN } from "./lexicon-de";
import { SPANISH } from "./lexicon-es";
import { FRENCH } from "./lexicon-fr";
import { DUTCH } from "./lexicon-nl";
import { PORTUGUESE } from "./lexicon-pt";
import type { PhraseRule, Sentiment, SentimentLexicon, SentimentResult, Signal, SignalPattern, SignalPatterns, WordScore } from "./types";

// ============================================================================================== DATA

/** Emoji the library lacks or underrates; shared by every language. */
export const SYMBOL_WORDS: Readonly<Record<string, WordScore>> = {
  "🙄": { score: -2 },
  "😡": { score: -3, anger: true },
  "🤬": { score: -4, anger: true },
  "😤": { score: -2 },
};

/**
 * Support-register word scores. They REPLACE the library's score for the word (0 silences it).
 * `anger: true` marks hostility: any non-negated hit raises the `anger` signal (and very_negative).
 */
export const DOMAIN_WORDS: Readonly<Record<string, WordScore>> = {
  // Politeness, task and product words that AFINN scores but that carry no feeling in a ticket.
  please: { score: 0 },
  help: { score: 0 },
  helps: { score: 0 },
  like: { score: 0 },
  want: { score: 0 },
  support: { score: 0 },
  supports: { score: 0 },
  work: { score: 0 },
  working: { score: 0 },
  works: { score: 0 },
  legal: { score: 0 },
  urgent: { score: 0 },
  charged: { score: 0 },
  charges: { score: 0 },
  charge: { score: 0 },
  gift: { score: 0 },
  fortune: { score: 0 },
  loyal: { score: 0 },
  straight: { score: 0 },
  share: { score: 0 },
  matter: { score: 0 },
  solution: { score: 0 },
  favourite: { score: 0 },
  favorite: { score: 0 },
  important: { score: 0 },
  save: { score: 0 },
  free: { score: 0 },
  clear: { score: 0 },
  pretty: { score: 0 },
  block: { score: 0 },
  blocked: { score: 0 },
  cancel: { score: 0 },
  cancelled: { score: 0 },
  canceled: { score: 0 },
  cancelling: { score: 0 },
  stop: { score: 0 },
  stopped: { score: 0 },
  limit: { score: 0 },
  limits: { score: 0 },
  error: { score: 0 },
  errors: { score: 0 },
  stuck: { score: 0 },
  wrong: { score: 0 },
  lost: { score: 0 },
  suspicious: { score: 0 },
  accidentally: { score: 0 },
  fail: { score: 0 },
  fails: { score: 0 },
  failed: { score: 0 },
  failing: { score: 0 },
  missing: { score: 0 },
  warning: { score: 0 },
  fraud: { score: 0 },
  dispute: { score: 0 },
  breach: { score: 0 },
  leaked: { score: 0 },
  outage: { score: 0 },
  trouble: { score: 0 },
  problem: { score: 0 },
  problems: { score: 0 },
  issue: { score: 0 },
  issues: { score: 0 },
  delayed: { score: 0 },
  restore: { score: 0 },
  empty: { score: 0 },
  cuts: { score: 0 },
  no: { score: 0 },
  yes: { score: 0 },
  ok: { score: 0 },
  okay: { score: 0 },
  fine: { score: 0 },
  sorry: { score: 0 },
  hope: { score: 0 },
  true: { score: 0 },
  expired: { score: 0 },
  kind: { score: 0 },
  sure: { score: 0 },
  god: { score: 0 },
  pay: { score: 0 },
  "no problem": { score: 0 },
  critical: { score: 0 },
  unreachable: { score: 0 },
  crash: { score: 0 },
  crashes: { score: 0 },
  crashing: { score: 0 },
  hard: { score: 0 },
  slow: { score: 0 },
  profit: { score: 0 },
  profits: { score: 0 },
  fixed: { score: 0 },
  // Hostility: strong enough that one word means an angry customer.
  furious: { score: -4, anger: true },
  fuming: { score: -5, anger: true },
  livid: { score: -4, anger: true },
  disgusted: { score: -4, anger: true },
  disgusting: { score: -4, anger: true },
  disgraceful: { score: -4, anger: true },
  pathetic: { score: -4, anger: true },
  incompetent: { score: -4, anger: true },
  unacceptable: { score: -4, anger: true },
  ridiculous: { score: -4, anger: true },
  garbage: { score: -4, anger: true },
  scam: { score: -4, anger: true },
  horrible: { score: -4, anger: true },
  terrible: { score: -4, anger: true },
  worst: { score: -4, anger: true },
  harassment: { score: -4, anger: true },
  idiots: { score: -4, anger: true },
  joke: { score: -3, anger: true },
  ripoff: { score: -4, anger: true },
  outrageous: { score: -4, anger: true },
  shameful: { score: -4, anger: true },
  appalling: { score: -4, anger: true },
  clowns: { score: -4, anger: true },
  crooks: { score: -4, anger: true },
  // Dissatisfaction without hostility.
  awful: { score: -3 },
  useless: { score: -3 },
  unbelievable: { score: -3 },
  disaster: { score: -3 },
  frustrating: { score: -2 },
  frustrated: { score: -2 },
  disappointing: { score: -2 },
  disappointed: { score: -2 },
  unhappy: { score: -2 },
  confusing: { score: -2 },
  annoying: { score: -2 },
  annoyed: { score: -2 },
  mess: { score: -2 },
  downhill: { score: -2 },
  sneaky: { score: -2 },
  censorship: { score: -2 },
  stressing: { score: -2 },
  stressed: { score: -2 },
  meh: { score: -2 },
  ugh: { score: -2 },
  damaged: { score: -2 },
  broken: { score: -2 },
  broke: { score: -2 },
  breaks: { score: -2 },
  soaked: { score: -1 },
  stale: { score: -1 },
  // Support-flavoured praise the library misses or underrates.
  thx: { score: 2 },
  cheers: { score: 2 },
  sorted: { score: 1 },
  solved: { score: 2 },
  lovely: { score: 3 },
  delighted: { score: 4 },
  excellent: { score: 4 },
  exceptional: { score: 4 },
  outstanding: { score: 4 },
  superb: { score: 4 },
  incredible: { score: 4 },
  rescued: { score: 3 },
  recommending: { score: 2 },
  recommend: { score: 2 },
  smooth: { score: 1 },
  best: { score: 4 },
  // Emoji the library lacks or underrates.
  ...SYMBOL_WORDS,
};

/**
 * Multi-word phrases (matched on the lower-cased text). `anger` as above; `sarcasm` flips the praise in the
 * message; `silence` drops the scores of the words inside the match (a wish or a sign-off is not praise).
 */
export const DOMAIN_PHRASES: readonly PhraseRule[] = [
  { re: /\b(?:not|isn't|is not|doesn't|does not|didn't|did not|don't|won't|still not|never) work(?:ing|s|ed)?\b/, score: -2, label: "not working" },
  { re: /\b(?:works?|worked|working)(?: \w+)? (?:now|perfectly|fine|great|again|well)\b/, score: 2, label: "works now" },
  { re: /\b(?:(?:that|it|this) (?:fixed|solved|sorted) it|problem solved|all (?:sorted|good)|fixed it)\b/, score: 2, label: "problem solved" },
  { re: /\b(?:still|yet) (?:no|not|hasn't|haven't|isn't|doesn't|can't|waiting|broken|there)\b/, score: -1, label: "still not fixed" },
  { re: /\b(?:broken|down|late|crash\w*|fail\w*|charged|billed|happening|locked|working)\b[^.!?]{0,25}\bagain\b/, score: -1, label: "again" },
  { re: /\bnot (?:great|ideal|good enough|ok|okay|acceptable)\b/, score: -2, label: "not great" },
  { re: /\bnot (?:happy|impressed|satisfied|pleased)\b/, score: -1, label: "not happy" },
  { re: /\b(?:so|too|really|very|extremely) (?:hard|difficult|complicated|slow|expensive)\b/, score: -2, label: "too hard/slow" },
  { re: /\bkeeps? (?:happening|failing|crashing|breaking|freezing)\b/, score: -2, label: "keeps happening" },
  { re: /\bwhy do (?:i|we) (?:have|need) to\b/, score: -2, label: "why do I have to" },
  // Counting one's own contacts ("third email", "called four times") is frustration, not just a follow-up.
  {
    re: /\b(?:second|third|fourth|fifth|sixth|2nd|3rd|4th|5th|6th|\d+th) (?:time|email|e-mail|message|request|call)\b|\b(?:called|emailed|contacted|written|wrote|messaged|asked|chased)\b[^.!?]{0,25}\b(?:two|three|four|five|six|several|multiple|many|\d+) times\b/,
    score: -2,
    label: "contacted again and again",
  },
  // Legal threats are negative even when polite.
  {
    re: /\bchargeback\b|\b(?:my|our) (?:lawyer|attorney|solicitor)\b|\b(?:bbb|better business bureau|ombudsman|consumer protection|small claims|formal notice)\b|\bdispute\b[^.!?]{0,40}\b(?:payment|charges?|transaction|card|paypal)\b|\blegal (?:department|dept)\b[^.!?]{0,60}\b(?:escalate|breach)\b/,
    score: -2,
    label: "legal threat",
  },
  { re: /\b(?:this is|that'?s|it'?s|you are|you're) (?:fraud|theft|stealing|illegal|criminal|a scam)\b/, score: -2, label: "accuses us of fraud", anger: true },
  // A plea in a problem report: stress, not calm.
  { re: /\b(?:please )?help\s*!|\bhelp asap\b|\bstressing me\b|\bi'?m (?:really |so )?(?:worried|scared|panicking)\b/, score: -2, label: "plea for help" },
  // "Thanks." closing a request, or "Best regards", is politeness, not praise.
  {
    re: /(?:\?|\bplease\b[^.!?]*[.!])\s*(?:thanks|thank you|thx|cheers|ty)\b[\s.!]*$|\bthanks in advance\b/,
    score: 0,
    label: "polite sign-off",
    silence: true,
  },
  { re: /\b(?:best|kind|warm) (?:regards|wishes)\b|\ball the best\b/, score: 0, label: "sign-off", silence: true },
  // A wish is not praise ("it would be nice to ...").
  { re: /\bwould (?:be|make it) (?:so )?(?:nice|great|handy|helpful|good|awesome|cool|lovely)\b/, score: 0, label: "a wish, not praise", silence: true },
  { re: /\bbest\b[^.!?]{0,40}\bever\b/, score: 4, label: "best ... ever" },
  { re: /\bthanks for nothing\b/, score: -4, label: "thanks for nothing", sarcasm: true },
  { re: /\bonly took (?:you )?\d+ \w+/, score: -3, label: "only took you N days", sarcasm: true },
  { re: /\bit'?s not like (?:i|we) (?:have|had)\b/, score: -3, label: "it's not like I have...", sarcasm: true },
  { re: /\bnice to see\b[^.!?]*\bstill\b/, score: -3, label: "nice to see ... still", sarcasm: true },
  { re: /\bwhat a joke\b/, score: -4, label: "what a joke", anger: true },
  { re: /\bare you (?:kidding|serious|joking)\b/, score: -4, label: "are you kidding", anger: true },
  { re: /\bseriously\?!/, score: -2, label: "seriously?!", anger: true },
  { re: /\byou people\b/, score: -3, label: "you people", anger: true },
  { re: /\bshame on you\b/, score: -4, label: "shame on you", anger: true },
  { re: /\bnever (?:buying|ordering|using|shopping|again)\b/, score: -3, label: "never again", anger: true },
  { re: /\bi'?m done\b/, score: -2, label: "I'm done", anger: true },
  { re: /\bsee you in court\b/, score: -3, label: "see you in court", anger: true },
  { re: /\bdon'?t tempt me\b/, score: -3, label: "don't tempt me", anger: true },
  { re: /\b(?:waste of (?:time|money)|rip[- ]off)\b/, score: -4, label: "rip-off", anger: true },
  { re: /\babove and beyond\b/, score: 4, label: "above and beyond" },
  { re: /\byou (?:guys )?rock\b/, score: 4, label: "you rock" },
  { re: /\b(?:5|five) stars?\b/, score: 3, label: "5 stars" },
  { re: /\bcan'?t thank you enough\b/, score: 5, label: "can't thank you enough" },
  { re: /\bkeep up the (?:great|good) work\b/, score: 2, label: "keep up the good work" },
  { re: /\bsaved (?:my|our|the)\b/, score: 3, label: "saved my ..." },
  { re: /\bexactly what (?:i|we) needed\b/, score: 3, label: "exactly what I needed" },
  { re: /\bwithout hesitation\b/, score: 2, label: "without hesitation" },
  { re: /\bwill definitely\b/, score: 1, label: "will definitely" },
];

/** Praise words that, next to a reported failure, are sarcasm ("Oh great, charged twice"). */
const SARCASM_OPENER = /^\s*(?:oh,? )?(?:great|wonderful|fantastic|brilliant|perfect|lovely|nice|wow|sure|awesome)\b[\s,.!]/;
const SARCASM_CLOSER = /(?:\b(?:love it|brilliant|fantastic job|great job|well done|impressive|awesome)\b[^a-z]*(?:really)?[^a-z]*)$/;
/** A reported failure: what turns an opener/closer above into sarcasm. */
const FAILURE_WORDS = /\b(?:again|another|breaks?|broke|broken|charged|cancel+ed|hung up|lost|deleted|crash\w*|fail\w*|can'?t|still)\b/;

/** Words that negate a domain word up to NEGATION_WINDOW tokens later, within the same clause. */
const NEGATORS = [
  "not",
  "no",
  "never",
  "without",
  "hardly",
  "nothing",
  "nobody",
  "none",
  "neither",
  "nor",
  "cannot",
  "don't",
  "doesn't",
  "didn't",
  "isn't",
  "aren't",
  "wasn't",
  "weren't",
  "won't",
  "wouldn't",
  "can't",
  "couldn't",
  "shouldn't",
  "haven't",
  "hasn't",
  "hadn't",
  "dont",
  "doesnt",
  "didnt",
  "isnt",
  "cant",
  "wont",
];
const NEGATION_WINDOW = 3;

/** All-caps tokens that are acronyms, not shouting (every language; a lexicon may add its own). */
const ACRONYMS = new Set([
  "API",
  "CSV",
  "PDF",
  "SSO",
  "URL",
  "UTC",
  "CET",
  "EST",
  "PST",
  "GMT",
  "USD",
  "EUR",
  "GBP",
  "VAT",
  "DPA",
  "GDPR",
  "BBB",
  "SLA",
  "POS",
  "SAML",
  "FAQ",
  "IOS",
  "OK",
  "ASAP",
  "URGENT",
  "ID",
  "IDS",
  "IT",
  "HR",
  "CEO",
  "CTO",
  "UI",
  "UX",
  "SMS",
  "MFA",
  "2FA",
  "DNS",
  "SSL",
  "TLS",
  "HTTP",
  "HTTPS",
  "JSON",
  "XML",
  "SQL",
  "AWS",
  "EU",
  "US",
  "UK",
  "PM",
  "AM",
  "EOD",
  "ETA",
  "FYI",
  "CRM",
  "ERP",
  "SKU",
  "RMA",
  "IBAN",
  "PIN",
  "OTP",
  "VPN",
  "IP",
  "USB",
  "TV",
  "PS",
  "NB",
  "FTC",
  "CFPB",
  "ACH",
  "KYC",
  "AI",
  "I",
]);

/** Signals other than anger, as regexes on the lower-cased text; `unless` vetoes a match. */
export const SIGNAL_PATTERNS: SignalPatterns = {
  urgency: {
    re: [
      /\b(?:urgent(?:ly)?|asap|a\.s\.a\.p|immediately|right away|emergency|time[- ]sensitive|expedite|as soon as possible)\b/,
      /\b(?:need\w*|due|by|before|until|back|call me)\b[^.!?]{0,30}\b(?:today|tonight|tomorrow|this week|end of (?:the )?day|eod|\d{1,2} ?(?:am|pm))\b/,
      /\b(?:today|tonight|tomorrow)\b[^.!?]{0,20}\b(?:deadline|due|launch|demo|payroll|event|exam)\b/,
      /\b(?:by|before|until) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/,
      /\b(?:event|launch|demo|deadline|payroll|registration)\b[^.!?]{0,30}\b(?:is |are )?(?:on|in|opens in|due|tomorrow|today|thursday|friday)\b/,
      /\b(?:starts?|opens?|begins?|due|demo|meeting|call|presentation|launch|flight|event)\b[^.!?]{0,20}\bin (?:an?|\d+) (?:hour|hours|minutes|mins)\b/,
      /\b(?:expires?|expiring|ends?|closes?|starts?|submission|deadline|exam|launch|demo|meeting|flight|event|payroll)\b[^.!?]{0,20}\b(?:today|tonight|tomorrow)\b/,
      /\b(?:refund|fix|call|reply|respond|cancel|roll)\b[^.!?]{0,30}\bnow\b/,
      /\bhelp\s*!/,
      /\b(?:critical|business[- ]critical) for us\b|\bthis is critical\b/,
      /\bpeak (?:sales )?day\b|\bbusy (?:saturday|day|weekend)\b/,
    ],
    /** Tested on the original text: "NOW" in caps is a demand even without "!". */
    raw: [/\bNOW\b/],
    unless: /\b(?:not urgent|no rush|no hurry|whenever you (?:can|have)|when you have a moment)\b/,
  },
  legal: {
    re: [
      /\b(?:my|our|an?) (?:lawyer|attorney|solicitor)s?\b(?! and i)/,
      /\b(?:lawsuit|sue you|suing|small claims|take (?:you|this) to court|see you in court|legal action|legal proceedings)\b/,
      /\bchargeback\b|\b(?:dispute|reverse)\b[^.!?]{0,40}\b(?:payment|charge|charges|transaction|bank|card|paypal)\b|\bopen a dispute\b/,
      /\b(?:bbb|better business bureau|consumer protection|ombudsman|trading standards|ftc|cfpb|attorney general)\b/,
      /\b(?:that'?s|this is|it'?s) illegal\b|\bformal (?:notice|complaint)\b/,
      /\bunder (?:the )?gdpr\b|\bright to (?:erasure|be forgotten)\b/,
      /\blegal (?:department|dept)\b[^.!?]{0,60}\b(?:escalate|breach|complaint)\b/,
    ],
  },
  repeat_contact: {
    re: [
      /\b(?:second|third|fourth|fifth|sixth|2nd|3rd|4th|5th|6th|\d+th) (?:time|email|e-mail|message|request|ticket|follow[- ]?up|call|attempt)\b/,
      /\bfor the (?:second|third|fourth|fifth|sixth|\d+(?:st|nd|rd|th)) time\b/,
      /\b(?:still|yet) (?:no|not (?:heard|had|received|got)|waiting)\b[^.!?]{0,20}/,
      /\b(?:no|never) (?:heard back|response|reply|answer)\b|\bnever heard\b/,
      /\bfollowing up\b|\bfollow(?:ed)? up (?:again|on (?:my|this|our))\b|\bchecking in\b/,
      /\bas i (?:said|mentioned|explained|wrote)\b|\b(?:previous|earlier|last) (?:messages?|emails?|tickets?)\b/,
      /\b(?:called|emailed|contacted|written|wrote|messaged|asked|chased)\b[^.!?]{0,25}\b(?:two|three|four|five|six|several|multiple|many|\d+) times\b/,
      /\b(?:explain|tell|ask)\w*\b[^.!?]{0,20}\bagain\b|\breopen(?:ed|ing)?\b|\bthe \d+(?:st|nd|rd|th) time\b/,
      /\b(?:asked|wrote|emailed|contacted you) (?:about )?(?:this|that)?\s*(?:last|two|three|a) (?:week|weeks|days|month)/,
    ],
  },
  security: {
    re: [
      /\b(?:hacked|compromised|account takeover|phishing|data breach|identity theft)\b/,
      /\bunauthori[sz]ed (?:access|login|charge|transaction|payment|use)\b/,
      /\b(?:don'?t|do not|didn'?t|did not) recogni[sz]e\b|\bunknown (?:device|login|session)s?\b|\blogins? from\b/,
      /\bsomeone (?:else )?(?:used|changed|accessed|logged|is logged|took|emptied|stole|has access)\b|\bby someone else\b/,
      /\b(?:api key|password|token|credentials?|secret)s?\b[^.!?]{0,40}\b(?:leaked|exposed|posted publicly|compromised|stolen)\b/,
      /\b(?:leaked|exposed) (?:my|our|the) (?:personal |customer )?(?:data|details|information)\b/,
      /\bclicked (?:on )?a link\b|\b(?:did not|didn'?t) request\b|\bwe did not do this\b|\bi didn'?t (?:do|make|write) (?:this|that|these)\b/,
      /\bemptied\b|\bblock my card\b|\bstill has (?:admin )?access\b/,
      /\bsuspicious (?:login|activity|sign[- ]?in|transaction)s?\b/,
    ],
  },
  outage: {
    re: [
      /\b(?:site|website|store|server|service|platform|api|dashboard|checkout|system|everything|database|app)\b[^.!?]{0,25}\b(?:is |are |has been |went |been )?(?:down|offline|unreachable|unavailable)\b/,
      /\bdown again\b|\boutages?\b(?! took)|\bservice unavailable\b|\bgateway timeout\b/,
      /\b5\d\d\b[^.!?]{0,30}\b(?:every|all|each)\b|\b(?:all|every) (?:requests?|pages?|payments?)\b[^.!?]{0,30}\b(?:fail\w*|error\w*|5\d\d)/,
      /\b(?:none of (?:our|the)|all (?:of )?our|any of our|for every user|for all users)\b[^.!?]{0,40}\b(?:can'?t|cannot|not|offline|fail\w*|down|access)\b/,
      /\bcompletely blocked\b|\b(?:can'?t|cannot) take (?:card )?payments\b|\btook down\b/,
      /\b(?:not|no longer)\b[^.!?]{0,30}\b(?:to|for|from) (?:any|all) (?:of )?our (?:customers|users|clients|members)\b/,
    ],
  },
};

/** English, as one lexicon among the others (the general library adds AFINN on top, see createSentimentScorer). */
export const ENGLISH: SentimentLexicon = {
  language: "en",
  folding: "lower",
  words: DOMAIN_WORDS,
  phrases: DOMAIN_PHRASES,
  negators: NEGATORS,
  negatorToken: /n't$/,
  negationWindow: NEGATION_WINDOW,
  contrast: ["but"],
  sarcasm: { opener: SARCASM_OPENER, closer: SARCASM_CLOSER, failure: FAILURE_WORDS },
  signals: SIGNAL_PATTERNS,
};

/** The languages with their own lexicon; any other language (or none, or "und") is scored as English. */
export const LEXICONS: Readonly<Record<string, SentimentLexicon>> = {
  en: ENGLISH,
  de: GERMAN,
  es: SPANISH,
  fr: FRENCH,
  pt: PORTUGUESE,
  nl: DUTCH,
};

/** Sentiment thresholds on the final score (tuned on the tuned part of the fixture only). */
export const THRESHOLDS = {
  veryNegative: -8,
  negative: -1,
  positive: 2,
  veryPositive: 4,
  /** very_positive also needs enthusiasm: a word scored >= strongPraise, manyPraise praise hits, "!!" or caps. */
  strongPraise: 4,
  manyPraise: 4,
  /** Exclamation marks past the first, and shouting, scale the score by these steps. */
  exclaimStep: 0.15,
  exclaimMaxSteps: 3,
  shoutBoost: 0.5,
  longMessageWords: 40,
  /** A scored word right after an intensifier ("sehr", "muy", "très") counts this much more (lexicons other than English). */
  intensifierBoost: 1.5,
} as const;

// ============================================================================================== LOGIC

/** One scored word from the general lexicon library. `term` is lower-cased (two words for a bigram). */
export interface LexiconHit {
  term: string;
  score: number;
  negated: boolean;
  /** "symbol": an emoji or emoticon (language-independent); "word" otherwise. */
  kind?: "word" | "symbol";
}
/** A general-English lexicon: text in, scored words out. Swappable so bench/ can compare libraries. */
export type LexiconBackend = (text: string) => LexiconHit[];

/** wink-sentiment: AFINN-165 with two-word phrases, emoji and emoticons, negation up to two words back. */
export const winkBackend: LexiconBackend = (text) => {
  // wink returns no tokenizedPhrase at all when the text has no tokens ("", "   ").
  const tokens = winkSentiment(text).tokenizedPhrase ?? [];
  const hits: LexiconHit[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!t.score) continue;
    const next = t.grouped ? tokens[i + 1] : undefined;
    const term = (next ? `${t.value} ${next.value}` : t.value).toLowerCase();
    const kind = t.tag === "emoji" || t.tag === "emoticon" ? "symbol" : "word";
    hits.push({ term, score: t.score, negated: t.negation === true, kind });
  }
  return hits;
};

/** No library: the support-domain rules alone (for comparison). */
export const noBackend: LexiconBackend = () => [];

/** Only the emoji and emoticons of a backend: what a general-English library knows that holds in every language. */
export function symbolsOnly(backend: LexiconBackend): LexiconBackend {
  return (text) => backend(text).filter((h) => h.kind === "symbol");
}

/** A lexicon made ready for matching: folded keys and regexes, sets for lookups. */
interface Compiled {
  lex: SentimentLexicon;
  words: Map<string, WordScore>;
  /** Prefix entries ("unfähig*"), longest first. */
  prefixes: Array<[string, WordScore]>;
  phrases: PhraseRule[];
  negators: Set<string>;
  postNegators: Set<string>;
  intensifiers: Set<string>;
  contrast: Set<string>;
  acronyms: Set<string>;
  signals: SignalPatterns;
  sarcasm?: SentimentLexicon["sarcasm"];
}

const compiledCache = new Map<SentimentLexicon, Compiled>();

function compile(lex: SentimentLexicon): Compiled {
  const cached = compiledCache.get(lex);
  if (cached) return cached;
  const f = lex.folding;
  const words = new Map<string, WordScore>();
  const prefixes: Array<[string, WordScore]> = [];
  // Emoji overrides hold in every language; a lexicon's own entry wins.
  for (const [key, entry] of Object.entries({ ...SYMBOL_WORDS, ...lex.words })) {
    const k = foldText(key, f);
    if (k.endsWith("*")) prefixes.push([k.slice(0, -1), entry]);
    else words.set(k, entry);
  }
  prefixes.sort((a, b) => b[0].length - a[0].length);
  const fold = (re: RegExp) => foldRegExp(re, f);
  const set = (xs: readonly string[] | undefined) => new Set((xs ?? []).map((x) => foldText(x, f)));
  const signals = Object.fromEntries(
    Object.entries(lex.signals).map(([k, v]) => [k, { re: v.re.map(fold), raw: v.raw, unless: v.unless && fold(v.unless) }]),
  ) as unknown as SignalPatterns;
  const c: Compiled = {
    lex,
    words,
    prefixes,
    phrases: lex.phrases.map((p) => ({ ...p, re: fold(p.re) })),
    negators: set(lex.negators),
    postNegators: set(lex.postNegators),
    intensifiers: set(lex.intensifiers),
    contrast: set(lex.contrast),
    acronyms: new Set([...ACRONYMS, ...(lex.acronyms ?? []).map((a) => foldLetters(a, f))]),
    signals,
    sarcasm: lex.sarcasm && { opener: fold(lex.sarcasm.opener), closer: fold(lex.sarcasm.closer), failure: fold(lex.sarcasm.failure) },
  };
  compiledCache.set(lex, c);
  return c;
}

/** The lexicon for an ISO 639-1 code ("pt-BR" → pt); English when there is none. */
export function lexiconFor(language?: string | null): SentimentLexicon {
  const code = (language ?? "").toLowerCase().split(/[-_]/)[0] ?? "";
  return LEXICONS[code] ?? ENGLISH;
}

function lookup(c: Compiled, word: string): WordScore | undefined {
  const exact = c.words.get(word);
  if (exact) return exact;
  for (const [prefix, entry] of c.prefixes) if (word.startsWith(prefix)) return entry;
  return undefined;
}

interface Token {
  /** Folded (lower-case, and the language's letter folding). */
  lower: string;
  /** `lower` without a leading elision (French "l'", "qu'"), for the word lookup. */
  key: string;
  raw: string;
  clause: number;
  /** Part of a code or format string (MM/DD/YYYY, ABC-123, v2.FOO): never shouting. */
  codeLike: boolean;
}

const TOKEN_RE = /([\p{L}\p{N}][\p{L}\p{N}'’-]*)|([.,;:!?]+)|(\p{Extended_Pictographic})/gu;

function tokenize(text: string, c: Compiled): Token[] {
  const tokens: Token[] = [];
  let clause = 0;
  for (const m of text.matchAll(TOKEN_RE)) {
    if (m[2] !== undefined) {
      clause++;
      continue;
    }
    const raw = (m[1] ?? m[3] ?? "").replace(/’/g, "'");
    const lower = foldText(raw, c.lex.folding);
    if (c.contrast.has(lower)) clause++;
    const start = m.index ?? 0;
    const before = text[start - 1] ?? " ";
    const after = text[start + m[0].length] ?? " ";
    const codeLike =
      /[/_\d.#@=-]/.test(before) || /[/_\d#@=]/.test(after) || /[-.]\w/.test(text.slice(start + m[0].length, start + m[0].length + 2)) || /\d|-/.test(raw);
    const key = c.lex.elision ? lower.replace(c.lex.elision, "") : lower;
    tokens.push({ lower, key, raw, clause, codeLike });
  }
  return tokens;
}

function isNegator(c: Compiled, t: Token): boolean {
  return c.negators.has(t.lower) || (c.lex.negatorToken?.test(t.lower) ?? false);
}

function isNegated(tokens: Token[], i: number, c: Compiled): boolean {
  const t = tokens[i]!;
  for (let j = i - 1; j >= 0 && j >= i - c.lex.negationWindow; j--) {
    const p = tokens[j]!;
    if (p.clause !== t.clause) return false;
    if (isNegator(c, p)) return true;
  }
  const after = c.lex.postNegationWindow ?? 0;
  for (let j = i + 1; j < tokens.length && j <= i + after; j++) {
    const n = tokens[j]!;
    if (n.clause !== t.clause) break;
    if (c.postNegators.has(n.lower)) return true;
  }
  return false;
}

function isIntensified(tokens: Token[], i: number, c: Compiled): boolean {
  const p = tokens[i - 1];
  return p !== undefined && p.clause === tokens[i]!.clause && c.intensifiers.has(p.lower);
}

function isShoutWord(raw: string, c: Compiled): boolean {
  return /^\p{Lu}{2,}$/u.test(raw) && !c.acronyms.has(foldLetters(raw, c.lex.folding));
}

interface Contribution {
  label: string;
  score: number;
}

function fmt(n: number): string {
  const r = Math.round(n * 10) / 10;
  return r > 0 ? `+${r}` : `${r}`;
}

function signalsOf(text: string, c: Compiled): Signal[] {
  const lower = foldText(text, c.lex.folding);
  const out: Signal[] = [];
  for (const [signal, { re, raw, unless }] of Object.entries(c.signals) as Array<[Signal, SignalPattern]>) {
    if (unless?.test(lower)) continue;
    if (re.some((r) => r.test(lower)) || raw?.some((r) => r.test(text))) out.push(signal);
  }
  return out;
}

/** Detect urgency/legal/repeat_contact/security/outage from the text alone (English unless a language is given). */
export function detectSignals(text: string, language?: string | null): Signal[] {
  return signalsOf(text, compile(lexiconFor(language)));
}

/** Scores a text; `language` is an ISO 639-1 code (from detectLanguage): English when absent or unsupported. */
export type SentimentScorer = (text: string, language?: string | null) => SentimentResult;

/**
 * Build a scorer on top of a lexicon backend (the shipped one uses wink-sentiment). The backend's words are
 * English: for the other languages only its emoji and emoticons are used, unless `perLanguage` names a backend.
 */
export function createSentimentScorer(backend: LexiconBackend, perLanguage: Readonly<Record<string, LexiconBackend>> = {}): SentimentScorer {
  const foreign = symbolsOnly(backend);
  return (input: string, language?: string | null): SentimentResult => {
    const lex = lexiconFor(language);
    const c = compile(lex);
    const english = lex === ENGLISH;
    const text = english ? input : input.normalize("NFC");
    const general = english ? backend : (perLanguage[lex.language] ?? foreign);
    const lower = foldText(text, lex.folding);
    const tokens = tokenize(text, c);
    const contributions: Contribution[] = [];
    const notes: string[] = [];
    const angerHits: string[] = [];

    // 1. Phrases first: some of them silence the words they contain.
    const silenced = new Set<string>();
    const phraseHits = c.phrases.filter((p) => p.re.test(lower));
    for (const p of phraseHits) {
      if (!p.silence) continue;
      for (const m of lower.matchAll(new RegExp(p.re.source, "g"))) {
        for (const w of m[0].match(/[\p{L}\p{N}']+/gu) ?? []) silenced.add(w);
      }
    }

    // 2. General lexicon, minus the words the domain layer owns or a phrase silenced.
    for (const hit of general(text)) {
      const words = hit.term.split(" ").map((w) => foldText(w, lex.folding));
      if (words.some((w) => lookup(c, w) !== undefined || silenced.has(w))) continue;
      contributions.push({ label: hit.negated ? `negated "${hit.term}"` : `"${hit.term}"`, score: hit.score });
    }

    // 3. Domain words, with our own clause-bounded negation (and intensifiers where the language has them).
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      const entry = lookup(c, t.key);
      if (!entry || entry.score === 0 || silenced.has(t.lower)) continue;
      const negated = isNegated(tokens, i, c);
      const boost = isIntensified(tokens, i, c) ? THRESHOLDS.intensifierBoost : 1;
      const score = (negated ? -entry.score / 2 : entry.score) * boost;
      contributions.push({ label: `${negated ? "negated " : ""}${boost !== 1 ? "intensified " : ""}"${t.lower}"`, score });
      if (entry.anger && !negated) angerHits.push(t.lower);
    }

    // 4. Phrase scores and sarcasm.
    let sarcasm = false;
    for (const p of phraseHits) {
      if (p.score !== 0) contributions.push({ label: `"${p.label}"`, score: p.score });
      if (p.anger) angerHits.push(p.label);
      if (p.sarcasm) sarcasm = true;
    }
    const s = c.sarcasm;
    if (!sarcasm && s && (s.opener.test(lower) || s.closer.test(lower.trim())) && s.failure.test(lower)) {
      sarcasm = true;
    }
    if (sarcasm) {
      // Praise in a sarcastic message is blame: flip every positive contribution (at half weight).
      for (const c of contributions) {
        if (c.score > 0) {
          c.score = -c.score / 2;
          c.label = `sarcastic ${c.label}`;
        }
      }
      notes.push("sarcasm");
    }

    // 5. Intensity: exclamation marks and shouting scale whatever the words say.
    let total = contributions.reduce((s, c) => s + c.score, 0);
    // Enthusiasm: a strong praise word (score >= 4), many praise markers, or a repeated happy emoji.
    const praise = contributions.filter((c) => c.score > 0);
    const enthusiastic =
      praise.some((c) => c.score >= THRESHOLDS.strongPraise) || praise.length >= THRESHOLDS.manyPraise || /(\p{Extended_Pictographic})\uFE0F?\s*\1/u.test(text);
    const exclaims = (text.match(/!/g) ?? []).length;
    const shoutWords = tokens.filter((t) => !t.codeLike && isShoutWord(t.raw, c));
    const shouting = shoutWords.some((t) => t.raw.length >= 3) || shoutWords.length >= 2;
    let factor = 1;
    if (exclaims >= 2) {
      factor += THRESHOLDS.exclaimStep * Math.min(exclaims - 1, THRESHOLDS.exclaimMaxSteps);
      notes.push(`${exclaims}x "!"`);
    }
    if (shouting) {
      factor += THRESHOLDS.shoutBoost;
      notes.push(
        `caps: ${shoutWords
          .slice(0, 3)
          .map((t) => t.raw)
          .join(" ")}`,
      );
    }
    total *= factor;
    // Long emails collect many lexicon hits; damp past LONG_MESSAGE_WORDS words (not tuned: a priori choice).
    const wordCount = tokens.length;
    if (wordCount > THRESHOLDS.longMessageWords) total /= Math.sqrt(wordCount / THRESHOLDS.longMessageWords);

    // 6. Anger: hostile words, or shouting / "!!!" / "??" about something negative.
    const anger =
      angerHits.length > 0 ||
      (total < 0 && shouting) ||
      (total <= 0 && shouting && (exclaims >= 2 || shoutWords.length >= 3)) ||
      (total < 0 && exclaims >= 3) ||
      (total < -2 && /\?{2,}|\?!|!\?/.test(text));
    if (angerHits.length)
      notes.push(
        `anger: ${angerHits
          .slice(0, 3)
          .map((a) => `"${a}"`)
          .join(", ")}`,
      );

    let sentiment: Sentiment;
    if (anger || total <= THRESHOLDS.veryNegative) sentiment = "very_negative";
    else if (total <= THRESHOLDS.negative) sentiment = "negative";
    else if (total >= THRESHOLDS.veryPositive && (enthusiastic || exclaims >= 2 || shouting)) sentiment = "very_positive";
    else if (total >= THRESHOLDS.positive) sentiment = "positive";
    else sentiment = "neutral";

    const signals: Signal[] = [...(anger ? (["anger"] as Signal[]) : []), ...signalsOf(text, c)];

    const words = contributions
      .filter((c) => c.score !== 0)
      .sort((a, b) => Math.abs(b.score) - Math.abs(a.score))
      .slice(0, 6)
      .map((c) => `${c.label} ${fmt(c.score)}`);
    const evidence = [...words, ...notes];
    if (!english) evidence.push(`lexicon ${lex.language}`);
    if (factor !== 1) evidence.push(`intensity x${Math.round(factor * 100) / 100}`);

    return { sentiment, score: Math.round(total * 100) / 100, signals, evidence };
  };
}

/** Sentiment on Zendesk's five levels, signals, and the evidence behind them; pass the ticket's language (ISO 639-1). */
export const scoreSentiment: SentimentScorer = createSentimentScorer(winkBackend);
