/** Debian's Chromium driven by playwright-core (Playwright's own browser download is not reachable here). */
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Playwright adds --headless and a fresh temporary --user-data-dir to every launch (it refuses a user-data-dir in
 * `args`); the flags below keep Chromium from calling out to Google's services on this closed network.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
