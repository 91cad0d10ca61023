/**
 * The fake Zendesk's state on disk, for `npm start`: the Worker's local D1 survives a restart, so the fake's tickets
 * must too, or ticket ids would be reused against decisions the database still holds. Written atomically (a temp
 * file renamed over the old one), at most every `delayMs` after a change, and once more on close.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { FakeZendeskStore, PersistedStore } from "./state";

/** The saved state, or null when there is none yet. A file that cannot be read is an error that names it. */
export function readPersistedStore(path: string): PersistedStore | null {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as PersistedStore;
  } catch (error) {
    throw new Error(
      `${path} is not a readable fake Zendesk state file (${error instanceof Error ? error.message : String(error)}); delete it or run npm start -- --reset`,
    );
  }
}

export function writePersistedStore(path: string, state: PersistedStore): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(state));
  renameSync(temp, path);
}

/** Saves the store a short while after changes (many requests, one write) and on flush. */
export class StoreSaver {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: FakeZendeskStore,
    private readonly path: string,
    private readonly delayMs = 250,
  ) {}

  changed(): void {
    this.timer ??= setTimeout(() => this.flush(), this.delayMs);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    writePersistedStore(this.path, this.store.exportState());
  }
}
