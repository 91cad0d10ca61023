// Minimal types for wink-sentiment 5.x (the package ships none). Only what the project uses.
declare module "wink-sentiment" {
  interface WinkToken {
    value: string;
    /** "word" | "emoji" | "emoticon" | "hashtag" | "punctuation" | "number" | ... (wink-tokenizer tags) */
    tag: string;
    /** AFINN-165 / emoji / emoticon score, present only when non-zero (already sign-flipped when negated). */
    score?: number;
    /** True when a negation word one or two tokens before flipped the score. */
    negation?: boolean;
    /** Set on the first token of a two-word AFINN phrase; the next token belongs to it. */
    grouped?: number;
  }
  interface WinkResult {
    score: number;
    normalizedScore: number;
    /** Missing when the phrase has no tokens (e.g. "" or whitespace). */
    tokenizedPhrase?: WinkToken[];
  }
  function winkSentiment(phrase: string): WinkResult;
  export = winkSentiment;
}
