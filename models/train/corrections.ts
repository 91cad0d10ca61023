import { textKey } from "../data/data-source.js";
import type { LabelledText } from "../data/labelled-texts.js";
import type { TrainingExample } from "./train-intent-model.js";

/** Corrections with fewer examples than this for a label the base data lacks get a warning. */
const FEW_EXAMPLES_FOR_NEW_LABEL = 10;

/**
 * Adds agent corrections to the base data. A correction is what a human said the text means, so it replaces any
 * base example with the same text, and it counts `weight` times in the loss (a team's own tickets matter more
 * than the generic base data). Returns the merged examples and notes for the log.
 */
export function mergeCorrections(
  base: readonly LabelledText[],
  corrections: readonly LabelledText[],
  weight: number,
): { examples: TrainingExample[]; notes: string[] } {
  const correctedTexts = new Set(corrections.map((correction) => textKey(correction.text)));
  const kept = base.filter((example) => !correctedTexts.has(textKey(example.text)));
  const baseLabels = new Set(base.map((example) => example.label));
  const newLabelCounts = new Map<string, number>();
  for (const correction of corrections) {
    if (!baseLabels.has(correction.label)) {
      newLabelCounts.set(correction.label, (newLabelCounts.get(correction.label) ?? 0) + 1);
    }
  }
  const notes = [`corrections: ${corrections.length} added (weight ${weight}), ${base.length - kept.length} base example(s) replaced`];
  for (const [label, count] of newLabelCounts) {
    const advice = count < FEW_EXAMPLES_FOR_NEW_LABEL ? ` (few: aim for ${FEW_EXAMPLES_FOR_NEW_LABEL}+ examples)` : "";
    notes.push(`corrections introduce the new label "${label}" with ${count} example(s)${advice}`);
  }
  return { examples: [...kept, ...corrections.map((correction) => ({ ...correction, weight }))], notes };
}
