// Minimal types for the `sentiment` package 5.x (AFINN-165 + emoji; ships no types). Used by bench/ only.
declare module "sentiment" {
  interface AnalysisResult {
    score: number;
    comparative: number;
    /** One {word: score} object per scored token, last token first; score already sign-flipped when negated. */
    calculation: Array<Record<string, number>>;
    tokens: string[];
    words: string[];
    positive: string[];
    negative: string[];
  }
  interface AnalyzeOptions {
    language?: string;
    /** Caution: sentiment 5.0.2 merges `extras` into its shared label table permanently (Object.assign). */
    extras?: Record<string, number>;
  }
  class Sentiment {
    constructor(options?: Record<string, unknown>);
    analyze(phrase: string, options?: AnalyzeOptions): AnalysisResult;
  }
  export = Sentiment;
}
