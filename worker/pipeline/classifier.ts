/**
 * The intent model as the pipeline sees it: a classify function. If the model cannot load, triage carries
 * on with rules and signals (the decision then names no model version) and the failure is logged.
 */
import { errorMessage, log } from "../lib/log";
import { loadIntentClassifier } from "../intent-model/index";
import type { Classify } from "./process-event";

export async function intentClassifier(): Promise<Classify | null> {
  try {
    const classifier = await loadIntentClassifier();
    return (text) => classifier.predict(text);
  } catch (error) {
    log.error("intent model failed to load; triaging with rules only", { error: errorMessage(error) });
    return null;
  }
}
