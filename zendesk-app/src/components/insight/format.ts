/** Number formats shared by the dashboard's cards and tables. */
import { percent } from "../../lib/i18n";

export { percent };

export function usd(value: number | null): string {
  if (value === null) return "–";
  return value >= 0.01 || value === 0 ? `$${value.toFixed(2)}` : `$${value.toFixed(5)}`;
}

export function minutes(value: number | null): string {
  if (value === null) return "–";
  if (value < 1) return "< 1 min";
  return value < 120 ? `${Math.round(value)} min` : `${(value / 60).toFixed(1)} h`;
}

export function number(value: number | null, digits = 1): string {
  return value === null ? "–" : String(Math.round(value * 10 ** digits) / 10 ** digits);
}

/** A rate as a 0-100 chart value (null stays a gap in the line). */
export function pct100(value: number | null): number | null {
  return value === null ? null : Math.round(value * 1000) / 10;
}
