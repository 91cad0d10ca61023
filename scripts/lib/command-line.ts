/**
 * The one way our CLIs read their command line: `--help`/`-h` prints the usage on stdout and exits 0, a bad option
 * prints one line and the usage on stderr and exits 2 (never a stack trace), and anything else is node's parseArgs.
 * Data goes to stdout, diagnostics to stderr, so `npm run -s <cli> … > file` gives a clean file.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";

export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes("--help") || argv.includes("-h") || argv[0] === "help";
}

export function printUsage(usage: string): void {
  process.stdout.write(usage.endsWith("\n") ? usage : `${usage}\n`);
}

/** A usage error: the message and the usage on stderr, exit code 2. */
export function usageError(message: string, usage: string): never {
  process.stderr.write(`error: ${message}\n${usage.endsWith("\n") ? usage : `${usage}\n`}`);
  process.exit(2);
}

export function parseCommandLine<T extends ParseArgsConfig>(usage: string, config: T): ReturnType<typeof parseArgs<T>> {
  const argv = config.args ?? process.argv.slice(2);
  if (wantsHelp(argv)) {
    printUsage(usage);
    process.exit(0);
  }
  try {
    return parseArgs({ ...config, args: argv } as T);
  } catch (error) {
    usageError(error instanceof Error ? error.message : String(error), usage);
  }
}
