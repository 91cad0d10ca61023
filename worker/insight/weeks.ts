/** ISO weeks (Monday 00:00 UTC), pure: the dashboard's time axis. */

const DAY_MS = 86_400_000;

/** The Monday 00:00 UTC of the week holding `ms`. */
export function weekStartMs(ms: number): number {
  const day = Math.floor(ms / DAY_MS);
  // 1970-01-01 was a Thursday: day 0 has weekday 3 counting from Monday.
  const weekday = (((day + 3) % 7) + 7) % 7;
  return (day - weekday) * DAY_MS;
}

/** "2026-W49": the ISO week-numbering year is the year of the week's Thursday. */
export function isoWeekLabel(ms: number): string {
  const thursday = weekStartMs(ms) + 3 * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** The last `count` weeks up to and including the one holding `nowMs`, oldest first. */
export function lastWeeks(nowMs: number, count: number): Array<{ week: string; start: string; startMs: number }> {
  const current = weekStartMs(nowMs);
  return Array.from({ length: count }, (_, i) => {
    const startMs = current - (count - 1 - i) * 7 * DAY_MS;
    return { week: isoWeekLabel(startMs), start: new Date(startMs).toISOString().slice(0, 10), startMs };
  });
}
