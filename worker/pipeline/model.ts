/** The intent model as the pipeline sees it: a classify function, or null when no model is shipped. */
import type { Classify } from "./process-event";

export async function intentClassifier(): Promise<Classify | null> {
  return null;
}
