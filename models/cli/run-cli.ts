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
 * Runs a CLI's main function with the process arguments. Bad data stops with "file:line: problem" and exit code 1,
 * a bad command line with exit code 2; anything else is a bug and prints its stack.
 */
export function runCli(main: (argv: string[]) => Promise<void>): void {
  main(process.argv.slice(2)).catch((error: unknown) => {
    if (error instanceof DataFileError) {
      console.error(`error: ${error.message}`);
      process.exitCode = 1;
    } else if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      console.error(`usage error: ${(error as Error).message}`);
      process.exitCode = 2;
    } else {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exitCode = 1;
    }
  });
}
