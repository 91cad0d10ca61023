import { DataFileError } from "./data-file-error.js";
import type { LabelledText } from "./labelled-texts.js";

/** Stops before training on a set no classifier can learn from: fewer than two labels. */
export function assertTrainable(examples: readonly LabelledText[], description: string): void {
  const first = examples[0];
  if (first === undefined) throw new DataFileError(description, undefined, "no examples to train on");
  const labels = new Set(examples.map((example) => example.label));
  if (labels.size < 2) {
    throw new DataFileError(
      first.file,
      first.line,
      `only one label ("${first.label}") in ${examples.length} example(s): a classifier needs at least two labels`,
    );
  }
}
