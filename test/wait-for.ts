/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs` naming what it waited for. */
export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  what: string,
  opts: { timeoutMs?: number; intervalMs?: number; context?: () => string } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}${opts.context ? `\n${opts.context()}` : ""}`);
}
