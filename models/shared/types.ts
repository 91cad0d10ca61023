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
  predict(text: string): Promise<IntentPrediction>;
}
