/** One text's intent, as the triage pipeline consumes it. */
export interface IntentPrediction {
  /** Version of the model that answered (`<name>-<content hash>`), stored with every decision. */
  modelVersion: string;
  /** Best in-scope intents, most probable first, with calibrated probabilities. */
  top: { label: string; probability: number }[];
  /** Probability of the first minus the second label of `top`. */
  margin: number;
  /** Do not act on `top` automatically: out of scope or below the precision-targeted threshold. */
  abstain: boolean;
  /** The text is about none of the model's intents. */
  outOfScope: boolean;
}

export interface IntentClassifier {
  readonly version: string;
  /** In-scope intent labels the model can answer (the out-of-scope class excluded). */
  readonly labels: readonly string[];
  /** The languages it was trained on (config `languages`, default English only). */
  readonly languages: readonly string[];
  predict(text: string): Promise<IntentPrediction>;
}

/** One example phrase of an account's intent, given at run time (no retraining). */
export interface InContextExample {
  readonly label: string;
  readonly text: string;
}

export interface InContextOptions {
  /**
   * Intents the account has switched on; the others never appear in `top` (absent: all of them). The model's
   * out-of-scope class needs no entry.
   */
  readonly enabledLabels?: readonly string[];
}

/** What an adapted classifier was given, for logs and the decision note. */
export interface InContextSummary {
  /** Examples that joined the vote (exact repeats counted once). */
  readonly examples: number;
  /** Labels the model was not trained on, known from their examples only. */
  readonly newLabels: readonly string[];
  /** Enabled labels neither the model nor the examples know: the edge model can never give them. */
  readonly unknownEnabledLabels: readonly string[];
}

/** A classifier built on an ONNX graph; it can take in-context examples (models/shared/in-context.ts). */
export interface AdaptableIntentClassifier extends IntentClassifier {
  /**
   * A classifier whose prototype vote also counts these examples, with labels outside `enabledLabels` hidden.
   * Always relative to the trained model: calling it on an adapted classifier replaces its examples. Costs one
   * graph call per distinct example. Throws when the model's graph does not return its pooled vector.
   */
  withExamples(
    examples: readonly InContextExample[],
    options?: InContextOptions,
  ): Promise<AdaptableIntentClassifier & { readonly inContext: InContextSummary }>;
}
