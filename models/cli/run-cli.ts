import { printUsage, wantsHelp } from "../../scripts/lib/command-line.js";
import { DataFileError } from "../data/data-file-error.js";

/** Command-line options both `train` and `eval` take to name labelled data files. */
export const DATA_OPTIONS = {
  data: { type: "string", multiple: true },
  text: { type: "string" },
  label: { type: "string" },
  split: { type: "string" },
  "oos-label": { type: "string" },
  out: { type: "string" },
  "data-root": { type: "string" },
  "skip-bad-rows": { type: "boolean" },
} as const;

/** A wrong command line; the CLI prints the message and its usage. */
export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * Runs a CLI's main function with the process arguments. `--help` prints `usage`; bad data stops with
 * "file:line: problem" and exit code 1, a bad command line with its message, the usage and exit code 2; a missing
 * data set with its one line; anything else is a bug and prints its stack.
 */
export function runCli(main: (argv: string[]) => Promise<void>, usage: string): void {
  const argv = process.argv.slice(2);
  if (wantsHelp(argv)) {
    printUsage(usage);
    return;
  }
  main(argv).catch((error: unknown) => {
    if (error instanceof DataFileError) {
      console.error(`error: ${error.message}`);
      process.exitCode = 1;
    } else if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      console.error(`usage error: ${(error as Error).message}\n${usage}`);
      process.exitCode = 2;
    } else {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exitCode = 1;
    }
  });
}
